"""Countries for the country-less sides of learned events, by the rule coder's attachment rule.

An agent noun the actors stage left without a country ("police", "the court", "workers") is
given the nearest country of its sentence, else of its paragraph, else the article's dominant
one, never the country of the event's other side: :meth:`eventlens.events.arguments.ActorIndex.attach_country`,
the very rule the rule coder applies, so both coders code "police arrested ..." alike. The
scope the country came from is recorded in the event's ``rule``.
"""

from __future__ import annotations

from ...actors.codes import ORGANISATION_PREFIXES, split_code
from ...model import ActorMention, Analysis, EventActor
from ..arguments import ActorIndex
from ..rules import load_rules
from ..tags import Arg, ArgSource




def placed(code: str | None) -> bool:
    """Whether an actor code says where the actor belongs: a country (``USAJUD``, ``IRN``) or an
    organisation above countries (``IGOUNO``, ``NGOHRI``); ``JUD``, ``---CVL`` and no code do not."""
    if not code:
        return False
    return code.upper().startswith(ORGANISATION_PREFIXES) or split_code(code)[0] is not None


class SideCountries:
    """Event sides of one analysis, with countries attached where the mention has none (the index is built once, lazily)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._index: ActorIndex | None = None

    def side(self, mention: ActorMention, *, other: ActorMention | None) -> tuple[EventActor, str | None]:
        """The event actor for ``mention`` and the scope its country was attached from (None: its own)."""
        actor = EventActor(text=self.analysis.text[mention.start : mention.end], code=mention.code, start=mention.start,
                           end=mention.end)
        if mention.country or not mention.code or self.analysis.doc is None:
            return actor, None
        sentence = self.analysis.sentences[self.analysis.sentence_of(mention.start)]
        span = self.analysis.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            return actor, None
        arg = Arg(actor=actor, country=None, source=ArgSource.MENTION)
        avoid = [other.country] if other is not None and other.country else []
        done = self._actor_index().attach_country(arg, sentence=span, avoid=avoid,
                                                  avoid_at=[other.start] if other is not None else [])
        return done.actor, done.attached

    def _actor_index(self) -> ActorIndex:
        if self._index is None:
            self._index = ActorIndex(self.analysis, rules=load_rules())
        return self._index
