"""Back-references ("he", "its", "the city", "the group"): the one set of word lists and the shared primitives.

Two places resolve references, each with its own policy over the same mechanisms:

* the actors stage (:mod:`eventlens.actors.matcher`) resolves a pronoun or "the city" in an argument
  role, or as an agent noun's possessor ("its foreign minister"), to a country code; it looks at
  subjects of the same and the previous sentence and checks number only (:func:`number_agrees`);
* the event argument finder (:class:`eventlens.events.arguments.ActorIndex`) names the antecedent of a
  pronoun in an event argument; it looks at every earlier mention of the paragraph and the one
  before, preferring a subject of the pronoun's sentence, and checks gender and number (:func:`agrees`).

The words (``data/actors/reference.json``, :func:`reference_words`) and the primitives here are theirs
both: pronoun classes and forms, reference nouns, the gender of a head noun, whether a head is plural or
a subject, the expletive "it" check, agreement, and entities no actor covers between a pronoun and its
candidate antecedent.
"""

from __future__ import annotations

import functools
import json
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import ResourceError


class PronounClass(Enum):
    """What a pronoun (or a "the city"-style phrase: NEUTER) can stand for."""

    MALE = "male"
    FEMALE = "female"
    NEUTER = "neuter"  # one thing that is not a person ("it")
    PLURAL = "plural"


class Gender(Enum):
    """Whether an antecedent's head names one person, and which pronoun fits."""

    MALE = "male"
    FEMALE = "female"
    PERSON = "person"  # either ("minister", a named person)


@dataclass(frozen=True, slots=True)
class Pronoun:
    word: str
    cls: PronounClass
    forms: frozenset[str]  # subject, object, possessive, independent, reflexive

    @property
    def dependent(self) -> bool:
        """A subject, object or possessive form (not "theirs", not "itself"): one that refers back in an argument."""
        return bool(self.forms & {"subject", "object", "possessive"})


@dataclass(frozen=True, slots=True)
class ReferenceNoun:
    word: str
    kinds: tuple[str, ...]  # what the actors stage resolves "the <word>" to (city, capital, country, actor); () it does not
    in_arguments: bool  # the event argument finder takes "the <word>" as a back-reference


@dataclass(frozen=True, slots=True)
class ReferenceWords:
    """The word lists of ``reference.json``."""

    version: str
    pronouns: Mapping[str, Pronoun]
    reference_nouns: Mapping[str, ReferenceNoun]
    person_nouns: frozenset[str]  # head nouns of one person ("minister"): "he" or "she"
    female_nouns: frozenset[str]  # a woman: "she" (checked before male_nouns, then person_nouns)
    male_nouns: frozenset[str]  # a man: "he"
    irregular_plurals: Mapping[str, str]  # plural head noun -> the singular looked up ("women" -> woman)
    be_forms: frozenset[str]  # forms of "be" that make "it is ..." an expletive


@functools.lru_cache(maxsize=1)
def reference_words() -> ReferenceWords:
    """The packaged ``reference.json``, read once per process."""
    try:
        raw = json.loads(resources.files("eventlens.data.actors").joinpath("reference.json").read_text(encoding="utf-8"))
        return ReferenceWords(
            version=str(raw["version"]),
            pronouns=MappingProxyType({w: Pronoun(w, PronounClass(p["class"]), frozenset(p["forms"])) for w, p in raw["pronouns"].items()}),
            reference_nouns=MappingProxyType({w: ReferenceNoun(w, tuple(n["kinds"]), bool(n["in_arguments"])) for w, n in raw["reference_nouns"].items()}),
            person_nouns=frozenset(raw["person_nouns"]),
            female_nouns=frozenset(raw["female_nouns"]),
            male_nouns=frozenset(raw["male_nouns"]),
            irregular_plurals=MappingProxyType(dict(raw["irregular_plurals"])),
            be_forms=frozenset(raw["be_forms"]),
        )
    except (FileNotFoundError, ValueError, KeyError, TypeError) as exc:
        raise ResourceError(f"actor data file reference.json is missing or invalid: {exc!r}") from exc


# ---- words -------------------------------------------------------------------------------------------


def pronoun(word: str) -> Pronoun | None:
    """The pronoun ``word`` (lower case), or None."""
    return reference_words().pronouns.get(word)


def pronoun_class(word: str) -> PronounClass:
    """The class of a pronoun; anything else ("it", "the city", "its foreign minister") is NEUTER."""
    found = reference_words().pronouns.get(word)
    return found.cls if found is not None else PronounClass.NEUTER


def reference_noun(word: str) -> ReferenceNoun | None:
    """A noun that, with "the/this/that", refers back ("the city", "the group"), or None."""
    return reference_words().reference_nouns.get(word)


