"""Noun triggers: "talks between X and Y", "the visit of X to Y", "Iran's aid to Gaza".

A noun of the lexicon's ``N`` rows (not inside a coded verb's object) is an event when its phrases name
both sides: the roles of its prepositions say which phrase is the source, the target or both sides, and
an actor modifying the noun ("Iranian aid") is a source.
"""

from __future__ import annotations

from typing import Any

from ..model import Event
from .assemble import assemble
from .document import CoderContext
from .lexicon import NounTrigger
from .tags import Arg, Coded, Step, Via

_NOMINAL = Via(Step.NOMINAL)


def _sides(ctx: CoderContext, tok: Any, trig: NounTrigger) -> tuple[list[Arg], list[Arg]]:
    sources: list[Arg] = []
    targets: list[Arg] = []
    both: list[Arg] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in trig.roles:
            role = trig.roles[c.lower_]
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    found = ctx.index.resolve_np(pobj)
                    {"src": sources, "tgt": targets, "both": both}[role].extend(found)
        elif c.dep_ in ("poss", "amod", "compound"):
            if ctx.index.mention_at(c) is not None:
                sources.extend(ctx.index.resolve_np(c))
    if len(both) >= 2:
        return both, []
    return sources, targets


def nominal_events(ctx: CoderContext, sent: Any, used: set[int]) -> list[Event]:
    """The events of the noun triggers of one sentence; tokens in ``used`` (coded verbs' objects) are skipped."""
    out: list[Event] = []
    for tok in sent:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in used:
            continue
        trig = ctx.lexicon.nouns.get(tok.lower_)
        if trig is None:
            continue
        sources, targets = _sides(ctx, tok, trig)
        if not (sources and (targets or len(sources) >= 2)):
            continue
        coded = Coded(trigger=tok, code=trig.code, weight=1.0, match=None, args_from=tok, basis=trig.rule)
        out.extend(assemble(ctx, coded, sent, sources, _NOMINAL, targets, _NOMINAL))
    return out
