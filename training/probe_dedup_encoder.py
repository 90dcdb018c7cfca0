"""Does a sentence encoder help the same-event model? A probe on the DEVELOPMENT pairs only.

    python training/probe_dedup_encoder.py [--shared DIR]

Adds two signals to the shipped model's eight, from the published all-MiniLM-L6-v2 (``minilm-base``,
needs the ``[train]`` extra's MiniLM package and onnx): ``cos``, the cosine of the two sentences' mean-pooled
vectors, and ``lcos``, the cosine of the vectors of 60 characters either side of each trigger. Prints each
signal's ROC AUC on the pairs the model decides, then, for every combination of the new signals, with and
without the word-overlap signals, at three L2 penalties, the leave-one-story-out figures at the threshold
``training/fit_dedup.py`` would choose (best F1 with precision >= 0.90). The frozen test pairs are never read
past their split field. Findings: docs/dedup.md ("What limits recall").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WINDOW = 60  # characters either side of the trigger


def _auc(labels: list[bool], values: list[float]) -> float:
    pos = [v for v, y in zip(values, labels) if y]
    neg = [v for v, y in zip(values, labels) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main(argv: list[str] | None = None) -> int:
    from eventlens.dedup import Settings
    from eventlens.dedup.model import SIGNALS
    from eventlens.encoder.models import embed
    from eventlens.evaluation.dedup import reports, scored
    from eventlens.evaluation.dedup_fit import MIN_PRECISION, Scored, choose_threshold, out_of_fold, scores
    from eventlens.shared_data import add_shared_argument, shared_from_args

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data" / "annotations" / "dedup-pairs-v1.jsonl")
    add_shared_argument(parser)
    args = parser.parse_args(argv)
    base = shared_from_args(parser, args.shared, near=REPO, needs="data/geoparsing")

    rows = []
    for number, line in enumerate(args.data.read_text(encoding="utf-8").splitlines(), start=1):
        pair = json.loads(line)
        if pair.get("split") != "dev":
            continue  # the frozen test pairs are never used here
        a, b, fa, fb = reports(pair, shared=base, where=f"{args.data}:{number}")
        rows.append((a, b, scored(pair, a, b, fa, fb, Settings())))
    texts = [r[0].evidence for r in rows] + [r[1].evidence for r in rows]
    spans = [(max(0, r[i].trigger_at - WINDOW), r[i].trigger_at + WINDOW) for i in (0, 1) for r in rows]
    pooled, local = embed(texts, spans=spans)
    n = len(rows)
    extra = {"cos": (pooled[:n] * pooled[n:]).sum(1), "lcos": (local[:n] * local[n:]).sum(1)}

    def with_signals(names: tuple[str, ...]) -> list[Scored]:
        return [Scored(id=s.id, articles=s.articles, same=s.same, decided=s.decided,
                       signals={**s.signals, **{k: float(extra[k][i]) for k in names}}) for i, (_, _, s) in enumerate(rows)]

    decided = [i for i, (_, _, s) in enumerate(rows) if s.decided is None]
    labels = [rows[i][2].same for i in decided]
    for name in ("local", "sentence"):
        print(f"AUC {name:9s} {_auc(labels, [rows[i][2].signals[name] for i in decided]):.3f}")
    for name, values in extra.items():
        print(f"AUC {name:9s} {_auc(labels, [float(values[i]) for i in decided]):.3f}")

    for added in ((), ("cos",), ("lcos",), ("cos", "lcos")):
        for dropped in ((), ("local", "sentence")):
            names = tuple(s for s in SIGNALS if s not in dropped) + added
            pairs = with_signals(added)
            for l2 in (0.3, 1.0, 3.0):
                probs = out_of_fold(pairs, l2=l2, names=names)
                t = choose_threshold(pairs, probs)
                s = scores(pairs, probs, t)
                verdict = "" if s["precision"] >= MIN_PRECISION else f" (no threshold reaches P {MIN_PRECISION})"
                print(f"+{'+'.join(added) or '-':9s} -{'-'.join(dropped) or '-':15s} l2 {l2}: threshold {t} "
                      f"TP {s['tp']} FP {s['fp']} FN {s['fn']} P {s['precision']} R {s['recall']} F1 {s['f1']}{verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
