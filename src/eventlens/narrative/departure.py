"""Narrative departure: passages of 1-3 paragraphs whose vocabulary, named
entities, focal actors, framing and stance break from the rest of the article.

Every candidate *block* of contiguous paragraphs (up to ``max_block``
paragraphs, never more than ``max_passage_share`` of the article) is scored by
a small logistic model over features that compare the block with its
neighbours and with the rest of the article:

- lexical cohesion (background-IDF weighted words, :mod:`.cohesion`): the
  block's cosine similarity to the rest of the article, relative to the
  article's typical paragraph (``lexical``); how much better the paragraphs
  on either side of the block fit together than they fit the block
  (``bridge``, a TextTiling-like depth at both boundaries); how much the
  block's own paragraphs hang together (``inner``);
- named-entity continuity: share of the block's names (people, places,
  organisations) that the rest of the article never uses, relative to the
  typical paragraph (``names``), and the cosine of the names (``names_sim``);
  share of its numbers, dates and amounts the rest never uses (``numbers``);
  people it calls by one word ("Smith") whom nothing else in the article
  introduces (``orphans``: the antecedent is missing); paragraphs that name
  none of the article's cast, the names the rest uses in two or more
  paragraphs (``cast``); countries of resolved places the rest never places
  anything in (``places``);
- ``echo``: the block's closest similarity to a non-adjacent paragraph (a
  second telling of the same facts), relative to the typical paragraph;
  ``sentence_length``: the gap in words per sentence, in units of the
  article's paragraph spread;
- ``focus``, ``frames``, ``stance``: 1 - cosine of focal-actor weights and of
  frame cues, and the largest sentiment gap toward an actor both sides name.

Everything relative is normalised per article (its typical paragraph, its
spread), so a loose article and a tight one are judged on their own terms.

A second channel, ``shift``, takes blocks whose focus *and* framing both
depart, weighted by evidence (actor mentions, frame cues). A block's
strength is the larger of p / ``threshold`` and shift / ``shift.threshold``;
blocks with strength >= 1 are taken, strongest first and without overlap, as
passages. A paragraph's ``score`` is s / (1 + s) for the strongest block
containing it (0.5 = the decision boundary).

The splice probability p has two stages: the block model's log-odds z, then
a ``standout`` stage, ``sigmoid(a z + b (z - mean) / sd + c)`` over all
candidate blocks of the article, so a block is judged against its own
article's other blocks (a loose article has many high-scoring blocks, and
none stands out). Weights and settings are a
versioned data file (``data/narrative/departure-v4.json``) fitted by
``training/fit_departure.py`` on splice benchmarks built with training seeds
and host articles only. No feature depends on which actor is involved, so the method is
symmetric by construction.
"""

from __future__ import annotations

import functools
import json
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ConfigError, ResourceError
from .cohesion import Idf, load_idf, merged
from .frames import label as frame_label

SETTINGS_FILE = "departure-v4.json"
FEATURES = ("lexical", "bridge", "boundary", "inner", "names", "names_sim", "numbers", "focus", "frames", "stance", "size", "edge", "len2", "len3",
            "orphans", "cast", "places", "sentence_length", "echo")
REASON_COMPONENTS = ("focus", "frames", "lexical", "names", "stance", "shift")


@dataclass(slots=True)
class Profile:
    """What the departure scorer knows about one paragraph."""

    focus: dict[str, float] = field(default_factory=dict)
    frames: dict[str, float] = field(default_factory=dict)
    stance: dict[str, tuple[float, int]] = field(default_factory=dict)  # code -> (mean score, n)
    terms: dict[str, float] = field(default_factory=dict)  # normalised content words -> count
    names: dict[str, float] = field(default_factory=dict)  # words of named entities -> count
    numbers: dict[str, float] = field(default_factory=dict)  # words of numbers, dates, amounts -> count
    n_words: int = 0
    people: list[tuple[str, ...]] = field(default_factory=list)  # normalised words of each PERSON entity, in order
    places: dict[str, float] = field(default_factory=dict)  # country codes of resolved places -> count
    sentences: int = 0


@dataclass(slots=True)
class Scored:
    score: float
    components: dict[str, float]
    flagged: bool = False


