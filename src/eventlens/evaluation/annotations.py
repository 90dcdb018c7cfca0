"""The project's annotated news-event corpus (``data/annotations/events-v1.jsonl``, docs/annotation.md).

One JSON object per sentence:

* ``id``, ``corpus`` (``newsmtsc``, ``gwn``, ``trnews``), ``doc``, ``split`` (``train`` / ``test``),
  ``sha256`` of the sentence text;
* the text: NewsMTSC sentences (MIT) carry it as ``text``; GeoWebNews and TR-News (GPL-3.0) carry
  only ``sentence: [start, end]`` into their article's text, read here from the shared data folder
  (the ``<text>`` of the article in ``GWN.xml`` / ``TR-News.xml``, as written) and checked against
  ``sha256``;
* ``actors``: every actor mention, ``{"span": [start, end], "code"}`` with offsets into the sentence;
* ``events``: ``{"trigger": [start, end], "cameo", "plover", "source", "target", "modality"}``,
  where ``source``/``target`` index ``actors`` (or are null) and ``modality`` is one of
  ``asserted``, ``reported``, ``planned``, ``hypothetical``, ``negated``;
* ``annotation``: who annotated it and whether a disagreement was adjudicated.

:func:`read_annotations` returns :class:`AnnotatedSentence` objects whose offsets are absolute in
their ``article`` text, so the same sentence can be analysed in its article, as production does.
"""

from __future__ import annotations

import functools
import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, ResourceError
from ..shared_data import SHARED_ENV, shared_dir

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "negated")
_GPL_FILES = {"gwn": ("GWN.xml", "file"), "trnews": ("TR-News.xml", "docid")}


# corpora whose sentences are read inside their whole article (the others are single sentences)
ARTICLE_CORPORA = frozenset(_GPL_FILES)


@dataclass(frozen=True, slots=True)
class GoldActor:
    start: int
    end: int
    code: str


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated event: trigger span, codes, the indices of its source/target actors, modality."""

    trigger_start: int
    trigger_end: int
    cameo: str
    plover: str
    source: int | None
    target: int | None
    modality: str


@dataclass(slots=True)
class AnnotatedSentence:
    """A sentence of the corpus inside the text it is analysed in (its article, or itself)."""

    id: str
    corpus: str
    doc: str
    split: str
    article: str
    start: int
    end: int
    actors: list[GoldActor] = field(default_factory=list)
    events: list[GoldMention] = field(default_factory=list)
    annotation: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article[self.start : self.end]

    @property
    def article_key(self) -> tuple[str, str]:
        """Which analysed text the sentence belongs to: its article for the article corpora (GeoWebNews,
        TR-News), the sentence itself for the sentence corpora (NewsMTSC); analyse each key once."""
        return (self.corpus, self.doc) if self.corpus in ARTICLE_CORPORA else (self.corpus, self.id)


def is_annotation_file(path: Path) -> bool:
    """Whether ``path`` looks like the corpus format (JSON Lines whose first record has ``events`` and ``actors``)."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    first = json.loads(line)
                    return isinstance(first, dict) and "events" in first and "actors" in first and "id" in first
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return False


@functools.lru_cache(maxsize=4)
def _articles(xml_path: str, key: str) -> dict[str, str]:
    root = ET.parse(xml_path).getroot()
    return {str(a.get(key)): a.findtext("text") or "" for a in root.iter("article")}


def _article_text(corpus: str, doc: str, shared: Path | None, *, where: str) -> str:
    name, key = _GPL_FILES[corpus]
    if shared is None:
        raise ResourceError(f"{where}: the {corpus} sentences' text is read from the shared data folder ({name}), which was not "
                            f"found; pass --shared DIR or set {SHARED_ENV}")
    path = shared / "data" / "geoparsing" / name
    if not path.is_file():
        raise ResourceError(f"{where}: {path} is missing; pass --shared DIR or set {SHARED_ENV}")
    doc_key = doc.split("-", 1)[1] if "-" in doc else doc
    texts = _articles(str(path), key)
    if doc_key not in texts:
        raise InputError(where, f"document {doc!r} is not in {path}")
    return texts[doc_key]


def _record(raw: dict[str, Any], *, shared: Path | None, where: str) -> AnnotatedSentence:
    corpus = str(raw["corpus"])
    if corpus in _GPL_FILES:
        article = _article_text(corpus, str(raw["doc"]), shared, where=where)
        start, end = (int(v) for v in raw["sentence"])
    else:
        article = str(raw["text"])
        start, end = 0, len(article)
    text = article[start:end]
    if raw.get("sha256") and hashlib.sha256(text.encode("utf-8")).hexdigest() != raw["sha256"]:
        raise InputError(where, f"the text of sentence {raw['id']} does not match its sha256 (a different copy of {corpus}?)")
    actors = [GoldActor(start + int(a["span"][0]), start + int(a["span"][1]), str(a["code"])) for a in raw.get("actors", [])]
    events = []
    for e in raw.get("events", []):
        modality = str(e.get("modality", "asserted"))
        if modality not in MODALITIES:
            raise InputError(where, f"unknown modality {modality!r}; expected one of {', '.join(MODALITIES)}")
        events.append(GoldMention(start + int(e["trigger"][0]), start + int(e["trigger"][1]), str(e["cameo"]), str(e["plover"]),
                                  e.get("source"), e.get("target"), modality))
    return AnnotatedSentence(id=str(raw["id"]), corpus=corpus, doc=str(raw.get("doc", "")), split=str(raw.get("split", "")),
                             article=article, start=start, end=end, actors=actors, events=events,
                             annotation=dict(raw.get("annotation") or {}))


def read_annotations(path: Path, *, shared: str | Path | None = None, split: str | None = None) -> Iterator[AnnotatedSentence]:
    """The corpus's sentences (only ``split`` when given; ``"all"`` or None: every split), with their texts resolved."""
    base = shared_dir(shared, near=path.parent)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the annotation file ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise InputError(where, f"not JSON ({exc})") from exc
        if split not in (None, "all") and raw.get("split") != split:
            continue
        try:
            yield _record(raw, shared=base, where=where)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(where, f"malformed annotation record ({exc!r})") from exc
