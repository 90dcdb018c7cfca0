from __future__ import annotations

import pytest

from eventlens.cli._output import emit
from eventlens.errors import InputError


def test_emit_creates_a_missing_folder(tmp_path):
    out = tmp_path / "new" / "nested" / "report.json"
    emit("{}", out=out)
    assert out.read_text(encoding="utf-8") == "{}\n"


def test_emit_names_the_file_when_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write the output"):
        emit("{}", out=blocker / "report.json")
