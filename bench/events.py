"""Benchmark: the events stage's cost next to spaCy's parse (same run, same model).

    python bench/events.py [--shared DIR] [--limit N] [--repeat R]

Parses the GeoWebNews + TR-News texts with ``nlp.pipe`` (the baseline), runs the
places stage (untimed; the actors stage reads its places), then times the actors
stage and the events stage on the parsed docs. Prints words/s,
sentences/s, each stage's seconds and the events stage's added share over the
parse (target: <= 15%), plus the events coded per 1,000 words. Medians over
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import add_shared_argument, corpus_texts, shared_folder, time_stages  # noqa: E402

from eventlens.model import Analysis, Article  # noqa: E402
from eventlens.stages import build_stage  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    add_shared_argument(parser)
    args = parser.parse_args()
    texts = corpus_texts(shared_folder(parser, args.shared), args.limit)
    segment, places, actors, events = build_stage("segment"), build_stage("places"), build_stage("actors"), build_stage("events")
    nlp = segment.nlp
    list(nlp.pipe(texts[:2]))  # warm up model, dictionaries and lexicon
    a = segment.fill(Analysis(article=Article(text=texts[0])), nlp(texts[0]))
    events(actors(places(a)))
    parse, times, analyses = time_stages(segment, texts, [("places", places), ("actors", actors), ("events", events)],
                                         repeat=args.repeat)
    act, ev = times["actors"], times["events"]  # places run untimed before the actors, as in the default pipeline
    n_words = sum(len(an.doc) for an in analyses)
    n_sents = sum(len(an.sentences) for an in analyses)
    n_events = sum(len(an.events) for an in analyses)
    print(f"corpus: {len(texts)} articles, {n_words} tokens, {n_sents} sentences, {n_events} events ({1000 * n_events / max(n_words, 1):.1f} per 1k tokens)")
    print(f"spaCy nlp.pipe alone : {parse:7.2f} s  {n_words / parse:9.0f} tokens/s  {n_sents / parse:7.0f} sentences/s")
    print(f"actors stage         : {act:7.2f} s  ({100 * act / parse:.1f}% of parse)")
    print(f"events stage         : {ev:7.2f} s  ({100 * ev / parse:.1f}% of parse; target <= 15%)  {n_sents / ev:7.0f} sentences/s")
    print(f"parse+actors+events  : {parse + act + ev:7.2f} s  ratio to parse alone {(parse + act + ev) / parse:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
