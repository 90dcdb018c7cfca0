"""The learned event coder's model: the fine-tuned encoder, its heads and what was fitted with them.

A model is an encoder card in ``eventlens/data/encoder/`` (the ONNX graph and its
tokenizer) plus a heads file whose ``meta`` records, beside the version and the
training figures:

* ``event_nouns``: the nouns that are candidate triggers (the candidate builder's list);
* ``cameo_by_type``: which CAMEO codes the ``cameo`` head may choose for each PLOVER type;
* ``trigger_features`` / ``pair_features``: the feature layouts the heads were trained on
  (checked against :mod:`.features` at load, so code and model never silently disagree);
* ``thresholds``: the decision thresholds (:class:`Thresholds`) chosen on development data;
* ``calibration``: ``[a, b]``, ``[a, b, one_sided]`` or ``[a, b, one_sided, unplaced]``
  (:class:`Calibration`), fitted on development data; ``min_confidence``: the default floor chosen
  there.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from ...encoder.mlp import HeadSet
from ...encoder.models import DEFAULT_MODEL, load_encoder, model_heads
from ...encoder.runtime import Encoder
from ...errors import ResourceError
from .features import PAIR_FEATURES, TRIGGER_FEATURES

NONE = "NONE"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds, chosen on development data: a trigger is an event when its event probability
    (1 - P(NONE)) reaches ``event``; an actor is the source (target) when its probability reaches
    ``source`` (``target``)."""

    event: float = 0.5
    source: float = 0.5
    target: float = 0.5


@dataclass(frozen=True, slots=True)
class Calibration:
    """How a decision's score becomes the probability that its type, source and target are all right:
    ``sigmoid(a * log(score) + b + one_sided * [no target] + unplaced * [a side has no country])``,
    fitted on development data (``training/export.py``).

    Both terms are properties of the event as coded, the same for every actor: ``one_sided`` because an
    empty target is a different bet from a chosen one (the role head leaves it empty when no mention
    reads as the target, which in news is far more often a target the actors stage missed than a
    one-sided event: on the development part 3 of 70 such events were right, against 12 of 60 with a
    target); ``unplaced`` because a side the coder could not give a country (``JUD``, ``---CVL``; an
    organisation above countries counts as placed, :func:`.countries.placed`) was right once in 20
    development events. Models calibrated without them have 0 there."""

    a: float = 1.0
    b: float = 0.0
    one_sided: float = 0.0
    unplaced: float = 0.0

    def __call__(self, score: float, *, has_target: bool, placed: bool = True) -> float:
        z = (self.a * math.log(max(score, 1e-6)) + self.b + (0.0 if has_target else self.one_sided)
             + (0.0 if placed else self.unplaced))
        return round(1.0 / (1.0 + math.exp(-z)), 4)


@dataclass(frozen=True, slots=True)
class CoderModel:
    encoder: Encoder
    heads: HeadSet
    nouns: frozenset[str]
    cameo_by_type: Mapping[str, tuple[str, ...]]
    calibration: Calibration
    min_confidence: float
    thresholds: Thresholds = Thresholds()

    @property
    def version(self) -> str:
        return self.heads.version


def load_coder_model(model: str = DEFAULT_MODEL, *, threads: int | None = None) -> CoderModel:
    """The model, loaded once per process (the encoder is shared with every other head that uses it)."""
    return _load(model, threads)


@functools.lru_cache(maxsize=4)
def _load(model: str, threads: int | None) -> CoderModel:
    heads = model_heads(model)
    meta = heads.meta
    for key, layout in (("trigger_features", TRIGGER_FEATURES), ("pair_features", PAIR_FEATURES)):
        if tuple(meta.get(key, ())) != layout:
            raise ResourceError(f"event model {heads.version}: its {key} differ from this eventlens's; "
                                "the model and the code come from different versions (reinstall eventlens)")
    cal = meta.get("calibration", [1.0, 0.0])
    return CoderModel(encoder=load_encoder(model, threads=threads), heads=heads,
                      nouns=frozenset(meta.get("event_nouns", ())),
                      cameo_by_type={k: tuple(v) for k, v in meta.get("cameo_by_type", {}).items()},
                      calibration=Calibration(*(float(v) for v in cal[:4])), min_confidence=float(meta.get("min_confidence", 0.5)),
                      thresholds=Thresholds(**{k: float(v) for k, v in meta.get("thresholds", {}).items()}))
