"""Triggers: which verbs of a sentence are events, and with which code.

A verb's lemmas are looked up in the pattern lexicon with the words of its complements and subject
(:func:`match_verb`); construction rules (:mod:`~eventlens.events.constructions`) may code it instead or
block its default; "agreed/wants/refused to <act>" is folded into one trigger; contents of requests,
means clauses and bare "X said" are dropped (:func:`find_triggers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import constructions as cx
from .document import PASS_SUBJ, SUBJ, VERBAL, CoderContext, purpose_clause
from .lexicon import Match, singular
from .tags import Coded, Construction

_MAX_BAG = 40
_DATE_ENTS = ("DATE", "TIME")
_AUX_NOT_TRIGGERS = ("is", "are", "was", "were", "be", "been")


def _date_phrase(prep: Any) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in _DATE_ENTS for o in objects)


def word_bag(ctx: CoderContext, roots: Iterable[Any]) -> tuple[frozenset[str], dict[str, set[str]]]:
    """The words under ``roots`` (singular forms too) and, per preposition, the words of its phrase.

    Clauses (``rules.clause_deps``), subjects, xcomps and coordinated verbs are not walked into (they are
    events of their own), nor phrases inside phrases; dates select no pattern. At most 40 tokens."""
    words: set[str] = set()
    preps: dict[str, set[str]] = {}
    clause = ctx.rules.clause_deps
    stack = [(r, None, 0) for r in roots]
    count = 0
    while stack and count < _MAX_BAG:
        tok, prep, depth = stack.pop()
        count += 1
        low = tok.lower_
        if tok.ent_type_ in _DATE_ENTS:
            low = ""  # "on March 28", "in May": a date's words select no pattern (march, may)
        elif tok.dep_ == "prep" and _date_phrase(tok):
            continue  # "called on Monday" is not "called on X"
        if low:
            words.add(low)
            words.add(singular(low))
        if tok.dep_ in ("prep", "agent", "dative") and tok.pos_ == "ADP":
            depth += 1
            preps.setdefault(low, set())
            prep = low
        elif prep is not None and low:
            preps[prep].add(low)
            preps[prep].add(singular(low))
        for c in tok.children:
            if depth >= 1 and c.dep_ == "prep":
                continue  # "at the start of a regional trip": a phrase inside a phrase does not select a pattern
            if c.dep_ not in clause and c.dep_ not in ("xcomp",) + SUBJ and not (c.dep_ == "conj" and c.pos_ in VERBAL):
                stack.append((c, prep, depth))  # a coordinated verb is its own event: its words are not this verb's
    return frozenset(words), preps


def match_verb(ctx: CoderContext, verb: Any) -> Match | None:
    """The lexicon's best match for ``verb`` over its lemmas, given its complement and subject words."""
    passive = any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
    comp_roots = [
        c
        for c in verb.children
        if (c.dep_ in ctx.rules.complement_deps and not (c.dep_ == "conj" and c.pos_ in VERBAL)) or (passive and c.dep_ in PASS_SUBJ)
    ]
    complement, preps = word_bag(ctx, comp_roots)
    subj_roots = [c for c in verb.children if c.dep_ in SUBJ]
    if passive and not subj_roots:
        # the logical subject of a passive is its agent ("demolished by a protester")
        subj_roots = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    subject, _ = word_bag(ctx, subj_roots) if subj_roots else (frozenset(), {})
    fpreps = {k: frozenset(v) for k, v in preps.items()}
    direct = frozenset(c.lower_ for c in verb.children if c.dep_ in ("prep", "agent", "dative"))
    best: Match | None = None
    for lemma in ctx.lemma_of(verb):
        found = ctx.lexicon.match(lemma, subject=subject, complement=complement, preps=fpreps, direct=direct)
        if found is not None and (best is None or found.weight > best.weight):
            best = found
    return best


