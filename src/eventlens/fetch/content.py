"""What a fetched body is: a page (an article, read with trafilatura as ``eventlens ingest page.html``
reads it), a feed (its entries), or neither (an image, a PDF: refused with its Content-Type)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from ..errors import InputError
from ..ingest.dates import normalise_date
from ..ingest.document import article_from_bytes
from ..ingest.sniff import sniff
from ..model import Article
from .fetched import FetchError, Fetched
from .urls import host, normalise

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                         "text/xml", "application/feed+json"})
_TEXT_TYPES = frozenset({"text/plain"})
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_UTF8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed: the page it links to and what the feed says of it."""

    link: str
    title: str | None
    date: str | None
    text: str  # the entry's full content when the feed carries it (else its summary)
    full: bool  # whether ``text`` is the entry's content rather than a summary


def kind_of(fetched: Fetched) -> str:
    """``page``, ``feed`` or ``text`` by Content-Type, sniffed when the server does not say (or says XML);
    :class:`FetchError` for anything else (an image, a PDF, an archive)."""
    ctype = fetched.content_type
    head = fetched.body[:4096]
    if ctype in _HTML_TYPES:
        return "feed" if sniff(head) == ".xml" and not _HTML_START.match(head) else "page"
    if ctype in _FEED_TYPES or ctype.endswith("+xml"):
        return "feed" if sniff(head) == ".xml" else "page" if _HTML_START.match(head) else "feed"
    if ctype in _TEXT_TYPES:
        return "text"
    if ctype in ("", "application/octet-stream", "binary/octet-stream"):
        if sniff(head) == ".xml":
            return "feed"
        if _HTML_START.match(head):
            return "page"
    raise FetchError(fetched.url, f"not a web page or feed: Content-Type {ctype or 'missing'}"
                                  f"{' (' + str(len(fetched.body)) + ' bytes)' if fetched.body else ''}")


def text_key(text: str) -> str:
    """The key a syndicated copy shares with its original: a hash of the text's words, case and spacing ignored."""
    return hashlib.sha256(" ".join(_WORD.findall(text.lower())).encode("utf-8")).hexdigest()[:16]


def page_article(fetched: Fetched, *, notes: list[str]) -> tuple[Article, str]:
    """The article of a page (main text, title, date, outlet via trafilatura) and its canonical URL."""
    charset = (fetched.charset or "").lower()
    encoding = fetched.charset if charset and charset not in _UTF8 else None
    kind = "text" if fetched.content_type in _TEXT_TYPES else "html"
    try:
        article = article_from_bytes(fetched.body, path=fetched.final_url, kind=kind, encoding=encoding, notes=notes)
    except InputError as exc:
        raise FetchError(fetched.url, exc.reason, status=fetched.status) from None
    canonical = normalise(article.url, base=fetched.final_url) if article.url else normalise(fetched.final_url)
    article.url = canonical
    article.path = fetched.url
    if not article.source:
        article.source = host(fetched.final_url)
    return article, canonical


def feed_entries(fetched: Fetched, *, limit: int) -> tuple[str | None, list[Entry]]:
    """The feed's title and its entries (up to ``limit``, in feed order) that link to a page."""
    import feedparser

    parsed = feedparser.parse(fetched.body)
    if not parsed.entries and getattr(parsed, "bozo", False):
        raise FetchError(fetched.url, f"not a readable RSS/Atom feed ({getattr(parsed, 'bozo_exception', 'parse error')})")
    entries = []
    for raw in parsed.entries:
        link = raw.get("link") or next((lk.get("href") for lk in raw.get("links", []) if lk.get("href")), None)
        if not link:
            continue
        content = "\n".join(c.get("value", "") for c in raw.get("content") or [])
        published = dict.get(raw, "published") or dict.get(raw, "updated")
        entries.append(Entry(link=normalise(link, base=fetched.final_url), title=(raw.get("title") or "").strip() or None,
                             date=normalise_date(published) if published else None,
                             text=content or raw.get("summary") or "", full=bool(content)))
        if len(entries) >= limit:
            break
    return (parsed.feed.get("title") or "").strip() or None, entries


def entry_article(entry: Entry, *, url: str) -> Article | None:
    """The feed's own text of an entry as an article, when the feed carries the full text (at least 80 words):
    what is stored when the page itself cannot be fetched."""
    if not entry.full:
        return None
    try:
        article = article_from_bytes(entry.text.encode("utf-8"), path=url, kind="html" if "<" in entry.text else "text")
    except InputError:
        return None
    if len(_WORD.findall(article.text)) < 80:
        return None
    article.url, article.path, article.title, article.date = url, url, entry.title, entry.date
    return article


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()
