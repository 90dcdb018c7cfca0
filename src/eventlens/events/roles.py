"""Who did it and to whom: the source and target phrases of a trigger, resolved to actors.

Each function returns the actors found and a :class:`~eventlens.events.tags.Via` saying how: the subject
(with control, inheritance from governing verbs, relative and participle clauses, documents speaking for
their issuer), the passive agent and the other source overrides, the object and the target prepositions.
Noun phrases are resolved by the :class:`~eventlens.events.arguments.ActorIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .document import PASS_SUBJ, CoderContext, participle_modifier
from .lexicon import Match
from .places import place_arg
from .tags import NO_SIDE, NOT_FOUND, Arg, ArgSource, Step, Via, Wrap

_MAX_DEPTH = 4
_WH = ("WP", "WDT", "WP$")


def prep_args(ctx: CoderContext, tok: Any, wanted: Iterable[str]) -> tuple[list[Arg], Via]:
    """Actors of the first phrase of ``tok`` headed by a preposition of ``wanted`` (in that order) that resolves."""
    for prep_word in wanted:
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == prep_word:
                for pobj in c.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        found = ctx.index.resolve_np(pobj)
                        if found:
                            return found, Via(Step.PREP, prep_word)
    return [], NOT_FOUND


def stative_passive(ctx: CoderContext, verb: Any) -> bool:
    """"was involved in talks": a passive without an agent whose subject is the actor."""
    if not any(c.dep_ in PASS_SUBJ for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
        return False
    return any(lem in ctx.rules.stative_passive_verbs for lem in ctx.lemma_of(verb))


def subject_args(ctx: CoderContext, verb: Any, depth: int = 0) -> tuple[list[Arg], Via]:
    """The actors doing ``verb``: its own subject, else the one its clause takes it from (see the helpers)."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj"):
            if verb.dep_ == "relcl" and c.tag_ in _WH:
                return ctx.index.resolve_np(verb.head, strict=True), Via(Step.RELCL)
            found = ctx.index.resolve_np(c, strict=True)
            if not found and c.lower_ in ctx.rules.document_nouns:
                issuer = document_issuer(ctx, c)
                if issuer:
                    return issuer, Via(Step.DOCUMENT_ISSUER)
            return found, Via(Step.NSUBJ)
    if stative_passive(ctx, verb):
        for c in verb.children:
            if c.dep_ in PASS_SUBJ:
                return ctx.index.resolve_np(c, strict=True), Via(Step.STATIVE_PASSIVE)
    if depth > _MAX_DEPTH:
        return [], NO_SIDE
    dep = verb.dep_
    head = verb.head
    if head.i == verb.i:
        return [], NO_SIDE
    if dep in ("xcomp", "conj", "advcl", "pcomp"):
        return _controlled_subject(ctx, verb, depth)
    if dep == "relcl":
        return ctx.index.resolve_np(head, strict=True), Via(Step.RELCL)
    if dep == "acl":
        return _clause_subject(ctx, verb, depth)
    if dep == "acomp" or head.pos_ == "AUX":
        return subject_args(ctx, head, depth + 1)
    return [], NO_SIDE


def _controlled_subject(ctx: CoderContext, verb: Any, depth: int) -> tuple[list[Arg], Via]:
    """Controllers: "urged X to do" -> X does; "jailed X for helping" -> X helped; otherwise the governing subject."""
    dep, head = verb.dep_, verb.head
    if dep == "xcomp":
        for c in head.children:
            if c.dep_ == "dobj":
                found = ctx.index.resolve_np(c)
                if found:
                    return found, Via(Step.XCOMP_OBJECT)
    target = head.head if dep == "pcomp" else head
    if dep == "pcomp" and head.lower_ in ("for", "of"):
        # "jailed X for helping ...", "accused X of making ...": the object (or passive subject) did it
        for c in target.children:
            if c.dep_ in ("dobj",) + PASS_SUBJ:
                return ctx.index.resolve_np(c), Via(Step.PCOMP_OBJECT)
    found, how = subject_args(ctx, target, depth + 1)
    if not found and dep in ("xcomp", "conj"):
        passive = [c for c in target.children if c.dep_ in PASS_SUBJ]
        if passive and dep == "conj" and verb.tag_ == "VBN":
            return [], NO_SIDE  # "were killed or wounded": the people wounded did not wound
        if passive:
            return ctx.index.resolve_np(passive[0]), Via(Step.INHERIT, dep)
    return found, Via(Step.INHERIT, dep) if found else how


def _clause_subject(ctx: CoderContext, verb: Any, depth: int) -> tuple[list[Arg], Via]:
    """A clause on a noun: "Iran's efforts to support" (the possessor), "protesters demanding" (the noun),
    "a declaration demanding" (its issuer), else the subject of the noun's governor."""
    head = verb.head
    poss = [c for c in head.children if c.dep_ == "poss"]
    if poss:
        return ctx.index.resolve_np(poss[0]), Via(Step.ACL_POSS)
    if verb.tag_ == "VBG":
        found = ctx.index.resolve_np(head)
        if found or head.head.i == head.i or head.dep_ not in ("dobj", "attr") or head.lower_ not in ctx.rules.document_nouns:
            return found, Via(Step.ACL)
        # "X issued a declaration demanding ...": the document speaks for the one who issued it
        found, how = subject_args(ctx, head.head, depth + 1)
        return found, how.within(Wrap.ACL)
    found, how = subject_args(ctx, head.head, depth + 1) if head.head.i != head.i else ([], NO_SIDE)
    return found, how.within(Wrap.ACL)


