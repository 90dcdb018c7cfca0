"""scripts/build_splice_benchmark.py on a tiny corpus written here: the default keeps both host halves."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_splice_benchmark.py"
TOPICS = ("harvest grain farmers rain", "election ballots voters parliament", "football match goals stadium",
          "flood rivers rescue villages", "trade tariffs exports ports", "vaccine clinics doctors patients")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_splice_benchmark", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _article(number: int) -> str:
    words = TOPICS[number % len(TOPICS)].split()
    lines = [f"Paragraph {k} of story {number} tells of {words[k % 4]} and {words[(k + 1) % 4]} near town {number}." for k in range(6)]
    return "\n".join(lines)


def _shared(root: Path, *, articles: int = 12) -> Path:
    """A shared folder whose GWN.xml and TR-News.xml hold ``articles`` six-paragraph stories each (ids 1..n)."""
    geo = root / "shared" / "data" / "geoparsing"
    geo.mkdir(parents=True)
    for name, key, offset in (("GWN.xml", "file", 0), ("TR-News.xml", "docid", 100)):
        body = "".join(f'<article {key}="{offset + i}"><text>{escape(_article(offset + i))}</text></article>' for i in range(1, articles + 1))
        (geo / name).write_text(f"<articles>{body}</articles>", encoding="utf-8")
    return root / "shared"


def _written(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_default_hosts_keep_both_halves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = _script()
    out = tmp_path / "splice.jsonl"
    assert module.main(["--shared", str(_shared(tmp_path)), "--out", str(out), "--seed", "1"]) == 0
    records = _written(out)
    halves = {module.host_half(r["host"]) for r in records}
    assert halves == {"even", "odd"}
    assert {r["variant"] for r in records} == {"easy", "hard", "none"}
    assert f"{len(records)} documents" in capsys.readouterr().out


def test_halves_split_the_default(tmp_path: Path) -> None:
    module = _script()
    shared = _shared(tmp_path)
    counts = {}
    for hosts in ("all", "even", "odd"):
        out = tmp_path / f"{hosts}.jsonl"
        module.main(["--shared", str(shared), "--out", str(out), "--seed", "1", "--hosts", hosts])
        records = _written(out)
        assert hosts == "all" or {module.host_half(r["host"]) for r in records} == {hosts}
        counts[hosts] = len(records)
    assert counts["even"] > 0 and counts["odd"] > 0 and counts["even"] + counts["odd"] == counts["all"]


def test_missing_shared_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        _script().main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.jsonl")])
    assert stopped.value.code == 4
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--shared" in err and "data/geoparsing" in err
    assert not (tmp_path / "x.jsonl").exists()
