"""Fuzz ``eventlens.analyze`` with generated hostile inputs (issue #20's target: >= 10,000 inputs).

The inputs and checks are those of ``tests/limits/fuzzing.py`` (hypothesis strategies: broken Unicode, control
characters, lone surrogates, markup, thousands of one-word paragraphs, one sentence of thousands of actor
names, repeated prose; up to 100 KB each, with hostile titles, outlets, URLs and dates). The run counts
untyped exceptions (target 0), offset violations (target 0: every span inside the text and reading what it
says), the slowest input (target <= 10 s; its CPU time is reported beside its wall time, which other processes
on the machine inflate) and the process's peak RSS (target <= 1.5 GB). ``--shard`` runs several processes
(different seeds) and sums them.

    python bench/fuzz.py [--examples 10000] [--seed 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import require_extra  # noqa: E402


def sharded(examples: int, first_seed: int, shards: int) -> dict:
    """Run ``shards`` processes (seeds ``first_seed + i``) and add their tallies up."""
    import subprocess

    procs = [subprocess.Popen([sys.executable, __file__, "--examples", str(examples // shards), "--seed", str(first_seed + i),
                               "--json"], stdout=subprocess.PIPE, text=True) for i in range(shards)]
    parts = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    total = {k: sum(p[k] for p in parts) for k in ("inputs", "analysed", "refused", "untyped_exceptions", "offset_violations")}
    slowest = max(parts, key=lambda p: p["slowest_cpu_s"])
    return total | {"slowest_s": max(p["slowest_s"] for p in parts), "slowest_cpu_s": slowest["slowest_cpu_s"],
                    "slowest_cpu_input": slowest["slowest_cpu_input"], "peak_rss_mb": max(p["peak_rss_mb"] for p in parts),
                    "seconds": max(p["seconds"] for p in parts), "examples": [e for p in parts for e in p["examples"]][:5],
                    "shards": parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--shards", type=int, default=1, help="processes, each with its own seed and share of --examples")
    args = parser.parse_args()
    require_extra(parser, "hypothesis", extra="test")
    if args.shards > 1:
        print(json.dumps(sharded(args.examples, args.seed, args.shards), indent=None if args.json else 2))
        return

    from hypothesis import HealthCheck, given, seed, settings
    from limits.fuzzing import Tally, check_one, metadata, texts  # the test suite's strategies and checks (needs hypothesis)

    import eventlens

    eventlens.analyze("Iran sent aid to Gaza.")  # models load before the clock starts: inputs are timed warm
    tally = Tally()
    began = time.perf_counter()

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=texts(), meta=metadata())
    def run(text, meta):
        check_one(text, meta, tally)
        if tally.inputs % 500 == 0:
            print(f"{tally.inputs} inputs, {time.perf_counter() - began:.0f} s: {json.dumps(tally.as_dict())}",
                  file=sys.stderr, flush=True)

    run()
    result = tally.as_dict() | {"seconds": round(time.perf_counter() - began, 1),
                                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                                "targets": {"untyped_exceptions": 0, "offset_violations": 0, "slowest_cpu_s": 10,
                                            "peak_rss_mb": 1536}}
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
