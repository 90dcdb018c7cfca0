"""Toponym recognition: which stretches of a spaCy ``Doc`` name places.

Three sources, each recorded in the mention's ``rule``:

* ``ner:GPE|LOC|FAC`` — spaCy's place entities, trimmed of a leading "the" and
  a trailing possessive;
* ``ner:NORP`` — nationality/group entities whose text is a known demonym
  ("Iranian", "Palestinians") become demonym mentions of that country/region;
* ``ner-relabel:PERSON|ORG`` — a person/organisation entity whose text is a
  major place ("Qom" tagged PERSON) when the article itself shows it is a
  place: the same name tagged as a place elsewhere, a locative preposition
  before it ("in Qom"), or an "X, Country" apposition after it;
* ``gazetteer`` / ``gazetteer:demonym`` — capitalised words outside any
  entity that match a country, first-order division, region or large city, or
  a demonym, filtered against sentence-initial and common-word matches.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import ResourceError
from .index import Gazetteer, normalize


@functools.lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    """Place names that are also ordinary words (``data/geo/filters.json``)."""
    return frozenset(normalize(n) for n in _filter_words("generic_names"))


@functools.lru_cache(maxsize=1)
def context_only_names() -> frozenset[str]:
    """Place names that are ordinary words of direction or government, resolved only with the article's
    support (``context_only_names`` in ``data/geo/filters.json``)."""
    return frozenset(normalize(n) for n in _filter_words("context_only_names"))


@functools.lru_cache(maxsize=4)
def _filter_words(key: str) -> frozenset[str]:
    path = importlib.resources.files("eventlens") / "data" / "geo" / "filters.json"
    try:
        return frozenset(json.loads(path.read_text(encoding="utf-8"))[key])
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"geoparser filters {path} unreadable ({key}): {exc}") from exc


def street_types() -> frozenset[str]:
    """Last words of street names ("Street", "Ave.") from ``data/geo/filters.json``."""
    return _filter_words("street_types")


def facility_types() -> frozenset[str]:
    """Last words of building and landmark names ("Cathedral", "Airport") from ``data/geo/filters.json``."""
    return _filter_words("facility_types")


def division_words() -> frozenset[str]:
    """Lowercase words that extend a preceding place name ("province", "state") from ``data/geo/filters.json``."""
    return _filter_words("division_words")


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RELABEL_FROM = frozenset({"PERSON", "ORG"})
LOCATIVE_PREPS = frozenset({"in", "at", "from", "near", "to", "into", "outside", "across", "around", "toward", "towards", "throughout", "inside", "via", "between", "through"})
STRICT_LOCATIVE_PREPS = frozenset({"in", "near", "outside", "throughout"})
LEADING_DROP = frozenset({"the"})
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
STRONG_CITY_POP = 100_000
GAZ_CITY_POP = 250_000


def sentence_start(doc: Any, i: int) -> int:
    """The first token of the sentence holding token ``i``: a binary search over the doc's sentence starts (read once
    per doc), where spaCy's ``token.sent`` walks the whole sentence (quadratic over a long one full of names)."""
    starts = doc.user_data.get("eventlens_sentence_starts")
    if starts is None:
        starts = doc.user_data["eventlens_sentence_starts"] = [s.start for s in doc.sents]
    return starts[max(bisect_right(starts, i) - 1, 0)] if starts else 0


@dataclass(slots=True)
class Mention:
    """A recognised place name before resolution."""

    start: int  # char offsets
    end: int
    text: str
    kind: str  # toponym | demonym
    rule: str
    candidates: tuple[int, ...] = ()  # gazetteer record ids
    demonym_of: int | None = None  # record id for demonyms
    tok_start: int = 0
    tok_end: int = 0
    sentence_start: int = 0
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _trim(span: Any) -> Any:
    """Drop a leading "the" and trailing possessive/punctuation tokens from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in LEADING_DROP or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct and doc[end - 1].text not in (".",)):
        end -= 1
    if end > start and doc[end - 1].text == "." and end - start == 1:
        return None
    return doc[start:end] if end > start else None


def _strong(gaz: Gazetteer, ids: Iterable[int], *, min_city_pop: int) -> bool:
    for i in ids:
        code = gaz.fcode[i]
        if code.startswith("PCL") or code in ("ADM1", "ADM2", "PPLC") or gaz.fclass[i] in ("L", "H", "T"):
            return True
        if gaz.fclass[i] == "P" and int(gaz.population[i]) >= min_city_pop:
            return True
    return False


def _primary_ids(gaz: Gazetteer, ids: Iterable[int], text: str) -> tuple[int, ...]:
    """Records the text names by their main name, or by a curated alias (countries, divisions, regions).

    Town alternate names from GeoNames are many and noisy, so they do not count.
    """
    key = normalize(text)
    return tuple(i for i in ids if normalize(gaz.names[i]) == key or gaz.fclass[i] != "P")


def _street_word(tok: Any) -> bool:
    """A word of a street's name: capitalised ("Royal") or an ordinal ("14th", "Third")."""
    text = tok.text
    if tok.like_num or text[:1].isdigit():
        return text[-2:] in ("st", "nd", "rd", "th")
    return text[:1].isupper() and tok.is_alpha and not tok.is_stop and tok.pos_ in ("PROPN", "ADJ", "NOUN")


