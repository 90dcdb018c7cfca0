"""NUL bytes beyond the first 8 KB (text followed by binary data) are refused as binary, with the offset."""

from __future__ import annotations

import pytest

from eventlens.errors import InputError
from eventlens.ingest.document import read_article

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


@pytest.mark.parametrize(("data", "encoding", "reason"), [
    (b"\x00\xff\xfe\x01" * 50, "latin-1", "NUL character"),
    ("Egypt hosted talks.".encode("utf-16"), "latin-1", "leave --encoding out"),
    (b"\x89PNG\r\n\x1a\n" + b"\x10" * 64, "cp1252", "PNG image"),
    ("Egypt\x00 talks.".encode("utf-16-le"), "utf-16-le", "NUL character"),
])
def test_a_named_encoding_does_not_let_binary_pass_for_text(tmp_path, data, encoding, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason) as info:
        read_article(path, encoding=encoding)
    assert info.value.path == str(path)
    path.write_bytes("Caf\u00e9 talks in Gen\u00e8ve.".encode("latin-1"))
    assert read_article(path, encoding="latin-1").text == "Caf\u00e9 talks in Gen\u00e8ve."
