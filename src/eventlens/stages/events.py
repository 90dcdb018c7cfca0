"""The ``events`` stage: who did what to whom, coded in CAMEO and PLOVER, with evidence."""

from __future__ import annotations

from collections.abc import Callable

from ..actors import load_dictionary
from ..actors.reference import reference_words
from ..errors import ConfigError
from ..events import DocumentCoder, load_lexicon, load_rules
from ..events.arguments import ActorIndex
from ..model import Analysis

_PLACE_KINDS = ("country", "capital", "city", "region")


def _place_country() -> Callable[[str], str | None]:
    """Country of a place name ("Beijing" -> CHN) from the actor dictionary, for location targets."""
    dictionary = load_dictionary()

    def lookup(name: str) -> str | None:
        entry = dictionary.lookup(name)
        return entry.country if entry is not None and entry.kind in _PLACE_KINDS else None

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
        self._place_country: Callable[[str], str | None] | None = None  # built on first use, then reused

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            raise ConfigError("events: the analysis has no spaCy parse; run the segment stage first")
        rules = load_rules()
        if self._place_country is None:
            self._place_country = _place_country()
        lexicon = load_lexicon()
        index = ActorIndex(analysis, rules=rules)
        coder = DocumentCoder(analysis, lexicon=lexicon, rules=rules, index=index, nominal=self.nominal,
                              place_country=self._place_country)
        analysis.events = [e for e in coder.code() if e.confidence >= self.min_confidence]
        # which data produced the events (each event's ``rule`` names the entry; these name the files' versions)
        analysis.meta.setdefault("rules", {})["events"] = {"lexicon": lexicon.version, "rules": rules.version, "reference": reference_words().version}
        return analysis
