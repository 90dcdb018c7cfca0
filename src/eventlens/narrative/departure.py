"""Narrative departure: how far each paragraph's focus, framing, stance and
vocabulary depart from the rest of its article, and the passages they form.

Every paragraph is compared with the *rest* of the article: all other
paragraphs except its immediate neighbours (so a two- or three-paragraph
insertion is not compared with itself). Four components, each 0..1:

- ``focus``: 1 - cosine between the paragraph's focal-actor weights and the rest's;
- ``frames``: 1 - cosine between frame cue weights;
- ``lexical``: how far the paragraph's content-word similarity to the rest
  falls below the median paragraph's similarity (relative drop);
- ``stance``: the largest gap, for an actor the rest also mentions, between
  the mean sentiment toward it here and in the rest (divided by 2).

The score is their weighted sum, shrunk for very short paragraphs. A
paragraph is flagged when the score passes a threshold and stands out from
the article's median, and when its focus or framing (not only its
vocabulary) departs (``require_any``); contiguous flagged paragraphs form a
passage. Nothing
depends on which actor is involved: the method is symmetric by construction.
Weights and thresholds live in ``data/narrative/departure-v1.json``.
"""

from __future__ import annotations

import functools
import json
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..errors import ConfigError, ResourceError
from .frames import label as frame_label

SETTINGS_FILE = "departure-v1.json"


@dataclass(slots=True)
class Profile:
    """What the departure scorer knows about one paragraph."""

    focus: dict[str, float] = field(default_factory=dict)
    frames: dict[str, float] = field(default_factory=dict)
    stance: dict[str, tuple[float, int]] = field(default_factory=dict)  # code -> (mean score, n)
    words: dict[str, int] = field(default_factory=dict)  # content words -> count
    n_words: int = 0


@dataclass(slots=True)
class Scored:
    score: float
    components: dict[str, float]
    flagged: bool = False


