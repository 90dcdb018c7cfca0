"""What reading a corpus yields: records, quarantined inputs, file ends, and the field map."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which JSONL keys / CSV columns hold the article's parts."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    source: str = "source"
    url: str = "url"


@dataclass(slots=True)
class Record:
    article: Article
    file: str
    position: str  # '' for a whole file, else 'line N' / 'entry N' / 'item N'
    warning: str = ""  # a non-fatal problem (e.g. an unreadable date): the article is stored, the warning listed


@dataclass(slots=True)
class Quarantined:
    file: str
    position: str
    reason: str
    stage: str = "read"  # read (the record could not be read) | fetch (the URL could not be fetched)


@dataclass(slots=True)
class FileEnd:
    file: str
    size: int | None
    mtime: float | None
    records: int


class Pause:
    """Nothing more is ready yet: whoever reads the stream may go on with what it holds. A crawl says this
    while it waits on the network, so that analysis does not wait for a full chunk of articles."""

    __slots__ = ()


PAUSE = Pause()