def noun_gender(root: Any) -> Gender | None:
    """Whether a mention's head names a person, and which pronoun fits ("he"/"she"), from the noun lists;
    a PERSON entity is a person. None: not a person."""
    if root is None:
        return None
    if root.ent_type_ == "PERSON":
        return Gender.PERSON
    words = reference_words()
    word = words.irregular_plurals.get(root.lower_, root.lower_)
    for form in (word, word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None):
        if form is None:
            continue
        if form in words.female_nouns:
            return Gender.FEMALE
        if form in words.male_nouns:
            return Gender.MALE
        if form in words.person_nouns:
            return Gender.PERSON
    return None


def plural_head(root: Any, *, kind: str) -> bool:
    """A plural head noun ("officials"), or a plural demonym ("Palestinians")."""
    return root.tag_ in ("NNS", "NNPS") or (kind == "demonym" and root.lower_.endswith("s"))


def subject_role(token: Any, *, through_coordination: bool) -> bool:
    """The token heads a subject; ``through_coordination``: a conjunct of a subject counts ("Obama and Putin")."""
    while through_coordination and token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass")


def expletive_it(token: Any, *, normalised: bool, unless_acomp: frozenset[str] = frozenset()) -> bool:
    """"it is crucial to ...": an "it" whose head is a form of "be" refers to nothing.

    ``normalised`` compares the head's norm (so "It’s" with a typographic apostrophe counts) rather than its
    lower-cased text (the actors stage's check); ``unless_acomp``: adjectives that make "it" a reference
    again ("it is willing to ...", the event argument finder's)."""
    if token.lower_ != "it":
        return False
    head = token.head
    if (head.norm_ if normalised else head.lower_) not in reference_words().be_forms:
        return False
    return not any(c.dep_ == "acomp" and c.lower_ in unless_acomp for c in head.children)


# ---- agreement ---------------------------------------------------------------------------------------


def number_agrees(kind: str, plural: bool, *, plural_pronoun: bool) -> bool:
    """Number agreement of a thing pronoun ("it"/"they") with a candidate of ``kind`` (the actors stage's check):
    agents and demonyms by their number; countries, places and persons are singular; others either."""
    if kind in ("agent", "demonym"):
        return plural == plural_pronoun
    if kind in ("country", "region", "city", "capital", "person"):
        return not plural_pronoun
    return True


@dataclass(frozen=True, slots=True)
class Candidate:
    """The features :func:`agrees` reads of a candidate antecedent (an actor mention)."""

    kind: str  # the mention's kind (country, demonym, metonym, agent, actor, pronoun)
    text: str  # lower-cased text (a resolved pronoun's own word)
    gender: Gender | None
    plural: bool
    coordinated: bool  # "Obama and Putin"


def agrees(candidate: Candidate, wanted: PronounClass, *, same_sentence: bool = False) -> bool:
    """Gender and number agreement of a pronoun of class ``wanted`` with a candidate (the event argument finder's).

    ``same_sentence``: the candidate is in the pronoun's sentence, where a country may be "they"
    ("The US said they ..."); from an earlier sentence one country is "it"."""
    c = candidate
    if c.kind == "pronoun":  # a pronoun the actors stage resolved: it agrees with a pronoun of its own class
        return pronoun_class(c.text) == wanted
    if wanted in (PronounClass.MALE, PronounClass.FEMALE):  # one person: "the minister", "a woman" (for "she")
        return not c.plural and c.gender in (Gender.PERSON, Gender(wanted.value))
    if wanted is PronounClass.PLURAL:
        if c.kind == "demonym" or c.gender is not None:
            return c.plural or c.coordinated  # "Palestinians", "officials", "Obama and Putin"; not "Greek"
        if c.kind in ("country", "metonym"):
            return c.coordinated or same_sentence  # "Iran and Iraq said they ..."
        return True  # organisations and groups ("the airlines", "the movement ... they")
    return c.gender is None and not c.plural and c.kind != "demonym"  # "it": one thing, not a person


# ---- entities between a pronoun and its candidate -----------------------------------------------------

Entity = tuple[int, int, str, int]  # start char, end char, label, first token index
_ENTITY_FOR = {PronounClass.MALE: "PERSON", PronounClass.FEMALE: "PERSON", PronounClass.NEUTER: "ORG"}


def document_entities(doc: Any) -> list[Entity]:
    """The named entities of a document, in order (list once: ``doc.ents`` walks the whole document)."""
    return [(e.start_char, e.end_char, e.label_, e.start) for e in doc.ents]


def unknown_antecedent(entities: Sequence[Entity], start: int, end: int, wanted: PronounClass, *, covered: Mapping[int, Any]) -> bool:
    """A named entity between ``start`` and ``end`` that a pronoun of class ``wanted`` could stand for (a PERSON
    for he/she, an organisation for it) and whose first token no actor mention covers (``covered``): the
    pronoun refers to it, not to an earlier actor."""
    label = _ENTITY_FOR.get(wanted)
    if label is None:
        return False
    i = bisect_left(entities, start, key=lambda e: e[0])
    while i < len(entities) and entities[i][0] < end:
        _, ent_end, ent_label, first = entities[i]
        if ent_label == label and ent_end <= end and first not in covered:
            return True
        i += 1
    return False
