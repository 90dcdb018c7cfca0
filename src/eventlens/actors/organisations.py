"""Organisations recognised by pattern as well as by dictionary.

A name the parser tags as an organisation, or a run of capitalised words ending with an organisation's
head word ("Allendale Woman's Club"), is an actor whose sector comes from its head
(``data/actors/organisations.tsv``: "Police Department" -> ``COP``, "City Council" -> ``GOV``, "General
Assembly" -> ``LEG``, "University of ..." -> ``EDU``, "Inc." -> ``BUS`` ...) and whose country comes from
the place in its name, resolved by the geoparser ("the Athens Police Department" in a Georgia story ->
``USACOP``), else from a demonym or a named owner in it ("BBC Russian Service" -> the BBC's code), else
from the passage (:mod:`.context`). A sub-national legislature or executive is ``LEG``/``GOV`` of its
country, never an IGO: "the Pennsylvania General Assembly" is ``USALEG``, and "the General Assembly" is the
UN's only in an article that names the UN. Names the dictionary knows whole are left to it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import ResourceError
from ..model import ActorMention
from .codes import cameo_country, combine, split_code
from .dictionary import ActorEntry
from .evidence import country_of_hit, country_of_place, from_pattern
from .matching import Hit
from .state import CONFIDENCE, MatchState
from .vocabulary import DATA_PACKAGE

_LEADING = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_ORG_LABELS = frozenset({"ORG"})
_UN_NAMES = ("UN", "U.N.", "United Nations")
_LEGISLATIVE = frozenset({"senate", "house", "congressional", "parliamentary", "legislative", "assembly", "judiciary", "intelligence",
                          "appropriations", "oversight", "ways", "armed"})
# IGO entries named by a generic word ("the General Assembly"): the IGO's only when the article names it.
_GENERIC_IGO = {("general", "assembly"): _UN_NAMES, ("security", "council"): _UN_NAMES, ("human", "rights", "council"): _UN_NAMES}
# Only these are a legislature when the article names the UN nowhere (a "Security Council" alone is the UN's).
_LEGISLATURE_NAMES = frozenset({("general", "assembly")})


@dataclass(frozen=True, slots=True)
class OrgPattern:
    words: tuple[str, ...]
    sector: str
    where: str  # end | of | both


@dataclass(slots=True)
class OrgSpan:
    """An organisation found by pattern: tokens ``[start, end)`` and its mention."""

    start: int
    end: int
    mention: ActorMention


@functools.lru_cache(maxsize=1)
def org_patterns() -> dict[tuple[str, ...], OrgPattern]:
    """``data/actors/organisations.tsv``: head words -> pattern."""
    try:
        text = resources.files(DATA_PACKAGE).joinpath("organisations.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ResourceError(f"actor data file organisations.tsv is missing from the installation ({exc})") from exc
    out: dict[tuple[str, ...], OrgPattern] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, sector, where = (c.strip() for c in line.split("\t")[:3])
        words = tuple(head.lower().replace("'s", " 's").replace("’s", " ’s").split())
        out[words] = OrgPattern(words, sector, where)
    return out


@functools.lru_cache(maxsize=1)
def data_version() -> str:
    """The version line of ``organisations.tsv`` (read once per process: every analysis records it)."""
    text = resources.files(DATA_PACKAGE).joinpath("organisations.tsv").read_text(encoding="utf-8")
    return next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("# version:")), "?")


def head_pattern(words: Sequence[str]) -> OrgPattern | None:
    """The pattern a name's words end with (longest), or start with before "of" ("University of X")."""
    patterns = org_patterns()
    for size in range(min(4, len(words)), 0, -1):
        found = patterns.get(tuple(words[-size:]))
        if found is not None and found.where in ("end", "both"):
            return found
    if "of" in words[1:]:
        before = words[: words.index("of", 1)]
        for size in range(min(4, len(before)), 0, -1):
            found = patterns.get(tuple(before[-size:]))
            if found is not None and found.where in ("of", "both"):
                return found
    return None


def organisation_spans(state: MatchState) -> list[OrgSpan]:
    """Organisations by pattern in the document; the dictionary hits inside them are consumed."""
    _settle_generic_igos(state)
    out: list[OrgSpan] = []
    taken: set[int] = set()
    for start, end in _candidates(state):
        if any(i in taken or i in state.blocked for i in range(start, end)):
            continue
        found = _organisation(state, start, end)
        if found is not None:
            out.append(found)
            taken.update(range(found.start, found.end))
    return out


def _candidates(state: MatchState) -> list[tuple[int, int]]:
    """Token spans that may name an organisation: ORG entities, then capitalised runs ending with a head word."""
    doc = state.doc
    spans = [(e.start, e.end) for e in state.ents if e.label_ in _ORG_LABELS]
    ends = {p.words[-1] for p in org_patterns().values() if p.where in ("end", "both")}
    for i in state.indices(ends):
        token = doc[i]
        if token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN"):
            start = token.i
            while start > 0 and _capitalised(doc[start - 1]):
                start -= 1
            if token.i - start >= 1:
                spans.append((start, token.i + 1))
    return sorted(set(spans), key=lambda s: (s[0], -s[1]))


