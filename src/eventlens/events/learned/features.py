"""The parse and rule features the learned coder reads beside the encoder's vectors.

Each function returns a fixed-length float vector whose layout is named by a
tuple of feature names (stored with the model, checked at load). Nothing here
depends on which actor or country is involved: only grammar, position and what
the rule coder found.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...encoder.masking import joins_previous
from ...model import ActorMention
from .candidates import Trigger

#: PLOVER 2.0's sixteen event types (the CAMEO table maps every code from root 02 up to one of them).
PLOVER_TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "MOBILIZE", "PROTEST",
                "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN")

MODAL_WORDS = ("will", "would", "could", "may", "might", "should", "must", "can", "shall")
SPEECH_WORDS = ("say", "said", "says", "saying", "tell", "told", "claim", "claimed", "allege", "alleged", "report", "reported",
                "accord", "according", "state", "stated", "announce", "announced", "add", "added")
RULE_MODALITIES = ("asserted", "future", "hypothetical", "reported", "historical")
RELATIONS = ("nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "poss", "compound", "amod", "appos", "conj", "pobj_other",
             "prep_to", "prep_with", "prep_against", "prep_by", "prep_from", "prep_on", "prep_at", "prep_for", "prep_of", "prep_in",
             "prep_into", "prep_over", "prep_about", "prep_between", "prep_toward")
MENTION_KINDS = ("country", "demonym", "metonym", "agent", "actor", "pronoun")

TRIGGER_FEATURES: tuple[str, ...] = (
    ("pos_verb", "pos_noun", "pos_other", "negated", "modal", "if_clause", "question", "under_speech", "passive",
     "tag_vbd", "tag_vbn", "tag_vbg", "tag_vbz_vbp", "tag_vb", "infinitive", "rule_any", "rule_negated")
    + tuple(f"rule_{t}" for t in PLOVER_TYPES)
    + tuple(f"rule_mod_{m}" for m in RULE_MODALITIES)
)
PAIR_FEATURES: tuple[str, ...] = (
    tuple(f"rel_{r}" for r in RELATIONS)
    + ("direct", "path_1", "path_2", "path_3", "path_far", "same_clause_subject", "before", "after", "contains",
       "dist_0_2", "dist_3_5", "dist_6_10", "dist_far", "rule_source", "rule_target")
    + tuple(f"kind_{k}" for k in MENTION_KINDS)
)


def _index(names: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(names)}


_T = _index(TRIGGER_FEATURES)
_P = _index(PAIR_FEATURES)


def _under_speech(tok: Any) -> bool:
    head = tok
    for _ in range(4):
        if head.head is head:
            return False
        if head.dep_ in ("ccomp", "parataxis") and head.head.lower_ in SPEECH_WORDS:
            return True
        head = head.head
    return False


def trigger_vector(doc: Any, trigger: Trigger) -> np.ndarray:
    """Grammar around the trigger token and what the rule coder coded there."""
    tok = doc[trigger.token]
    v = np.zeros(len(TRIGGER_FEATURES), dtype=np.float32)
    v[_T["pos_verb" if tok.pos_ == "VERB" else "pos_noun" if tok.pos_ in ("NOUN", "PROPN") else "pos_other"]] = 1
    children = list(tok.children)
    v[_T["negated"]] = any(c.dep_ == "neg" for c in children)
    v[_T["modal"]] = any(c.dep_ == "aux" and c.lower_ in MODAL_WORDS for c in children)
    v[_T["if_clause"]] = any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children) or (
        tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children))
    v[_T["question"]] = tok.sent.text.rstrip().endswith("?")
    v[_T["under_speech"]] = _under_speech(tok)
    v[_T["passive"]] = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    tag = tok.tag_
    key = {"VBD": "tag_vbd", "VBN": "tag_vbn", "VBG": "tag_vbg", "VBZ": "tag_vbz_vbp", "VBP": "tag_vbz_vbp", "VB": "tag_vb"}.get(tag)
    if key:
        v[_T[key]] = 1
    v[_T["infinitive"]] = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    for event in trigger.rule_events:
        v[_T["rule_any"]] = 1
        if event.negated:
            v[_T["rule_negated"]] = 1
        if event.plover in PLOVER_TYPES:
            v[_T[f"rule_{event.plover}"]] = 1
        if event.modality in RULE_MODALITIES:
            v[_T[f"rule_mod_{event.modality}"]] = 1
    return v


def _relation(head: Any, trig: Any) -> str | None:
    """How the mention's head token attaches to the trigger, when it does directly or through a preposition."""
    if head.head is trig:
        if head.dep_ in RELATIONS:
            return head.dep_
        if head.dep_ in ("nmod", "npadvmod"):
            return "compound"
        return None
    prep = head.head
    if head.dep_ == "pobj" and prep.head is trig and prep.dep_ in ("prep", "agent", "dative"):
        name = "agent" if prep.dep_ == "agent" or prep.lower_ == "by" else f"prep_{prep.lower_}"
        return name if name in RELATIONS else "pobj_other"
    return None


