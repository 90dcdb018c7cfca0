#!/usr/bin/env python
"""Per-frame precision/recall of the frame lexicon on the dev set.

    python scripts/eval_frames.py [--data FILE] [--format json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventlens.evaluation import frames


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Frame lexicon precision/recall per frame")
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args(argv)
    result = frames.evaluate(data=args.data)
    print(json.dumps(result, indent=2) if args.format == "json" else frames.render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
