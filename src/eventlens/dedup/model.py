"""The same-event model: a logistic regression over a few signals of two compatible reports.

The weights, the intercept and the decision threshold live in a versioned data file
(``eventlens/data/dedup/<version>.json``), written by ``training/fit_dedup.py`` from the development
pairs of ``data/annotations/dedup-pairs-v1.jsonl`` (never the frozen test pairs), with the
cross-validated figures of the fit. Read once per process.

Signals (each 0 or 1 unless said; all computed by :func:`eventlens.dedup.rule.signals`):

* ``trigger``     the two triggers share a lemma or a synonym set
* ``actors``      the actors as written share a word
* ``local``       cosine of the IDF-weighted words within 8 words of the triggers (0-1)
* ``sentence``    cosine of the rest of the sentences (0-1)
* ``receiver``    both reports name a receiver (compatible, by the rule's actor test)
* ``hypothetical`` one report is hypothetical ("should release"), the other not
* ``dates``       the sentences state different dates (months, years or weekdays)
* ``undated``     reports of two articles, at least one undated: the date window cannot be checked
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import ResourceError

MODEL_VERSION = "dedup-v2"
SIGNALS = ("trigger", "actors", "local", "sentence", "receiver", "hypothetical", "dates", "undated")


@dataclass(frozen=True, slots=True)
class Model:
    """Weights per signal, intercept, and the probability at or above which two reports are one event."""

    version: str
    weights: Mapping[str, float]
    bias: float
    threshold: float
    meta: Mapping[str, Any]

    def probability(self, signals: Mapping[str, float]) -> float:
        return probability(self.weights, self.bias, signals)


def probability(weights: Mapping[str, float], bias: float, signals: Mapping[str, float]) -> float:
    """The logistic model's same-event probability for ``signals`` (a signal left out counts 0)."""
    z = bias + sum(w * signals.get(k, 0.0) for k, w in weights.items())
    return 1.0 / (1.0 + math.exp(-z))


def model_from(record: Mapping[str, Any], *, where: str) -> Model:
    """A :class:`Model` from its JSON record (ResourceError naming ``where`` when it is not one)."""
    try:
        weights = {k: float(v) for k, v in record["weights"].items()}
        unknown = set(weights) - set(SIGNALS)
        if unknown:
            raise ValueError(f"unknown signals {sorted(unknown)}")
        threshold = float(record["threshold"])
        if not 0.0 < threshold < 1.0:
            raise ValueError(f"threshold {threshold} is not a probability")
        return Model(version=str(record["version"]), weights=MappingProxyType(weights), bias=float(record["bias"]),
                     threshold=threshold, meta=MappingProxyType(dict(record.get("fit", {}))))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ResourceError(f"same-event model {where} is not a valid model record ({exc})") from exc


@functools.lru_cache(maxsize=4)
def load_model(version: str = MODEL_VERSION) -> Model:
    """The shipped model ``version`` (``eventlens/data/dedup/<version>.json``), read once per process."""
    where = f"eventlens/data/dedup/{version}.json"
    try:
        text = resources.files("eventlens.data").joinpath("dedup", f"{version}.json").read_text(encoding="utf-8")
        record = json.loads(text)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"same-event model {where} is missing or unreadable ({exc}); reinstall eventlens "
                            "or refit it with training/fit_dedup.py") from exc
    return model_from(record, where=where)
