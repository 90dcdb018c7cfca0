#!/usr/bin/env python
"""Name-swap symmetry of the learned models: the event coder and targeted sentiment.

    python scripts/check_name_swap.py [--sentiment ../shared/data/sentiment/newsmtsc-devtest_rw.jsonl] [--limit 300]

Events: sentences written from templates with two actors (countries, and people with offices)
are coded with every ordered pair of a list of actors; for each pair, the events of "A ... B"
must be those of "B ... A" with the source and target codes swapped, the same types and the
same confidences. Sentiment (with --sentiment): every target of a NewsMTSC file is replaced by
each of a few names of different origins and scored by the encoder's head; the share of targets
whose label changes is printed. The models read neutral text (names replaced by their kind), so
any difference comes from spaCy tagging the new sentence differently, not from a learned stance.
Exit status 1 when an event pair is not mirrored.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

TEMPLATES = (
    "{A} accused {B} of violating the ceasefire agreement.",
    "{A} launched air strikes against {B} on Tuesday, officials said.",
    "{A} and {B} signed a trade agreement in the capital.",
    "{A} sent humanitarian aid to {B} after the floods.",
    "{A} demanded that {B} release the detained journalists.",
    "{A} threatened {B} with new sanctions over the dispute.",
    "Officials from {A} met their counterparts from {B} to discuss the border.",
    "{A} rejected the proposal made by {B}.",
)
ACTORS = ("Iran", "Israel", "the United States", "Russia", "Ukraine", "China", "Saudi Arabia", "Turkey")
CODES = {"Iran": "IRN", "Israel": "ISR", "the United States": "USA", "Russia": "RUS", "Ukraine": "UKR", "China": "CHN",
         "Saudi Arabia": "SAU", "Turkey": "TUR"}


def _swap_code(code: str | None, a: str, b: str) -> str | None:
    """``code`` with the country of one actor put for the other's (``IRNMED`` -> ``ISRMED`` when they swap)."""
    if not code:
        return code
    ca, cb = CODES[a], CODES[b]
    return cb + code[3:] if code.startswith(ca) else ca + code[3:] if code.startswith(cb) else code
NAMES = ("Maria Lopez", "Ahmed Hassan", "Wei Zhang", "John Miller", "Yosef Cohen", "Olga Petrova")


def _events(pipeline, text: str) -> list[tuple]:
    from eventlens.model import Article

    analysis = pipeline(Article(text=text))
    return [(e.plover, e.cameo, e.source.code if e.source else None, e.target.code if e.target else None, round(e.confidence, 4))
            for e in analysis.events]


def check_events() -> tuple[int, int, list[str], int, float]:
    """(pairs, pairs mirrored exactly, problems, pairs whose decisions mirror (type, CAMEO, source, target),
    largest confidence difference among those)."""
    from eventlens.stages import EVENT_STAGES, build_pipeline

    pipeline = build_pipeline(EVENT_STAGES, settings={"events": {"min_confidence": 0.0}})
    pairs = mirrored = decided = 0
    delta = 0.0
    problems: list[str] = []
    for template, (a, b) in itertools.product(TEMPLATES, itertools.combinations(ACTORS, 2)):
        ab = _events(pipeline, template.format(A=a[0].upper() + a[1:], B=b))
        ba = _events(pipeline, template.format(A=b[0].upper() + b[1:], B=a))
        pairs += 1
        swapped = sorted((p, c, _swap_code(s, a, b), _swap_code(t, a, b), conf) for p, c, s, t, conf in ba)
        if sorted(ab) == swapped:
            mirrored += 1
        else:
            problems.append(f"{template.format(A=a, B=b)}: {ab} vs swapped {ba}")
        if [e[:4] for e in sorted(ab)] == [e[:4] for e in swapped]:
            decided += 1
            delta = max([delta, *(abs(x[4] - y[4]) for x, y in zip(sorted(ab), swapped))])
    return pairs, mirrored, problems, decided, delta


def check_sentiment(path: Path, limit: int) -> list[str]:
    from eventlens.evaluation.sentiment import evaluate_records

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:limit]
    labels = {}
    for name in NAMES:
        swapped = []
        for r in records:
            text, offset, targets = r["sentence_normalized"], 0, []
            for t in sorted(r["targets"], key=lambda t: int(t["from"])):
                a, b = int(t["from"]) + offset, int(t["to"]) + offset
                text = text[:a] + name + text[b:]
                offset += len(name) - (b - a)
                targets.append({**t, "from": a, "to": a + len(name)})
            swapped.append({"sentence_normalized": text, "targets": targets})
        labels[name] = evaluate_records(swapped, base={}, keep_predictions=True)["predictions"]
    first = labels[NAMES[0]]
    return [f"{NAMES[0]} vs {n}: label differs on {sum(a != b for a, b in zip(first, labels[n])) / max(1, len(first)):.1%} "
            f"of {len(first)} targets" for n in NAMES[1:]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentiment", type=Path, default=None, help="a NewsMTSC JSONL file to check targeted sentiment on")
    parser.add_argument("--limit", type=int, default=300, help="records of the sentiment file to use")
    args = parser.parse_args(argv)
    pairs, mirrored, problems, decided, delta = check_events()
    print(f"events: {mirrored}/{pairs} sentence pairs mirrored exactly ({len(TEMPLATES)} templates x {len(ACTORS)} actors); "
          f"{decided}/{pairs} with the same decisions (type, CAMEO, source, target), confidences then {delta:.4f} apart at most")
    for line in problems[:20]:
        print("  not mirrored:", line)
    if args.sentiment:
        for line in check_sentiment(args.sentiment, args.limit):
            print("sentiment:", line)
    return 0 if not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
