"""Benchmark: the places stage's cost next to spaCy's parse, plus gazetteer build/load figures.

    python bench/geoparse.py [--shared DIR] [--limit N]

Parses the GeoWebNews + TR-News texts once with ``nlp.pipe`` (the baseline,
timed in the same run), then times the places stage on those parsed docs.
Prints words/s of both, the places stage's share of (parse + places), the
gazetteer build time (into a temporary cache), index size on disk, load time
and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import add_shared_argument, corpus_texts, shared_folder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_shared_argument(parser)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    shared = shared_folder(parser, args.shared)

    from eventlens.geo import cache as geo_cache
    from eventlens.model import Analysis, Article
    from eventlens.stages.places import Geoparser
    from eventlens.stages.segment import Segmenter

    cache_dir = os.environ.get("EVENTLENS_CACHE_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EVENTLENS_CACHE_DIR"] = tmp  # a fresh build, timed; the user's cache is left alone
        began = time.perf_counter()
        path = geo_cache.build_index()
        build_s = time.perf_counter() - began
        size_mb = path.stat().st_size / 2**20 if path else float("nan")
        loads = []
        for _ in range(3):
            geo_cache.load_gazetteer.cache_clear()
            began = time.perf_counter()
            geo_cache.load_gazetteer()
            loads.append(time.perf_counter() - began)
    if cache_dir is None:
        os.environ.pop("EVENTLENS_CACHE_DIR", None)
    else:
        os.environ["EVENTLENS_CACHE_DIR"] = cache_dir
    print(f"gazetteer: build {build_s:.2f} s, index {size_mb:.1f} MiB, load median {statistics.median(loads):.3f} s")

    texts = corpus_texts(shared, args.limit)
    seg = Segmenter()
    nlp = seg.nlp
    nlp("warm up")
    began = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    spacy_s = time.perf_counter() - began
    words = sum(sum(1 for t in d if not t.is_space and not t.is_punct) for d in docs)

    stage = Geoparser()
    stage(seg.fill(Analysis(article=Article(text="Warm up in Paris.")), nlp("Warm up in Paris.")))
    analyses = [seg.fill(Analysis(article=Article(text=t)), d) for t, d in zip(texts, docs)]
    began = time.perf_counter()
    n_places = 0
    for a in analyses:
        n_places += len(stage(a).places)
    places_s = time.perf_counter() - began

    share = places_s / (spacy_s + places_s)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles {len(texts)}, words {words}, places found {n_places}")
    print(f"spaCy nlp.pipe alone: {spacy_s:.2f} s, {words / spacy_s:,.0f} words/s (baseline)")
    print(f"places stage:         {places_s:.2f} s, {words / places_s:,.0f} words/s, {1000 * places_s / len(texts):.2f} ms/article")
    print(f"places share of parse+places: {share:.1%} (target <= 10%); ratio places/spaCy {places_s / spacy_s:.3f}")
    print(f"peak RSS: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
