"""Helpers for stages that consume actor mentions (the event coder)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..model import ActorMention
from .context import placed_by_context

# Dependency labels that stay inside a noun phrase when looking for its actors.
_NP_INTERNAL = frozenset({"amod", "compound", "poss", "nmod", "det", "conj", "cc", "appos", "case", "nummod", "quantmod", "punct"})


def noun_phrase_bounds(token: Any) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``token``: its left modifiers, coordinated
    heads and "of" complements, without relative clauses or other prepositions."""
    start, end = token.idx, token.idx + len(token)
    for child in token.children:
        if child.i < token.i and child.dep_ in _NP_INTERNAL:
            start = min(start, child.left_edge.idx)
        elif child.i > token.i and (child.dep_ in ("conj", "appos") or (child.dep_ == "prep" and child.lower_ == "of")):
            right = child.right_edge
            end = max(end, right.idx + len(right))
    return start, end


def mentions_for_token(mentions: Sequence[ActorMention], token: Any) -> list[ActorMention]:
    """Mentions inside the noun phrase headed by ``token`` (a spaCy token of the analysed doc).

    For "Hungarian and Romanian officials" (head "officials") both the HUNGOV
    and the ROUGOV mention are returned; for "the army of Israel" the one
    ISRMIL mention. Mentions nested inside a bigger mention are dropped.
    """
    start, end = noun_phrase_bounds(token)
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    return [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in inside)]


def dominant_country(
    mentions: Sequence[ActorMention],
    *,
    paragraph: int | None = None,
    sentences: Sequence[Any] | None = None,
) -> str | None:
    """The country mentioned most often (ties: the earliest mentioned).

    With ``paragraph`` and ``sentences`` (``Analysis.sentences``) only mentions
    in that paragraph count; when the paragraph has none, the whole article counts.
    Only countries the text states count: pronouns and agent nouns that took
    their country from the context (rule ``+context:``) do not.
    """
    pool = [m for m in mentions if not placed_by_context(m)]
    if paragraph is not None and sentences is not None:
        para_of = {s.index: s.paragraph for s in sentences}
        local = [m for m in pool if m.sentence is not None and para_of.get(m.sentence) == paragraph and m.country]
        if local:
            pool = local
    counts = Counter(m.country for m in pool if m.country and m.kind != "pronoun")
    if not counts:
        return None
    first: dict[str, int] = {}
    for m in pool:
        if m.country and m.country not in first:
            first[m.country] = m.start
    return max(counts, key=lambda c: (counts[c], -first[c]))
