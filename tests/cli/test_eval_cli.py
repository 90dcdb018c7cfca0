"""`eventlens eval` and scripts/eval_frames.py on bad gold files: one line naming the file and the reason, exit 2."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventlens.cli import cli

BAD = {
    "empty": (b"", "no records"),
    "latin1": (b'{"text": "caf\xe9"}\n', "not UTF-8 text"),
    "truncated": (b'{"text": "a", "inserted": [], "variant": "none"}\n{"text": "b", "inse\n', "is not a"),
}


@pytest.mark.parametrize("kind", ["narrative", "sentiment"])
@pytest.mark.parametrize("case", sorted(BAD))
def test_eval_refuses_bad_gold_files(tmp_path: Path, kind: str, case: str) -> None:
    data, reason = BAD[case]
    path = tmp_path / f"{case}.jsonl"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["eval", kind, "--data", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{case}.jsonl" in result.output and reason in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def _frames_script():
    script = Path(__file__).resolve().parents[2] / "scripts" / "eval_frames.py"
    spec = importlib.util.spec_from_file_location("eval_frames", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("data", "reason"), [(b"", "no labelled paragraphs"), (b"economic\tcaf\xe9 prices\n", "not UTF-8 text"),
                                              (b"economics\tprices rose\n", "line 1: expected a known frame")])
def test_frames_script_refuses_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, reason: str) -> None:
    path = tmp_path / "frames.tsv"
    path.write_bytes(data)
    assert _frames_script().main(["--data", str(path)]) == 2
    err = capsys.readouterr().err
    assert "frames.tsv" in err and reason in err


def test_eval_reads_the_kinds_gold_file_from_the_shared_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTLENS_SHARED", raising=False)
    gold = tmp_path / "mine" / "data" / "sentiment" / "newsmtsc-devtest_rw.jsonl"
    gold.parent.mkdir(parents=True)
    gold.write_text('{"sentence_normalized": "Critics attacked Smith over the plan.", "targets": [{"from": 17, "to": 22, "polarity": 2.0}]}\n',
                    encoding="utf-8")
    for args, env in ((["--shared", str(tmp_path / "mine")], None), ([], str(tmp_path / "mine"))):
        result = CliRunner().invoke(cli, ["eval", "sentiment", *args, "--format", "json"], env={"EVENTLENS_SHARED": env})
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["data"] == str(gold) and json.loads(result.output)["targets"] == 1


def test_eval_without_data_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTLENS_SHARED", raising=False)
    result = CliRunner().invoke(cli, ["eval", "geoparse", "--shared", str(tmp_path)])
    assert result.exit_code == 4
    assert f"--shared {tmp_path}: {tmp_path / 'data/geoparsing/GWN.xml'} is missing" in result.output
    result = CliRunner().invoke(cli, ["eval", "narrative"])
    assert result.exit_code == 2 and "needs --data FILE" in result.output and "build_splice_benchmark.py" in result.output
