"""Fetching the pages and feeds a user names, politely and within bounds.

* :mod:`.settings`  what fetching may do (timeouts, size cap, rate limits, User-Agent), in one object
* :mod:`.urls`      URL normalisation and origins (the unit of politeness and of robots.txt)
* :mod:`.http`      one GET: redirects (loops refused), conditional GET, timeouts, size cap, gzip/deflate
                    decoded within the cap (decompression bombs refused), retries with backoff
* :mod:`.robots`    robots.txt per origin (RFC 9309), with its Crawl-delay
* :mod:`.polite`    per-origin concurrency and spacing of requests
* :mod:`.content`   a fetched body as an article (trafilatura) or a feed's entries (feedparser)
* :mod:`.crawl`     sources -> a stream of records, failures and state marks for the ingest runner,
                    fetched in threads so fetching overlaps analysis

Nothing here downloads models or data: fetching reads only the URLs a user gives or the feeds
they list (``eventlens ingest URL``, ``eventlens watch --feeds FILE``; docs/fetch.md).
"""

from .crawl import Crawl, CrawlStats, Source
from .fetched import FetchError, Fetched
from .http import Fetcher
from .settings import FetchSettings

__all__ = ["Crawl", "CrawlStats", "FetchError", "FetchSettings", "Fetched", "Fetcher", "Source"]
