"""The ``events`` stage: who did what to whom, coded in CAMEO and PLOVER, with evidence."""

from __future__ import annotations

from ..errors import ConfigError
from ..events import build_coder
from ..model import Analysis


class EventCoder:
    """Fills ``analysis.events`` from the parse and the actor mentions.

    Settings: ``min_confidence`` drops events below it; ``nominal`` turns the
    noun triggers ("talks between X and Y", "aid to Gaza") on or off.
    """

    name = "events"
    requires: tuple[str, ...] = ("doc", "sentences", "actors")
    provides: tuple[str, ...] = ("events",)

    def __init__(self, *, min_confidence: float = 0.0, nominal: bool = True) -> None:
        self.coder = build_coder(nominal=nominal, min_confidence=min_confidence)
        self.min_confidence = min_confidence
        self.nominal = nominal

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            raise ConfigError("events: the analysis has no spaCy parse; run the segment stage first")
        analysis.events = self.coder.code(analysis)
        # which data produced the events (each event's ``rule`` names the entry; these name the files' versions)
        analysis.meta.setdefault("rules", {})["events"] = dict(self.coder.versions())
        return analysis
