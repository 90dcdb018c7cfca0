"""Reading the event gold sets shared by ``eval events`` and ``eval actors``.

Two shapes: the PETRARCH validation XML (``<Sentence>`` elements with a
``<Text>`` and ``<EventCoding sourcecode= targetcode= eventcode=>`` children)
and JSON lists of records with ``text``, ``source[]``, ``target[]`` and
``event`` (the PLOVER gold file). Each evaluation turns these raw pieces into
its own gold objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

# Pre-ISO country codes and the old civilian sector that the PLOVER gold file still uses.
LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
LEGACY_SECTORS = {"CIV": "CVL"}

_SENTENCE = re.compile(r"(?=<Sentence\s)")
_HEAD = re.compile(r"<Sentence([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_CODING = re.compile(r"<EventCoding([^>]*)/?>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class PetrarchSentence:
    id: str | None
    text: str
    date: str | None  # ISO date
    codings: tuple[dict[str, str], ...]  # attributes of each <EventCoding>


def is_xml(path: Path) -> bool:
    """True when the file looks like the PETRARCH XML rather than JSON."""
    return path.read_text(encoding="utf-8", errors="replace")[:2000].lstrip().startswith("<")


def petrarch_sentences(path: Path) -> Iterator[PetrarchSentence]:
    """Sentences marked ``evaluate="true"`` (the default) with non-empty text, in file order."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for chunk in _SENTENCE.split(text)[1:]:
        head, body = _HEAD.match(chunk), _TEXT.search(chunk)
        if not head or not body:
            continue
        attrs = dict(_ATTR.findall(head.group(1)))
        if attrs.get("evaluate", "true").lower() != "true":
            continue
        sentence = " ".join(body.group(1).split())
        if not sentence:
            continue
        date = attrs.get("date", "")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None
        codings = tuple(dict(_ATTR.findall(c)) for c in _CODING.findall(chunk))
        yield PetrarchSentence(attrs.get("id"), sentence, iso, codings)


def json_records(path: Path, *, expected: str) -> list[Any]:
    """The JSON list in ``path``; ``expected`` says what its records hold, for the error message."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(str(path), f"not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise InputError(str(path), f"expected a JSON list of records with {expected}")
    return data


def record_text(item: dict[str, Any]) -> str:
    """A record's sentence with the PLOVER file's ``{...}`` markup braces removed and spaces folded."""
    return " ".join(str(item["text"]).replace("{", " ").replace("}", " ").split())
