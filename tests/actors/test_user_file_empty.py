"""A user actor dictionary (--actors) with no entry is refused, naming the file; one entry is enough."""

from __future__ import annotations

import pytest

from eventlens.actors.dictionary import read_user_file
from eventlens.errors import ConfigError


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n\n# another\n"])
def test_an_actor_file_without_entries_is_refused(tmp_path, text):
    path = tmp_path / "mine.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="no entries") as info:
        read_user_file(str(path))
    assert str(path) in str(info.value)


def test_one_entry_is_enough(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("# version: 1\n\nBlue Lantern Society\tGBRNGO\tactor\n", encoding="utf-8")
    header, rows = read_user_file(str(path))
    assert [entry.code for _, entry in rows] == ["GBRNGO"]
