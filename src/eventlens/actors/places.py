"""The geoparser's resolved places, as the actors stage reads them: one resolution for actors and places.

The ``places`` stage (or the actors stage itself, when no ``places`` stage ran before it) resolves every
toponym and demonym to a gazetteer record. A dictionary phrase that names a place ("Birmingham",
"Georgia", "Athens") takes its country from the place the geoparser made from the same characters, so an
actor and a place never disagree about the same words; a place the dictionary does not know ("Plano",
"Allendale") still gives its country to the agent nouns and organisations it modifies ("Plano police").
The mention records which place its country came from (:func:`place_evidence`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Place
from .codes import cameo_country, is_country
from .dictionary import PLACE_KINDS, ActorEntry
from .matching import Hit, acceptable_place

# Feature codes of places that stand for a country (their code is the country's, not a town's).
_LONGEST = 120  # no place name is longer (characters): how far back a place overlapping an offset can start
_COUNTRY_FCODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})


def actor_country(place: Place) -> str | None:
    """The actor-code country of a resolved place (``XKX`` -> ``KSV``)."""
    return cameo_country(place.country)


def place_kind(place: Place) -> str:
    """The dictionary kind a place stands for: ``demonym``, ``country``, ``region`` (divisions, regions) or ``city``."""
    if place.kind == "demonym":
        return "demonym"
    if place.feature_code in _COUNTRY_FCODES:
        return "country"
    if place.feature_code in ("PPLC", "PPLG"):
        return "capital"
    if place.feature_class in ("A", "L", "H", "T"):
        return "region"
    return "city"


def place_evidence(place: Place) -> dict[str, Any]:
    """What a mention's evidence says about the place its country came from."""
    return {
        "text": place.text, "start": place.start, "end": place.end, "name": place.name, "country": actor_country(place),
        "geonameid": place.geonameid, "lat": place.lat, "lon": place.lon, "feature_code": place.feature_code,
        "admin1": place.admin1,
    }


class PlaceIndex:
    """Resolved places (with a country) by character offset."""

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self.places: list[Place] = sorted((p for p in places if p.country), key=lambda p: (p.start, -p.end))
        self._starts = [p.start for p in self.places]

    def __bool__(self) -> bool:
        return bool(self.places)

    def within(self, start: int, end: int) -> list[Place]:
        """Places lying inside ``[start, end)``."""
        i = bisect_left(self._starts, start)
        out = []
        while i < len(self.places) and self.places[i].start < end:
            if self.places[i].end <= end:
                out.append(self.places[i])
            i += 1
        return out

    def overlapping(self, start: int, end: int) -> list[Place]:
        """Places sharing a character with ``[start, end)``."""
        lo, hi = bisect_left(self._starts, start - _LONGEST), bisect_left(self._starts, end)
        return [p for p in self.places[lo:hi] if start < p.end]

    def at(self, start: int, end: int) -> Place | None:
        """The place made from the same characters as ``[start, end)`` (the longest overlapping one), or None."""
        found = self.overlapping(start, end)
        return max(found, key=lambda p: p.end - p.start) if found else None

    def named_in(self, text: str) -> Place | None:
        """A toponym resolved elsewhere in the article whose name appears as whole words in ``text`` (one sense
        per discourse: "The Paris City Council" after "Paris, Texas"), the longest first."""
        for place in sorted(self.toponyms(), key=lambda p: -len(p.text)):
            i = text.find(place.text)
            if i >= 0 and (i == 0 or not text[i - 1].isalnum()) and (i + len(place.text) == len(text) or not text[i + len(place.text)].isalnum()):
                return place
        return None

    def toponyms(self) -> list[Place]:
        """The resolved places that are toponyms (a demonym such as "Italian grocery" is no setting)."""
        return [p for p in self.places if p.kind != "demonym"]


def covered(places: Sequence[Place], start: int, end: int) -> bool:
    """Whether any of ``places`` overlaps ``[start, end)``."""
    return any(p.start < end and start < p.end for p in places)


_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def _national_demonym(place: Place) -> bool:
    """A demonym the geoparser resolved to a country (not to a region such as Kurdistan)."""
    return place.feature_code in _COUNTRY_FCODES


def _country_entry(entry: ActorEntry) -> bool:
    """An entry coded with a country (a region prefix such as "the West" WST is no place's)."""
    return is_country(entry.code[:3])


def attach_places(doc: Any, hits: list[Hit], index: PlaceIndex, *, geoparsed: bool, dictionary: Any = None, lower_doc: bool = False) -> list[Hit]:
    """The dictionary hits with the geoparser's places: a place phrase takes the country of the place made
    from its characters (unless the entry is a region such as "the West"); a one-word town name of the
    generated files that neither the geoparser nor the tagger read as a place is dropped ("Police Chief
    Douglas" is not the capital of the Isle of Man); every resolved place no
    hit covers becomes a hit of its own (source ``places``), so "Plano police" is American."""
    out: list[Hit] = []
    by_name = {p.text.lower(): p for p in reversed(index.places) if p.kind != "demonym"}  # one sense per discourse
    for hit in hits:
        if hit.entry.kind in PLACE_KINDS:
            first, last = doc[hit.start], doc[hit.end - 1]
            place = index.at(first.idx, last.idx + len(last.text)) or by_name.get(doc[hit.start:hit.end].text.lower())
            if place is not None and hit.entry.kind == "demonym" and place_kind(place) != "demonym" and place.feature_code not in _COUNTRY_FCODES:
                place = None  # "Kurdish": a people of a region, not a state; the passage decides
            if place is not None and hit.entry.kind in ("city", "capital") and first.ent_type_ == "PERSON" and place_kind(place) in ("city", "capital"):
                continue  # "Police Chief Douglas", "Watson, 44,": a person's name, whatever town it also names
            if place is not None and _country_entry(hit.entry):
                hit.place = place
            elif place is None and geoparsed and hit.entry.kind in ("city", "capital") and hit.entry.generated and first.ent_type_ not in _PLACE_LABELS:
                continue
        out.append(hit)
    taken = {i for h in out for i in range(h.start, h.end)}
    for place in index.places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None or any(t.i in taken for t in span):
            continue
        kind = place_kind(place)
        if kind in ("city", "capital") and span[0].ent_type_ == "PERSON":
            continue  # a person's name the geoparser read as a town ("Watson, 44, was serving ...")
        if kind == "demonym" and not _national_demonym(place):
            continue  # "Kurdish" names a people, not the country of its region
        entry = ActorEntry(phrase=place.text, code=actor_country(place) or "", kind=kind, name=place.name, source=f"places:{place.rule}")
        if not acceptable_place(doc, span.start, span.end, entry, dictionary.index if dictionary is not None else None, lower_doc):
            continue  # the dictionary's checks hold for the geoparser's places too ("US-backed", "fine china")
        out.append(Hit(span.start, span.end, entry, place=place))
        taken.update(t.i for t in span)
    out.sort(key=lambda h: h.start)
    return out
