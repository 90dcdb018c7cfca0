from __future__ import annotations

import pytest

from eventlens.api import analyze_text
from eventlens.errors import InputError


@pytest.mark.parametrize("date", ["garbage", "10/03/2026", "2026-13-45"])
def test_analyze_text_rejects_bad_dates_like_the_cli(date):
    with pytest.raises(InputError, match="date"):
        analyze_text("Officials met in Cairo.", date=date)


@pytest.mark.parametrize("text", [None, b"Officials met in Cairo."])
def test_analyze_text_rejects_non_str_with_a_typed_error(text):
    with pytest.raises(InputError, match="text must be a str"):
        analyze_text(text)
