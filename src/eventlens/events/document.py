"""What the coding functions of one document share: its analysis, the data, the actor index, lemma lookups.

Every function of :mod:`~eventlens.events.triggers`, :mod:`~eventlens.events.roles`,
:mod:`~eventlens.events.constructions`, :mod:`~eventlens.events.sides` and
:mod:`~eventlens.events.assemble` takes a :class:`CoderContext` as its first argument; it is built once per
document by :class:`~eventlens.events.coder.DocumentCoder`. The dependency labels shared by those modules live
here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Analysis
from .arguments import ActorIndex
from .lexicon import Lexicon, stems
from .rules import EventRules

SUBJ = ("nsubj", "csubj", "expl")
PASS_SUBJ = ("nsubjpass", "csubjpass")
VERBAL = ("VERB", "AUX")


@dataclass(slots=True)
class CoderContext:
    """One document's coding context (cheap to build; holds a per-document lemma cache)."""

    analysis: Analysis
    lexicon: Lexicon
    rules: EventRules
    index: ActorIndex
    place_country: Callable[[str], str | None] | None = None  # a place name's country, for location targets
    year: int | None = None  # the article's year, for historical modality
    _lemmas: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lemma_of(self, tok: Any) -> tuple[str, ...]:
        """Verb lemmas of a token: the lexicon's, else the candidate stems of its form."""
        word = tok.lower_
        got = self._lemmas.get(word)
        if got is None:
            got = self.lexicon.lemmas(word) or stems(word)
            self._lemmas[word] = got
        return got

    def lemmas(self, tok: Any) -> set[str]:
        return set(self.lemma_of(tok))


def article_year(analysis: Analysis) -> int | None:
    date = analysis.article.date or ""
    return int(date[:4]) if len(date) >= 4 and date[:4].isdigit() else None


def infinitive(tok: Any) -> bool:
    """The token has an infinitival "to" ("to attack")."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)


def purpose_clause(verb: Any) -> bool:
    """An infinitival adverbial clause ("... to attack")."""
    return verb.dep_ == "advcl" and infinitive(verb)


def participle_modifier(verb: Any) -> bool:
    """A past participle modifying a noun ("civilians imprisoned for ...", "aliens ordered out"): a reduced passive."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN"