@functools.lru_cache(maxsize=2)
def load_settings(name: str = SETTINGS_FILE) -> Mapping[str, Any]:
    try:
        return json.loads(resources.files("eventlens.data").joinpath("narrative", name).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise ResourceError(f"departure settings {name} missing or invalid in eventlens/data/narrative") from exc


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _add(target: dict[str, float], source: Mapping[str, float]) -> None:
    for k, v in source.items():
        target[k] = target.get(k, 0.0) + v


def _rest_indices(i: int, n: int) -> list[int]:
    rest = [j for j in range(n) if abs(j - i) > 1]
    return rest if len(rest) >= 2 else [j for j in range(n) if j != i]


@dataclass(slots=True)
class Rest:
    focus: dict[str, float]
    frames: dict[str, float]
    stance: dict[str, tuple[float, int]]
    words: dict[str, float]


def rest_of(profiles: Sequence[Profile], indices: Sequence[int]) -> Rest:
    focus: dict[str, float] = {}
    frames: dict[str, float] = {}
    words: dict[str, float] = {}
    sums: dict[str, list[float]] = {}
    for j in indices:
        p = profiles[j]
        _add(focus, p.focus)
        _add(frames, p.frames)
        _add(words, p.words)
        for code, (mean, n) in p.stance.items():
            entry = sums.setdefault(code, [0.0, 0])
            entry[0] += mean * n
            entry[1] += n
    stance = {c: (s / n, int(n)) for c, (s, n) in sums.items() if n}
    return Rest(focus, frames, stance, words)


def score_paragraphs(profiles: Sequence[Profile], *, settings: Mapping[str, Any] | None = None) -> list[Scored]:
    """Departure score and components for every paragraph; ``flagged`` set per the thresholds."""
    cfg = settings or load_settings()
    weights = cfg["weights"]
    n = len(profiles)
    if n < int(cfg["min_paragraphs"]):
        return [Scored(0.0, {}) for _ in profiles]
    rests = [rest_of(profiles, _rest_indices(i, n)) for i in range(n)]
    sims = [cosine(p.words, r.words) for p, r in zip(profiles, rests)]
    typical = statistics.median(sims) if sims else 0.0
    out: list[Scored] = []
    for p, rest, sim in zip(profiles, rests, sims):
        comp = {
            "focus": 1.0 - cosine(p.focus, rest.focus) if p.focus and rest.focus else 0.0,
            "frames": 1.0 - cosine(p.frames, rest.frames) if sum(p.frames.values()) >= cfg["min_frame_hits"] and rest.frames else 0.0,
            "lexical": max(0.0, min(1.0, (typical - sim) / typical)) if typical > 0 else 0.0,
            "stance": _stance_gap(p, rest),
        }
        raw = sum(weights[k] * v for k, v in comp.items())
        shrink = p.n_words / (p.n_words + float(cfg["length_shrink_words"])) if p.n_words else 0.0
        out.append(Scored(round(raw * shrink, 4), {k: round(v, 3) for k, v in comp.items()}))
    _flag(out, cfg)
    return out


def _stance_gap(p: Profile, rest: Rest) -> float:
    gap = 0.0
    for code, (mean, _) in p.stance.items():
        other = rest.stance.get(code)
        if other is not None:
            gap = max(gap, abs(mean - other[0]) / 2.0)
    return gap


def _flag(scored: list[Scored], cfg: Mapping[str, Any]) -> None:
    median = statistics.median(s.score for s in scored)
    gate = cfg.get("require_any", {})
    for s in scored:
        s.flagged = (
            s.score >= cfg["threshold"]
            and s.score - median >= cfg["margin_over_median"]
            and (not gate or any(s.components.get(k, 0.0) >= v for k, v in gate.items()))
        )
    cap = max(1, int(cfg["max_passage_share"] * len(scored)))
    if sum(s.flagged for s in scored) > cap:
        for s in scored:
            s.flagged = False


def passages(scored: Sequence[Scored]) -> list[list[int]]:
    """Contiguous runs of flagged paragraphs."""
    runs: list[list[int]] = []
    for i, s in enumerate(scored):
        if not s.flagged:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _top(weights: Mapping[str, float], *, k: int = 2, min_share: float = 0.2) -> list[str]:
    total = sum(weights.values())
    if total <= 0:
        return []
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
    return [key for key, v in ranked[:k] if v / total >= min_share]


def passage_reasons(profiles: Sequence[Profile], block: Sequence[int], *, scored: Sequence[Scored], settings: Mapping[str, Any] | None = None) -> list[str]:
    """Plain-word reasons why the paragraphs in ``block`` depart from the rest of the article."""
    cfg = settings or load_settings()
    if not block:
        raise ConfigError("passage_reasons: empty block")
    inside = rest_of(profiles, block)
    others = [j for j in range(len(profiles)) if j not in set(block)]
    outside = rest_of(profiles, others)
    comp = {k: max(scored[i].components.get(k, 0.0) for i in block) for k in ("focus", "frames", "lexical", "stance")}
    least = cfg["reason_min_component"]
    reasons: list[str] = []
    in_focus, out_focus = _top(inside.focus), _top(outside.focus)
    if comp["focus"] >= least and in_focus and in_focus != out_focus:
        reasons.append(f"focus moves from {'/'.join(out_focus) or 'no named actor'} to {'/'.join(in_focus)}")
    in_frames, out_frames = _top(inside.frames, min_share=0.15), _top(outside.frames, min_share=0.15)
    if comp["frames"] >= least and in_frames and in_frames != out_frames:
        reasons.append(
            "framing moves from " + (" and ".join(frame_label(f) for f in out_frames) or "no clear frame")
            + " to " + " and ".join(frame_label(f) for f in in_frames)
        )
    for code in in_focus[:2]:
        here = inside.stance.get(code)
        if here is None:
            continue
        there = outside.stance.get(code)
        if there is not None:
            if abs(here[0] - there[0]) >= 0.3:
                reasons.append(f"tone toward {code} {here[0]:+.1f} vs rest of article {there[0]:+.1f}")
        elif abs(here[0]) >= 0.3:
            reasons.append(f"tone toward {code} {here[0]:+.1f}; the rest of the article does not mention {code}")
    if comp["lexical"] >= least:
        reasons.append(f"vocabulary shared with the rest of the article is {int(round(comp['lexical'] * 100))}% below the article's typical paragraph")
    return reasons or [f"departure score {max(scored[i].score for i in block):.2f} above the article's median"]
