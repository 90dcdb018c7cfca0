"""`eventlens eval` and scripts/eval_frames.py on bad gold files: one line naming the file and the reason, exit 2."""

from __future__ import annotations

import importlib.util
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
