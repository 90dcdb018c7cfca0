"""Coding the events of one parsed document: the thin orchestrator over the coding modules.

Per sentence: triggers (:mod:`~eventlens.events.triggers`, with :mod:`~eventlens.events.constructions`),
the sides of each (:mod:`~eventlens.events.sides`, :mod:`~eventlens.events.roles`), events assembled
(:mod:`~eventlens.events.assemble`), then noun triggers (:mod:`~eventlens.events.nominal`); an accusation
reported twice by one side is kept once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Analysis, Event
from .arguments import ActorIndex
from .document import CoderContext, article_year
from .lexicon import Lexicon, Match
from .nominal import nominal_events
from .roles import subject_args, target_args
from .rules import EventRules
from .sides import code_trigger
from .tags import Arg, Coded, Via
from .triggers import find_triggers, match_verb


class DocumentCoder:
    """Codes every sentence of one analysis; built per document, cheap (:func:`eventlens.events.build_coder`
    assembles it with the packaged data)."""

    def __init__(
        self,
        analysis: Analysis,
        *,
        lexicon: Lexicon,
        rules: EventRules,
        index: ActorIndex,
        nominal: bool = True,
        place_country: Callable[[str], str | None] | None = None,
    ) -> None:
        self.analysis = analysis
        self.nominal = nominal
        self.ctx = CoderContext(analysis=analysis, lexicon=lexicon, rules=rules, index=index, place_country=place_country,
                                year=article_year(analysis))

    def lemma_of(self, tok: Any) -> tuple[str, ...]:
        """Verb lemmas of a token (the lexicon's, else candidate stems)."""
        return self.ctx.lemma_of(tok)

    def match_verb(self, verb: Any) -> Match | None:
        return match_verb(self.ctx, verb)

    def subject_args(self, verb: Any) -> tuple[list[Arg], Via]:
        return subject_args(self.ctx, verb)

    def target_args(self, verb: Any, match: Match | None) -> tuple[list[Arg], Via]:
        return target_args(self.ctx, verb, match)

    def triggers(self, sent: Any) -> list[Coded]:
        """The coded triggers of one sentence, before their sides are found."""
        return find_triggers(self.ctx, sent)

    def events_for(self, c: Coded, sent: Any, used: set[int]) -> list[Event]:
        """The events of one coded trigger (``used`` collects the tokens of its objects)."""
        return code_trigger(self.ctx, c, sent, used)

    def code_sentence(self, sent: Any) -> list[Event]:
        events: list[Event] = []
        used: set[int] = set()
        for c in self.triggers(sent):
            events.extend(self.events_for(c, sent, used))
        if self.nominal:
            events.extend(nominal_events(self.ctx, sent, used))
        # one statement reporting two acts by the same side is one accusation
        seen: set[tuple[Any, ...]] = set()
        unique = []
        for e in events:
            key = (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo, e.trigger_start)
            if key not in seen:
                seen.add(key)
                unique.append(e)
        return unique

    def code(self) -> list[Event]:
        """The events of every sentence, in text order."""
        events: list[Event] = []
        for sent in self.analysis.doc.sents:
            events.extend(self.code_sentence(sent))
        return events
