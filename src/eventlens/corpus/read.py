"""Turn PATH... into a stream of :class:`Record` (an article and where it came from),
:class:`Quarantined` (a record that could not be read, and why) and
:class:`FileEnd` (every record of a file has been yielded).

Single documents go through :func:`eventlens.ingest.read.article_from_bytes`;
this module only finds files, opens gzip, and splits tables and feeds into
records. Nothing here raises for bad input: every problem becomes a
:class:`Quarantined` record and reading continues with the next one.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..ingest.read import HTML_SUFFIXES, MAX_BYTES, article_from_bytes
from ..model import Article
from . import formats

DOC_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"}) | frozenset(HTML_SUFFIXES)
TABLE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
KNOWN_SUFFIXES = DOC_SUFFIXES | TABLE_SUFFIXES | FEED_SUFFIXES
FEED_MAX_BYTES = 200 * 1024 * 1024


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
    position: str  # '' for a whole file, else 'line N' / 'entry N'


@dataclass(slots=True)
class Quarantined:
    file: str
    position: str
    reason: str


@dataclass(slots=True)
class FileEnd:
    file: str
    size: int | None
    mtime: float | None
    records: int


def options_key(*, fields: FieldMap, encoding: str | None, max_bytes: int) -> str:
    """Fingerprint of the reading options (a file read with other options is read again)."""
    return json.dumps({"fields": asdict(fields), "encoding": encoding, "max_bytes": max_bytes}, sort_keys=True)


def _suffixes(path: str) -> tuple[str, bool]:
    """(format suffix, gzipped) of a file name."""
    name = path.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return os.path.splitext(name)[1], gz


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[str, str | None]]:
    """(file, problem) for every input file: folders recurse (known suffixes only, hidden files skipped), globs expand."""
    for raw in paths:
        name = str(raw)
        p = Path(name)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and _suffixes(f)[0] in KNOWN_SUFFIXES:
                        yield os.path.join(root, f), None
        elif p.exists():
            yield name, None
        elif any(ch in name for ch in "*?["):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield name, "the pattern matches no file"
            for m in matches:
                if os.path.isfile(m):
                    yield m, None
        else:
            yield name, "no such file or folder"


def _open(path: str, gz: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115


def _read_limited(path: str, gz: bool, limit: int) -> bytes:
    with _open(path, gz) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(path, f"too large: over the {limit / 1e6:.0f} MB limit")
    return data


def read_corpus(
    paths: Iterable[str | Path],
    *,
    fields: FieldMap = FieldMap(),
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    skip_files: Mapping[str, tuple[int | None, float | None]] | None = None,
) -> Iterator[Record | Quarantined | FileEnd]:
    """Stream every record of every input. ``skip_files`` (file -> (size, mtime)) are not read again when unchanged."""
    skip_files = skip_files or {}
    for path, problem in expand_paths(paths):
        if problem:
            yield Quarantined(path, "", problem)
            continue
        try:
            st = os.stat(path)
            size, mtime = st.st_size, st.st_mtime
        except OSError as exc:
            yield Quarantined(path, "", f"cannot be read: {exc.strerror or exc}")
            continue
        if skip_files.get(path) == (size, mtime):
            continue
        count = 0
        for item in _read_file(path, fields=fields, encoding=encoding, max_bytes=max_bytes):
            count += 1
            yield item
        yield FileEnd(path, size, mtime, count)


def _read_file(path: str, *, fields: FieldMap, encoding: str | None, max_bytes: int) -> Iterator[Record | Quarantined]:
    suffix, gz = _suffixes(path)
    try:
        if gz:
            with open(path, "rb") as fh:
                if fh.read(2) != b"\x1f\x8b":
                    raise InputError(path, "named .gz but not gzip-compressed")
        if suffix in (".jsonl", ".ndjson"):
            with _open(path, gz) as fh:
                yield from formats.jsonl_records(fh, path=path, fields=fields, encoding=encoding, max_bytes=max_bytes)
        elif suffix in (".csv", ".tsv"):
            with _open(path, gz) as fh:
                yield from formats.csv_records(fh, path=path, fields=fields, encoding=encoding, max_bytes=max_bytes,
                                               delimiter="\t" if suffix == ".tsv" else ",")
        elif suffix in FEED_SUFFIXES:
            data = _read_limited(path, gz, FEED_MAX_BYTES)
            yield from formats.feed_records(data, path=path, max_bytes=max_bytes)
        else:
            data = _read_limited(path, gz, max_bytes)
            kind = "html" if suffix in HTML_SUFFIXES else ("text" if suffix in DOC_SUFFIXES else None)
            yield Record(article_from_bytes(data, path=path, kind=kind, encoding=encoding, max_bytes=max_bytes), path, "")
    except InputError as exc:
        yield Quarantined(path, "", exc.reason)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Quarantined(path, "", f"cannot be read: {exc}")


def estimate_records(paths: Iterable[str | Path]) -> int:
    """A quick upper estimate of the number of records (for the progress bar's ETA)."""
    total = 0
    for path, problem in expand_paths(paths):
        if problem:
            continue
        suffix, gz = _suffixes(path)
        if suffix not in TABLE_SUFFIXES | FEED_SUFFIXES:
            total += 1
            continue
        try:
            with _open(path, gz) as fh:
                total += formats.count_records(fh, suffix)
        except (OSError, EOFError):
            total += 1
    return total