def _path_length(a: Any, b: Any) -> int:
    """Edges between two tokens of one sentence in the dependency tree (a large number when far)."""
    up_a = [a, *a.ancestors]
    depth = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return depth[t.i] + n
    return 99


def _neutral_distance(doc: Any, a: int, b: int) -> int:
    """Words from token ``a`` to token ``b`` as the encoder's neutral text counts them: a name of several words
    (and a "the" before it) is one word (:func:`~eventlens.encoder.masking.joins_previous`, the masking's own
    rule), so a distance never depends on which actor's name lies in between or how it is written."""
    lo, hi = (a, b) if a <= b else (b, a)
    return sum(not joins_previous(doc, i) for i in range(lo + 1, hi + 1))


def _subject_of_governor(head: Any, trig: Any) -> bool:
    """The mention is the subject of a verb that governs the trigger's clause ("X decided to attack")."""
    gov = trig.head
    for _ in range(3):
        if gov is None or gov.head is gov and gov is not trig.head:
            break
        if head.head is gov and head.dep_ in ("nsubj", "nsubjpass") and trig.dep_ in ("xcomp", "ccomp", "advcl", "conj"):
            return True
        gov = gov.head if gov.head is not gov else None
    return False


def pair_vector(doc: Any, trigger: Trigger, mention: ActorMention) -> np.ndarray:
    """Grammar and position of one candidate actor relative to one candidate trigger."""
    trig = doc[trigger.token]
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    v = np.zeros(len(PAIR_FEATURES), dtype=np.float32)
    if span is None or not len(span):
        return v
    head = span.root
    rel = _relation(head, trig)
    if rel is not None:
        v[_P[f"rel_{rel}"]] = 1
        v[_P["direct"]] = 1
    length = _path_length(head, trig)
    v[_P["path_1" if length <= 1 else "path_2" if length == 2 else "path_3" if length == 3 else "path_far"]] = 1
    v[_P["same_clause_subject"]] = _subject_of_governor(head, trig)
    if span.start <= trig.i < span.end:
        v[_P["contains"]] = 1
    else:
        v[_P["before" if span.end <= trig.i else "after"]] = 1
    dist = min(_neutral_distance(doc, trig.i, span.start), _neutral_distance(doc, trig.i, span.end - 1))
    v[_P["dist_0_2" if dist <= 2 else "dist_3_5" if dist <= 5 else "dist_6_10" if dist <= 10 else "dist_far"]] = 1
    for event in trigger.rule_events:
        for role, side in (("rule_source", event.source), ("rule_target", event.target)):
            if side is not None and side.start is not None and side.start < mention.end and mention.start < (side.end or 0):
                v[_P[role]] = 1
    if mention.kind in MENTION_KINDS:
        v[_P[f"kind_{mention.kind}"]] = 1
    return v
