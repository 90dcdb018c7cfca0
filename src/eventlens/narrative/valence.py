"""Word valence from the VADER lexicon (vaderSentiment, MIT licence).

The lexicon file ships inside the ``vaderSentiment`` package; it is read once
per process (:func:`vader_lexicon`) and looked up token by token on the spaCy
parse, so no per-sentence VADER call runs in the pipeline's hot path.

:func:`token_valences` gives one signed valence per token of a ``Doc``:
the VADER score of the token's lower-case form (or of its lemma), with the
sign flipped when a negator (``not``, ``never``, ``n't`` ...) occurs among the
three tokens before it in the same sentence. The result is cached on the doc
(``doc.user_data``) so the tone and narrative stages share one pass.
:func:`token_pattern_valences` does the same with the pattern/TextBlob
adjective lexicon (``data/sentiment/pattern-polarity-v1.tsv``: polarity and
subjectivity), used by the targeted-sentiment features.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ResourceError

USER_DATA_KEY = "eventlens.valence"
NEGATION_WINDOW = 3
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})


@functools.lru_cache(maxsize=1)
def vader_lexicon() -> Mapping[str, float]:
    """Word -> mean valence (-4..+4) from vaderSentiment's ``vader_lexicon.txt``."""
    try:
        import vaderSentiment
    except ImportError as exc:  # pragma: no cover - base dependency
        raise ResourceError("vaderSentiment is not installed: pip install vaderSentiment") from exc
    path = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    if not path.is_file():
        raise ResourceError(f"VADER lexicon missing at {path}; reinstall vaderSentiment")
    table: dict[str, float] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) >= 2:
                try:
                    table[parts[0].lower()] = float(parts[1])
                except ValueError:
                    continue
    return MappingProxyType(table)


@functools.lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    """VADER's negation words plus spaCy's ``n't`` token."""
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(w.lower() for w in NEGATE) | {"n't", "not", "no", "never", "without", "nor"}


def is_word(token: Any) -> bool:
    return not (token.is_punct or token.is_space or token.is_digit or token.like_num) and any(c.isalpha() for c in token.text)


def _words_with_negation(doc: Any) -> Iterator[tuple[int, str, bool]]:
    """(index, lower-case word, negated) for every token of ``doc`` that is not itself a negator; ``negated``
    when a VADER negator stands at most NEGATION_WINDOW tokens before it in the same sentence."""
    negs = negators()
    last_negation = -10
    for i, token in enumerate(doc):
        if token.is_sent_start:
            last_negation = -10
        low = token.lower_
        if low in negs:
            last_negation = i
            continue
        yield i, low, i - last_negation <= NEGATION_WINDOW


def token_valences(doc: Any) -> list[float]:
    """Signed VADER valence per token of ``doc`` (0.0 where the word is not in the lexicon)."""
    cached = doc.user_data.get(USER_DATA_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    lexicon = vader_lexicon()
    values = [0.0] * len(doc)
    for i, low, negated in _words_with_negation(doc):
        value = lexicon.get(low)
        if value is None:
            lemma = doc[i].lemma_.lower()
            value = lexicon.get(lemma) if lemma != low else None
        if value is None:
            continue
        values[i] = -0.74 * value if negated else value  # VADER's own damping of negated words
    doc.user_data[USER_DATA_KEY] = values
    return values


PATTERN_KEY = "eventlens.pattern_valence"
PATTERN_FILE = "pattern-polarity-v1.tsv"


@functools.lru_cache(maxsize=1)
def lexicon_versions() -> Mapping[str, str]:
    """The versions of the two word lists (for ``meta.rules``): VADER's lexicon, named by the vaderSentiment
    release that ships it, and the polarity lexicon's file version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        vader = f"vader_lexicon (vaderSentiment {version('vaderSentiment')})"
    except PackageNotFoundError:  # run from a source tree without package metadata
        vader = "vader_lexicon (vaderSentiment ?)"
    return MappingProxyType({"valence": vader, "polarity": PATTERN_FILE.removesuffix(".tsv")})


@functools.lru_cache(maxsize=1)
def pattern_lexicon() -> Mapping[str, tuple[float, float]]:
    """Word -> (polarity -1..+1, subjectivity 0..1) from ``data/sentiment/pattern-polarity-v1.tsv``
    (derived from the pattern/TextBlob adjective lexicon; attribution in the file header)."""
    from importlib import resources

    try:
        text = resources.files("eventlens.data").joinpath("sentiment", PATTERN_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ResourceError(f"polarity lexicon {PATTERN_FILE} is missing from eventlens/data/sentiment; reinstall eventlens") from exc
    table: dict[str, tuple[float, float]] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != 3 or parts[0] == "word":
            continue
        table[parts[0]] = (float(parts[1]), float(parts[2]))
    return MappingProxyType(table)


def token_pattern_valences(doc: Any) -> list[tuple[float, float]]:
    """(polarity, subjectivity) per token of ``doc`` from :func:`pattern_lexicon`; polarity is halved and
    flipped after a negator (three tokens back, same sentence). Cached on the doc like :func:`token_valences`."""
    cached = doc.user_data.get(PATTERN_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    lexicon = pattern_lexicon()
    values = [(0.0, 0.0)] * len(doc)
    for i, low, negated in _words_with_negation(doc):
        entry = lexicon.get(low)
        if entry is None:
            continue
        polarity, subjectivity = entry
        if polarity and negated:
            polarity = -0.5 * polarity
        values[i] = (polarity, subjectivity)
    doc.user_data[PATTERN_KEY] = values
    return values
