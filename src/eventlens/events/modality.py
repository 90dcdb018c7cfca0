"""Negation and modality of an event's trigger (PLOVER's auxiliary modes, kept simple)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .rules import EventRules

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_CLAUSE_UP = ("xcomp", "conj", "aux", "auxpass", "acomp")


@dataclass(frozen=True, slots=True)
class Modality:
    negated: bool
    modality: str  # asserted | future | hypothetical | reported | historical
    speaker_verb: Any  # the speech verb token for reported speech, or None


def _chain(tok: Any) -> list[Any]:
    """The trigger and the verbs it depends on within its clause (xcomp/conj heads)."""
    out = [tok]
    cur = tok
    while cur.head.i != cur.i and len(out) < 6 and (cur.dep_ in ("xcomp", "conj", "acomp") or _infinitive_purpose(cur)):
        cur = cur.head
        out.append(cur)
    return out


def _infinitive_purpose(tok: Any) -> bool:
    """"(did not give permission) to help": an infinitival adverbial clause shares its governor's polarity and mood."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _fronted_negative(verb: Any) -> bool:
    """"At no time did X ...", "Under no circumstances will X ...": a fronted phrase with "no" and the
    auxiliary before the subject (negative inversion; "In no time, X provided ..." has no inversion)."""
    subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    inverted = any(c.dep_ in ("aux", "auxpass") and c.i < subjects[0] for c in verb.children)
    return inverted and any(
        c.dep_ == "prep" and c.i < subjects[0] and any(o.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in o.children) for o in c.children)
        for c in verb.children
    )


def negated(tok: Any, rules: EventRules) -> bool:
    negators = rules.negators
    for verb in _chain(tok):
        for c in verb.children:
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in ("never", "neither")):
                return True
        if verb.i != tok.i and verb.lower_ in negators:
            return True
        if _fronted_negative(verb):
            return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children if c.dep_ == "dobj")


def _speech_governor(tok: Any, rules: EventRules, lemma_of: Any) -> Any:
    cur = tok
    for _ in range(8):
        if cur.dep_ in ("ccomp", "parataxis") or (cur.dep_ == "conj" and cur.head.dep_ == "ccomp"):
            head = cur.head if cur.dep_ != "conj" else cur.head.head
            if any(lem in rules.speech_verbs for lem in lemma_of(head)):
                return head
        if cur.head.i == cur.i:
            return None
        if cur.dep_ not in ("ccomp", "xcomp", "conj", "parataxis", "advcl"):
            return None
        cur = cur.head
    return None


def modality(tok: Any, *, rules: EventRules, lemma_of: Any, article_year: int | None) -> Modality:
    """Negation, modality and (for reported speech) the speech verb of trigger ``tok``."""
    neg = negated(tok, rules)
    mode = "asserted"
    chain = _chain(tok)
    for n, verb in enumerate(chain):
        auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a in rules.hypothetical_aux for a in auxes):
            mode = "hypothetical"
            break
        if any(a in rules.future_aux for a in auxes) or "going" in auxes:
            mode = "future"
            break
        # "plans to attack": a governor of the act, not a verb coordinated with it ("helped to plan and carry out")
        if verb.i != tok.i and chain[n - 1].dep_ == "xcomp" and any(lem in rules.future_governors for lem in lemma_of(verb)):
            mode = "future"
            break
    if mode == "asserted":
        cur = tok
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in rules.hypothetical_marks for c in cur.children):
                mode = "hypothetical"
                break
            if cur.head.i == cur.i or cur.dep_ not in ("advcl", "xcomp", "conj", "ccomp"):
                break
            cur = cur.head
    speech = _speech_governor(tok, rules, lemma_of)
    if mode == "hypothetical" and speech is not None and _only_would(tok):
        mode = "future"  # "said it would release": the future seen from the past
    if mode == "asserted" and speech is not None:
        mode = "reported"
    if mode in ("asserted", "reported") and article_year:
        for ent in tok.sent.ents:
            if ent.label_ != "DATE":
                continue
            years = [int(y) for y in _YEAR.findall(ent.text)]
            if years and max(years) <= article_year - 2 and _attached(ent.root, tok):
                mode = "historical"
                break
    return Modality(neg, mode, speech)


def _only_would(tok: Any) -> bool:
    auxes = [c.lower_ for v in _chain(tok) for c in v.children if c.dep_ in ("aux", "auxpass")]
    return "would" in auxes and not any(a in ("could", "may", "might", "should", "must") for a in auxes)


def _attached(tok: Any, trigger: Any) -> bool:
    cur = tok
    for _ in range(5):
        if cur.i == trigger.i:
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False
