"""The ``events`` stage: who did what to whom, coded in CAMEO and PLOVER, with evidence."""

from __future__ import annotations

from ..errors import ConfigError
from ..events import build_coder
from ..events.learned.model import DEFAULT_MODEL
from ..events.tables import tables_version
from ..model import Analysis


class EventCoder:
    """Fills ``analysis.events`` from the parse and the actor mentions.

    Settings: ``coder`` is ``"learned"`` (the default: the learned coder deciding over the rule
    coder's candidates) or ``"rules"``; ``min_confidence`` drops events below it (for the learned
    coder a calibrated probability that type, source and target are right; None: the model's
    default); ``nominal`` turns the rule coder's noun triggers ("talks between X and Y", "aid to
    Gaza") on or off; ``model`` names the encoder model of the learned coder.
    """

    name = "events"
    requires: tuple[str, ...] = ("doc", "sentences", "actors")
    provides: tuple[str, ...] = ("events",)

    def __init__(self, *, coder: str = "learned", min_confidence: float | None = None, nominal: bool = True,
                 model: str = DEFAULT_MODEL) -> None:
        self.coder = build_coder(coder=coder, nominal=nominal, min_confidence=min_confidence, model=model)
        self.min_confidence = min_confidence
        self.nominal = nominal

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            raise ConfigError("events: the analysis has no spaCy parse; run the segment stage first")
        analysis.events = self.coder.code(analysis)
        # which data produced the events (each event's ``rule`` names the entry; these name the files' versions)
        analysis.meta.setdefault("rules", {})["events"] = {**self.coder.versions(), "tables": tables_version()}
        return analysis