def code_verb(ctx: CoderContext, tok: Any) -> Coded | None:
    """The coded trigger of one verb, or None: an "under" idiom, a light verb with an event noun, the
    lexicon's match (unless a sense restriction blocks a default code), or a labour strike."""
    if tok.pos_ != "VERB" and not (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lower_ not in _AUX_NOT_TRIGGERS):
        return None
    if tok.lower_ in ctx.rules.not_triggers and tok.dep_ in ("prep", "case", "mark", "advmod"):
        return None  # "according to", "following": prepositions tagged as verbs
    under = cx.under_idiom(ctx, tok)
    if under is not None:
        return under
    m = match_verb(ctx, tok)
    if m is not None and m.pattern is not None and cx.borrowed_pattern(ctx, tok, m):
        m = None  # "struggling with homelessness" is not "battle with": a general verb takes only its own patterns
    light = cx.light_verb(ctx, tok, m)
    if light is not None:
        return light
    if m is None or not m.code or (m.pattern is None and cx.default_blocked(ctx, tok, m)):
        return None
    labour = cx.labour_strike(ctx, tok, m)
    if labour is not None:
        return Coded(trigger=tok, code=labour, weight=m.weight, match=None, args_from=tok, construction=Construction.LABOUR_STRIKE, word=tok.lower_)
    return Coded(trigger=tok, code=m.code, weight=m.weight, match=m, args_from=tok, basis=m.rule)


def _foldable(ctx: CoderContext, inner: Coded) -> bool:
    """"vowed to attack" (xcomp), also parsed as an infinitival adverbial clause ("have sworn to fight")."""
    if inner.trigger.dep_ == "xcomp":
        return True
    governors = ctx.rules.intent_verbs | ctx.rules.desire_verbs | ctx.rules.refusal_verbs
    return purpose_clause(inner.trigger) and bool(ctx.lemmas(inner.trigger.head) & governors)


def fold_infinitives(ctx: CoderContext, coded: dict[int, Coded]) -> None:
    """Fold "agreed to provide", "is willing to send", "wants to attack" into one trigger on the outer verb."""
    for i in sorted(coded, reverse=True):
        inner = coded.get(i)
        if inner is None or not _foldable(ctx, inner):
            continue
        outer = inner.trigger.head
        # "prepared to resume shelling", "vowed to continue fighting": look through aspectual verbs
        while outer.i not in coded and outer.dep_ == "xcomp" and outer.head.i != outer.i and ctx.lemmas(outer) & ctx.rules.transparent_verbs:
            outer = outer.head
        new = cx.fold(ctx, outer, inner)
        if new is None:
            continue
        coded[outer.i] = Coded(trigger=outer, code=new, weight=inner.weight, match=inner.match, args_from=inner.trigger,
                               construction=Construction.FOLD, word=outer.lower_, inner=inner)
        del coded[i]


def _asserted(ctx: CoderContext, c: Coded, coded: dict[int, Coded]) -> bool:
    """Whether a coded trigger is an act the sentence asserts (checked in this order)."""
    if c.code == "---":
        return False
    if cx.unrealized_acl(ctx, c.trigger):
        return False  # "efforts to counter X", "plans to sell arms", "the right to fire": not an asserted act
    if cx.adjunct_of_coded(ctx, c.trigger, coded):
        return False  # "deepen ties by promoting ...", "jailed X for helping ...": means and charges, not new acts
    if c.match is not None and c.match.pattern is None and ctx.lemmas(c.trigger) & ctx.rules.speech_verbs:
        if any(ch.dep_ in ("ccomp", "parataxis") for ch in c.trigger.children) or c.code.startswith("01"):
            return False  # the reported content is the event; "X said" alone is not coded
    return True


def find_triggers(ctx: CoderContext, sent: Any) -> list[Coded]:
    """The coded triggers of one sentence, in token order of first coding."""
    coded: dict[int, Coded] = {}
    for tok in sent:
        found = code_verb(ctx, tok)
        if found is not None:
            coded[tok.i] = found
    cx.obligations(ctx, sent, coded)
    fold_infinitives(ctx, coded)
    cx.allegations(ctx, coded)
    for c in list(coded.values()):
        if cx.governing_event(ctx, c.trigger, coded) is not None:
            # "X demanded that Y cancel ...": the governing verb is the event, not the content
            del coded[c.trigger.i]
    return [c for c in coded.values() if _asserted(ctx, c, coded)]
