"""Batch faults (issue #20): ``kill -9`` of an ingest parent at random moments, then a resume.

A corpus of 24 good articles and one poisoned one (about 870,000 characters, run with a 3-second article budget
so it is quarantined) is ingested with ``--jobs 2``; the parent is killed with SIGKILL after a random delay,
``--rounds`` times over the same store (tests/faults/batch.py). After each kill the bench checks that no worker
of the dead parent is left (they die with it: PR_SET_PDEATHSIG); at the end one run completes, and the store
must hold every good article exactly once (no doubled rows) and the poisoned one only in the quarantine.

    python bench/faults.py [--rounds 10] [--seed 20] [--max-delay 40] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from faults.batch import GOOD, POISON, check, corpus, ingest_command, kill_after, wait_gone  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--max-delay", type=float, default=40.0, help="kill within this many seconds of the start")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = corpus(Path(tmp) / "in"), Path(tmp) / "s.duckdb"
        rounds = []
        for _ in range(args.rounds):
            delay = round(rng.uniform(1.0, args.max_delay), 2)
            parent = kill_after(ingest_command(folder, db), delay)
            left = wait_gone(parent)
            stored = check(db)["articles"] if db.exists() else 0
            rounds.append({"delay_s": delay, "workers_left": len(left), "articles_stored": stored})
            print(json.dumps(rounds[-1]), file=sys.stderr, flush=True)
        final = subprocess.run(ingest_command(folder, db), capture_output=True, text=True)
        state = check(db)
    ok = (all(r["workers_left"] == 0 for r in rounds) and final.returncode == 0 and state["articles"] == state["distinct"] == GOOD
          and state["doubled_rows"] == 0 and not state["poison_stored"] and list(state["quarantined"]) == [POISON])
    result = {"rounds": rounds, "final_exit": final.returncode, "articles": state["articles"], "distinct": state["distinct"],
              "expected": GOOD, "doubled_rows": state["doubled_rows"], "quarantined": state["quarantined"],
              "processes_left": sum(r["workers_left"] for r in rounds), "ok": ok, "seconds": round(time.perf_counter() - began)}
    print(json.dumps(result, indent=None if args.json else 2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