def document_issuer(ctx: CoderContext, noun: Any) -> list[Arg]:
    """"A report released by X", "a statement issued in Kigali": a document speaks for its issuer, or for
    the country it was issued in when no issuer is named."""
    for clause in noun.children:
        if clause.dep_ != "acl" or clause.tag_ != "VBN":
            continue
        found, _ = prep_args(ctx, clause, ("by",))
        if not found:
            for c in clause.children:
                if c.dep_ == "agent":
                    found = [a for p in c.children if p.dep_ == "pobj" for a in ctx.index.resolve_np(p)]
        if found:
            return [a.as_issuer() for a in found]
        if ctx.place_country is not None:
            place = _issued_in(ctx, clause)
            if place is not None:
                return [Arg(place.actor, place.country, ArgSource.DOCUMENT_ISSUED_IN)]
    return []


def _issued_in(ctx: CoderContext, clause: Any) -> Arg | None:
    """The place of an in/from-phrase of a document's participle clause, with its country."""
    for prep in clause.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "from"):
            for pobj in prep.children:
                place = place_arg(ctx, pobj) if pobj.dep_ == "pobj" else None
                if place is None and pobj.dep_ == "pobj":
                    mods = ctx.index.resolve_np(pobj)  # "the Rwandan capital"
                    place = next((a for a in mods if a.country), None)
                if place is not None:
                    return place
    return None


def target_args(ctx: CoderContext, verb: Any, match: Match | None) -> tuple[list[Arg], Via]:
    """The actors ``verb`` acts on, in this order: the noun a participle modifies, the passive subject, the
    objects, the pattern's and then ``rules.target_preps`` phrases, phrases of the objects, one phrase deeper."""
    if participle_modifier(verb):
        # "the civilians imprisoned for ...": the modified noun underwent the act
        found = ctx.index.resolve_np(verb.head)
        if found:
            return found, Via(Step.PARTICIPLE_HEAD)
    for c in verb.children:
        if c.dep_ in PASS_SUBJ and not stative_passive(ctx, verb):
            found = ctx.index.resolve_np(c)
            if found:
                return found, Via(Step.PASSIVE_SUBJECT)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    for c in objects:
        if c.dep_ == "dative" and c.pos_ == "ADP":
            continue
        found = ctx.index.resolve_np(c)
        if found:
            return found, Via(Step.OBJECT, c.dep_)
    preps = [p.prep for p in (match.pattern.preps if match and match.pattern else ()) if p.role == "tgt"]
    found, how = prep_args(ctx, verb, preps + list(ctx.rules.target_preps))
    if found:
        return found, how
    holders = objects + [c for c in verb.children if c.dep_ in PASS_SUBJ]
    for c in holders:
        found, how = prep_args(ctx, c, ctx.rules.target_preps)
        if found:
            return found, how.within(Wrap.OBJECT)
    # one level deeper: "advised against travel to Tunisia", "evidence against Russia was presented"
    inner = [p for p in verb.children if p.dep_ == "prep"] + [p for c in holders for p in c.children if p.dep_ == "prep"]
    for prep in inner:
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                found, how = prep_args(ctx, pobj, ctx.rules.target_preps)
                if found:
                    return found, how.within(Wrap.NESTED)
    return [], NO_SIDE


def source_override(ctx: CoderContext, verb: Any, match: Match | None) -> tuple[list[Arg], Via] | None:
    """Passive agents ("attacked by X") and patterns marking the source in a phrase ("received X from Y");
    None when the subject is the source."""
    passive = any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children) or participle_modifier(verb)
    if passive:
        return _passive_source(ctx, verb, match)
    if match and match.pattern:
        src_preps = [p.prep for p in match.pattern.preps if p.role == "src"]
        if src_preps:
            found, how = prep_args(ctx, verb, src_preps)
            if found:
                return found, how
    return None


def _passive_source(ctx: CoderContext, verb: Any, match: Match | None) -> tuple[list[Arg], Via] | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    return ctx.index.resolve_np(pobj, strict=True), Via(Step.PASSIVE_AGENT)
    if any(lem in ctx.rules.stative_passive_verbs for lem in ctx.lemma_of(verb)):
        return None
    found = attack_noun_source(ctx, verb)
    if found:
        return found, Via(Step.PASSIVE_ATTACK_NOUN)
    if match is not None and match.code[:2] in ("18", "19", "20"):
        # "a mortar bomb was fired at Israel from the Gaza Strip": the origin of the fire names the attacker
        found, _ = prep_args(ctx, verb, ("from",))
        if found:
            return found, Via(Step.PASSIVE_FIRED_FROM)
    return [], Via(Step.PASSIVE_NO_AGENT)


def attack_noun_source(ctx: CoderContext, verb: Any) -> list[Arg]:
    """"were killed in Israeli shelling", "died in an air strike by X": the attacker named on the attack noun."""
    nouns = ctx.rules.attack_nouns
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "by", "during", "from"):
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            if pobj.lower_ not in nouns:
                # "in Israeli tank shelling" is often parsed as pobj "tank" + a verbal "shelling" on the verb
                nxt = pobj.doc[pobj.i + 1] if pobj.i + 1 < len(pobj.doc) else None
                if nxt is None or nxt.head.i != verb.i or nxt.lower_ not in nouns:
                    continue
                if pobj.pos_ in ("PROPN", "ADJ"):  # "in Israeli shelling": the demonym itself was made the object
                    own = ctx.index.resolve_np(pobj)
                    if own:
                        return own
            mods = ctx.index.modifier_mentions(pobj)
            if mods:
                return mods
            found, _ = prep_args(ctx, pobj, ("by", "from"))
            if found:
                return found
    return []
