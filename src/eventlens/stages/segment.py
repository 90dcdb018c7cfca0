"""Segmentation: paragraphs, sentences and the spaCy parse every later stage reads."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from ..model import Analysis, Paragraph, Sentence
from ..nlp import load_spacy, model_info

_LINE = re.compile(r"[^\r\n]+")


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs are non-blank lines: a blank line or a single line break both end one."""
    paragraphs: list[Paragraph] = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        paragraphs.append(Paragraph(index=len(paragraphs), start=start, end=start + len(stripped)))
    return paragraphs


#: the longest stretch of tokens without a line break or sentence-final punctuation that is parsed as one
#: sentence; a longer one (a list of thousands of names) is cut into pieces of this many tokens, so that
#: every later stage's per-sentence work stays bounded (docs/limits.md); real sentences are far shorter
MAX_SENTENCE_TOKENS = 300
_ENDS = frozenset({".", "!", "?"})


def _paragraph_breaks(doc: Any) -> Any:
    """spaCy component: a token after a line break starts a sentence, so no sentence spans two paragraphs; a run
    of :data:`MAX_SENTENCE_TOKENS` tokens with no line break or sentence-final punctuation is cut there (the
    count of cuts is left in ``doc.user_data`` for the warning)."""
    import numpy
    from spacy.attrs import SENT_START

    starts = doc.to_array([SENT_START])  # written back in one call: token.is_sent_start = True checks the whole doc each time
    after_break = False
    run = cuts = 0
    for i, token in enumerate(doc):
        if i and after_break and not token.is_space:
            starts[i] = 1
            after_break = False
            run = 0
        elif run >= MAX_SENTENCE_TOKENS and not token.is_space:
            starts[i] = 1
            run = 0
            cuts += 1
        if "\n" in token.text or "\n" in token.whitespace_ or "\r" in token.text:
            after_break = True
        elif not token.is_space:
            after_break = False
        run = 0 if token.text in _ENDS else run + 1
    if len(doc):
        doc.from_array([SENT_START], numpy.asarray(starts, dtype="uint64").reshape(-1, 1))
    if cuts:
        doc.user_data["eventlens_sentence_cuts"] = cuts
    return doc


def _with_breaks(nlp: Any) -> Any:
    from spacy.language import Language

    name = "eventlens_paragraph_breaks"
    if not Language.has_factory(name):
        Language.component(name, func=_paragraph_breaks)
    if name not in nlp.pipe_names:
        nlp.add_pipe(name, before="parser")
    return nlp


class Segmenter:
    """Parses the text with spaCy and fills ``paragraphs`` and ``sentences``."""

    name = "segment"
    requires: tuple[str, ...] = ("article",)
    provides: tuple[str, ...] = ("doc", "paragraphs", "sentences")

    def __init__(self, *, model: str | None = None) -> None:
        self.model = model
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = _with_breaks(load_spacy(self.model))
        return self._nlp

    def __call__(self, analysis: Analysis) -> Analysis:
        text = self._checked(analysis)
        doc = self.nlp(text)
        return self.fill(analysis, doc)

    def _checked(self, analysis: Analysis) -> str:
        """The article's text, or InputError when it is longer than the parser takes."""
        text = analysis.article.text
        if len(text) > self.nlp.max_length:
            raise InputError(
                analysis.article.path,
                f"too long: {len(text):,} characters, over the parser's {self.nlp.max_length:,}-character limit; "
                "split the text into several articles",
            )
        return text

    def fill(self, analysis: Analysis, doc: Any) -> Analysis:
        """Fill an analysis from an already-parsed doc (used by batch runs with ``nlp.pipe``)."""
        text = analysis.article.text
        analysis.doc = doc
        analysis.paragraphs = split_paragraphs(text)
        analysis.sentences = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            chunk = text[start:end]
            if not chunk.strip():
                continue
            start += len(chunk) - len(chunk.lstrip())
            end -= len(chunk) - len(chunk.rstrip())
            analysis.sentences.append(
                Sentence(index=len(analysis.sentences), paragraph=analysis.paragraph_of(start), start=start, end=end)
            )
        analysis.meta["model"] = model_info(self.nlp)
        if cuts := doc.user_data.get("eventlens_sentence_cuts"):
            analysis.meta.setdefault("warnings", []).append(
                f"{cuts:,} cut(s) in runs of over {MAX_SENTENCE_TOKENS} tokens with no sentence end (docs/limits.md): "
                f"such a run is read as sentences of {MAX_SENTENCE_TOKENS} tokens")
        return analysis

    def pipe(self, analyses: Iterable[Analysis], *, batch_size: int = 16) -> Iterator[Analysis]:
        """Parse a stream of analyses with ``nlp.pipe`` (faster than one call per article)."""
        pairs = ((self._checked(a), a) for a in analyses)
        for doc, analysis in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self.fill(analysis, doc)
