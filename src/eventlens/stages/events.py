"""The ``events`` stage: who did what to whom, coded in CAMEO and PLOVER, with evidence."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ConfigError
from ..events import DocumentCoder, load_lexicon, load_rules
from ..events.arguments import ActorIndex
from ..model import Analysis


def _actor_combine() -> Callable[[str, str], str] | None:
    try:
        from ..actors import combine
    except ImportError:  # the actors package is optional for tests that fill mentions by hand
        return None
    return combine


def _place_country() -> Callable[[str], str | None] | None:
    """Country of a place name ("Beijing" -> CHN) from the actor dictionary, for location targets."""
    try:
        from ..actors import load_dictionary
    except ImportError:
        return None
    dictionary = load_dictionary()
    kinds = ("country", "capital", "city", "region")

    def lookup(name: str) -> str | None:
        entry = dictionary.lookup(name)
        return entry.country if entry is not None and entry.kind in kinds else None

    return lookup


class EventCoder:
    """Fills ``analysis.events`` from the parse and the actor mentions.

    Settings: ``min_confidence`` drops events below it; ``nominal`` turns the
    noun triggers ("talks between X and Y", "aid to Gaza") on or off.
    """

    name = "events"
    requires: tuple[str, ...] = ("doc", "sentences", "actors")
    provides: tuple[str, ...] = ("events",)

    def __init__(self, *, min_confidence: float = 0.0, nominal: bool = True) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ConfigError(f"events: min_confidence must be between 0 and 1, got {min_confidence}")
        self.min_confidence = min_confidence
        self.nominal = nominal

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            raise ConfigError("events: the analysis has no spaCy parse; run the segment stage first")
        rules = load_rules()
        index = ActorIndex(analysis, rules=rules, combine=_actor_combine())
        coder = DocumentCoder(analysis, lexicon=load_lexicon(), rules=rules, index=index, nominal=self.nominal, place_country=_place_country())
        analysis.events = [e for e in coder.code() if e.confidence >= self.min_confidence]
        return analysis
