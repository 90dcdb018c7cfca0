"""GDELT-style tone for the article and for every paragraph.

For a stretch of text with ``N`` words (tokens that are not punctuation,
numbers or whitespace):

- ``positive`` / ``negative``: percent of words whose VADER valence (after
  negation flipping) is above / below zero;
- ``tone`` = positive - negative (GDELT's "Tone", -100..+100);
- ``polarity`` = positive + negative (how emotionally charged the text is);
- ``activity``: percent of words that are main verbs (a stand-in for GDELT's
  "activity reference density");
- ``self_group``: percent of words that are first-person pronouns;
- ``word_count`` = N.

See ``docs/narrative.md``. The lexicon is loaded once per process.
"""

from __future__ import annotations


from ..errors import ConfigError
from ..model import Analysis, Tone
from ..narrative.valence import FIRST_PERSON, is_word, lexicon_versions, token_valences


class _Counts:
    __slots__ = ("words", "pos", "neg", "active", "self_group")

    def __init__(self) -> None:
        self.words = self.pos = self.neg = self.active = self.self_group = 0

    def add(self, other: "_Counts") -> None:
        self.words += other.words
        self.pos += other.pos
        self.neg += other.neg
        self.active += other.active
        self.self_group += other.self_group

    def tone(self, digits: int) -> Tone:
        if not self.words:
            return Tone()
        scale = 100.0 / self.words
        pos, neg = self.pos * scale, self.neg * scale
        return Tone(
            tone=round(pos - neg, digits),
            positive=round(pos, digits),
            negative=round(neg, digits),
            polarity=round(pos + neg, digits),
            activity=round(self.active * scale, digits),
            self_group=round(self.self_group * scale, digits),
            word_count=self.words,
        )


class ToneScorer:
    """Fills ``analysis.tone`` and ``paragraph.tone`` from the spaCy parse."""

    name = "tone"
    requires: tuple[str, ...] = ("doc", "paragraphs")
    provides: tuple[str, ...] = ("tone",)

    def __init__(self, *, digits: int = 3) -> None:
        if digits < 0:
            raise ConfigError(f"tone: digits must be >= 0, got {digits}")
        self.digits = digits

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.doc
        if doc is None:
            raise ConfigError("tone: the analysis has no spaCy doc; run the 'segment' stage first")
        paragraphs = analysis.paragraphs
        counts = [_Counts() for _ in paragraphs]
        total = _Counts()
        valences = token_valences(doc)
        p = 0
        n_par = len(paragraphs)
        current: _Counts = counts[0] if counts else total
        for i, token in enumerate(doc):
            if not is_word(token):
                continue
            idx = token.idx
            while p + 1 < n_par and paragraphs[p + 1].start <= idx:
                p += 1
            if counts:
                current = counts[p]
            current.words += 1
            value = valences[i]
            if value > 0:
                current.pos += 1
            elif value < 0:
                current.neg += 1
            if token.pos_ == "VERB":
                current.active += 1
            if token.lower_ in FIRST_PERSON:
                current.self_group += 1
        for paragraph, count in zip(paragraphs, counts):
            paragraph.tone = count.tone(self.digits)
            total.add(count)
        if not counts:
            pass  # all counts went straight into ``total``
        analysis.tone = total.tone(self.digits)
        analysis.meta.setdefault("rules", {})["tone"] = {"valence": lexicon_versions()["valence"]}
        return analysis
