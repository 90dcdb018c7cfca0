"""A first line that reads as a headline is analysed as one.

News headlines drop auxiliaries: "Woman stabbed in park" means "a woman was stabbed", "City woman fined
$500" that she was fined. The parser reads the participle as a past-tense verb with the woman as its
subject, so an event coder would make the victim the source. When the article's first paragraph reads as
a headline (one short sentence without a final full stop, followed by more text), a past form with a
subject and no object other than an amount is re-read as a passive participle: the verb is tagged ``VBN``
and its subject ``nsubjpass`` (:func:`read_headline`), for every later stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_TOKENS = 16
# Irregular verbs whose past tense and past participle are the same word.
_SAME_FORMS = frozenset("""
shot hit hurt cut set put beat caught held found sent left built bought brought sold told paid kept lost led fed bound bled spent
struck stuck hung swept slit split spread shut thrust upset quit rid cast bet burst let read
""".split())
_AMOUNTS = frozenset({"MONEY", "QUANTITY", "CARDINAL", "PERCENT", "DATE", "TIME"})


def headline_span(doc: Any, paragraph_bounds: Sequence[tuple[int, int]]) -> Any | None:
    """The first paragraph as a span when it reads as a headline, else None."""
    if len(paragraph_bounds) < 2:
        return None
    start, end = paragraph_bounds[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not 1 < len(span) <= MAX_TOKENS:
        return None
    if span[-1].text == ".":
        return None  # a sentence, not a headline
    if len(list(span.sents)) > 1:
        return None
    return span


def _participle_form(token: Any) -> bool:
    word = token.lower_
    return word.endswith("ed") or word.endswith("en") or word in _SAME_FORMS


def read_headline(doc: Any, paragraph_bounds: Sequence[tuple[int, int]]) -> list[int]:
    """Re-read the headline's dropped-auxiliary passives; returns the indices of the verbs re-read."""
    span = headline_span(doc, paragraph_bounds)
    if span is None:
        return []
    changed = []
    for token in span:
        if token.tag_ != "VBD" or not _participle_form(token):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        objects = [c for c in token.children if c.dep_ == "dobj" and c.ent_type_ not in _AMOUNTS and not c.like_num]
        if not subjects or objects:
            continue
        token.tag_ = "VBN"
        for subject in subjects:
            subject.dep_ = "nsubjpass"
        changed.append(token.i)
    return changed
