"""Schema versions and the steps between them.

Version 1 is ``schema.sql``. A later version appends ``(version, note, steps)``
to :data:`MIGRATIONS`, each step an SQL statement or a function of the
connection (for work SQL cannot do, such as clustering the stored reports);
:func:`migrate` applies every version above the store's current one, each in
its own transaction, and records it in ``schema_version``. A store written by
a newer eventlens is refused, not guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any, Union

from ..errors import StoreError

Step = Union[str, Callable[[Any], Any]]


def _cluster_stored(con: Any) -> None:
    """Version 3: put every stored report into an event (the deduplication rule, oldest first)."""
    from .clusters import assign_new

    assign_new(con)


# Events (GDELT's Events table) and their mentions (GDELT's Mentions table); see clusters.py and docs/store.md.
_CLUSTERS = """CREATE TABLE IF NOT EXISTS clusters (
    id BIGINT, source_code VARCHAR, target_code VARCHAR, cameo VARCHAR, cameo_root VARCHAR, plover VARCHAR,
    quad_class INTEGER, goldstein DOUBLE, negated BOOLEAN, loc_name VARCHAR, loc_country VARCHAR, lat DOUBLE, lon DOUBLE,
    first_article VARCHAR, first_idx INTEGER, first_date VARCHAR, last_date VARCHAR, num_mentions INTEGER,
    num_articles INTEGER, num_sources INTEGER, rule VARCHAR, updated_at TIMESTAMP)"""
_MENTIONS = """CREATE TABLE IF NOT EXISTS mentions (
    event_id BIGINT NOT NULL, article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, date VARCHAR, outlet VARCHAR,
    paragraph INTEGER, sentence INTEGER, "start" INTEGER, "end" INTEGER, trigger_start INTEGER, trigger_end INTEGER,
    source_start INTEGER, source_end INTEGER, target_start INTEGER, target_end INTEGER, confidence DOUBLE,
    score DOUBLE, added_at TIMESTAMP)"""
# What fetching remembers (eventlens.fetch, engine/watch.py): every URL seen and every feed polled.
_FETCH_URLS = """CREATE TABLE IF NOT EXISTS fetch_urls (
    url VARCHAR PRIMARY KEY, feed VARCHAR, status VARCHAR, article_id VARCHAR, canonical VARCHAR, text_key VARCHAR,
    http_status INTEGER, reason VARCHAR, attempts INTEGER, first_seen TIMESTAMP, fetched_at TIMESTAMP)"""
_FETCH_FEEDS = """CREATE TABLE IF NOT EXISTS fetch_feeds (
    url VARCHAR PRIMARY KEY, name VARCHAR, etag VARCHAR, last_modified VARCHAR, status VARCHAR, http_status INTEGER,
    reason VARCHAR, entries INTEGER, new_entries INTEGER, failures INTEGER, polled_at TIMESTAMP)"""

# (version, note, steps). Version 1 is the baseline schema file.
MIGRATIONS: tuple[tuple[int, str, tuple[Step, ...]], ...] = (
    (
        2,
        "events.tone: the article's tone on each event row (dyad tone without a join)",
        (
            "ALTER TABLE events ADD COLUMN tone DOUBLE",
            "UPDATE events SET tone = t.tone FROM article_tone t WHERE t.article_id = events.article_id",
        ),
    ),
    (
        3,
        "events, not reports: events.cluster, clusters (events) and mentions; fetch_urls and fetch_feeds (fetching)",
        (
            "ALTER TABLE events ADD COLUMN cluster BIGINT",
            _CLUSTERS,
            _MENTIONS,
            "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)",
            _FETCH_URLS,
            _FETCH_FEEDS,
            _cluster_stored,
        ),
    ),
)

BASE_VERSION = 1
CURRENT_VERSION = max([BASE_VERSION, *(v for v, _, _ in MIGRATIONS)])


def schema_sql() -> str:
    return resources.files("eventlens.store").joinpath("schema.sql").read_text(encoding="utf-8")


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def stored_version(con: Any) -> int | None:
    """The store's schema version, or None for an empty database."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", ["schema_version"]
    ).fetchone()[0]
    if not found:
        return None
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] if row and row[0] is not None else None


def migrate(con: Any) -> int:
    """Create or upgrade the schema in ``con``; returns the version now in use."""
    version = stored_version(con)
    if version is not None and version > CURRENT_VERSION:
        raise StoreError(
            f"the store has schema version {version}, newer than this eventlens understands ({CURRENT_VERSION}); "
            "upgrade eventlens"
        )
    if version is None:
        con.execute("BEGIN TRANSACTION")
        for statement in _statements(schema_sql()):
            con.execute(statement)
        con.execute("INSERT INTO schema_version (version, note) VALUES (?, ?)", [BASE_VERSION, "baseline schema.sql"])
        con.execute("COMMIT")
        version = BASE_VERSION
    for target, note, statements in MIGRATIONS:
        if target <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                if callable(statement):
                    statement(con)
                else:
                    con.execute(statement)
            con.execute("INSERT INTO schema_version (version, note) VALUES (?, ?)", [target, note])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        version = target
    return version
