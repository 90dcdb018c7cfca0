"""Every bench/ and scripts/ entry point after the documented install (``pip install -e .``, no extras):
``--help`` runs; one that needs an extra says which in one line; one that reads the reference data takes
``--shared DIR`` and says in one line when it is not there. Each runs in a base-install view (conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENTRY_POINTS = sorted(str(p.relative_to(REPO)) for folder in ("bench", "scripts") for p in (REPO / folder).glob("*.py")
                      if not p.name.startswith("_"))
# the entry points that read the reference data folder, with the arguments they need besides --shared
READS_SHARED = {
    "bench/analyze.py": [], "bench/events.py": [], "bench/geoparse.py": [], "bench/ingest.py": [], "bench/long_article.py": [],
    "bench/store_query.py": [], "scripts/build_actor_dictionary.py": [], "scripts/build_verb_lexicon.py": [],
    "scripts/build_splice_benchmark.py": ["--out", "/nonexistent/splice.jsonl"], "scripts/check_sentiment_name_swap.py": [],
    "scripts/build_background_idf.py": ["--out", "/nonexistent/idf.tsv"],
    "training/annotation/build_pool.py": ["--out", "/nonexistent/annot"],
    "bench/dedup.py": [], "training/fit_dedup.py": ["--dry-run"], "bench/actors.py": [], "bench/watch.py": [],
}
NEEDS_BENCH_EXTRA = ("bench/ingest.py", "bench/web_load.py")
NEEDS_NOTHING_MORE = ("bench/hostile_probe.py", "bench/faults.py", "bench/install_size.py")  # the base install (and a store or corpus it writes itself)
NEEDS_TEST_EXTRA = ("bench/fuzz.py",)  # hypothesis, from the [test] extra


def _traceback_free(result: dict) -> bool:
    return result["code"] != "raised" and "Traceback" not in result["err"]


@pytest.fixture(scope="module")
def help_results(run_entry_points) -> dict[str, dict]:
    return {r["script"]: r for r in run_entry_points([(script, ["--help"]) for script in ENTRY_POINTS])}


def test_every_bench_file_is_checked() -> None:
    assert {"bench/ingest.py", "bench/web_load.py", "bench/analyze.py"} <= set(ENTRY_POINTS)
    assert {s for s in ENTRY_POINTS if s.startswith("bench/")} <= (set(READS_SHARED) | set(NEEDS_BENCH_EXTRA) | set(NEEDS_NOTHING_MORE)
                                                                 | set(NEEDS_TEST_EXTRA))


@pytest.mark.parametrize("script", ENTRY_POINTS)
def test_help_runs_after_the_base_install(help_results: dict[str, dict], script: str) -> None:
    result = help_results[str(REPO / script)]
    assert result["code"] == 0 and _traceback_free(result), result["err"][-2000:]
    assert "usage:" in result["out"]


def test_bench_extra_is_named_in_one_line(run_entry_points) -> None:
    for result in run_entry_points([(script, []) for script in NEEDS_BENCH_EXTRA]):
        assert result["code"] == 2 and _traceback_free(result), result
        assert result["err"].strip().count("\n") == 0 and "pip install -e '.[bench]'" in result["err"]


def test_missing_shared_folder_is_one_line(run_entry_points, tmp_path: Path) -> None:
    missing = tmp_path / "no-shared-here"
    calls = [(script, ["--shared", str(missing), *args]) for script, args in READS_SHARED.items() if script not in NEEDS_BENCH_EXTRA]
    for result in run_entry_points(calls):
        assert result["code"] == 4 and _traceback_free(result), result
        assert result["err"].strip().count("\n") == 0 and f"--shared {missing}" in result["err"], result["err"]


def test_shared_options_share_one_help_text(help_results: dict[str, dict]) -> None:
    for script in READS_SHARED:
        if script.startswith(("bench/", "scripts/")):
            out = " ".join(help_results[str(REPO / script)]["out"].split())
            assert "--shared DIR" in out and "$EVENTLENS_SHARED" in out, script
