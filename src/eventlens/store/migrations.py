"""Schema versions and the steps between them.

Version 1 is ``schema.sql``. A later version appends ``(version, note, sql)``
to :data:`MIGRATIONS`; :func:`migrate` applies every step above the store's
current version, each in its own transaction, and records it in
``schema_version``. A store written by a newer eventlens is refused, not
guessed at.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..errors import StoreError

# (version, note, SQL statements). Version 1 is the baseline schema file.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        2,
        "events.tone: the article's tone on each event row (dyad tone without a join)",
        (
            "ALTER TABLE events ADD COLUMN tone DOUBLE",
            "UPDATE events SET tone = t.tone FROM article_tone t WHERE t.article_id = events.article_id",
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
        for statement in statements:
            con.execute(statement)
        con.execute("INSERT INTO schema_version (version, note) VALUES (?, ?)", [target, note])
        con.execute("COMMIT")
        version = target
    return version
