"""Settings of the web app: one frozen object, built by the CLI or a test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    """Limits and knobs of the dashboard server.

    ``db`` is the DuckDB store, opened read-only. The limits bound what one
    request may cost: body bytes (the Analyze form is the only POST), query
    string bytes, the characters of text Analyze accepts, rows per page.
    """

    db: Path
    max_body_bytes: int | None = None  # None: what max_analyze_chars needs (see analyze_body_bytes)
    max_query_bytes: int = 4096
    max_header_bytes: int = 16 * 1024  # all request headers together
    max_headers: int = 64
    max_analyze_chars: int = 100_000
    max_page_size: int = 500
    max_export_rows: int = 10_000  # rows a CSV or JSON export may ask for (limit=...)
    default_page_size: int = 50
    max_offset: int = 1_000_000
    cache_entries: int = 2048
    analyze_concurrency: int = 1
    # DuckDB threads per query. Concurrency comes from parallel requests, so one
    # thread per query is fastest under load (measured in bench/web_load.py).
    duckdb_threads: int | None = 1
    # where the full-text index of the store is written (None: the cache folder's search/)
    search_dir: Path | None = None
    build_index_on_start: bool = True

    @property
    def body_limit(self) -> int:
        """Bytes a request body may have: ``max_body_bytes``, else room for ``max_analyze_chars`` characters of any
        script however they are sent (4 UTF-8 bytes each, percent-encoded in a form: 12 bytes; as a JSON
        ``\\uXXXX`` surrogate pair: 12 bytes), plus 16 KiB for the other fields."""
        return self.max_body_bytes if self.max_body_bytes is not None else self.max_analyze_chars * 12 + 16 * 1024
