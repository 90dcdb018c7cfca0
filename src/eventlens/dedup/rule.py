"""The pairwise rule: do two reports describe the same real-world event?

Two reports can be one event only when they are *compatible*:

* the same CAMEO root and the same negation;
* the same source and the same target at the country level, and at the sector level when both name a
  sector (``ISRMIL`` and ``ISR`` can be one actor, ``ISRMIL`` and ``ISRGOV`` cannot);
* dates within ``window_days`` (reports in one article share its date). Across articles, a dated
  report is never compared with an undated one, and two undated reports only on stronger evidence
  (``undated_extra``): without dates the window cannot be checked;
* for material events (CAMEO roots 06-09 and 14-20: aid, arrests, attacks, protests), locations within
  ``max_km`` when both were read from the event's own sentence. A statement's place is where it was
  made, not what it is about, and places the locate stage took from the paragraph or the article are
  too loose to separate events.

Compatible reports are the same event when their evidence agrees: a weighted score of the same trigger
word, the same full CAMEO code, shared words in the actors as written, shared words around the trigger
and in the rest of the sentence (IDF-weighted cosines), reaches ``threshold``; an identical sentence
(a repeated paragraph, a syndicated copy) always does. The weights were set on the development half of
the annotated pairs (docs/dedup.md), never on the frozen test half.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..geo.distance import haversine_km
from .evidence import Features, cosine
from .report import Report, country_sector

RULE_VERSION = "dedup-v1"


@dataclass(frozen=True, slots=True)
class Settings:
    """The rule's parameters (``docs/dedup.md``)."""

    window_days: int = 7
    max_km: float = 50.0  # material events located in their own sentences: further apart, two events (Jenin, Hebron)
    threshold: float = 2.8
    cross_article_extra: float = 0.0  # added to the threshold for reports of two articles
    undated_extra: float = 1.0  # added again for two undated reports of two articles
    w_trigger: float = 1.2
    w_cameo: float = 0.7
    w_actors: float = 1.3
    w_local: float = 1.4
    w_sentence: float = 0.9
    w_identical: float = 3.0


@dataclass(frozen=True, slots=True)
class Match:
    same: bool
    score: float
    reason: str  # why not, or what matched


def _actor_compatible(a: str | None, b: str | None) -> bool:
    (ca, sa), (cb, sb) = country_sector(a), country_sector(b)
    return ca == cb and (not sa or not sb or sa == sb)


def _material(root: str) -> bool:
    """CAMEO roots of material cooperation (06-09) and material conflict (14-20)."""
    return root.isdigit() and (6 <= int(root) <= 9 or 14 <= int(root) <= 20)


def incompatible(a: Report, b: Report, settings: Settings) -> str | None:
    """Why ``a`` and ``b`` cannot be one event, or None when they can."""
    if a.root != b.root or not a.root:
        return "CAMEO root"
    if a.negated != b.negated:
        return "negation"
    if not _actor_compatible(a.source, b.source) or not _actor_compatible(a.target, b.target):
        return "actors"
    if a.article_id != b.article_id:
        da, db = a.day, b.day
        if (da is None) != (db is None) or (da and db and abs((da - db).days) > settings.window_days):
            return "dates"
    if _material(a.root) and a.loc_how == b.loc_how == "sentence" and None not in (a.lat, a.lon, b.lat, b.lon):
        if haversine_km(a.lat, a.lon, b.lat, b.lon) > settings.max_km:
            return "locations"
    return None


def score(fa: Features, fb: Features, a: Report, b: Report, settings: Settings) -> float:
    """The evidence score of two compatible reports (see the module docstring)."""
    s = settings
    if fa.text and fa.text == fb.text:
        return s.w_identical + s.w_trigger + s.w_cameo + s.w_actors + s.w_local + s.w_sentence
    return (s.w_trigger * (fa.trigger == fb.trigger and bool(fa.trigger))
            + s.w_cameo * (a.cameo == b.cameo)
            + s.w_actors * bool(fa.actors & fb.actors)
            + s.w_local * cosine(fa.local, fb.local)
            + s.w_sentence * cosine(fa.sentence, fb.sentence))


def threshold(a: Report, b: Report, settings: Settings) -> float:
    if a.article_id == b.article_id:
        return settings.threshold
    extra = settings.cross_article_extra
    if a.day is None and b.day is None:
        extra += settings.undated_extra
    return settings.threshold + extra


def compare(a: Report, b: Report, fa: Features, fb: Features, settings: Settings = Settings()) -> Match:
    """Whether ``a`` and ``b`` (with their :func:`~eventlens.dedup.evidence.features`) are one event."""
    why = incompatible(a, b, settings)
    if why:
        return Match(False, 0.0, f"incompatible {why}")
    value = score(fa, fb, a, b, settings)
    need = threshold(a, b, settings)
    return Match(value >= need, round(value, 4), f"evidence {value:.2f} {'>=' if value >= need else '<'} {need:.2f}")