def _capitalised(token: Any) -> bool:
    return (token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ")) or token.text in _POSSESSIVE


def _organisation(state: MatchState, start: int, end: int) -> OrgSpan | None:
    """The organisation named by tokens ``[start, end)``, or None (the dictionary knows it, or it is no organisation)."""
    doc = state.doc
    while start < end and (doc[start].lower_ in _LEADING or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return None
    if not any(t.text[:1].isupper() for t in doc[start:end]):
        return None  # "health ministry": a common noun phrase, which the agent nouns code with its owner
    inner = sorted({id(h): h for i in range(start, end) if (h := state.by_token.get(i)) is not None}.values(), key=lambda h: h.start)
    if any(h.start <= start and end <= h.end for h in inner):
        return None  # the dictionary knows the whole name
    words = [t.lower_ for t in doc[start:end]]
    if len(words) == 1 and words[0] in org_patterns().get((words[0],), OrgPattern((), "", "")).words:
        return None  # "the Centre", "the Council": a head word alone names no organisation of its own
    pattern = head_pattern(words)
    owner = next((h for h in inner if h.entry.kind == "actor" and h.start == start and not _is_head(h, end)), None)
    if pattern is None and owner is None:
        return None
    if pattern is None and owner is not None:
        return None  # "BBC" + an unknown word: left to the dictionary's name
    places = [p for p in state.places.within(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])) if p.kind != "demonym"]
    if not places and (elsewhere := state.places.named_in(doc[start:end].text)) is not None:
        places = [elsewhere]
    code, country_ev = _country(state, inner, places, owner)
    if code is None and owner is None and pattern.sector.startswith("GOV"):
        code, country_ev = _leader_surname(state, start, end)
    for h in inner:
        h.used = True
    left = start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start
    sector = pattern.sector
    if pattern.words[-1] == "committee" and any(w in _LEGISLATIVE for w in words):
        sector = "LEG"  # "the Senate Intelligence Committee"; "the organising committee" stays an NGO
    code = combine(code, sector) if code else sector
    evidence = from_pattern(f"organisation:{' '.join(pattern.words)}", phrase=doc[start:end].text)
    if country_ev is not None:
        evidence["country"] = country_ev
    rule = f"organisation:{' '.join(pattern.words)}" + (f"+{country_ev['from']}:{country_ev.get('text')}" if country_ev else "")
    mention = state.mention(left, end, code, kind="organisation", rule=rule, confidence=CONFIDENCE["organisation"], name=doc[start:end].text, evidence=evidence)
    return OrgSpan(left, end, mention)


def _leader_surname(state: MatchState, start: int, end: int) -> tuple[str | None, dict[str, Any] | None]:
    """The country of a government named after its leader ("the Trump Administration"; a government's pattern only):
    the last name of the dictionary's people of one country, unless the article names other countries only."""
    first = state.doc[start]
    country = state.surname_country(first) if end - start >= 2 else None
    return (country, {"from": "surname", "text": first.text}) if country is not None else (None, None)


def _is_head(hit: Hit, end: int) -> bool:
    return hit.end == end


def _country(state: MatchState, inner: list[Hit], places: list[Any], owner: Hit | None) -> tuple[str | None, dict[str, Any] | None]:
    """The organisation's country (or owner's code) and where it came from."""
    if owner is not None and split_code(owner.entry.code)[0] is None:
        return owner.entry.code, {"from": "dictionary", "entry": owner.entry.source, "text": owner.entry.phrase}
    if places:
        place = places[0]
        return cameo_country(place.country), country_of_place(place)
    for h in inner:
        if h.country and h.entry.kind != "agent":
            return h.country, country_of_hit(h, h.entry.phrase)
    return None, None


def _settle_generic_igos(state: MatchState) -> None:
    """"the General Assembly" is the UN's only in an article that names the UN: otherwise the hit becomes the
    legislature of the passage (an agent noun), and after a place ("the Pennsylvania General Assembly") it
    is left to the organisation pattern."""
    text = state.text
    for n, hit in enumerate(state.hits):
        if hit.entry.kind != "actor" or hit.end - hit.start > 3:
            continue
        words = tuple(state.lowers[hit.start:hit.end])
        names = _GENERIC_IGO.get(words)
        if names is None:
            continue
        before = state.doc[max(hit.start - 3, 0):hit.start].text
        if any(name in before for name in names):
            continue
        if not _placed_before(state, hit) and (words not in _LEGISLATURE_NAMES or any(name in text for name in names) or not _divisions(state)):
            continue
        sector = head_pattern(list(words))
        agent = ActorEntry(phrase=hit.entry.phrase, code=sector.sector if sector else "LEG", kind="agent", source=f"organisations.tsv:{' '.join(words)}")
        state.hits[n] = Hit(hit.start, hit.end, agent)
        for i in range(hit.start, hit.end):
            state.by_token[i] = state.hits[n]


def _divisions(state: MatchState) -> bool:
    """Whether the article names a state, province or county (a sub-national setting)."""
    return any((p.feature_code or "").startswith("ADM") for p in state.places.places)


def _placed_before(state: MatchState, hit: Hit) -> bool:
    """A place, "state" or "state's" right before a body's name ("the Pennsylvania General Assembly")."""
    if hit.start == 0:
        return False
    prev = state.doc[hit.start - 1]
    other = state.by_token.get(prev.i)
    return prev.lower_ in ("state", "provincial", "regional", "county") or (other is not None and other.entry.kind in ("city", "region", "country", "demonym"))

