"""What the learned coder decides about: candidate triggers and candidate actors, sentence by sentence.

:func:`sentence_candidates` is the one builder of candidates, used alike by the
``events`` stage, by evaluation and by the training script, so the model is
trained on exactly what it later sees. A sentence is a candidate when it has at
least one actor mention (from the ``actors`` stage; places are not actors) and one candidate trigger:
a verb, a noun on the model's event-noun list, or a token the rule coder already
coded. For each, the neutral text (:mod:`eventlens.encoder.masking`) is what the
encoder reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...encoder.masking import NeutralText, neutral_sentence
from ...encoder.sentences import token_range
from ...model import ActorMention, Analysis, Event
from ..lexicon import singular


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token that may express an event: its document token index and character span, and the rule
    coder's events at it (their features; the learned coder decides)."""

    token: int
    start: int
    end: int
    rule_events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class SentenceCandidates:
    """One sentence's candidates: ``sentence`` indexes ``analysis.sentences``; ``first``/``last`` are
    its document token range; ``mentions`` its actor mentions (in text order, nested ones dropped) and
    ``all_mentions`` every mention in it (other heads read them from the same encoder pass)."""

    sentence: int
    first: int
    last: int
    neutral: NeutralText
    mentions: tuple[ActorMention, ...]
    triggers: tuple[Trigger, ...]
    all_mentions: tuple[ActorMention, ...] = ()

    def spans(self) -> list[tuple[int, int]]:
        """The document spans the encoder pools for this sentence: triggers, then every mention."""
        return [(t.start, t.end) for t in self.triggers] + [(m.start, m.end) for m in self.all_mentions]


def noun_key(word: str) -> str:
    """How an event noun is looked up: lower case, singular ("Clashes" -> "clash")."""
    return singular(word.lower())


def _outer_mentions(mentions: Iterable[ActorMention]) -> tuple[ActorMention, ...]:
    """Mentions in text order without those inside another (the longer one stands for the actor)."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ActorMention] = []
    for m in ordered:
        if kept and m.start >= kept[-1].start and m.end <= kept[-1].end:
            continue
        kept.append(m)
    return tuple(kept)


def _is_trigger(tok: Any, nouns: frozenset[str], ruled: set[int]) -> bool:
    if tok.i in ruled:
        return True
    if tok.pos_ == "VERB":
        return True
    return tok.pos_ in ("NOUN", "PROPN") and noun_key(tok.text) in nouns


def sentence_candidates(analysis: Analysis, *, nouns: frozenset[str], rule_events: Sequence[Event] = ()) -> list[SentenceCandidates]:
    """Candidates of every sentence of ``analysis`` (which needs its spaCy ``doc``) that has both an actor
    mention and a candidate trigger; ``rule_events`` are the rule coder's events for this analysis."""
    doc = analysis.doc
    by_sentence: dict[int, list[ActorMention]] = {}
    for m in analysis.actors:
        index = m.sentence if m.sentence is not None else analysis.sentence_of(m.start)
        by_sentence.setdefault(index, []).append(m)
    rules_at: dict[int, list[Event]] = {}
    for event in rule_events:
        if event.trigger_start is not None:
            span = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
            if span is not None and len(span):
                rules_at.setdefault(span.root.i, []).append(event)
    out: list[SentenceCandidates] = []
    for sentence in analysis.sentences:
        mentions = by_sentence.get(sentence.index)
        if not mentions:
            continue
        read = token_range(doc, sentence.start, sentence.end)
        if read is None:
            continue
        first, last = read
        ruled = {i for i in range(first, last) if i in rules_at}  # per token: a scan of rules_at per sentence was quadratic
        triggers = tuple(Trigger(t.i, t.idx, t.idx + len(t.text), tuple(rules_at.get(t.i, ()))) for t in doc[first:last]
                         if _is_trigger(t, nouns, ruled))
        # a country named as where something happens or as an attribute ("in central Turkey", "Iranian oil") is a
        # place, not an actor (kind ``place``, docs/annotation.md 2.1): never a side of an event
        inside = [m for m in mentions if m.start < doc[last - 1].idx + len(doc[last - 1].text) and m.kind != "place"]
        if not triggers or not inside:
            continue
        out.append(SentenceCandidates(sentence=sentence.index, first=first, last=last, neutral=neutral_sentence(doc[first:last]),
                                      mentions=_outer_mentions(inside), triggers=triggers, all_mentions=tuple(mentions)))
    return out
