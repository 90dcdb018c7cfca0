"""The two sides of a coded trigger: who acts, on whom, after the rules that swap or refine them.

:func:`code_trigger` finds the sources and targets of one coded trigger (:mod:`~eventlens.events.roles`),
then applies, in this order: receiver verbs ("received a warning from X"), self-directed passives, explicit
target phrases, the source's own object, instrument objects, targets implied by an infinitive, a request's
content or a protest's aim, joint acts, location targets, required targets and required partners; the
sides left are assembled into events (:func:`~eventlens.events.assemble.assemble`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Event
from .assemble import assemble
from .constructions import undergo_sources
from .document import VERBAL, CoderContext, infinitive
from .places import location_target
from .roles import prep_args, source_override, subject_args, target_args
from .tags import Arg, Coded, Construction, Step, Via, Wrap

_DOBJ = Via(Step.OBJECT, "dobj")
_JOINT_MODIFIERS = ("joint", "combined", "bilateral", "multinational")


@dataclass(slots=True)
class Sides:
    """The sources and targets of one trigger, each with how it was found (changed step by step)."""

    sources: list[Arg]
    s_via: Via
    targets: list[Arg]
    t_via: Via

    def symmetric(self, ctx: CoderContext, code: str) -> bool:
        """Several sources of a joint act ("Iran and Iraq met"): they are each other's targets."""
        return len(self.sources) > 1 and code in ctx.rules.symmetric_codes


def code_trigger(ctx: CoderContext, c: Coded, sent: Any, used: set[int]) -> list[Event]:
    """The events of one coded trigger; ``used`` collects the tokens of its objects (no noun trigger there)."""
    if c.construction is Construction.UNDERGO:
        return _undergo(ctx, c, sent)
    sides = _found_sides(ctx, c)
    if not _receiver(ctx, c, sides):
        return []
    for ch in c.args_from.children:
        if ch.dep_ in ("dobj", "attr"):
            used.update(t.i for t in ch.subtree)
    if sides.s_via == Via(Step.PASSIVE_NO_AGENT) and c.code in ctx.rules.self_directed_codes:
        # "the guerrillas have been demobilized", "troops were withdrawn from X": the side that retreats acts
        sides.sources, sides.s_via = sides.targets, Via(Step.PASSIVE_SELF_DIRECTED)
        sides.targets, sides.t_via = prep_args(ctx, c.args_from, ("from", "out"))
    if not sides.sources:
        return []
    if c.target_tok is not None:
        sides.targets, sides.t_via = ctx.index.resolve_np(c.target_tok), Via(Step.APPEAL_OBJECT)
    if not _own_targets(ctx, c, sides):
        return []
    if not sides.targets:
        _implied_targets(ctx, c, sides)
    joint = ctx.rules.joint_codes.get(c.code)
    if joint and (len({a.country for a in sides.sources if a.country}) >= 2 or _joint_modifier(c.args_from)):
        # "French and Egyptian warships launched war games", "joint exercises": military cooperation
        c = c.recoded(joint, Construction.JOINT)
    if not sides.targets and not sides.symmetric(ctx, c.code):
        found = location_target(ctx, c.args_from)
        if found is not None:
            sides.targets, sides.t_via = [found], Via(Step.LOCATION)
    if not sides.targets and c.code in ctx.rules.target_required_codes and not sides.symmetric(ctx, c.code):
        return []  # "travelling to the airport": a visit needs someone or somewhere foreign to visit
    if _partnerless(ctx, c, sides):
        return []  # "residents huddling indoors", "officials helped create the program": no second side
    return assemble(ctx, c, sent, sides.sources, sides.s_via, sides.targets, sides.t_via)


def _undergo(ctx: CoderContext, c: Coded, sent: Any) -> list[Event]:
    """"the convoy came under attack from rebels": the from-phrase acts on the subject; unnamed, no event."""
    sources = undergo_sources(ctx, c)
    targets, t_via = subject_args(ctx, c.trigger)
    if not sources:
        return []
    return assemble(ctx, c, sent, sources, Via(Step.UNDERGO_FROM), targets, t_via.within(Wrap.UNDERGO))


def _found_sides(ctx: CoderContext, c: Coded) -> Sides:
    """A source override (passive agent, source preposition) or the subject; the targets that go with it."""
    override = source_override(ctx, c.args_from, c.match)
    if override is None:
        return Sides(*subject_args(ctx, c.trigger), *target_args(ctx, c.args_from, c.match))
    sources, s_via = override
    if s_via.step is Step.PREP:  # "received X from Y": the subject is the target
        return Sides(sources, s_via, *subject_args(ctx, c.args_from))
    return Sides(sources, s_via, *target_args(ctx, c.args_from, c.match))


