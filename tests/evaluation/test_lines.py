"""Line-based gold readers (eventlens.evaluation.lines): every bad file is an InputError naming it and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.errors import InputError
from eventlens.evaluation.lines import json_lines, text_lines

KEYS = ("text", "label")


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(data)
    return path


def test_records_skip_blank_lines_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = _write(tmp_path, '\ufeff{"text": "a", "label": 1}\n\n  \n{"text": "b", "label": 2, "extra": true}\n'.encode())
    assert [r["text"] for r in json_lines(path, required=KEYS, what="a record")] == ["a", "b"]
    assert len(json_lines(path, required=KEYS, what="a record", limit=1)) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"gold\.jsonl: no records: expected a record per line"),
        (b"\n \n", r"no records"),
        (b'{"text": "a", "label": 1}\nnot json\n', r"line 2 is not a record \(invalid JSON"),
        (b'{"text": "a"}\n', r"line 1 is not a record \(missing 'label'\)"),
        (b'["text", "label"]\n', r"line 1 is not a record \(missing 'text', 'label'\)"),
        (b'{"text": "caf\xe9", "label": 1}\n', r"not UTF-8 text \(invalid byte at offset 13\)"),
        (b"\x00\x01\x02\xff", r"not UTF-8 text"),
    ],
)
def test_bad_files_name_the_file_and_the_reason(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        json_lines(_write(tmp_path, data), required=KEYS, what="a record")
    assert "gold.jsonl" in str(info.value)


def test_hint_follows_every_message(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing 'label'\); see the docs$"):
        json_lines(_write(tmp_path, b'{"text": "a"}\n'), required=KEYS, what="a record", hint="; see the docs")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.tsv: cannot read"):
        text_lines(tmp_path / "nope.tsv")
    with pytest.raises(InputError, match="cannot read"):
        text_lines(tmp_path)
