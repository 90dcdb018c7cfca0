"""CLI event-coder options on analyze, ingest and recode (``--min-confidence``, ``--coder``), the former
``--ml`` flag (accepted and ignored for one release, with a note), and torch never imported by the base
install's analyze, ingest and serve."""

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

TEXT = "Iran sent aid to Gaza on Monday, officials said.\n"


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["analyze", "ingest", "recode"])
def test_help_offers_the_coder_options_and_hides_ml(name):
    result = invoke(name, "--help")
    assert result.exit_code == 0 and "--min-confidence" in result.output and "--coder" in result.output
    assert "--ml" not in result.output


def test_analyze_passes_the_coder_options_to_the_api(monkeypatch, article):
    seen = {}

    class Stop(ConfigError):
        pass

    def fake(path, **kwargs):
        seen.update(kwargs)
        raise Stop("stopped here")

    monkeypatch.setattr(api, "analyze_path", fake)
    assert invoke("analyze", article, "--min-confidence", "0.8", "--coder", "rules").exit_code == 3
    assert (seen["min_confidence"], seen["coder"]) == (0.8, "rules")
    seen.clear()
    assert invoke("analyze", article).exit_code == 3 and (seen["min_confidence"], seen["coder"]) == (None, "learned")


def test_a_confidence_outside_0_1_is_a_usage_error(article):
    result = invoke("analyze", article, "--min-confidence", "1.5")
    assert result.exit_code == 2 and "--min-confidence" in result.output


def test_ml_is_accepted_and_ignored_with_a_note(monkeypatch, article):
    seen = {}

    def fake(path, **kwargs):
        seen.update(kwargs)
        raise ConfigError("stopped here")

    monkeypatch.setattr(api, "analyze_path", fake)
    result = CliRunner().invoke(cli, ["analyze", article, "--ml"], catch_exceptions=False)
    assert result.exit_code == 3 and "--ml is ignored" in result.output and "ml" not in seen


def test_ingest_builds_a_spec_with_the_coder_options(monkeypatch, tmp_path, article):
    from eventlens import engine

    specs = []

    def fake_ingest(paths, *, spec, **kwargs):
        specs.append(spec)
        raise ConfigError("stopped here")

    monkeypatch.setattr(engine, "ingest", fake_ingest)
    monkeypatch.setattr(api, "check_pipeline", lambda stages, **kwargs: specs.append(kwargs))
    result = invoke("ingest", article, "--db", str(tmp_path / "s.duckdb"), "--no-progress", "--min-confidence", "0.7")
    assert result.exit_code == 3, result.output
    assert specs[0] == {"actors_file": None, "min_confidence": 0.7, "coder": "learned"}  # checked in the parent first
    assert (specs[1].min_confidence, specs[1].coder) == (0.7, "learned")


def test_spec_is_small_picklable_and_describes_its_settings():
    spec = PipelineSpec(min_confidence=0.6, coder="rules")
    assert pickle.loads(pickle.dumps(spec)) == spec
    assert spec.settings() == {"coder": "rules", "min_confidence": 0.6}
    assert PipelineSpec(actors_file="extra.tsv").settings() == {"coder": "learned", "min_confidence": None, "actors_file": "extra.tsv"}
    assert api.pipeline_settings(min_confidence=0.6)["events"] == {"coder": "learned", "min_confidence": 0.6}
    assert "events" not in api.pipeline_settings()  # the stage's own defaults
    with pytest.raises(ConfigError, match="unknown event coder"):
        api.check_coder(coder="neural", min_confidence=None)


# the real command line in a fresh process; at exit it says whether torch was ever imported
ENTRY = """
import atexit, sys
atexit.register(lambda: print("TORCH=" + str("torch" in sys.modules), file=sys.stderr))
from eventlens.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _torch_was_imported(args: list[str], env: dict[str, str]) -> bool:
    result = subprocess.run([sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, timeout=300, env=env, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr.strip().splitlines()[-1] != "TORCH=False"


@pytest.mark.slow
def test_analyze_ingest_and_serve_never_import_torch(tmp_path, article):
    fake = tmp_path / "fake"
    if importlib.util.find_spec("torch") is None:  # without torch: a stand-in, so an import would succeed and show
        (fake / "torch").mkdir(parents=True)
        (fake / "torch" / "__init__.py").write_text("")
    env = {**os.environ, "PYTHONPATH": str(fake)}
    db = str(tmp_path / "s.duckdb")
    for args in (["analyze", "--help"], ["analyze", article, "--format", "json"], ["ingest", article, "--db", db, "--no-progress"]):
        assert not _torch_was_imported(args, env), args
    serve = "from eventlens.web.app import create_app\nfrom eventlens.web.settings import WebSettings\nimport sys\napp = create_app(settings=WebSettings(db=sys.argv[1]))\n"
    result = subprocess.run([sys.executable, "-c", ENTRY.replace("from eventlens.cli import main\nsys.exit(main(sys.argv[1:]))\n", serve), db],
                            capture_output=True, text=True, timeout=300, env=env, check=False)
    assert result.returncode == 0 and result.stderr.strip().splitlines()[-1] == "TORCH=False", result.stderr[-2000:]