def _receiver(ctx: CoderContext, c: Coded, sides: Sides) -> bool:
    """"Obama faces pressure from Congress", "Iran received a warning from the UN": the from-phrase acts and the
    subject is the target. False: "Iran faces pressure", the subject undergoes it and who acts is not said."""
    lemmas = ctx.lemmas(c.trigger)
    if not (lemmas & ctx.rules.receiver_verbs and sides.sources):
        return True
    for holder in [c.trigger, *[ch for ch in c.trigger.children if ch.dep_ == "dobj"]]:
        found, _ = prep_args(ctx, holder, ("from",))
        if found:
            sides.sources, sides.s_via, sides.targets, sides.t_via = found, Via(Step.RECEIVER_FROM), sides.sources, sides.s_via.within(Wrap.RECEIVER)
            return True
    return not (lemmas & ctx.rules.undergo_verbs and c.code[:2] >= "10")


def _own_object(ctx: CoderContext, verb: Any) -> bool:
    """"recalled its ambassador": the object is owned by the subject (``rules.own_possessives``)."""
    return any(p.dep_ == "poss" and p.lower_ in ctx.rules.own_possessives for c in verb.children if c.dep_ == "dobj" for p in c.children)


def _joint_modifier(verb: Any) -> bool:
    return any(m.lower_ in _JOINT_MODIFIERS for c in verb.children if c.dep_ == "dobj" for m in c.children)


def _own_targets(ctx: CoderContext, c: Coded, sides: Sides) -> bool:
    """An object that is the source's own is no target: its phrase or the verb's names one instead.
    False: care for one's own is no aid to anyone ("to protect its citizens")."""
    args_tok = c.args_from
    if sides.t_via == _DOBJ and sides.targets and _own_object(ctx, args_tok):
        # "recalled its ambassador to Moscow": the source's own people are not the target
        dobj = next(ch for ch in args_tok.children if ch.dep_ == "dobj")
        sides.targets, sides.t_via = prep_args(ctx, dobj, ctx.rules.target_preps)
        if not sides.targets:
            sides.targets, sides.t_via = prep_args(ctx, args_tok, ctx.rules.target_preps)
        if not sides.targets and c.code[:2] == "07":
            return False
    if sides.t_via == _DOBJ and c.code in ctx.rules.instrument_object_codes and all(t.country is None for t in sides.targets):
        # "deployed troops to Mali", "mobilized reservists": the object is the source's own force, not the target
        sides.targets, sides.t_via = prep_args(ctx, args_tok, ctx.rules.target_preps)
    return True


def _implied_targets(ctx: CoderContext, c: Coded, sides: Sides) -> None:
    """Targets named outside the verb's own phrases: in an uncoded infinitive, a request's content, a protest's aim."""
    args_tok = c.args_from
    # "threatened to cut off electricity to X", "offered to hand over to X": an act announced in an
    # uncoded infinitive still names whom it is aimed at
    for clause in args_tok.children:
        if clause.dep_ == "xcomp" and clause.pos_ in VERBAL:
            found, via = target_args(ctx, clause, None)
            if found:
                sides.targets, sides.t_via = found, via.within(Wrap.XCOMP)
                return
    if c.code[:2] in ctx.rules.request_roots:
        # "demanded that the US cancel plans", "insisted that Y grant ...": the one asked to act is the target
        for clause in args_tok.children:
            if clause.dep_ == "ccomp":
                found, via = subject_args(ctx, clause)
                if found and via == Via(Step.NSUBJ):
                    sides.targets, sides.t_via = found, Via(Step.REQUEST_CONTENT_SUBJECT)
                    return
    if c.code[:2] == "14":
        # "began a hunger strike to protest against Sweden's decision", "blocked roads to press demands on X":
        # the aim of a protest names its target
        objects = [ch for ch in args_tok.children if ch.dep_ == "dobj"]
        for aim in [*args_tok.children, *[x for o in objects for x in o.children]]:
            if aim.dep_ in ("advcl", "relcl", "acl") and infinitive(aim):
                targets, via = target_args(ctx, aim, None)
                sides.targets, sides.t_via = targets, via.within(Wrap.PROTEST_AIM)
                return


def _partnerless(ctx: CoderContext, c: Coded, sides: Sides) -> bool:
    """An act that needs a second side (:func:`needs_partner`) with none but its sources."""
    own = {a.actor.code for a in sides.sources}
    joint_sides = len({a.actor.code or a.actor.text for a in sides.sources}) > 1 and c.code in ctx.rules.symmetric_codes
    return not joint_sides and not [t for t in sides.targets if t.actor.code not in own] and needs_partner(ctx, c)


def needs_partner(ctx: CoderContext, c: Coded) -> bool:
    """A verb's default code (no pattern matched) of cooperation or aid (``partner_required_roots``), or the default
    or a preposition-only pattern of a verb of ``partner_verbs`` (arrive, come to, travel, call) is an act between
    two sides: with no second side named it is the verb's everyday sense ("police arrived", "helps people attend",
    "when it comes to ...", "customers calling"). Constructions and triggers without a lexicon row never need one."""
    if c.match is None or c.construction is not None:
        return False
    pattern = c.match.pattern
    if pattern is None and c.code[:2] in ctx.rules.partner_required_roots:
        return True
    if pattern is not None and (pattern.words or pattern.subject or any(p.words for p in pattern.preps)):
        return False
    return bool(ctx.lemmas(c.trigger) & ctx.rules.partner_verbs)
