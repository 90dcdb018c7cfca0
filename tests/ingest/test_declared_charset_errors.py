"""An HTML page whose <meta> charset is wrong for its bytes: the error says the page declared it (the user
named no encoding), and --encoding still overrides the declaration."""

from __future__ import annotations

import pytest

from eventlens.errors import InputError
from eventlens.ingest.document import read_article

BODY = "<p>" + "Caf\u00e9 owners met officials in Cairo to talk about trade. " * 5 + "</p>"


def test_a_wrong_declared_charset_is_named_as_the_pages_claim(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(f'<html><head><meta charset="utf-8"></head><body><article>{BODY}</article></body></html>'
                     .encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.path == str(path)
    assert "declares charset utf-8" in info.value.reason and "--encoding" in info.value.reason
    assert "Caf\u00e9" in read_article(path, encoding="latin-1").text
