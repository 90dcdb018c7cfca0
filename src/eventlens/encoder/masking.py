"""Neutral text for the learned models: names replaced by the kind of thing they name.

Every learned head reads a sentence through :func:`neutral_sentence`: each run of
tokens that spaCy tags as a name (a person, group, organisation, country, place or
building, or a proper noun it did not classify) becomes one word for its kind
("person", "group", "organization", "country", "place", "building", "name"). So no
actor's identity reaches a model: swapping "Iran" for "Israel" in a sentence gives
the model the same input, and the name-swap symmetry checks hold by construction.
Dates, numbers and ordinary words keep their text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

PLACEHOLDERS = {"PERSON": "person", "NORP": "group", "ORG": "organization", "GPE": "country", "LOC": "place", "FAC": "building"}


@dataclass(frozen=True, slots=True)
class NeutralText:
    """A sentence with names replaced. ``tokens[k]`` is the ``(start, end)`` in ``text`` of the sentence's
    k-th token (all tokens of one name share their placeholder's span); ``doc_start`` is the
    document offset of the sentence's first token."""

    text: str
    tokens: tuple[tuple[int, int], ...]
    token_starts: tuple[int, ...]  # document character offset of each token
    token_ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of ``text`` that covers the tokens overlapping document span ``[start, end)``;
        ``(0, 0)`` when no token does."""
        hit = [k for k, (a, z) in enumerate(zip(self.token_starts, self.token_ends)) if a < end and start < z]
        if not hit:
            return (0, 0)
        return (min(self.tokens[k][0] for k in hit), max(self.tokens[k][1] for k in hit))


def placeholder(tok: Any) -> str | None:
    """The word that replaces a token, or None when it keeps its text."""
    if tok.is_punct or tok.is_space:
        return None
    if tok.ent_type_ in PLACEHOLDERS:
        return PLACEHOLDERS[tok.ent_type_]
    if tok.pos_ == "PROPN" and not tok.ent_type_:
        return "name"  # a proper noun the recogniser missed (dates and numbers keep their words)
    return None


def absorbed_article(tokens: Sequence[Any], i: int) -> bool:
    """Whether token ``i`` is a "the" directly before a name: it joins the name's placeholder, so "the United
    States" and "Iran" both read "country" (a name's own article must not tell one actor from another)."""
    tok = tokens[i]
    if tok.lower_ != "the" or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.ent_iob_ == "B" and nxt.ent_type_ in PLACEHOLDERS and tok.whitespace_ != ""


def _word(tokens: Sequence[Any], i: int) -> str | None:
    """The placeholder token ``i`` shows in the neutral text (an absorbed "the" shows its name's)."""
    return placeholder(tokens[i + 1]) if absorbed_article(tokens, i) else placeholder(tokens[i])


def joins_previous(tokens: Sequence[Any], i: int) -> bool:
    """Whether token ``i`` continues the neutral word of token ``i - 1`` (the rest of a name, or the name after
    its absorbed "the"); the first token never joins."""
    if i <= 0:
        return False
    word = _word(tokens, i)
    return (word is not None and word == _word(tokens, i - 1)
            and (tokens[i].ent_iob_ != "B" or absorbed_article(tokens, i - 1)))


def neutral_sentence(tokens: Sequence[Any]) -> NeutralText:
    """The neutral form of a run of spaCy tokens (a sentence span). A name that continues over several
    tokens (same placeholder, not a new entity) becomes one placeholder word, and a "the" just before a
    name joins it (:func:`absorbed_article`, :func:`joins_previous`)."""
    tokens = list(tokens)
    pieces: list[str] = []
    length = 0
    spans: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        word = _word(tokens, i)
        if spans and joins_previous(tokens, i):
            # the rest of the same name: it shares the placeholder; move the trailing space after it
            if pieces and pieces[-1] == " ":
                pieces.pop()
                length -= 1
            spans.append(spans[-1])
        else:
            text = word if word is not None else tok.text
            spans.append((length, length + len(text)))
            pieces.append(text)
            length += len(text)
        if tok.whitespace_:
            pieces.append(" ")
            length += 1
    return NeutralText(text="".join(pieces), tokens=tuple(spans), token_starts=tuple(t.idx for t in tokens),
                       token_ends=tuple(t.idx + len(t.text) for t in tokens))
