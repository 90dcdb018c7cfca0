"""The words of an evidence sentence as a weighted vector: what "compatible evidence" compares.

Words are lower-cased and normalised as the narrative stage does (``states`` -> ``state``), function
words and words under three letters are dropped, and each word is weighted by the background IDF
table the narrative stage uses (``data/narrative/idf-v1.tsv``), so that two reports match on the
words that are rare in news ("Qamishli", "consulate", "howitzer") rather than on "said" or "government".
Numbers ("$100 billion", "60 diplomats") count as words with the IDF of an unseen word.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from ..narrative.cohesion import load_idf, normalise
from .words import Stated, stated_dates, trigger_senses

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d[\d.,]*\d|\d")
_FUNCTION_FILE = "english-function-words-v1.txt"


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    text = resources.files("eventlens.data").joinpath("language", _FUNCTION_FILE).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def weighted(text: str) -> dict[str, float]:
    """IDF-weighted words of ``text`` (each word once: a sentence is too short for counts to mean much)."""
    idf = load_idf()
    stop = _function_words()
    out: dict[str, float] = {}
    for raw in _WORD.findall(text):
        if raw[0].isdigit():
            word = raw.rstrip(".,")
        else:
            low = raw.lower()
            if len(low) < 3 or low in stop:
                continue
            word = normalise(low)
        if word and word not in out:
            out[word] = idf.table.get(word, idf.unseen)
    return out


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two weighted word vectors (0 when either is empty)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[k] for k, w in a.items() if k in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


_TOKEN = re.compile(r"\S+")
WINDOW = 8  # words either side of the trigger that make its local context


def stem(word: str) -> str:
    """A crude stem of a trigger word, enough to match ``visited``/``visit`` and ``shooting``/``shoot``."""
    w = word.lower().strip()
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return w


@dataclass(frozen=True, slots=True)
class Features:
    """What the rule compares of a report's evidence, computed once per report."""

    sentence: Mapping[str, float]  # the sentence's words, less the trigger's and the actors'
    local: Mapping[str, float]  # the words within WINDOW words of the trigger
    actors: frozenset[str]  # the words of the source and target as written
    trigger: str  # stem of the trigger
    text: str  # the sentence with white space collapsed (identical sentences are the same report)
    lemmas: frozenset[str] = frozenset()  # the trigger's lemmas ("postponed" -> postpone)
    synonyms: frozenset[str] = frozenset()  # its synonym sets (verb blocks of the CAMEO verb dictionary)
    stated: Stated = Stated()  # the dates the sentence states
    trigger_at: int | None = None  # where the trigger starts in the sentence


def features(*, evidence: str, trigger: str, trigger_at: int | None, source_text: str, target_text: str) -> Features:
    actors = weighted(f"{source_text} {target_text}")
    excluded = set(actors) | set(weighted(trigger))
    sentence = {k: v for k, v in weighted(evidence).items() if k not in excluded}
    if trigger_at is not None and 0 <= trigger_at <= len(evidence):
        left = _TOKEN.findall(evidence[:trigger_at])[-WINDOW:]
        right = _TOKEN.findall(evidence[trigger_at + len(trigger):])[:WINDOW]
        local = weighted(" ".join(left + right))
    else:
        local = {}
    lemmas, synonyms = trigger_senses(trigger)
    return Features(sentence=sentence, local=local, actors=frozenset(actors), trigger=stem(trigger),
                    text=" ".join(evidence.split()).lower(), lemmas=lemmas, synonyms=synonyms,
                    stated=stated_dates(evidence), trigger_at=trigger_at)
