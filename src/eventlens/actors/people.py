"""People the dictionary does not know, named in the text.

A name the parser tags as a person is an actor (docs/annotation.md 2.1: "a person is always an actor").
Its code, in order:

1. an apposition that says who the person is ("Foday Conta, Gambia's police spokesman," or "police
   spokesman Foday Conta"): the same code as that description;
2. the same name earlier in the article ("Police Chief Ann Douglas ... Douglas said"): that mention's code;
3. one person of the dictionary with that last name ("Mugabe" -> Robert Mugabe's role at the article date);
4. otherwise a private person, ``CVL`` ("Mr. Smith", "Kody Berrey"), with the country of the passage
   (:mod:`.context`).

Linked people (1, 2) take the final code of the mention they stand for after countries are attached
(:func:`copy_linked`), so an apposition and its name never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..model import ActorMention
from .evidence import from_entry, from_pattern
from .state import CONFIDENCE, MatchState

_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "mx", "mx."})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
PRIVATE = "CVL"


def people_mentions(state: MatchState, mentions: Sequence[ActorMention], *, date: str | None = None) -> list[ActorMention]:
    """Mentions of the people tagged by the parser that no other mention covers, in text order."""
    doc = state.doc
    spans = sorted((m.start, m.end) for m in mentions)
    table = _known_people(mentions)
    out: list[ActorMention] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start, ent.end
        while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
            end -= 1
        if end <= start or any(i in state.blocked for i in range(start, end)):
            continue
        first, last = doc[start], doc[end - 1]
        if any(s < last.idx + len(last) and first.idx < e for s, e in spans):
            continue
        if start > 0 and doc[start - 1].lower_ in _HONORIFICS:
            start -= 1
        mention = _person(state, start, end, mentions, table, date)
        out.append(mention)
        table.setdefault(last.lower_, mention)
        table.setdefault(doc[ent.start:end].text.lower(), mention)
    return out


def _known_people(mentions: Sequence[ActorMention]) -> dict[str, ActorMention]:
    """Last names and full names of the people already mentioned (dictionary people, titles with names)."""
    table: dict[str, ActorMention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if "person:" in (m.rule or "") or (m.kind == "agent" and m.name):
            words = m.text.split()
            if words:
                table.setdefault(words[-1].lower().rstrip(".,"), m)
                table.setdefault((m.name or m.text).lower(), m)
    return table


def _person(state: MatchState, start: int, end: int, mentions: Sequence[ActorMention], table: dict[str, ActorMention], date: str | None) -> ActorMention:
    doc = state.doc
    name = doc[start:end].text
    bare = doc[start + 1 if doc[start].lower_ in _HONORIFICS else start:end]
    described = _apposition(state, bare.root, mentions)
    if described is not None:
        return _same_as(state, start, end, described, "apposition", name)
    earlier = table.get(bare.text.lower()) or table.get(bare[-1].lower_)
    if earlier is not None and earlier.start < doc[start].idx:
        return _same_as(state, start, end, earlier, "same-name", name)
    entry = state.dictionary.person_by_surname(bare[-1].lower_, date=date) if len(bare) == 1 else None
    if entry is not None and (not state.named_countries or entry.country in state.named_countries):
        evidence = from_entry(entry, country={"from": "surname", "text": bare.text, "entry": entry.source})
        return state.mention(start, end, entry.code, kind="person", rule=f"surname:{bare.text}->{entry.name or entry.phrase}",
                             confidence=CONFIDENCE["surname"], name=entry.name or entry.phrase, evidence=evidence)
    evidence = from_pattern("person:name", source="entity", sector={"from": "person", "text": name})
    return state.mention(start, end, PRIVATE, kind="person", rule="person:name", confidence=CONFIDENCE["named"], name=bare.text, evidence=evidence)


def _apposition(state: MatchState, root: Any, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """A description in apposition to the name ("X, Gambia's police spokesman," / "a spokesman, X,")."""
    candidates = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        candidates.append(root.head)
    for token in candidates:
        found = [m for m in mentions if m.start <= token.idx < m.end and m.kind in ("agent", "organisation") and m.code]
        if found:
            return max(found, key=lambda m: m.end - m.start)
    return None


def _same_as(state: MatchState, start: int, end: int, other: ActorMention, how: str, name: str) -> ActorMention:
    """A person who is ``other`` (an apposition or an earlier mention of the same name): its code, linked."""
    link = {"text": other.text, "start": other.start, "end": other.end}
    evidence = from_pattern(f"person:{how}", source="entity", same_as=link, sector={"from": how, "text": other.text})
    if other.evidence.get("country"):
        evidence["country"] = {"from": how, "text": other.text, "start": other.start, "end": other.end}
    return state.mention(start, end, other.code, kind="person", rule=f"person:{how}:{other.text}", confidence=CONFIDENCE["named"],
                         name=name, evidence=evidence)


def copy_linked(mentions: list[ActorMention]) -> list[ActorMention]:
    """People linked to another mention take its final code (after countries were attached)."""
    by_span = {(m.start, m.end): m for m in mentions}
    out = []
    for m in mentions:
        link = m.evidence.get("same_as") if m.kind == "person" else None
        other = by_span.get((link["start"], link["end"])) if link else None
        if other is not None and other.code and other.code != m.code:
            evidence = dict(m.evidence)
            if other.evidence.get("country"):
                evidence["country"] = {"from": "same-as", "text": other.text, "start": other.start, "end": other.end}
            m = replace(m, code=other.code, country=other.country, sector=other.sector, evidence=evidence)
        out.append(m)
    return out
