"""The one assembled event coder: used by the ``events`` stage, the gold evaluation and the learned coder.

:func:`build_coder` returns a :class:`RuleCoder` whose data (the verb lexicon, the rules, the reference
words and the place-name lookup for location targets) is loaded lazily, once per process; it builds a
:class:`~eventlens.events.coder.DocumentCoder` per analysis.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..actors import load_dictionary
from ..actors.reference import reference_words
from ..errors import ConfigError
from ..model import Analysis, Event
from .arguments import ActorIndex
from .coder import DocumentCoder
from .lexicon import load_lexicon
from .rules import load_rules

_PLACE_KINDS = ("country", "capital", "city", "region")


@functools.lru_cache(maxsize=1)
def place_country_lookup() -> Callable[[str], str | None]:
    """Country of a place name ("Beijing" -> CHN) from the shipped actor dictionary, for location targets."""
    dictionary = load_dictionary()

    def lookup(name: str) -> str | None:
        entry = dictionary.lookup(name)
        return entry.country if entry is not None and entry.kind in _PLACE_KINDS else None

    return lookup


@dataclass(frozen=True, slots=True)
class RuleCoder:
    """The rule-based event coder with its settings: ``nominal`` (noun triggers on/off) and
    ``min_confidence`` (events below it are dropped by :meth:`code`)."""

    nominal: bool = True
    min_confidence: float = 0.0

    def document(self, analysis: Analysis) -> DocumentCoder:
        """The coder of one analysis (it needs the parse and the actor mentions)."""
        rules = load_rules()
        return DocumentCoder(analysis, lexicon=load_lexicon(), rules=rules, index=ActorIndex(analysis, rules=rules),
                             nominal=self.nominal, place_country=place_country_lookup())

    def code(self, analysis: Analysis) -> list[Event]:
        """The events of one analysis at or above ``min_confidence``."""
        return [e for e in self.document(analysis).code() if e.confidence >= self.min_confidence]

    def versions(self) -> Mapping[str, str]:
        """The versions of the data the events come from (recorded in ``meta.rules.events``)."""
        return {"lexicon": load_lexicon().version, "rules": load_rules().version, "reference": reference_words().version}


def build_coder(*, nominal: bool = True, min_confidence: float = 0.0) -> RuleCoder:
    """The production event coder (see :class:`RuleCoder`); ``ConfigError`` for a confidence outside 0..1."""
    if not 0.0 <= min_confidence <= 1.0:
        raise ConfigError(f"events: min_confidence must be between 0 and 1, got {min_confidence}")
    return RuleCoder(nominal=nominal, min_confidence=min_confidence)
