"""What the passes of :func:`eventlens.actors.find_actors` share about one document.

:class:`MatchState` holds the parse, the dictionary hits (indexed by token), the resolved places, the
sentence and paragraph offsets, and builds :class:`~eventlens.model.ActorMention` objects with their
evidence (:mod:`.evidence`). :class:`Referent` is what a pronoun or "the city" can refer back to.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ..model import ActorMention
from .codes import NON_COUNTRY_PREFIXES, split_code
from .dictionary import ActorDictionary
from .matching import Hit
from .places import PlaceIndex

# Prepositions after which a city or country is a location, not an actor.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "within", "throughout", "across", "along", "beyond", "via", "over", "between", "among", "amid", "towards", "toward", "past", "off", "on", "through", "into", "from", "of", "like"}
)
# Prepositions after which an agent noun that names a place is that place ("in prison", "at the school").
VENUE_PREPS = frozenset({"in", "at", "inside", "outside", "near", "into", "within", "around", "behind", "across"})
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
# Honorifics: they say nothing of an office ("Mr. Sanders", "Dr. Jill Biden").
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "mx", "mx."})

CONFIDENCE = {
    "country": 0.95,
    "region": 0.9,
    "demonym": 0.9,
    "agent+country": 0.9,
    "agent": 0.7,
    "city": 0.75,
    "capital": 0.7,
    "actor": 0.9,
    "person": 0.9,
    "surname": 0.75,
    "default": 0.8,
    "context": 0.55,
    "pronoun": 0.5,
    "organisation": 0.75,
    "named": 0.7,
    "place": 0.6,
}


@dataclass(slots=True)
class Referent:
    """Something a pronoun or "the city" can refer to: an emitted mention or a place left to the geoparser."""

    start: int  # token index
    country: str | None
    code: str
    kind: str  # entry kind of what was mentioned (country, city, agent, actor ...)
    plural: bool
    subject: bool
    sentence: int
    paragraph: int
    label: str
    person: bool = False  # a named person, or a title with a name ("Prime Minister X")


class MatchState:
    """One document's parse, hits and offsets, shared by the passes."""

    def __init__(self, doc: Any, hits: list[Hit], *, dictionary: ActorDictionary, sentence_starts: list[int],
                 paragraph_starts: list[int], places: PlaceIndex, lowers: list[str] | None = None, text: str | None = None) -> None:
        self.doc = doc
        self.text = text if text is not None else doc.text  # Doc.text is rebuilt on every access: read it once
        self.lowers = lowers if lowers is not None else [t.lower_ for t in doc]  # iterating a Doc builds tokens: once
        self.hits = hits
        self.by_token = {i: h for h in hits for i in range(h.start, h.end)}
        self.sentence_starts = sentence_starts
        self.paragraph_starts = paragraph_starts or [0]
        self.referents: list[Referent] = []
        self.dictionary = dictionary
        self.places = places
        self.blocked: set[int] = set()
        self._ents: list[Any] | None = None
        self.memo: dict[str, Any] = {}  # per-document results a pass works out once (quotations by paragraph)  # tokens that are no actor (datelines, party-and-district tags)
        # countries named in the doc by places, demonyms and named actors (not by agent nouns)
        self.named_countries = frozenset(h.country for h in hits if h.entry.kind != "agent" and h.country)

    @property
    def ents(self) -> list[Any]:
        """The parser's named entities (listed once: ``doc.ents`` builds them on every access)."""
        if self._ents is None:
            self._ents = list(self.doc.ents)
        return self._ents

    def indices(self, words: Any) -> list[int]:
        """Indices of the tokens whose lower-cased text is in ``words`` (a set of words used again is looked up once)."""
        cache = self.memo.setdefault("indices", {})
        key = id(words)
        if key not in cache or cache[key][0] is not words:
            cache[key] = (words, [i for i, w in enumerate(self.lowers) if w in words])
        return cache[key][1]

    def sentence(self, char: int) -> int | None:
        return max(bisect_right(self.sentence_starts, char) - 1, 0) if self.sentence_starts else None

    def given_name(self, token: Any) -> bool:
        """Whether a token before a last name can be a first name: a proper noun that is neither an honorific
        ("Mr."), nor a title the dictionary knows ("Minister"), nor an initial ("F.")."""
        if token.pos_ != "PROPN" or token.lower_ in HONORIFICS or len(token.text.rstrip(".")) < 2:
            return False
        hit = self.by_token.get(token.i)
        return hit is None or hit.entry.kind != "agent"

    def person_by_surname(self, word: str, *, date: str | None = None) -> Any:
        """The person a last name alone stands for here: the well-known (hand-curated) one, unless the article
        names other countries only; else the one person of the whole dictionary with it, when the article
        names that person's country ("Mr Kislyak" in a story naming Russia); else None."""
        entry = self.dictionary.person_by_surname(word, date=date, curated=True)
        if entry is not None and (not self.named_countries or entry.country in self.named_countries):
            return entry
        entry = self.dictionary.person_by_surname(word, date=date)
        return entry if entry is not None and entry.country in self.named_countries else None

    def surname_country(self, token: Any) -> str | None:
        """The country a capitalised last name gives ("Mugabe" -> ZWE, "the Trump Administration" -> USA): the one
        country of the dictionary's people with it, unless the article names other countries only; else None."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        country = self.dictionary.surname_country(token.lower_)
        if country is None or (self.named_countries and country not in self.named_countries):
            return None  # a last name is weak evidence: it must not contradict the countries the article names
        return country

    def paragraph(self, char: int) -> int:
        return max(bisect_right(self.paragraph_starts, char) - 1, 0)

    def clause_of(self, m: ActorMention) -> int | None:
        """Token index of the nearest verb above a mention (its clause); None when there is none or the
        mention sits in a locative phrase on the way ("a majority in the Serbian parliament": a setting,
        not a party of the clause)."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        token = span.root
        for _ in range(40):
            if token.pos_ in ("VERB", "AUX") or token.head is token:
                return token.i
            if token.dep_ == "prep" and token.lower_ in VENUE_PREPS:
                return None
            token = token.head
        return None

    def place_hit(self, token: Any) -> Hit | None:
        """The hit at ``token`` that can give an agent noun its country: a place, a person, an organisation."""
        hit = self.by_token.get(token.i)
        if hit is None or hit.entry.kind == "agent":
            return None
        if hit.country or hit.entry.kind == "actor":
            return hit  # a country, or an organisation an agent can belong to ("UN troops")
        if hit.entry.kind in ("region", "demonym") and hit.entry.code[:3] in NON_COUNTRY_PREFIXES and hit.entry.code[:3] != "---":
            return hit  # a group of countries: "Western diplomats" -> WSTGOV, "European leaders" -> EURGOV
        return None

    def mention(self, start_tok: int, end_tok: int, code: str, *, kind: str, rule: str, confidence: float,
                name: str | None = None, evidence: dict[str, Any] | None = None) -> ActorMention:
        doc = self.doc
        start = doc[start_tok].idx
        last = doc[end_tok - 1]
        end = last.idx + len(last.text)
        country, sector = split_code(code)
        return ActorMention(
            text=self.text[start:end], start=start, end=end, code=code, country=country, sector=sector, name=name,
            kind=kind, sentence=self.sentence(start), rule=rule, confidence=confidence, evidence=evidence or {},
        )
