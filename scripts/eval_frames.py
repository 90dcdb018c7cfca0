#!/usr/bin/env python
"""Per-frame precision/recall of the frame lexicon on a labelled set (default: the dev set).

    python scripts/eval_frames.py [--data FILE] [--format json] [--distinct-from FILE ... [--max-overlap 0.2]]

``--distinct-from``: score only the paragraphs of ``--data`` that are not near-copies (content-word
Jaccard >= ``--max-overlap``) of any paragraph in these files (the sets the lexicon was tuned on).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventlens.errors import EventlensError
from eventlens.evaluation import frames


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Frame lexicon precision/recall per frame")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--distinct-from", type=Path, nargs="*", default=[])
    parser.add_argument("--max-overlap", type=float, default=0.2)
    args = parser.parse_args(argv)
    try:
        result = frames.evaluate(data=args.data, distinct_from=args.distinct_from, max_overlap=args.max_overlap)
    except EventlensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2) if args.format == "json" else frames.render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
