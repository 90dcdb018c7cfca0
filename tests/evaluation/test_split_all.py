"""``--split all`` reads every split of the annotated corpus, for events and actors alike."""

from __future__ import annotations

import json
from pathlib import Path

from eventlens.evaluation.annotations import read_annotations


def _corpus(tmp_path: Path) -> Path:
    rows = [
        {"id": f"s{i}", "corpus": "newsmtsc", "doc": f"s{i}", "split": split, "text": "Police arrested a man.",
         "sentence": [0, 22], "actors": [{"code": "---COP", "span": [0, 6]}], "events": []}
        for i, split in enumerate(("train", "test", "train"))
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_all_and_none_read_every_split(tmp_path: Path) -> None:
    path = _corpus(tmp_path)
    assert [s.id for s in read_annotations(path, split="all")] == ["s0", "s1", "s2"]
    assert [s.id for s in read_annotations(path, split=None)] == ["s0", "s1", "s2"]
    assert [s.id for s in read_annotations(path, split="test")] == ["s1"]
