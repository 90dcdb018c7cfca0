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
    max_body_bytes: int = 256 * 1024
    max_query_bytes: int = 2048
    max_analyze_chars: int = 100_000
    max_page_size: int = 500
    default_page_size: int = 50
    max_offset: int = 1_000_000
    cache_entries: int = 2048
    analyze_concurrency: int = 1
    # DuckDB threads per query. Concurrency comes from parallel requests, so one
    # thread per query is fastest under load (measured in bench/web_load.py).
    duckdb_threads: int | None = 1
