"""NUL bytes beyond the first 8 KB (text followed by binary data) are refused as binary, with the offset."""

from __future__ import annotations

import pytest

from eventlens.errors import InputError
from eventlens.ingest.read import read_article

TEXT = b"Egypt hosted talks in Cairo with officials from both sides. " * 200  # about 12 KB


def test_nul_bytes_after_the_head_are_binary(tmp_path):
    path = tmp_path / "cat.txt"
    path.write_bytes(TEXT + b"\x00\x01\x02 trailing binary")
    with pytest.raises(InputError, match=f"NUL byte at offset {len(TEXT)}") as info:
        read_article(path)
    assert info.value.path == str(path)
    (tmp_path / "ok.txt").write_bytes(TEXT)
    assert read_article(tmp_path / "ok.txt").text.startswith("Egypt")
    (tmp_path / "wide.txt").write_bytes(TEXT.decode().encode("utf-16"))  # NULs of UTF-16 text are not binary
    assert read_article(tmp_path / "wide.txt").text.startswith("Egypt")