def _dotted(text: str) -> bool:
    """An abbreviation written with periods ("U.S.", "B.C.")."""
    return "." in text and text.replace(".", "").isalpha() and text[:1].isupper()


class Recognizer:
    """Finds toponym and demonym mentions in a parsed document."""

    def __init__(self, gazetteer: Gazetteer, *, use_gazetteer_matching: bool = True, keep_unresolved: bool = False) -> None:
        self.gaz = gazetteer
        self.use_gazetteer_matching = use_gazetteer_matching
        self.keep_unresolved = keep_unresolved
        self.generic = generic_names()
        self.first_words = gazetteer.first_words  # the first words of the gazetteer's names, and of demonyms:
        self.demonym_first_words = frozenset(k.split(" ", 1)[0] for k in gazetteer.demonyms)
        self.street_types = street_types()
        self.division_words = division_words()
        self.facility_types = facility_types()

    def __call__(self, doc: Any) -> list[Mention]:
        mentions = self._streets(doc) + self._dateline(doc)
        taken = [False] * len(doc)
        for m in mentions:
            for i in range(m.tok_start, m.tok_end):
                taken[i] = True
        inside = [False] * len(doc)  # tokens of entities that may embed a place name
        place_surfaces: set[str] = set()
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS:
                place_surfaces.add(normalize(ent.text))
        for ent in doc.ents:
            if any(taken[i] for i in range(ent.start, ent.end)):
                continue  # part of a street name
            m = self._from_entity(ent, place_surfaces) or self._facility(ent)
            for i in range(ent.start, ent.end):
                taken[i] = True
            if m is not None:
                mentions.append(m)
            elif ent.label_ in EMBEDDING_LABELS:
                for i in range(ent.start, ent.end):
                    inside[i] = True
        if self.use_gazetteer_matching:
            words = [t.text for t in doc]
            starts = [t.idx for t in doc]
            mentions.extend(self._from_gazetteer(doc, [not t for t in taken], rule="gazetteer", embedded=False, words=words, starts=starts))
            mentions.extend(self._from_gazetteer(doc, inside, rule="gazetteer:embedded", embedded=True, words=words, starts=starts))
        mentions.sort(key=lambda m: m.start)
        return [self._with_division_word(doc, m) for m in mentions]

    def _with_division_word(self, doc: Any, m: Mention) -> Mention:
        """Extend a toponym over a following division word ("Benue State", "Zhejiang province")."""
        e = m.tok_end
        if m.kind != "toponym" or not m.candidates or e >= len(doc) or doc[e].lower_ not in self.division_words or not doc[e].text[:1].isupper():
            return m  # lowercase words are inconsistently part of the name in the benchmarks ("Idlib province")
        word = doc[e]
        if e + 1 < len(doc) and word.text[:1].isupper() and doc[e + 1].text[:1].isupper() and doc[e + 1].is_alpha:
            return m  # "Colorado State University"
        span = doc[m.tok_start : e + 1]
        # only divisions: a town named "X State" is usually a campus; so is a US state's name + "State"
        # ("Mississippi State", "Ohio State"), while "Benue State" or "Oaxaca State" is the state itself
        candidates = tuple(i for i in self.gaz.lookup(span.text) + m.candidates
                           if self.gaz.fclass[i] != "P" and not (word.text == "State" and self.gaz.ccs[int(self.gaz.cc_index[i])] == "US"))
        if not candidates:
            return m
        candidates = tuple(dict.fromkeys(candidates))
        return Mention(start=m.start, end=span.end_char, text=span.text, kind=m.kind, rule=m.rule, candidates=candidates,
                       tok_start=m.tok_start, tok_end=e + 1, sentence_start=m.sentence_start, label=m.label, extra=m.extra)

    # -- datelines
    def _dateline(self, doc: Any) -> list[Mention]:
        """A capitalised place name opening the article before a dash or comma ("TORRINGTON, Conn. —")."""
        k = 0
        while k < len(doc) and doc[k].is_space:
            k += 1
        j = k
        while j < len(doc) and j - k < 3 and (doc[j].is_alpha or _dotted(doc[j].text)) and doc[j].is_upper and len(doc[j].text) > 1:
            j += 1
        if j == k or j >= len(doc) or doc[j].text not in ("-", "—", "–", ",", "(", ":"):
            return []
        span = doc[k:j]
        ids = self.gaz.lookup(span.text)
        if not ids or normalize(span.text) in self.generic:
            return []
        return [self._mention(span, "toponym", "pattern:dateline", candidates=ids)]

    # -- streets
    def _streets(self, doc: Any) -> list[Mention]:
        """Street and road names: capitalised or ordinal words before a street type ("Royal Street", "14th St.")."""
        out: list[Mention] = []
        n = len(doc)
        text = doc.text
        if not any(t in text for t in self.street_types):
            return out  # most articles name no street: skip the token walk
        for j, tok in enumerate(doc):
            if tok.text not in self.street_types or j == 0:
                continue
            nxt = doc[j + 1] if j + 1 < n else None
            if tok.text == "St." and nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha:
                continue  # "St. Louis"
            k = j
            while k > sentence_start(doc, tok.i) and j - k < 4 and _street_word(doc[k - 1]):
                k -= 1
            if k == j or (out and k < out[-1].tok_end):
                continue
            end = j + 1
            if nxt is not None and nxt.text in ("East", "West", "North", "South"):
                end += 1
            span = doc[k:end]
            out.append(self._mention(span, "toponym", "pattern:street", label="CONTAINED"))
        return out

    def _facility(self, ent: Any) -> Mention | None:
        """A building or landmark entity ("Manila Cathedral") that the gazetteer does not know."""
        if ent.label_ not in ("FAC", "ORG", "GPE", "LOC"):
            return None
        span = _trim(ent)
        if span is None or len(span) < 2 or span[-1].text not in self.facility_types or self.gaz.lookup(span.text):
            return None
        return self._mention(span, "toponym", "pattern:facility", label="CONTAINED")

    # -- entities
    def _from_entity(self, ent: Any, place_surfaces: set[str]) -> Mention | None:
        label = ent.label_
        if label not in PLACE_LABELS and label != "NORP" and label not in RELABEL_FROM:
            return None
        span = _trim(ent)
        if span is None:
            return None
        text = span.text
        if label == "NORP":
            target = self.gaz.demonym(text)
            if target is not None:
                return self._mention(span, "demonym", "ner:NORP", demonym_of=target, label=label)
            ids = self.gaz.lookup(text)
            if ids and _strong(self.gaz, _primary_ids(self.gaz, ids, text), min_city_pop=STRONG_CITY_POP):
                return self._mention(span, "toponym", "ner-relabel:NORP", candidates=ids, label=label)
            return None
        ids = self.gaz.lookup(text)
        if label == "PERSON" and not ids and (demonym := self.gaz.demonym(text)) is not None:
            return self._mention(span, "demonym", "ner-relabel:PERSON", demonym_of=demonym, label=label)
        if label in RELABEL_FROM:
            if not ids or not self._relabel_ok(span, ids, label, place_surfaces):
                return None
            return self._mention(span, "toponym", f"ner-relabel:{label}", candidates=ids, label=label)
        if not ids:
            demonym = self.gaz.demonym(text)
            if demonym is not None:
                return self._mention(span, "demonym", f"ner:{label}", demonym_of=demonym, label=label)
            if not self.keep_unresolved:
                return None
        return self._mention(span, "toponym", f"ner:{label}", candidates=ids, label=label)

    def _relabel_ok(self, span: Any, ids: tuple[int, ...], label: str, place_surfaces: set[str]) -> bool:
        """A PERSON/ORG entity is a place when its text is a major place and the context agrees.

        ORG: the text is exactly a country, division, region or large town (teams,
        governments and clubs named after places are metonymic toponyms).
        PERSON: additionally the article must treat it as a place (see :meth:`_looks_placelike`),
        unless it names a country or first-order division.
        """
        primary = _primary_ids(self.gaz, ids, span.text)
        if normalize(span.text) in self.generic or not primary:
            return False
        if not _strong(self.gaz, primary, min_city_pop=STRONG_CITY_POP):
            # an organisation named like a smaller town: only when the article clearly uses the name as a place
            # (people are named like small towns far too often for the same rule)
            return label == "ORG" and self._looks_placelike(span, place_surfaces, strict=True)
        if label == "ORG":
            return True
        if any(self.gaz.fcode[i].startswith("PCL") or self.gaz.fcode[i] == "ADM1" for i in primary):
            return True
        return self._looks_placelike(span, place_surfaces)

    def _looks_placelike(self, span: Any, place_surfaces: set[str], *, strict: bool = False) -> bool:
        """The same name is tagged as a place elsewhere, a locative preposition precedes it, or ", <place>" follows."""
        doc = span.doc
        if normalize(span.text) in place_surfaces:
            return True
        if span.start > 0 and doc[span.start - 1].lower_ in (STRICT_LOCATIVE_PREPS if strict else LOCATIVE_PREPS):
            return True
        if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].ent_type_ == "GPE":
            return True
        return False

    def _mention(self, span: Any, kind: str, rule: str, *, candidates: tuple[int, ...] = (), demonym_of: int | None = None, label: str = "") -> Mention:
        return Mention(
            start=span.start_char, end=span.end_char, text=span.text, kind=kind, rule=rule,
            candidates=tuple(candidates), demonym_of=demonym_of, tok_start=span.start, tok_end=span.end,
            sentence_start=sentence_start(span.doc, span.start), label=label,
        )

    # -- gazetteer matching outside entities and inside organisation/facility names
    def _from_gazetteer(self, doc: Any, allowed: list[bool], *, rule: str, embedded: bool, words: list[str], starts: list[int]) -> list[Mention]:
        """Longest gazetteer names starting at capitalised allowed tokens (token texts and offsets precomputed)."""
        gaz = self.gaz
        out: list[Mention] = []
        n = len(words)
        text = doc.text
        i = 0
        while i < n:
            w = words[i]
            if not allowed[i] or not w[:1].isupper() or not (w.isalpha() or _dotted(w)):
                i += 1
                continue
            low = w.lower()
            if low in LEADING_DROP or (low not in self.first_words and low not in self.demonym_first_words):
                i += 1
                continue
            found = None
            for j in range(min(n, i + gaz.max_words), i, -1):
                if not words[j - 1][:1].isupper() or not all(allowed[k] for k in range(i, j)):
                    continue
                surface = text[starts[i] : starts[j - 1] + len(words[j - 1])]
                demonym = gaz.demonym(surface)
                ids = gaz.lookup(surface) if demonym is None else ()
                if demonym is None and not ids:
                    continue
                span = doc[i:j]
                tag = doc[j - 1].tag_
                if demonym is not None and (tag in ("JJ", "NNP") or not embedded and tag in ("NNPS", "NNS")):
                    found = self._mention(span, "demonym", f"{rule}:demonym", demonym_of=demonym)
                    break
                if demonym is not None:
                    ids = gaz.lookup(surface)
                if ids and self._gazetteer_ok(span, ids, embedded=embedded):
                    found = self._mention(span, "toponym", rule, candidates=ids)
                    break
            if found is None:
                i += 1
                continue
            out.append(found)
            i = found.tok_end
        return out

    def _gazetteer_ok(self, span: Any, ids: tuple[int, ...], *, embedded: bool) -> bool:
        doc = span.doc
        primary = _primary_ids(self.gaz, ids, span.text)
        if normalize(span.text) in self.generic:
            return False
        if not primary:
            return False
        if not _strong(self.gaz, primary, min_city_pop=STRONG_CITY_POP if embedded else GAZ_CITY_POP):
            # a smaller town outside any entity: only right after "in/near/outside/throughout"
            return (not embedded and span.start > 0 and doc[span.start - 1].lower_ in STRICT_LOCATIVE_PREPS
                    and all(t.pos_ == "PROPN" for t in span))
        if embedded:
            return True
        first = doc[span.start]
        if first.is_sent_start and len(span) == 1 and not first.is_upper and first.pos_ != "PROPN" and not (span.end < len(doc) and doc[span.end].text == ","):
            return False
        if any(t.pos_ not in ("PROPN", "NOUN", "ADJ") for t in span if t.is_alpha) and not span.text.isupper():
            return False
        return True
