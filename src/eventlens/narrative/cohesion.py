"""Lexical cohesion between paragraphs: background-IDF weighted word vectors.

Words are normalised by :func:`normalise` (lower case, possessive and plural
``s`` stripped) and weighted ``(1 + ln tf) * idf`` with an IDF table estimated
offline on a background news corpus (``data/narrative/idf-v1.tsv``, built by
``scripts/build_background_idf.py``), so that a paragraph's similarity to its
neighbours and to the rest of its article is carried by the words that are
rare in news in general. The table is read once per process.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from ..errors import ResourceError

IDF_FILE = "idf-v1.tsv"


def normalise(word: str) -> str:
    """Lower-case word without possessive or a plain plural ``s`` (states -> state, policies -> policy)."""
    w = word.lower().strip("'-")
    if w.endswith("'s") or w.endswith("\u2019s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Idf:
    table: Mapping[str, float]
    unseen: float
    version: str

    def weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        """``(1 + ln tf) * idf`` per word."""
        get = self.table.get
        unseen = self.unseen
        return {w: (1.0 + math.log(c)) * get(w, unseen) for w, c in counts.items() if c > 0}


@functools.lru_cache(maxsize=2)
def load_idf(name: str = IDF_FILE) -> Idf:
    """The background IDF table (``eventlens/data/narrative/<name>``), read once per process."""
    try:
        text = resources.files("eventlens.data").joinpath("narrative", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"background IDF table {name} missing in eventlens/data/narrative; rebuild it with scripts/build_background_idf.py") from exc
    table: dict[str, float] = {}
    header: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
            continue
        word, _, value = line.partition("\t")
        if word and word != "word":
            table[word] = float(value)
    try:
        unseen = float(header["unseen_idf"])
    except (KeyError, ValueError) as exc:
        raise ResourceError(f"background IDF table {name} has no valid '# unseen_idf:' header line") from exc
    return Idf(table=MappingProxyType(table), unseen=unseen, version=header.get("version", name))


def merged(parts: Iterable[Mapping[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for k, v in part.items():
            out[k] = out.get(k, 0.0) + v
    return out


CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
NUMBER_ENTITIES = frozenset({"CARDINAL", "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})


def name_key(*, lower: str, is_stop: bool, ent_type: str) -> str | None:
    """The key a word of a named entity is counted under in ``names`` (None: not counted as a name)."""
    if is_stop or len(lower) < 3 or not lower[0].isalpha() or ent_type not in NAME_ENTITIES:
        return None
    return normalise(lower)


def add_token(terms: dict[str, float], names: dict[str, float], *, lower: str, pos: str, is_stop: bool, ent_type: str,
              numbers: dict[str, float] | None = None) -> None:
    """Count one token: content words into ``terms``, words of named entities into ``names``,
    words of numbers, dates and amounts into ``numbers``."""
    if numbers is not None and ent_type in NUMBER_ENTITIES and not is_stop:
        numbers[lower] = numbers.get(lower, 0.0) + 1.0
    if is_stop or len(lower) < 3 or not lower[0].isalpha():
        return
    if (word := name_key(lower=lower, is_stop=is_stop, ent_type=ent_type)) is not None:
        names[word] = names.get(word, 0.0) + 1.0
    if pos in CONTENT_POS:
        word = normalise(lower)
        terms[word] = terms.get(word, 0.0) + 1.0
