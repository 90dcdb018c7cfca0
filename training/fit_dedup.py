"""Fit the same-event model (``eventlens/data/dedup/dedup-v2.json``) on the DEVELOPMENT pairs only.

    python training/fit_dedup.py                      # writes src/eventlens/data/dedup/dedup-v2.json
    python training/fit_dedup.py --dry-run            # prints the fit and the cross-validated figures only

Reads ``data/annotations/dedup-pairs-v1.jsonl`` (sentences from the shared data folder, checked by hash) and
keeps the pairs whose split is ``dev``; the frozen test pairs are never read past their split field. Fits a
logistic regression (L2 ``--l2`` on the weights) on the compatible, non-identical pairs, chooses the decision
threshold on leave-one-story-out probabilities (best F1 with precision >= 0.90), refits on all of them, and
writes weights, intercept, threshold and the cross-validated figures. Deterministic: no random folds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from eventlens.dedup import Settings
    from eventlens.dedup.model import MODEL_VERSION, SIGNALS
    from eventlens.evaluation.dedup import reports, scored
    from eventlens.evaluation.dedup_fit import choose_threshold, fit, out_of_fold, scores, stories
    from eventlens.shared_data import add_shared_argument, shared_from_args

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data" / "annotations" / "dedup-pairs-v1.jsonl")
    add_shared_argument(parser)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=REPO / "src" / "eventlens" / "data" / "dedup" / f"{MODEL_VERSION}.json")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)

    base = shared_from_args(parser, args.shared, near=REPO, needs="data/geoparsing")
    settings = Settings()
    pairs, labels = [], []
    for number, line in enumerate(args.data.read_text(encoding="utf-8").splitlines(), start=1):
        pair = json.loads(line)
        if pair.get("split") != "dev":
            continue  # the frozen test pairs are never used here
        a, b, fa, fb = reports(pair, shared=base, where=f"{args.data}:{number}")
        pairs.append(scored(pair, a, b, fa, fb, settings))
        labels.append(f"{pair['id']}\t{pair['label']}")
    probs = out_of_fold(pairs, l2=args.l2)
    threshold = choose_threshold(pairs, probs)
    weights, bias = fit(pairs, l2=args.l2)
    cv = scores(pairs, probs, threshold)
    decided = sum(p.decided is None for p in pairs)
    record = {
        "version": MODEL_VERSION, "kind": "logistic regression over the signals of eventlens.dedup.model",
        "weights": {n: round(weights[n], 3) for n in SIGNALS}, "bias": round(bias, 3), "threshold": threshold,
        "fit": {"command": "python training/fit_dedup.py", "data": "data/annotations/dedup-pairs-v1.jsonl (split dev only)",
                "labels_sha256": hashlib.sha256(("\n".join(sorted(labels)) + "\n").encode()).hexdigest(),
                "dev_pairs": len(pairs), "dev_same": sum(p.same for p in pairs), "fitted_on": decided,
                "fitted_same": sum(p.same for p in pairs if p.decided is None), "l2": args.l2,
                "threshold_rule": "best leave-one-story-out F1 with precision >= 0.90 (ties: the higher threshold)",
                "dev_cv": cv | {"scheme": "leave one story out", "stories": len(set(stories(pairs)))},
                "date": dt.date.today().isoformat()},
    }
    print(json.dumps(record, indent=2))
    if not args.dry_run:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
