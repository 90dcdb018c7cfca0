"""Benchmark: the events stage's cost next to spaCy's parse (same run, same model).

    python bench/events.py [--shared DIR] [--limit N] [--repeat R]

Parses the GeoWebNews + TR-News texts with ``nlp.pipe`` (the baseline), then
times the actors stage and the events stage on the parsed docs. Prints words/s,
sentences/s, each stage's seconds and the events stage's added share over the
parse (target: <= 15%), plus the events coded per 1,000 words. Medians over
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import add_shared_argument, corpus_texts, shared_folder  # noqa: E402

from eventlens.model import Analysis, Article  # noqa: E402
from eventlens.stages import build_stage  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    add_shared_argument(parser)
    args = parser.parse_args()
    texts = corpus_texts(shared_folder(parser, args.shared), args.limit)
    segment, actors, events = build_stage("segment"), build_stage("actors"), build_stage("events")
    nlp = segment.nlp
    list(nlp.pipe(texts[:2]))  # warm up model, dictionaries and lexicon
    a = segment.fill(Analysis(article=Article(text=texts[0])), nlp(texts[0]))
    events(actors(a))
    parse_s, actors_s, events_s = [], [], []
    n_events = n_words = n_sents = 0
    for _ in range(args.repeat):
        began = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse_s.append(time.perf_counter() - began)
        analyses = [segment.fill(Analysis(article=Article(text=t)), d) for t, d in zip(texts, docs)]
        began = time.perf_counter()
        for an in analyses:
            actors(an)
        actors_s.append(time.perf_counter() - began)
        began = time.perf_counter()
        for an in analyses:
            events(an)
        events_s.append(time.perf_counter() - began)
        n_words = sum(len(d) for d in docs)
        n_sents = sum(len(an.sentences) for an in analyses)
        n_events = sum(len(an.events) for an in analyses)
    parse, act, ev = statistics.median(parse_s), statistics.median(actors_s), statistics.median(events_s)
    print(f"corpus: {len(texts)} articles, {n_words} tokens, {n_sents} sentences, {n_events} events ({1000 * n_events / max(n_words, 1):.1f} per 1k tokens)")
    print(f"spaCy nlp.pipe alone : {parse:7.2f} s  {n_words / parse:9.0f} tokens/s  {n_sents / parse:7.0f} sentences/s")
    print(f"actors stage         : {act:7.2f} s  ({100 * act / parse:.1f}% of parse)")
    print(f"events stage         : {ev:7.2f} s  ({100 * ev / parse:.1f}% of parse; target <= 15%)  {n_sents / ev:7.0f} sentences/s")
    print(f"parse+actors+events  : {parse + act + ev:7.2f} s  ratio to parse alone {(parse + act + ev) / parse:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
