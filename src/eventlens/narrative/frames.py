"""Frame scores per paragraph from a versioned cue lexicon.

The 15 frames are the primary frames of the Media Frames Corpus codebook
(Boydstun et al. 2014). Each cue (a word, a word prefix ending in ``*`` or a
multi-word phrase) votes for one or more frames; a paragraph's frame scores
are the cue weights summed per frame and normalised to shares. A paragraph
with fewer than ``min_hits`` cue weight gets the frame ``other``.
The lexicon (``data/frames/frames-v1.tsv``) is read once per process.
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
LEXICON_FILE = "frames-v1.tsv"
MIN_PREFIX = 4


@dataclass(frozen=True, slots=True)
class FrameLexicon:
    words: Mapping[str, tuple[tuple[str, float], ...]]
    prefixes: Mapping[str, tuple[tuple[str, float], ...]]
    phrases: Mapping[tuple[str, ...], tuple[tuple[str, float], ...]]
    max_phrase: int
    version: str

    def hits(self, words: Sequence[str]) -> dict[str, float]:
        """Summed cue weight per frame for a sequence of lower-case words."""
        scores: dict[str, float] = {}
        n = len(words)
        for i, word in enumerate(words):
            found = self.words.get(word)
            if found is None and len(word) > MIN_PREFIX:
                for k in range(len(word), MIN_PREFIX - 1, -1):
                    found = self.prefixes.get(word[:k])
                    if found is not None:
                        break
            if found:
                for frame, weight in found:
                    scores[frame] = scores.get(frame, 0.0) + weight
            for size in range(2, self.max_phrase + 1):
                if i + size > n:
                    break
                phrase = self.phrases.get(tuple(words[i : i + size]))
                if phrase:
                    for frame, weight in phrase:
                        scores[frame] = scores.get(frame, 0.0) + weight
        return scores


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
    )


def frame_scores(words: Sequence[str], *, lexicon: FrameLexicon | None = None, min_hits: float = 1.0, top: int = 3, min_share: float = 0.15,
                 hits: Mapping[str, float] | None = None) -> list[dict[str, Any]]:
    """``[{frame, score}]`` for a paragraph's lower-case words, best first (shares summing to <= 1).

    ``hits``: the paragraph's cue weights when already counted (skips the lexicon pass)."""
    if hits is None:
        hits = (lexicon or load_lexicon()).hits(words)
    total = sum(hits.values())
    if total < min_hits:
        return [{"frame": "other", "score": 1.0}]
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [{"frame": f, "score": round(v / total, 3)} for f, v in ranked[:top] if v / total >= min_share]
    return out or [{"frame": ranked[0][0], "score": round(ranked[0][1] / total, 3)}]


def frame_distribution(words: Sequence[str], *, lexicon: FrameLexicon | None = None) -> dict[str, float]:
    """Raw cue weight per frame (not normalised), for comparing paragraphs."""
    return (lexicon or load_lexicon()).hits(words)


def label(frame: str) -> str:
    """Human-readable frame name."""
    return FRAMES.get(frame, frame)