@functools.lru_cache(maxsize=2)
def load_settings(name: str = SETTINGS_FILE, *, check_weights: bool = True) -> Mapping[str, Any]:
    """Departure settings and weights (``eventlens/data/narrative/<name>``), read once per process;
    ``check_weights=False`` (for refitting) accepts a file fitted with other features."""
    try:
        data = json.loads(resources.files("eventlens.data").joinpath("narrative", name).read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise ResourceError(f"departure settings {name} missing or invalid in eventlens/data/narrative") from exc
    missing = [k for k in FEATURES if k not in data.get("weights", {})]
    if check_weights and (missing or "bias" not in data.get("weights", {})):
        raise ResourceError(f"departure settings {name}: weights lack {', '.join(missing) or 'bias'}; refit with training/fit_departure.py")
    return data


_OUTER_FROM = 24  # postings longer than this are added with one numpy outer product


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = _dot(a, b)
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _dot_products(vectors: Sequence[Mapping[str, float]]) -> list[list[float]]:
    """The matrix of ``_dot(vectors[i], vectors[j])``, built word by word (postings), not pair by pair.

    Only paragraphs that share a word meet, so a long article of many paragraphs costs about the
    number of (word, paragraph pair) co-occurrences, and the words most paragraphs share are added
    as one outer product each instead of n^2 dictionary scans."""
    n = len(vectors)
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, vec in enumerate(vectors):
        for word, weight in vec.items():
            entry = postings.setdefault(word, ([], []))
            entry[0].append(i)
            entry[1].append(weight)
    g = np.zeros((n, n))
    rows: list[int] = []
    cols: list[int] = []
    products: list[float] = []
    for where, weights in postings.values():
        if len(where) > _OUTER_FROM:
            ix = np.asarray(where)
            w = np.asarray(weights)
            g[np.ix_(ix, ix)] += np.outer(w, w)
            continue
        for a, i in enumerate(where):
            for b in range(a, len(where)):
                rows.append(i)
                cols.append(where[b])
                products.append(weights[a] * weights[b])
    if rows:
        upper = np.zeros((n, n))
        np.add.at(upper, (np.asarray(rows), np.asarray(cols)), np.asarray(products))
        g += upper + np.triu(upper, 1).T
    return g.tolist()


def _add(target: dict[str, float], source: Mapping[str, float]) -> None:
    for k, v in source.items():
        target[k] = target.get(k, 0.0) + v


@dataclass(slots=True)
class Rest:
    focus: dict[str, float]
    frames: dict[str, float]
    stance: dict[str, tuple[float, int]]
    names: dict[str, float]

    def minus(self, part: Rest) -> Rest:
        """These pooled paragraphs without ``part`` (a subset of them), for the block features: its ``names`` are left
        empty, as no feature reads the rest's names (names are compared through the Gram matrix and
        ``_Article``), and a long article has thousands of them."""

        def sub(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
            return {k: v - b.get(k, 0.0) for k, v in a.items() if v - b.get(k, 0.0) > 1e-9}

        stance = {}
        for code, (mean, n) in self.stance.items():
            other = part.stance.get(code)
            left = n - (other[1] if other else 0)
            if left > 0:
                stance[code] = ((mean * n - (other[0] * other[1] if other else 0.0)) / left, left)
        return Rest(sub(self.focus, part.focus), sub(self.frames, part.frames), stance, {})


def rest_of(profiles: Sequence[Profile], indices: Sequence[int]) -> Rest:
    """Pooled focus, frames, stance and names of the paragraphs at ``indices``."""
    focus: dict[str, float] = {}
    frames: dict[str, float] = {}
    names: dict[str, float] = {}
    sums: dict[str, list[float]] = {}
    for j in indices:
        p = profiles[j]
        _add(focus, p.focus)
        _add(frames, p.frames)
        _add(names, p.names)
        for code, (mean, n) in p.stance.items():
            entry = sums.setdefault(code, [0.0, 0])
            entry[0] += mean * n
            entry[1] += n
    stance = {c: (s / n, int(n)) for c, (s, n) in sums.items() if n}
    return Rest(focus, frames, stance, names)


class _Gram:
    """Pairwise dot products of per-paragraph vectors, so any block-vs-rest cosine costs O(block x n)."""

    def __init__(self, vectors: Sequence[Mapping[str, float]]) -> None:
        n = len(vectors)
        self.g = _dot_products(vectors)
        self.row = [sum(r) for r in self.g]
        self.total = sum(self.row)
        norms = [math.sqrt(self.g[i][i]) for i in range(n)]
        self.cos = [[self.g[i][j] / (norms[i] * norms[j]) if norms[i] and norms[j] else 0.0 for j in range(n)] for i in range(n)]

    def pair(self, i: int, j: int) -> float:
        return self.cos[i][j]

    def block_vs_rest(self, block: range) -> float:
        bb = sum(self.g[i][j] for i in block for j in block)
        bt = sum(self.row[i] for i in block)
        br = bt - bb
        rr = self.total - 2 * bt + bb
        d = math.sqrt(max(bb, 0.0) * max(rr, 0.0))
        return br / d if d > 1e-12 else 0.0


class _Article:
    """Per-article quantities shared by all candidate blocks."""

    def __init__(self, profiles: Sequence[Profile], idf: Idf, *, evidence_k: float, frame_hits: float = 2.0) -> None:
        self.profiles = profiles
        self.evidence_k = evidence_k
        self.frame_hits = frame_hits
        n = self.n = len(profiles)
        self.terms = _Gram([idf.weigh(p.terms) for p in profiles])
        self.names = _Gram([idf.weigh(p.names) for p in profiles])
        self.name_totals = merged(p.names for p in profiles)
        singles = [self.terms.block_vs_rest(range(i, i + 1)) for i in range(n)]
        self.typical = statistics.median(singles)
        # each paragraph's closest paragraph that is not its neighbour (a retelling of the same facts)
        self.far = [sorted(((self.terms.pair(i, j), j) for j in range(n) if abs(i - j) > 1), reverse=True) for i in range(n)]
        self.typical_far = statistics.median(row[0][0] if row else 0.0 for row in self.far)
        adjacent = [self.terms.pair(i, i + 1) for i in range(n - 1)]
        self.adjacent = statistics.median(adjacent) if adjacent else 0.0
        self.typical_new = statistics.median(self.new_names(range(i, i + 1)) for i in range(n))
        self.all = rest_of(profiles, range(n))
        # people: paragraphs naming each person word; single-word mentions ("Smith") per paragraph
        self.person_words = [{w for person in p.people for w in person} for p in profiles]
        self.person_df = _doc_freq(self.person_words)
        # in how many paragraphs each name and number word occurs
        self.df = {kind: _doc_freq(getattr(p, kind) for p in profiles) for kind in ("names", "numbers")}
        self.typical_cast = statistics.median(self.cast_missing(range(i, i + 1)) for i in range(n))
        self.place_totals = merged(p.places for p in profiles)
        self.lengths = [p.n_words / max(1, p.sentences) for p in profiles]
        self.words = sum(p.n_words for p in profiles)
        self.sentences = sum(p.sentences for p in profiles)
        self.length_spread = max(_spread(self.lengths), SENTENCE_LENGTH_FLOOR)

    def new_names(self, block: range) -> float:
        inside = merged(self.profiles[i].names for i in block)
        total = sum(inside.values())
        if not total:
            return 0.0
        new = sum(v for k, v in inside.items() if self.name_totals.get(k, 0.0) - v <= 0.0)
        return new / total

    def _block_counts(self, block: range, kind: str) -> dict[str, int]:
        """In how many of the block's paragraphs each word of ``kind`` occurs."""
        return _doc_freq(getattr(self.profiles[i], kind) for i in block)

    def new_numbers(self, block: range) -> float:
        """Share of the block's distinct number/date words that the rest of the article never uses."""
        count = self._block_counts(block, "numbers")
        if not count:
            return 0.0
        df = self.df["numbers"]
        return sum(1 for w, c in count.items() if df[w] == c) / len(count)

    def orphans(self, block: range) -> float:
        """People the block names by one word only ("Smith") whom no other paragraph names and
        the block never introduces in full: references whose antecedent is missing."""
        full = {w for i in block for person in self.profiles[i].people if len(person) > 1 for w in person}
        count = _doc_freq(self.person_words[i] for i in block)
        lone = {person[0] for i in block for person in self.profiles[i].people if len(person) == 1}
        found = sum(1 for w in lone if w not in full and self.person_df.get(w, 0) - count.get(w, 0) <= 0)
        return min(found, 2) / 2.0

    def cast_missing(self, block: range) -> float:
        """Share of the block's paragraphs that name none of the names the rest of the article
        uses in at least two paragraphs (0 when the rest has no such cast)."""
        df = self.df["names"]
        if not any(v >= 2 for v in df.values()):
            return 0.0
        count = self._block_counts(block, "names")
        if not any(v - count.get(w, 0) >= 2 for w, v in df.items() if v >= 2):
            return 0.0
        missing = sum(1 for i in block if not any(df[w] - count[w] >= 2 for w in self.profiles[i].names))
        return missing / len(block)

    def new_places(self, block: range) -> float:
        """Share of the block's resolved-place countries that the rest of the article never places anything in."""
        inside = merged(self.profiles[i].places for i in block)
        total = sum(inside.values())
        if not total:
            return 0.0
        return sum(v for k, v in inside.items() if self.place_totals.get(k, 0.0) - v <= 0.0) / total

    def echo(self, block: range) -> float:
        """The block's highest similarity to a paragraph outside it that is not next to the paragraph (a retelling)."""
        return max(next((sim for sim, j in self.far[i] if j not in block), 0.0) for i in block)

    def style_gap(self, block: range) -> float:
        """|block - rest| of words per sentence, in units of the article's paragraph spread (capped at 3, /3)."""
        words = sum(self.profiles[i].n_words for i in block)
        sentences = sum(self.profiles[i].sentences for i in block)
        inside = words / max(1, sentences)
        rest = (self.words - words) / max(1, self.sentences - sentences)
        return min(3.0, abs(inside - rest) / self.length_spread) / 3.0

    def features(self, a: int, b: int) -> dict[str, float]:
        """Features of the block of paragraphs ``a..b`` (inclusive)."""
        block = range(a, b + 1)
        n, t = self.n, self.terms
        sim = t.block_vs_rest(block)
        lexical = max(-1.0, min(1.0, (self.typical - sim) / self.typical)) if self.typical > 0 else 0.0
        sides = []
        if a > 0:
            sides.append(t.pair(a - 1, a))
        if b < n - 1:
            sides.append(t.pair(b, b + 1))
        bridge = t.pair(a - 1, b + 1) - sum(sides) / 2 if a > 0 and b < n - 1 else 0.0
        boundary = self.adjacent - sum(sides) / len(sides) if sides else 0.0
        inner = (sum(t.pair(i, i + 1) for i in range(a, b)) / (b - a) - self.adjacent) if b > a else 0.0
        inside = rest_of(self.profiles, block)
        rest = self.all.minus(inside)
        hits = sum(inside.frames.values())
        mass = sum(inside.focus.values())
        words = sum(self.profiles[i].n_words for i in block)
        focus = 1.0 - cosine(inside.focus, rest.focus) if inside.focus and rest.focus else 0.0
        frames = 1.0 - cosine(inside.frames, rest.frames) if hits >= self.frame_hits and rest.frames else 0.0
        k = self.evidence_k
        return {
            "orphans": self.orphans(block),
            "cast": self.cast_missing(block) - self.typical_cast,
            "places": self.new_places(block),
            "sentence_length": self.style_gap(block),
            "echo": self.echo(block) - self.typical_far,
            "shift": min(focus * mass / (mass + k), frames * hits / (hits + k)) if mass and hits else 0.0,
            "lexical": lexical,
            "bridge": bridge,
            "boundary": boundary,
            "inner": inner,
            "names": self.new_names(block) - self.typical_new,
            "names_sim": self.names.block_vs_rest(block),
            "numbers": self.new_numbers(block),
            "focus": focus,
            "frames": frames,
            "stance": _stance_gap(inside, rest),
            "size": math.log1p(words) / 5.0,
            "edge": 1.0 if a == 0 or b == n - 1 else 0.0,
            "len2": 1.0 if b - a == 1 else 0.0,
            "len3": 1.0 if b - a >= 2 else 0.0,
        }


SENTENCE_LENGTH_FLOOR = 3.0  # smallest spread of words per sentence across an article's paragraphs (words)


def _doc_freq(bags: Iterable[Iterable[str]]) -> dict[str, int]:
    df: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            df[w] = df.get(w, 0) + 1
    return df


def _spread(values: Sequence[float]) -> float:
    """Median absolute deviation from the median (robust to the one odd paragraph being looked for)."""
    if not values:
        return 0.0
    mid = statistics.median(values)
    return statistics.median(abs(v - mid) for v in values)


def _stance_gap(inside: Rest, rest: Rest) -> float:
    gap = 0.0
    for code, (mean, _) in inside.stance.items():
        other = rest.stance.get(code)
        if other is not None:
            gap = max(gap, abs(mean - other[0]) / 2.0)
    return gap


def candidate_blocks(n: int, *, max_block: int, max_share: float) -> list[tuple[int, int]]:
    """(first, last) of every contiguous block of at most ``max_block`` paragraphs and ``max_share`` of ``n``."""
    longest = max(1, min(max_block, int(max_share * n)))
    return [(a, a + k - 1) for k in range(1, longest + 1) for a in range(n - k + 1)]


def reads(paragraphs: int, *, settings: Mapping[str, Any]) -> bool:
    """Whether a departure model with these ``settings`` scores an article of this many paragraphs (below its
    ``min_paragraphs`` every paragraph scores 0): the one test the models and the narrative stage share."""
    return paragraphs >= int(settings["min_paragraphs"])


def block_features(profiles: Sequence[Profile], *, idf: Idf | None = None, settings: Mapping[str, Any] | None = None) -> dict[tuple[int, int], dict[str, float]]:
    """Features of every candidate block of an article (empty for articles the model does not read, :func:`reads`)."""
    cfg = settings or load_settings()
    if not reads(len(profiles), settings=cfg):
        return {}
    art = _Article(profiles, idf or load_idf(cfg.get("idf", "idf-v1.tsv")), evidence_k=float(cfg["shift"]["evidence"]),
                   frame_hits=float(cfg.get("frame_min_hits", 2.0)))
    return {blk: art.features(*blk) for blk in candidate_blocks(len(profiles), max_block=int(cfg["max_block"]), max_share=float(cfg["max_passage_share"]))}


def logit(feats: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The block model's log-odds for one block."""
    return weights["bias"] + sum(weights[k] * feats.get(k, 0.0) for k in FEATURES)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def probability(feats: Mapping[str, float], weights: Mapping[str, float]) -> float:
    return _sigmoid(logit(feats, weights))


def standout(logits: Mapping[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """How far each block's log-odds stands above the article's other candidate blocks, in units of
    their spread (z-score over all candidate blocks of the article; 0 when they are all equal)."""
    if not logits:
        return {}
    values = list(logits.values())
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return {blk: (z - mean) / spread if spread > 1e-6 else 0.0 for blk, z in logits.items()}


def block_probabilities(feats: Mapping[tuple[int, int], Mapping[str, float]], *, settings: Mapping[str, Any]) -> dict[tuple[int, int], float]:
    """Splice probability of every candidate block of one article: the block model's log-odds, then
    (when the settings have a ``standout`` stage) recalibrated with how far the block stands out from
    the article's other blocks, so a block is judged against its own article's loosest passages."""
    logits = {blk: logit(f, settings["weights"]) for blk, f in feats.items()}
    second = settings.get("standout")
    if not second:
        return {blk: _sigmoid(z) for blk, z in logits.items()}
    w = second["weights"]
    rel = standout(logits)
    return {blk: _sigmoid(w["bias"] + w["logit"] * z + w["standout"] * rel[blk]) for blk, z in logits.items()}


def score_paragraphs(profiles: Sequence[Profile], *, settings: Mapping[str, Any] | None = None, idf: Idf | None = None) -> list[Scored]:
    """Departure score and components for every paragraph; ``flagged`` for paragraphs of chosen passages."""
    cfg = settings or load_settings()
    feats = block_features(profiles, idf=idf, settings=cfg)
    if not feats:
        return [Scored(0.0, {}) for _ in profiles]
    return paragraph_scores(feats, block_probabilities(feats, settings=cfg), n=len(profiles), settings=cfg)


def paragraph_scores(feats: Mapping[tuple[int, int], Mapping[str, float]], probs: Mapping[tuple[int, int], float], *,
                     n: int, settings: Mapping[str, Any]) -> list[Scored]:
    """From block features and splice probabilities (of any block model) to paragraph scores: blocks are
    chosen by strength; a flagged paragraph is scored on its passage, any other on its strongest block
    that leaves the passages out."""
    out = [Scored(0.0, {}) for _ in range(n)]
    strength = block_strength(probs, feats, settings=settings)

    def put(i: int, block: tuple[int, int]) -> None:
        value = strength[block]
        out[i].score = round(value / (1.0 + value), 4)
        out[i].components = {k: round(feats[block][k], 3) for k in REASON_COMPONENTS} | {"splice_probability": round(probs[block], 3)}

    chosen = choose_blocks(strength, n=n, settings=settings)
    flagged = {i for a, b in chosen for i in range(a, b + 1)}
    best: dict[int, tuple[int, int]] = {}
    for (a, b), value in strength.items():
        if flagged.intersection(range(a, b + 1)):
            continue  # other paragraphs are scored on blocks that leave the passages out
        for i in range(a, b + 1):
            if i not in best or value > strength[best[i]]:
                best[i] = (a, b)
    for i, block in best.items():
        put(i, block)
    for a, b in chosen:
        for i in range(a, b + 1):
            out[i].flagged = True
            put(i, (a, b))
    return out


def block_strength(probs: Mapping[tuple[int, int], float], feats: Mapping[tuple[int, int], Mapping[str, float]], *, settings: Mapping[str, Any]) -> dict[tuple[int, int], float]:
    """Each block's strength: the larger of its splice probability over ``threshold`` and its
    evidence-weighted focus-and-framing shift over ``shift.threshold`` (>= 1 means departing)."""
    t_splice = float(settings["threshold"])
    t_shift = float(settings["shift"]["threshold"])
    return {blk: max(p / t_splice, feats[blk]["shift"] / t_shift) for blk, p in probs.items()}


def choose_blocks(strength: Mapping[tuple[int, int], float], *, n: int, settings: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Strongest departing blocks (strength >= 1), no two overlapping or touching, at most ``max_passage_share`` of the article."""
    cap = max(1, int(float(settings["max_passage_share"]) * n))
    taken: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for (a, b), p in sorted(strength.items(), key=lambda kv: (-kv[1], kv[0])):
        if p < 1.0:
            break
        if set(range(a - 1, b + 2)) & taken or len(taken) + b - a + 1 > cap:
            continue
        taken.update(range(a, b + 1))
        chosen.append((a, b))
    return sorted(chosen)


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


def passage_reasons(profiles: Sequence[Profile], block: Sequence[int], *, scored: Sequence[Scored], settings: Mapping[str, Any] | None = None,
                    name_forms: Mapping[str, str] | None = None) -> list[str]:
    """Plain-word reasons why the paragraphs in ``block`` depart from the rest of the article.

    ``name_forms`` maps the lower-cased name keys of the profiles to the form the text writes ("Israel")."""
    cfg = settings or load_settings()
    if not block:
        raise ConfigError("passage_reasons: empty block")
    inside = rest_of(profiles, block)
    members = set(block)
    outside = rest_of(profiles, [j for j in range(len(profiles)) if j not in members])
    comp = {k: max(scored[i].components.get(k, 0.0) for i in block) for k in REASON_COMPONENTS}
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
        reasons.append(f"vocabulary shared with the rest of the article is {round(comp['lexical'] * 100)}% below the article's typical paragraph")
    new_names = [k for k, _ in sorted(inside.names.items(), key=lambda kv: (-kv[1], kv[0])) if k not in outside.names][:3]
    if comp["names"] >= least and new_names:
        forms = name_forms or {}
        reasons.append("names not used elsewhere in the article: " + ", ".join(forms.get(k, k) for k in new_names))
    return reasons or [f"departure probability {max(scored[i].score for i in block):.2f}"]
