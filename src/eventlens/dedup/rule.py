"""The pairwise rule: do two reports describe the same real-world event?

Two reports can be one event only when they are *compatible*:

* the same CAMEO root and the same negation;
* the same source and the same target at the country level, and at the sector level when both name a
  sector (``ISRMIL`` and ``ISR`` can be one actor, ``ISRMIL`` and ``ISRGOV`` cannot);
* dates within ``window_days`` when both are dated (reports in one article share its date). A report
  of an undated article can match one of another article, dated or not, but the model counts the
  unchecked window against them (the ``undated`` signal);
* for material events (CAMEO roots 06-09 and 14-20: aid, arrests, attacks, protests), locations within
  ``max_km`` when both were read from the event's own sentence. A statement's place is where it was
  made, not what it is about, and places the locate stage took from the paragraph or the article are
  too loose to separate events.

Compatible reports are the same event when an identical sentence reports the same trigger (a repeated
paragraph, a syndicated copy), or when the same-event model (:mod:`.model`: a logistic regression over
the trigger's lemma and synonyms, shared actor words, shared words around the trigger and in the
sentence, a named receiver on both sides, and penalties for a hypothetical against a real act, for
different stated dates and for an unchecked date window) gives a probability at or above its
threshold. The model was fitted on the development half of the annotated pairs (docs/dedup.md),
never on the frozen test half.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..geo.distance import haversine_km
from .evidence import Features, cosine
from .model import MODEL_VERSION, Model, load_model
from .report import Report, country_sector

RULE_VERSION = MODEL_VERSION


@dataclass(frozen=True, slots=True)
class Settings:
    """The rule's parameters (``docs/dedup.md``): the compatibility limits, and the same-event model
    (None: the shipped one, :func:`~eventlens.dedup.model.load_model`)."""

    window_days: int = 7
    max_km: float = 50.0  # material events located in their own sentences: further apart, two events (Jenin, Hebron)
    model: Model | None = None

    def resolved_model(self) -> Model:
        return self.model if self.model is not None else load_model()


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
        if da and db and abs((da - db).days) > settings.window_days:
            return "dates"
    if _material(a.root) and a.loc_how == b.loc_how == "sentence" and None not in (a.lat, a.lon, b.lat, b.lon):
        if haversine_km(a.lat, a.lon, b.lat, b.lon) > settings.max_km:
            return "locations"
    return None


def identical(fa: Features, fb: Features) -> bool:
    """The same sentence reporting the same trigger: a repeated paragraph or a syndicated copy."""
    return bool(fa.text) and fa.text == fb.text and fa.trigger_at == fb.trigger_at


def signals(a: Report, b: Report, fa: Features, fb: Features) -> dict[str, float]:
    """The model's signals for two compatible reports (:mod:`.model` lists them)."""
    return {
        "trigger": float(bool(fa.lemmas & fb.lemmas or fa.synonyms & fb.synonyms or (fa.trigger and fa.trigger == fb.trigger))),
        "actors": float(bool(fa.actors & fb.actors)),
        "local": cosine(fa.local, fb.local),
        "sentence": cosine(fa.sentence, fb.sentence),
        "receiver": float(bool(a.target) and bool(b.target)),
        "hypothetical": float((a.modality == "hypothetical") != (b.modality == "hypothetical")),
        "dates": float(fa.stated.conflicts(fb.stated)),
        "undated": float(a.article_id != b.article_id and (a.day is None or b.day is None)),
    }


def compare(a: Report, b: Report, fa: Features, fb: Features, settings: Settings | None = None) -> Match:
    """Whether ``a`` and ``b`` (with their :func:`~eventlens.dedup.evidence.features`) are one event; the score is
    the model's same-event probability (1.0 for an identical sentence, 0.0 for incompatible reports)."""
    settings = settings or Settings()
    why = incompatible(a, b, settings)
    if why:
        return Match(False, 0.0, f"incompatible {why}")
    if identical(fa, fb):
        return Match(True, 1.0, "identical sentence")
    model = settings.resolved_model()
    p = model.probability(signals(a, b, fa, fb))
    return Match(p >= model.threshold, round(p, 4), f"evidence {p:.2f} {'>=' if p >= model.threshold else '<'} {model.threshold:.2f}")
