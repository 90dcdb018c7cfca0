"""A report of an event, as the deduplication rule sees it: one coded event of one article."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def country_sector(code: str | None) -> tuple[str, str]:
    """``(country, sector)`` of an actor code: ``ISRMIL`` -> ``("ISR", "MIL")``, ``IGOUNODEV`` -> ``("IGO", "UNO")``,
    ``ISR`` -> ``("ISR", "")``, None -> ``("", "")``. Codes are compared at this level (CAMEO's first two
    three-letter parts); later parts (roles, names) do not separate events."""
    code = (code or "").upper()
    return code[:3], code[3:6]


@dataclass(frozen=True, slots=True)
class Report:
    """One coded event in one article: the fields the rule compares."""

    article_id: str
    idx: int
    source: str | None
    target: str | None
    cameo: str
    date: str | None = None  # the article's date, YYYY-MM-DD
    outlet: str | None = None
    negated: bool = False
    modality: str = "asserted"
    lat: float | None = None
    lon: float | None = None
    evidence: str = ""  # the sentence the event was coded from
    trigger: str = ""
    trigger_at: int | None = None  # where the trigger starts in ``evidence``
    source_text: str = ""
    target_text: str = ""
    loc_how: str | None = None  # how the location was chosen ("sentence", "paragraph", "article", ...)

    @property
    def root(self) -> str:
        return (self.cameo or "")[:2]

    @property
    def day(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.date[:10]) if self.date else None
        except ValueError:
            return None

    @property
    def key(self) -> tuple[str, str, str]:
        """The blocking key: source country, target country, CAMEO root. Reports with different keys never merge."""
        return country_sector(self.source)[0], country_sector(self.target)[0], self.root

    @property
    def id(self) -> int:
        return report_id(self.article_id, self.idx)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Report":
        """A report from an ``events`` row (or any mapping with its column names)."""
        start, trigger_start = row.get("start"), row.get("trigger_start")
        location = row.get("location")
        how = location.get("how") if isinstance(location, Mapping) else None
        if how is None and isinstance(location, str) and '"how"' in location:
            how = (json.loads(location) or {}).get("how")
        return cls(
            article_id=str(row["article_id"]), idx=int(row["idx"]), source=row.get("source_code"),
            target=row.get("target_code"), cameo=str(row.get("cameo") or ""), date=row.get("date"),
            outlet=row.get("outlet"), negated=bool(row.get("negated")), modality=str(row.get("modality") or "asserted"),
            lat=row.get("lat"), lon=row.get("lon"), evidence=str(row.get("evidence") or ""),
            trigger=str(row.get("trigger") or ""),
            trigger_at=trigger_start - start if start is not None and trigger_start is not None else None,
            source_text=str(row.get("source_text") or ""), target_text=str(row.get("target_text") or ""), loc_how=how,
        )


def report_id(article_id: str, idx: int) -> int:
    """The stable integer id of a report (the first 60 bits of sha256 of ``article_id:idx``). An event takes the
    id of its first report, so an event reported once keeps the id the GDELT export gave it before deduplication."""
    return int(hashlib.sha256(f"{article_id}:{idx}".encode()).hexdigest()[:15], 16)
