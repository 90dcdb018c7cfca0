"""The objects that flow through eventlens: an :class:`Article` goes in, an
:class:`Analysis` comes out.

Every item that points into the text carries ``start``/``end`` character
offsets into ``Article.text`` (Python string indices, end exclusive), so any
claim can be traced back to the characters that support it.

The JSON form (``Analysis.to_dict()``) is the project's public contract; its
keys are documented in ``docs/schema.md`` and versioned by
:data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.1"


def _start(item: Any) -> int:
    return item.start


def content_hash(text: str) -> str:
    """Stable id of an article's text (sha256 of its UTF-8 bytes, 16 hex chars). A lone surrogate, which readers
    replace before this (:mod:`eventlens.ingest.normalise`), is hashed as its surrogate-pass bytes, not an error."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Article:
    """One document to analyse. ``text`` is the plain text every offset refers to."""

    text: str
    title: str | None = None
    date: str | None = None  # ISO date, YYYY-MM-DD
    source: str | None = None  # outlet name
    url: str | None = None
    path: str | None = None  # where it was read from, for error messages
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)


@dataclass(slots=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int


@dataclass(slots=True)
class Tone:
    """GDELT-style tone of a stretch of text.

    ``tone`` = positive - negative; ``positive``/``negative`` are the share of
    words (in percent) that score positive/negative; ``polarity`` = positive +
    negative; ``activity`` = share of active words; ``self_group`` = share of
    first-person words; ``word_count`` the number of words.
    """

    tone: float = 0.0
    positive: float = 0.0
    negative: float = 0.0
    polarity: float = 0.0
    activity: float = 0.0
    self_group: float = 0.0
    word_count: int = 0


@dataclass(slots=True)
class Departure:
    """How far a paragraph departs from the rest of its article."""

    score: float = 0.0
    flagged: bool = False
    passage: int | None = None  # index into Analysis.passages when flagged
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    tone: Tone | None = None
    focus: list[dict[str, Any]] = field(default_factory=list)  # [{code, weight}]
    frames: list[dict[str, Any]] = field(default_factory=list)  # [{frame, score}]
    actor_tone: list[dict[str, Any]] = field(default_factory=list)  # [{code, sentiment, score, n}]
    departure: Departure | None = None


@dataclass(slots=True)
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int


@dataclass(slots=True)
class ActorMention:
    """A mention of an actor, resolved to a CAMEO-style code.

    ``code`` = ISO3 country (or IGO/NGO code) + optional sector codes, e.g.
    ``IRNEDU``; ``country`` is the ISO3 part (None for IGOs/NGOs without a
    country); ``sector`` the first sector code (``GOV``, ``MIL``, ``EDU`` ...).
    """

    text: str
    start: int
    end: int
    code: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None  # canonical name from the dictionary
    kind: str = "actor"  # actor | country | demonym | metonym | agent | person | organisation | pronoun | place
    sentence: int | None = None
    rule: str = ""  # which dictionary entry or rule produced it
    confidence: float = 1.0
    # how the code was reached: {"source", "entry" | "pattern", "phrase", "country": {"from", "text", "start",
    # "end", "place": {...}}, "sector": {...}}; see docs/schema.md
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Place:
    """A toponym resolved to a gazetteer record."""

    text: str
    start: int
    end: int
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    admin1: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int | None = None
    kind: str = "toponym"  # toponym | demonym
    sentence: int | None = None
    rule: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class EventActor:
    text: str
    code: str | None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Event:
    """One coded event, with the evidence span that supports it."""

    source: EventActor | None
    target: EventActor | None
    cameo: str  # full CAMEO code, e.g. "0731"
    plover: str  # PLOVER 2.0 type, e.g. "AID"
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    goldstein: float
    paragraph: int
    sentence: int
    start: int  # evidence span (the sentence)
    end: int
    trigger: str = ""  # the verb or noun that triggered the event
    trigger_start: int | None = None
    trigger_end: int | None = None
    negated: bool = False
    modality: str = "asserted"  # asserted | future | hypothetical | reported | historical
    speaker: EventActor | None = None  # for reported speech
    plover_mode: str | None = None
    location: dict[str, Any] | None = None  # {name, country, lat, lon, geonameid, how}
    rule: str = ""
    confidence: float = 1.0

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]


@dataclass(slots=True)
class Passage:
    """Contiguous paragraphs that depart from the rest of the article."""

    paragraphs: list[int]
    start: int
    end: int
    score: float
    reasons: list[str] = field(default_factory=list)


_NESTED: dict[str, type] = {
    "paragraphs": Paragraph,
    "sentences": Sentence,
    "actors": ActorMention,
    "places": Place,
    "events": Event,
    "passages": Passage,
}


@dataclass(slots=True)
class Analysis:
    """Everything eventlens found in one article.

    Stages fill the lists in order; ``doc`` holds the spaCy ``Doc`` and ``encodings``
    the shared encoder outputs (:class:`eventlens.encoder.sentences.SentenceEncodings`)
    while the pipeline runs; neither is ever serialised.
    """

    article: Article
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    tone: Tone | None = None
    actor_tone: list[dict[str, Any]] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    doc: Any = field(default=None, repr=False, compare=False)
    encodings: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.article.text

    def span_text(self, start: int, end: int) -> str:
        return self.article.text[start:end]

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph that contains character ``offset`` (or the nearest before it).

        Paragraphs are in text order, so this is a binary search (a long article has thousands of
        paragraphs and the stages ask for every mention)."""
        i = bisect_right(self.paragraphs, offset, key=_start)
        return self.paragraphs[i - 1].index if i else 0

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence that contains character ``offset`` (or the nearest before it)."""
        i = bisect_right(self.sentences, offset, key=_start)
        return self.sentences[i - 1].index if i else 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the analysis (see ``docs/schema.md``)."""
        art = self.article
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "article": {
                "id": art.id,
                "title": art.title,
                "date": art.date,
                "source": art.source,
                "url": art.url,
                "path": art.path,
                "text": art.text,
            },
        }
        for name in _NESTED:
            out[name] = [asdict(item) for item in getattr(self, name)]
        out["tone"] = asdict(self.tone) if self.tone else None
        out["actor_tone"] = list(self.actor_tone)
        out["meta"] = dict(self.meta)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Analysis":
        """Rebuild an analysis from its JSON form (``doc`` stays None)."""
        art = data["article"]
        analysis = cls(
            article=Article(
                text=art["text"],
                title=art.get("title"),
                date=art.get("date"),
                source=art.get("source"),
                url=art.get("url"),
                path=art.get("path"),
                id=art.get("id") or "",
            )
        )
        for name, kind in _NESTED.items():
            setattr(analysis, name, [_build(kind, item) for item in data.get(name) or []])
        analysis.tone = Tone(**data["tone"]) if data.get("tone") else None
        analysis.actor_tone = list(data.get("actor_tone") or [])
        analysis.meta = dict(data.get("meta") or {})
        return analysis


def _build(kind: type, item: dict[str, Any]) -> Any:
    known = {f.name for f in fields(kind)}
    values = {k: v for k, v in item.items() if k in known}
    if kind is Paragraph:
        if values.get("tone"):
            values["tone"] = Tone(**values["tone"])
        if values.get("departure"):
            values["departure"] = Departure(**values["departure"])
    if kind is Event:
        for key in ("source", "target", "speaker"):
            if values.get(key):
                values[key] = EventActor(**values[key])
    return kind(**values)
