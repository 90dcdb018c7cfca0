"""The one date rule of every reader: record fields (JSONL, CSV, feeds), HTML metadata and ``analyze``.

Read, as ``YYYY-MM-DD``:

- ISO dates and date-times (``2024-03-05``, ``2024-03-05T10:00:00Z``), RFC 822
  dates (``Tue, 05 Mar 2024 10:00:00 GMT``), written dates with an English month
  name (``5 March 2024``, ``March 5, 2024``, ``Sep. 5, 2024``) and year-first
  numeric dates (``2024/03/05``);
- numeric dates with the year last (``13/03/2024``, ``03.13.2024``,
  ``13-03-2024``) **only when the order of day and month is certain**: one of
  the two numbers is over 12 (it is the day) or both are the same.

Never guessed: a numeric date whose day and month could be swapped
(``05/03/2024`` is 5 March in most of the world and 3 May in the United States).
Such a value, like any unreadable one, leaves the article undated with a warning
that names both readings. The same rule applies to an HTML page's markup even
where trafilatura would read the date day-first (see
:func:`eventlens.ingest.document.html_to_article`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

# What an unreadable date means for the article, in the words of the command that met it.
STORED = "the article was stored without a date"
ANALYSED = "the article was analysed without a date"

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_WRITTEN = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %b. %Y", "%b. %d, %Y")
_MONTHISH = re.compile(r"^(\d{4}/\d{1,2}/\d{1,2}|\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})$")
_YEAR_LAST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$", re.ASCII)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def readings(value: Any) -> tuple[str, ...]:
    """The calendar dates a year-last numeric date can mean: one when the order is certain, two when
    day and month could be swapped (``05/03/2024``), none for any other value."""
    m = _YEAR_LAST.match(str(value).strip()) if value is not None else None
    if not m:
        return ()
    a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    found = [d for d in (_iso(year, b, a), _iso(year, a, b)) if d]  # day first, then month first
    return tuple(dict.fromkeys(found))


def normalise_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date in one of the forms above; None when unrecognised, impossible or ambiguous."""
    if value is None:
        return None
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat()
        except ValueError:
            return None
    if _YEAR_LAST.match(text):
        found = readings(text)
        return found[0] if len(found) == 1 else None
    if _MONTHISH.match(text):
        squeezed = " ".join(text.split())
        for fmt in _WRITTEN:
            try:
                return dt.datetime.strptime(squeezed, fmt).date().isoformat()
            except ValueError:
                continue
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def _written(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%B}"


def date_warning(value: Any, *, field: str, outcome: str = STORED) -> str:
    """The warning for a date whose value is present but not read; '' when it is absent or readable.

    ``field`` names where the value was found; ``outcome`` says what became of the
    article (:data:`STORED` under ``ingest``, :data:`ANALYSED` under ``analyze``).
    """
    if value is None or (isinstance(value, str) and not value.strip()) or normalise_date(value):
        return ""
    shown = str(value).strip()
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    both = readings(value)
    if len(both) == 2:
        year = both[0][:4]
        return (f"ambiguous date {shown!r} in field {field!r}: {_written(both[0])} or {_written(both[1])} {year} "
                f"(the order of day and month is not known; write it YYYY-MM-DD); {outcome}")
    return (f"unreadable date {shown!r} in field {field!r} (expected YYYY-MM-DD, an ISO date-time, an RFC 822 date, "
            f"a written date such as '5 March 2024', or 13/03/2024 where the day is over 12); {outcome}")
