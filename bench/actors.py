"""Benchmark: the actors stage's cost next to spaCy's parse (same run, same model).

    python bench/actors.py [--limit N] [--repeat R]

Parses the GeoWebNews + TR-News texts with ``nlp.pipe`` (the baseline), runs the ``places`` stage on
the parsed docs (the default pipeline runs it before ``actors``, which reads its resolved places), then
times the ``actors`` stage alone. Prints each stage's seconds, the actors stage's share of the parse
(target: <= 5%) and the actor mentions per 1,000 words. Medians over ``--repeat`` runs.
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
    segment, places, actors = build_stage("segment"), build_stage("places"), build_stage("actors")
    nlp = segment.nlp
    warm = segment.fill(Analysis(article=Article(text=texts[0])), nlp(texts[0]))
    actors(places(warm))  # load the model, the gazetteer and the dictionary before timing
    parse, times, analyses = time_stages(segment, texts, [("places", places), ("actors", actors)], repeat=args.repeat)
    plc, act = times["places"], times["actors"]
    n_words = sum(len(an.doc) for an in analyses)
    n_mentions = sum(len(an.actors) for an in analyses)
    print(f"corpus: {len(texts)} articles, {n_words} tokens, {n_mentions} actor mentions ({1000 * n_mentions / max(n_words, 1):.1f} per 1k tokens)")
    print(f"spaCy nlp.pipe alone : {parse:7.2f} s  {n_words / parse:9.0f} tokens/s")
    print(f"places stage         : {plc:7.2f} s  ({100 * plc / parse:.1f}% of parse)")
    print(f"actors stage         : {act:7.2f} s  ({100 * act / parse:.1f}% of parse; target <= 5%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
