"""Analyze text: validate a pasted article and analyse it in memory (never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import anyio
import anyio.to_thread

from ..errors import InputError
from ..ingest.dates import date_warning, normalise_date
from ..ingest.document import article_from_bytes, check_date
from ..model import Analysis
from .errors import ApiError

_FIELD_LIMITS = {"title": 300, "date": 40, "source": 200}


def _check_unicode(name: str, value: str) -> None:
    """Refuse a lone surrogate (a JSON ``\\ud800`` escape with no pair): it is not text and cannot be encoded."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ApiError(422, f"'{name}' holds a lone surrogate (\\u{ord(value[exc.start]):04x} at character {exc.start}), "
                            "which is not text; send valid Unicode") from None


def unique_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The fields of a JSON object or form as a dict; a field given twice is a 400 (which one was meant?)."""
    out: dict[str, Any] = {}
    for name, value in pairs:
        if name in out:
            raise ApiError(400, f"field {name[:40]!r} is given more than once; give each field once")
        out[name] = value
    return out


def _date(value: str) -> str:
    """``YYYY-MM-DD`` from a date in any form the readers take (``5 March 2024``, ``2024/03/05``, ``13/03/2024``);
    an ambiguous or unreadable one is a 400 naming what was understood (the rule of :mod:`eventlens.ingest.dates`)."""
    found = normalise_date(value)
    if found:
        return check_date(found) or found
    reason = date_warning(value, field="date", outcome="nothing was analysed")
    raise ApiError(400, f"'date': {reason}")


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzeForm:
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, max_chars: int) -> "AnalyzeForm":
        unknown = sorted(set(data) - {"text", *_FIELD_LIMITS})
        if unknown:
            raise ApiError(400, f"unknown field(s): {', '.join(unknown)}; allowed: text, title, date, source")
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(422, "'text' must be a non-empty string (the article to analyse)")
        _check_unicode("text", text)
        text = text.replace("\r\n", "\n")  # a browser sends a textarea's line ends as CRLF: count them as one character
        if len(text) > max_chars:
            raise ApiError(413, f"'text' has {len(text)} characters; at most {max_chars} are accepted")
        values: dict[str, str | None] = {}
        for name, limit in _FIELD_LIMITS.items():
            value = data.get(name)
            if value is None or value == "":
                values[name] = None
                continue
            if not isinstance(value, str) or len(value) > limit:
                raise ApiError(400, f"'{name}' must be a string of at most {limit} characters")
            _check_unicode(name, value)
            values[name] = value.strip() or None
        if values["date"]:
            values["date"] = _date(values["date"])
        try:  # the checks of 'eventlens analyze -' on stdin: binary data, NUL characters, no word to analyse
            text = article_from_bytes(text.encode("utf-8"), kind="text").text
        except InputError as exc:
            raise ApiError(422, f"'text' cannot be analysed: {exc.reason}") from None
        return cls(text=text, **values)


def _analyse(form: AnalyzeForm) -> Analysis:
    import eventlens

    return eventlens.analyze(form.text, title=form.title, date=form.date, source=form.source)


async def run_analysis(limiter: anyio.CapacityLimiter, form: AnalyzeForm) -> Analysis:
    """Analyse in a worker thread; ``limiter`` bounds how many run at once."""
    return await anyio.to_thread.run_sync(_analyse, form, limiter=limiter)
