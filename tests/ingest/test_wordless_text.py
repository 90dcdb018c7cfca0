"""A text with no word in it (digits, punctuation, symbols only) is refused as HTML without text is,
instead of an analysis that scores zeros everywhere."""

from __future__ import annotations

import pytest

from eventlens.errors import InputError
from eventlens.ingest.document import article_from_bytes, read_article


@pytest.mark.parametrize("data", [b"1234 5678 ---- !!!! ....\n%% 42\n", "\u2014 \u00a7 12 \u2022".encode(), b"a 1 b 2"])
def test_wordless_text_is_refused_with_the_file_named(tmp_path, data):
    path = tmp_path / "junk.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="no words to analyse") as info:
        read_article(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("text", ["Caf\u00e9 talks.", "\u041c\u0438\u0440", "\u5317\u4eac", "OK 2024"])
def test_any_script_with_a_word_is_kept(text):
    assert article_from_bytes(text.encode(), path="x.txt", kind="text").text == text
