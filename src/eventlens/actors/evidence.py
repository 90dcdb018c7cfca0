"""The evidence chain every coded actor mention records (``ActorMention.evidence``).

``{"source": ..., "entry" | "pattern": ..., "phrase": ..., "country": {...}, "sector": {...}}``:

* ``source``: ``dictionary`` (an entry of the actor dictionary: ``entry`` is ``file:line``, ``phrase``
  its phrase), ``pattern`` (a rule of this package: ``pattern`` names it, e.g.
  ``organisation:police department``), ``entity`` (a name the parser tagged, coded by ``pattern``) or
  ``reference`` (a pronoun or "the city": ``antecedent`` is the mention it refers to);
* ``country``: where the country came from: ``from`` is ``place`` (the geoparser's resolved place made
  from ``text`` at ``start``-``end``; ``place`` gives its name, GeoNames id, coordinates, feature code and
  division), ``dictionary`` (a dictionary entry: ``entry``), ``context`` (the passage's country:
  ``scope`` sentence/paragraph/article and the ``text`` it was named by), ``antecedent``, ``default`` (an
  entry's default country: "Congress" -> USA), ``surname`` (a known last name), ``party-tag``
  ("(D-Mass.)": an American party-and-district tag) or ``dateline``;
* ``sector``: the word that gave the sector when it is not the entry itself (a title, an apposition,
  a head noun).
"""

from __future__ import annotations

from typing import Any

from .dictionary import ActorEntry
from .matching import Hit
from .places import place_evidence


def names_person(mention: Any) -> bool:
    """Whether an actor mention names a person: a person mention, or one coded by a dictionary ``person`` entry
    (rule ``person:<name>``) or a person pattern (``person:...``), with a title before it or not."""
    return mention.kind == "person" or "person:" in (mention.rule or "")


def from_entry(entry: ActorEntry, **more: Any) -> dict[str, Any]:
    """Evidence of a mention coded by a dictionary entry."""
    if entry.source.startswith("places"):
        return {"source": "pattern", "pattern": "place", "phrase": entry.phrase, **more}
    return {"source": "dictionary", "entry": entry.source, "phrase": entry.phrase, **more}


def from_pattern(pattern: str, *, source: str = "pattern", **more: Any) -> dict[str, Any]:
    """Evidence of a mention coded by a rule of this package."""
    return {"source": source, "pattern": pattern, **more}


def country_of_hit(hit: Hit, text: str) -> dict[str, Any]:
    """Where a place, person or organisation hit's country came from."""
    if hit.place is not None:
        return {"from": "place", "text": hit.place.text, "start": hit.place.start, "end": hit.place.end,
                "place": place_evidence(hit.place)}
    return {"from": "dictionary", "entry": hit.entry.source, "text": text}


def country_of_place(place: Any) -> dict[str, Any]:
    """Evidence that a country came from one resolved place."""
    return {"from": "place", "text": place.text, "start": place.start, "end": place.end, "place": place_evidence(place)}


def with_country(evidence: dict[str, Any], country: dict[str, Any]) -> dict[str, Any]:
    """``evidence`` with its ``country`` part set (a copy)."""
    return {**evidence, "country": country}
