"""Frame scores per paragraph from a versioned cue lexicon.

The 15 frames are the primary frames of the Media Frames Corpus codebook
(Boydstun et al. 2014). Each cue (a word, a word prefix ending in ``*`` or a
multi-word phrase) votes for one or more frames; a paragraph's frame scores
are the cue weights summed per frame and normalised to shares. A paragraph
with less than ``min_hits`` cue weight (default 0.5: no cue at all) gets the frame ``other``.
The lexicon (``data/frames/frames-v2.tsv``; v1 is kept for comparison) is read once per process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import ResourceError

FRAMES: Mapping[str, str] = MappingProxyType(
    {
        "economic": "economic",
        "capacity_resources": "capacity and resources",
        "morality": "morality",
        "fairness_equality": "fairness and equality",
        "legality": "legality",
        "policy": "policy",
        "crime_punishment": "crime and punishment",
        "security_defense": "security and defence",
        "health_safety": "health and safety",
        "quality_of_life": "quality of life",
        "cultural_identity": "cultural identity",
        "public_opinion": "public opinion",
        "political": "political",
        "external_regulation": "external regulation and reputation",
        "other": "other",
    }
)
LEXICON_FILE = "frames-v2.tsv"
MIN_PREFIX = 4


@dataclass(frozen=True, slots=True)
class FrameLexicon:
    words: Mapping[str, tuple[tuple[str, float], ...]]
    prefixes: Mapping[str, tuple[tuple[str, float], ...]]
    phrases: Mapping[tuple[str, ...], tuple[tuple[str, float], ...]]
    max_phrase: int
    version: str
    max_prefix: int = 0  # longest prefix cue: no longer prefix of a word can match (keeps long junk words linear)

    def matches(self, words: Sequence[str]) -> list[tuple[int, str, tuple[tuple[str, float], ...]]]:
        """``(position, cue, entries)`` for every cue match, in text order.

        At each position only the longest phrase counts, and a phrase's words do not
        also count as single-word cues (one multi-word cue is one cue)."""
        out: list[tuple[int, str, tuple[tuple[str, float], ...]]] = []
        n = len(words)
        covered = -1
        for i, word in enumerate(words):
            for size in range(min(self.max_phrase, n - i), 1, -1):
                phrase = self.phrases.get(tuple(words[i : i + size]))
                if phrase:
                    out.append((i, " ".join(words[i : i + size]), phrase))
                    covered = max(covered, i + size - 1)
                    break
            if i <= covered:
                continue
            found = self.words.get(word)
            cue = word
            if found is None and len(word) > MIN_PREFIX:
                for k in range(min(len(word), self.max_prefix), MIN_PREFIX - 1, -1):
                    found = self.prefixes.get(word[:k])
                    if found is not None:
                        cue = word[:k] + "*"
                        break
            if found:
                out.append((i, cue, found))
        return out

    def hits(self, words: Sequence[str]) -> dict[str, float]:
        """Summed cue weight per frame for a sequence of lower-case words."""
        scores: dict[str, float] = {}
        for _, _, entries in self.matches(words):
            for frame, weight in entries:
                scores[frame] = scores.get(frame, 0.0) + weight
        return scores

    def evidence(self, words: Sequence[str]) -> dict[str, tuple[float, int, int]]:
        """Per frame: (summed weight, number of distinct cues, position of its first cue)."""
        weight: dict[str, float] = {}
        cues: dict[str, set[str]] = {}
        first: dict[str, int] = {}
        for i, cue, entries in self.matches(words):
            for frame, w in entries:
                weight[frame] = weight.get(frame, 0.0) + w
                cues.setdefault(frame, set()).add(cue)
                first.setdefault(frame, i)
        return {f: (weight[f], len(cues[f]), first[f]) for f in weight}


@functools.lru_cache(maxsize=2)
def load_lexicon(name: str = LEXICON_FILE) -> FrameLexicon:
    """Parse the frame lexicon TSV once per process."""
    try:
        raw = resources.files("eventlens.data").joinpath("frames", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"frame lexicon {name} missing from eventlens/data/frames") from exc
    words: dict[str, list[tuple[str, float]]] = {}
    prefixes: dict[str, list[tuple[str, float]]] = {}
    phrases: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    version = name
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith("#"):
            if "version" in line:
                version = "frames-v" + line.rsplit("version", 1)[1].strip(" :")
            continue
        if not line.strip() or line.startswith("frame\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in FRAMES:
            raise ResourceError(f"frame lexicon {name} line {number}: expected frame<TAB>cue<TAB>weight with a known frame, got {line!r}")
        frame, cue, weight = parts[0], parts[1].lower(), float(parts[2])
        if " " in cue:
            phrases.setdefault(tuple(cue.split()), []).append((frame, weight))
        elif cue.endswith("*"):
            prefixes.setdefault(cue[:-1], []).append((frame, weight))
        else:
            words.setdefault(cue, []).append((frame, weight))

    def freeze(table: dict[Any, list[tuple[str, float]]]) -> Mapping[Any, tuple[tuple[str, float], ...]]:
        return MappingProxyType({k: tuple(v) for k, v in table.items()})

    return FrameLexicon(
        words=freeze(words),
        prefixes=freeze(prefixes),
        phrases=freeze(phrases),
        max_phrase=max((len(p) for p in phrases), default=1),
        version=version,
        max_prefix=max((len(p) for p in prefixes), default=0),
    )


def frame_scores(words: Sequence[str], *, lexicon: FrameLexicon | None = None, min_hits: float = 0.5, top: int = 3, min_share: float = 0.15,
                 hits: Mapping[str, float] | None = None) -> list[dict[str, Any]]:
    """``[{frame, score}]`` for a paragraph's lower-case words, best first (shares summing to <= 1).

    Frames with equal cue weight are ordered by the number of distinct cues (more
    independent evidence first), then by the position of their first cue (earlier
    first), then by name. ``hits``: the paragraph's cue weights when already counted
    (skips the lexicon pass unless there is a tie to settle)."""
    lex = lexicon or load_lexicon()
    if hits is None:
        hits = lex.hits(words)
    total = sum(hits.values())
    if total < min_hits:
        return [{"frame": "other", "score": 1.0}]
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    if _tied(ranked, top):
        evidence = lex.evidence(words)
        ranked.sort(key=lambda kv: (-kv[1], -evidence.get(kv[0], (0, 0, 0))[1], evidence.get(kv[0], (0, 0, len(words)))[2], kv[0]))
    out = [{"frame": f, "score": round(v / total, 3)} for f, v in ranked[:top] if v / total >= min_share]
    return out or [{"frame": ranked[0][0], "score": round(ranked[0][1] / total, 3)}]


def _tied(ranked: Sequence[tuple[str, float]], top: int) -> bool:
    """Whether two of the first ``top`` frames (or the last reported and the next) share a weight."""
    head = [v for _, v in ranked[: top + 1]]
    return any(abs(a - b) < 1e-9 for a, b in zip(head, head[1:]))


def label(frame: str) -> str:
    """Human-readable frame name."""
    return FRAMES.get(frame, frame)
