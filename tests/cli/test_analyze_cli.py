"""The analyze command end to end, as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventlens", *args], input=stdin, capture_output=True, timeout=180)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("bad-utf8.txt", b"Caf\xe9 au lait in Gen\xe8ve", "not valid UTF-8"),
        ("broken.html", b"<html><body><div><<<<>>>", "no main text"),
        ("picture.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
    ],
)
def test_bad_input_gives_one_clear_line_and_non_zero_exit(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("analyze", str(path))
    err = result.stderr.decode()
    assert result.returncode != 0
    assert str(path) in err and reason in err
    assert "Traceback" not in err


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"word " * (50 * 1024 * 1024 // 5))
    result = run("analyze", str(path))
    assert result.returncode != 0
    assert "too large" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_stdin_json_and_html_output(tmp_path):
    text = b"Egypt hosted talks with Jordan in Cairo on Monday.\nThe two governments signed a trade agreement."
    result = run("analyze", "-", "--format", "json", "--date", "2025-02-03", "--source", "Wire", stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["article"]["date"] == "2025-02-03" and data["article"]["source"] == "Wire"
    assert len(data["paragraphs"]) == 2
    assert data["meta"]["model"]["name"]
    out = tmp_path / "report.html"
    result = run("analyze", "-", "--format", "html", "--out", str(out), stdin=b"<script>alert(1)</script> Egypt met Jordan.")
    assert result.returncode == 0, result.stderr.decode()
    assert "&lt;script&gt;" in out.read_text()


def test_demo_runs_on_the_bundled_example():
    result = run("demo", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["article"]["source"] == "eventlens example"
    assert data["events"] and data["actors"] and data["places"]


def test_does_not_import_torch():
    # the whole default pipeline, spaCy loaded and run: thinc must not pull in torch even where the [ml] extra is installed
    code = "import sys, eventlens.cli, eventlens.api; eventlens.api.analyze_text('Iran sent aid to Gaza.'); print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.stdout.decode().strip() == "False", result.stderr.decode()
