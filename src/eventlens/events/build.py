"""The one assembled event coder, used alike by the ``events`` stage, evaluation and training.

:func:`build_coder` returns a :class:`LearnedEventCoder` (the default: the learned coder deciding over
the rule coder's candidates, :mod:`eventlens.events.learned`) or a :class:`RuleCoder` (the rules alone).
Their data (the verb lexicon, the rules, the reference words, the place-name lookup for location
targets, the encoder model and its heads) is loaded lazily, once per process.
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
from .learned.coder import LearnedCoder
from .learned.model import DEFAULT_MODEL, load_coder_model
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


@dataclass(frozen=True, slots=True)
class LearnedEventCoder:
    """The learned coder (``model``) over the rule coder's candidates and features. ``min_confidence``:
    the calibrated probability an event must reach to be kept (None: the model's default, chosen on
    development data); ``threads``: the encoder's intra-op threads (None: ``$EVENTLENS_ENCODER_THREADS``, else 1)."""

    rules: RuleCoder
    model: str = DEFAULT_MODEL
    min_confidence: float | None = None
    threads: int | None = None

    def code(self, analysis: Analysis) -> list[Event]:
        from ..encoder.sentences import SentenceEncodings

        rule_events = self.rules.document(analysis).code()
        model = load_coder_model(self.model, threads=self.threads)
        if analysis.encodings is None or analysis.encodings.encoder is not model.encoder:
            analysis.encodings = SentenceEncodings(model.encoder)
        coder = LearnedCoder(model, min_confidence=self.min_confidence)
        return coder.code(analysis, rule_events=rule_events, encodings=analysis.encodings)

    def versions(self) -> Mapping[str, str]:
        model = load_coder_model(self.model, threads=self.threads)
        floor = model.min_confidence if self.min_confidence is None else self.min_confidence
        return {**self.rules.versions(), "model": model.version, "min_confidence": f"{floor:g}"}


CODERS = ("learned", "rules")


def build_coder(*, coder: str = "learned", nominal: bool = True, min_confidence: float | None = None,
                model: str = DEFAULT_MODEL, threads: int | None = None) -> RuleCoder | LearnedEventCoder:
    """The production event coder: ``coder="learned"`` (default) or ``"rules"``. ``ConfigError`` for an
    unknown coder or a confidence outside 0..1 (``None``: the learned model's default; 0 for the rules)."""
    if coder not in CODERS:
        raise ConfigError(f"events: coder must be one of {', '.join(CODERS)}, not {coder!r}")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise ConfigError(f"events: min_confidence must be between 0 and 1, got {min_confidence}")
    if coder == "rules":
        return RuleCoder(nominal=nominal, min_confidence=min_confidence or 0.0)
    return LearnedEventCoder(rules=RuleCoder(nominal=nominal), model=model, min_confidence=min_confidence, threads=threads)
