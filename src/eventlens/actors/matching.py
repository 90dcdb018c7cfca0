"""Pass 1 of actor finding: dictionary phrases matched on a parsed spaCy ``Doc``.

Phrases are matched on lower-cased tokens, longest first, with a first-token
index (no per-token regexes), and each match passes the precision checks of
:func:`acceptable` (case, part of speech, named-entity labels, longer names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Place
from .codes import NON_COUNTRY_PREFIXES, cameo_country, split_code
from .dictionary import ActorDictionary, ActorEntry, resolve

_NOT_OF = frozenset({"pro", "anti", "non", "ex", "post", "pre"})
_NAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "bin", "ibn", "bint", "abu", "de", "da", "di", "del", "van", "von", "der", "le", "la"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "NORP"})
_NUMERIC_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_NAMED_ENTS = frozenset({"ORG", "PERSON", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


@dataclass(slots=True)
class Hit:
    """A dictionary phrase found at tokens ``[start, end)``."""

    start: int
    end: int
    entry: ActorEntry
    used: bool = False  # consumed by an agent phrase or a merged name
    place: Place | None = None  # the geoparser's place made from the same characters: it decides the country

    @property
    def country(self) -> str | None:
        if self.entry.kind == "agent":
            return None
        if self.place is not None:
            return cameo_country(self.place.country)
        return split_code(self.entry.code)[0]


def match(doc: Any, dictionary: ActorDictionary, date: str | None, *, lowers: list[str] | None = None, lower_doc: bool | None = None) -> list[Hit]:
    """Greedy longest dictionary matches over the doc's lower-cased tokens (``lowers``, computed when not given)."""
    lowers = lowers if lowers is not None else [t.lower_ for t in doc]
    index, max_len = dictionary.index, dictionary.max_len
    lower_doc = lowercase_text(doc) if lower_doc is None else lower_doc
    hits: list[Hit] = []
    i, n = 0, len(lowers)
    while i < n:
        longest = max_len.get(lowers[i], 0)
        step = 1
        for size in range(min(longest, n - i), 0, -1):
            entries = index.get(tuple(lowers[i : i + size]))
            if entries and acceptable(doc, i, i + size, entries[0], index, lower_doc):
                entry = resolve(entries, date)
                if entry.kind == "demonym" and i > 0 and lowers[i - 1] == "ethnic":
                    # "ethnic Albanians in Serbia": an ethnic group, not the citizens of the demonym's country
                    entry = ActorEntry(f"ethnic {entry.phrase}", "CVL", "agent", name=entry.name, source=entry.source)
                hits.append(Hit(i, i + size, entry))
                step = size
                break
        i += step
    return hits


def _anchors_agent(token: Any, index: Any) -> bool:
    """True when a name is the possessor or modifier of an agent noun ("Quatar's emir", "Phillippines military")."""
    if index is None:
        return False
    head = token.head
    if head.i <= token.i or token.dep_ not in ("poss", "compound", "amod", "nmod"):
        return False
    entries = index.get((head.lower_,))
    return bool(entries) and entries[0].kind == "agent"


def lowercase_text(doc: Any) -> bool:
    """True when most sentences start with a lower-case letter (text written without capitals)."""
    starts = [s[0].text[:1] for s in doc.sents if s[0].text[:1].isalpha()]
    return bool(starts) and sum(1 for c in starts if c.islower()) > len(starts) / 2


def lowercase_starts(text: str, sentence_starts: Sequence[int]) -> bool:
    """:func:`lowercase_text` from the text and the sentences' start offsets (without building the sentences)."""
    starts = [text[i] for i in sentence_starts if i < len(text) and text[i].isalpha()]
    return bool(starts) and sum(1 for c in starts if c.islower()) > len(starts) / 2


