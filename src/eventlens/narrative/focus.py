"""Focal actors per paragraph and sentiment toward them.

Focus keys are country-level codes (``IRN``, ``PSE``, ``ISR``; IGO codes such
as ``UNO`` stay as they are); sector-only agents without a country
(``civilians``) carry no focus. A mention weighs 1 (a pronoun 0.5); being the
source of an event adds 1, the target 0.5.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..model import ActorMention, Analysis

MENTION_WEIGHT = 1.0
PRONOUN_WEIGHT = 0.5
SOURCE_WEIGHT = 1.0
TARGET_WEIGHT = 0.5


def focus_key(mention: ActorMention) -> str | None:
    """Country-level code of a mention, or None for a sector-only agent."""
    if mention.country:
        return mention.country
    code = mention.code or ""
    if not code or (mention.sector and code.startswith(mention.sector)):
        return None
    return code[:3]


def _event_key(code: str | None, known: set[str]) -> str | None:
    if not code:
        return None
    head = code[:3]
    return head if head in known else None


def paragraph_focus(analysis: Analysis) -> list[dict[str, float]]:
    """Raw focus weight per country-level code, one dict per paragraph."""
    weights: list[dict[str, float]] = [defaultdict(float) for _ in analysis.paragraphs]
    if not weights:
        return []
    known: set[str] = set()
    for mention in analysis.actors:
        key = focus_key(mention)
        if key is None:
            continue
        known.add(key)
        p = analysis.paragraph_of(mention.start)
        weights[p][key] += PRONOUN_WEIGHT if mention.kind == "pronoun" else MENTION_WEIGHT
    for event in analysis.events:
        if not 0 <= event.paragraph < len(weights):
            continue
        for actor, weight in ((event.source, SOURCE_WEIGHT), (event.target, TARGET_WEIGHT)):
            key = _event_key(actor.code if actor else None, known)
            if key:
                weights[event.paragraph][key] += weight
    return [dict(w) for w in weights]


def as_focus_list(weights: dict[str, float], *, top: int = 5) -> list[dict[str, Any]]:
    """``[{code, weight}]`` with weights as shares of the paragraph's focus, largest first."""
    total = sum(weights.values())
    if total <= 0:
        return []
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [{"code": code, "weight": round(w / total, 3)} for code, w in ranked]


def sentiment_label(score: float, *, threshold: float = 0.15) -> str:
    if score >= threshold:
        return "positive"
    if score <= -threshold:
        return "negative"
    return "neutral"


def aggregate_tone(items: Iterable[tuple[str, float]]) -> dict[str, tuple[float, int]]:
    """Mean score and count per code from (code, score) pairs."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])  # type: ignore[arg-type]
    for code, score in items:
        entry = sums[code]
        entry[0] += score
        entry[1] += 1
    return {code: (total / n, int(n)) for code, (total, n) in sums.items()}


def tone_list(table: dict[str, tuple[float, int]]) -> list[dict[str, Any]]:
    """``[{code, sentiment, score, n}]``, most mentioned first."""
    rows = sorted(table.items(), key=lambda kv: (-kv[1][1], kv[0]))
    return [{"code": c, "sentiment": sentiment_label(s), "score": round(s, 3), "n": n} for c, (s, n) in rows]