def acceptable(doc: Any, start: int, end: int, entry: ActorEntry, index: Any = None, lower_doc: bool = False) -> bool:
    """Checks that keep dictionary matches precise (case, part of speech, longer names)."""
    first, last = doc[start], doc[end - 1]
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _NOT_OF:
        return False  # "pro-Russia rebels" are not Russian; "non-Muslims" are not Muslims
    if _modifier_compound(doc, end, entry):
        return False  # "government-held", "military-ruled", "Al Qaeda-linked": a modifier, not an actor
    if entry.kind == "agent":
        if last.pos_ not in ("NOUN", "PROPN"):
            return False
        if start == end - 1 and first.is_title and first.i > first.sent.start and first.ent_type_ == "PERSON" and not _before_name(doc, end):
            return False  # a surname that is also an agent noun ("boss Monk", "Mr King"), not a title
        # inside a capitalised name the agent noun counts only as its head ("Birzeit University")
        if end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "B" and _before_name(doc, end):
            return True  # a title before a person's name ("British Defence Secretary Tom King")
        if end < len(doc) and doc[end].lower_ == "of":
            return True  # the head of an "of" name: "the Ministry of Foreign Affairs of Japan", "University of Tehran"
        return not (first.is_title and first.i > first.sent.start and _inside_name(doc, start, end) and not _ends_name(doc, end))
    if first.lower_ in _NAME_PARTICLES and end - start > 1 and any(t.text[:1].isupper() for t in doc[start + 1 : end]):
        pass  # "al-Qaeda", "bin Laden", "de Klerk": a name that starts with a lower-case particle
    elif not (first.text[:1].isupper() or first.text[:1].isdigit()):
        # lower-case text ("iran said ..."): a country or nationality only when the tagger agrees and the
        # text is not normally cased (in normal text "fine china" and "turkey" are common nouns)
        if entry.kind == "demonym" and end - start == 1 and first.ent_type_ == "NORP" and _anchors_agent(first, index):
            return True  # "tunisian rioters": a nationality before an agent noun, whatever the case
        if entry.kind == "country" and all(t.text[1:] != t.text[1:].lower() for t in doc[start:end]):
            return True  # "iSrael", "uSA": a country name typed with stray capitals is still the country
        return lower_doc and entry.kind in ("country", "demonym") and first.ent_type_ in _PLACE_ENTS and last.ent_type_ in _PLACE_ENTS
    single = end - start == 1
    if entry.generated and any(t.ent_type_ in _NUMERIC_ENTS for t in doc[start:end]):
        return False  # "May 15", "Ruby Tuesday": a date or number, not a group's name
    if entry.kind in ("city", "capital", "person") or (entry.kind == "actor" and single):
        if single and first.pos_ != "PROPN" and first.ent_type_ not in ("GPE", "LOC", "ORG", "PERSON", "NORP") and not _curated_subject(first, entry):
            return False
        if single and entry.kind == "city" and entry.generated and first.ent_type_ not in _PLACE_ENTS and not _anchors_agent(first, index):
            return False  # generated one-word city names are often words or names too ("Hassan", "Metro", "Mobile")
        if _inside_name(doc, start, end) and not (entry.kind in ("city", "capital") and _ends_of_name(doc, start, end)):
            return False
        if entry.kind in ("city", "capital") and first.ent_iob_ == "I" and first.ent_type_ in _PLACE_ENTS:
            return False  # the end of a longer place name ("Lower Juba", "East Jerusalem") is not that city
    if entry.kind in ("country", "region") and first.ent_type_ == "PERSON" and _inside_name(doc, start, end):
        return False
    if single and entry.kind in ("region", "demonym") and entry.code[:3] in NON_COUNTRY_PREFIXES and _in_longer_place(doc, start):
        return False  # "West Darfur", "West Africans", "Western Australia": a word of a longer name, not "the West"
    return True


def _in_longer_place(doc: Any, i: int) -> bool:
    """A word inside a longer proper name: a capitalised word next to it, or a multi-word entity around it."""
    token = doc[i]
    if token.ent_iob_ == "I" or (i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I" and token.ent_iob_ == "B"):
        return True
    after = doc[i + 1] if i + 1 < len(doc) else None
    before = doc[i - 1] if i > 0 else None
    return bool((after is not None and after.text[:1].isupper() and after.pos_ == "PROPN")
                or (before is not None and before.text[:1].isupper() and before.pos_ == "PROPN" and before.i > before.sent.start))


def _modifier_compound(doc: Any, end: int, entry: ActorEntry) -> bool:
    """A name joined by a hyphen to a participle ("US-backed", "government-held"): a modifier, not an actor;
    "X-led" and "X-based" keep the name (the leading country's forces, the company's seat)."""
    if not (end + 1 < len(doc) and doc[end].text == "-"):
        return False
    after = doc[end + 1].lower_
    if entry.kind != "agent" and after in ("led", "based"):
        return False
    return entry.kind == "agent" or after.endswith("ed")


def acceptable_place(doc: Any, start: int, end: int, entry: ActorEntry, index: Any = None, lower_doc: bool = False) -> bool:
    """The checks a place the geoparser resolved passes before it stands for a country here: not after
    "pro-"/"anti-", not a hyphenated modifier ("US-backed"), capitalised unless the text has no capitals,
    and a one-word town only when tagged as a place or modifying an agent noun ("Tabriz resident")."""
    first = doc[start]
    if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _NOT_OF:
        return False
    if _modifier_compound(doc, end, entry):
        return False
    if not first.text[:1].isupper() and not lower_doc:
        return False
    if end - start == 1 and entry.kind == "city" and first.ent_type_ not in _PLACE_ENTS and not _anchors_agent(first, index):
        return False
    return True


def _curated_subject(token: Any, entry: ActorEntry) -> bool:
    """A hand-curated person's one-word name as the capitalised subject, which the tagger read as a common noun
    ("Trump met Macron": "Trump" NOUN); generated entries keep the stricter test (their names are often words)."""
    return entry.kind == "person" and not entry.generated and token.text[:1].isupper() and token.dep_ in ("nsubj", "nsubjpass")


def _ends_of_name(doc: Any, start: int, end: int) -> bool:
    """True for the place that ends an "of" name ("University of Tehran", "Bank of England")."""
    return start > 0 and doc[start - 1].lower_ == "of" and _ends_name(doc, end)


def _before_name(doc: Any, end: int) -> bool:
    """True when a capitalised proper noun follows (the agent noun is a title: "President Obama")."""
    return end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper()


def _ends_name(doc: Any, end: int) -> bool:
    """True when token ``end - 1`` is the last token of its entity or proper-noun run."""
    return end >= len(doc) or doc[end].ent_iob_ != "I" and not (doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper())


def _inside_name(doc: Any, start: int, end: int) -> bool:
    """True when the tokens sit inside a longer named entity (ORG, PERSON ...) or a run of proper nouns."""
    ent_type = doc[start].ent_type_
    if ent_type in _NAMED_ENTS:
        s, e = start, end
        while s > 0 and doc[s].ent_iob_ == "I":
            s -= 1
        while e < len(doc) and doc[e].ent_iob_ == "I":
            e += 1
        if (s, e) != (start, end):
            return True
    after = doc[end] if end < len(doc) else None
    return bool(after is not None and after.pos_ == "PROPN" and after.text[:1].isupper() and after.dep_ in ("compound", "flat") and doc[end - 1].head.i == end)
