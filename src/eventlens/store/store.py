"""The DuckDB store: open, write analyses in batches, look up what is there.

Writes are idempotent: an article whose id (content hash) is already stored is
skipped, and every batch (articles, their derived rows, quarantined records,
finished-file marks) commits in one transaction, so a killed ingest loses at
most the batch in flight and a rerun completes it without duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Analysis
from . import clusters as C
from . import rows as R
from .fetchstate import write_marks
from .migrations import CURRENT_VERSION, migrate, stored_version


def _valid_text(value: Any) -> Any:
    """``value`` with every string made valid UTF-8: a file name whose bytes are not UTF-8 reaches Python as
    lone surrogates, which DuckDB's JSON refuses; each is written out as its escape (``\\udce9``) instead."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, Mapping):
        return {k: _valid_text(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_valid_text(v) for v in value]
    return value


WARNING = "warning"  # QuarantineRow.stage of a record that was stored but with a problem (e.g. an unreadable date)


@dataclass(slots=True)
class QuarantineRow:
    """A record that could not be read or analysed (stage ``read``/``analyse``), or was stored with a warning."""

    file: str
    position: str
    reason: str
    stage: str = "read"


@dataclass(slots=True)
class FileDone:
    """Every record of ``file`` has been seen (written, skipped or quarantined)."""

    file: str
    size: int | None
    mtime: float | None
    options: str
    records: int


def _check_ours(con: Any) -> None:
    """Refuse a DuckDB database that holds tables but is not an eventlens store: the schema is never
    written into someone else's database (nor read through its look-alike tables)."""
    if stored_version(con) is not None:
        return
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name").fetchall()]
    if tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"not an eventlens store: a DuckDB database with other tables ({shown}) and no "
                         "schema_version table; eventlens leaves it untouched: give --db a new file or an eventlens store")


class Store:
    """A DuckDB file holding analysed articles. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, con: Any, *, path: str, read_only: bool, dedup: bool = True) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        # cluster each batch's new reports into events as it is written (clusters.py); off, they wait for the next
        # write with it on, or for a rebuild (recode turns it off while it rewrites and rebuilds at the end)
        self.dedup = dedup

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, memory_limit: str | None = "1GB", dedup: bool = True) -> "Store":
        """Open (and create or migrate, unless ``read_only``) the store at ``path`` (``:memory:`` works)."""
        import duckdb

        name = str(path)
        if read_only and name != ":memory:" and not Path(name).exists():
            raise StoreError(f"{name}: no such store; create it with 'eventlens ingest ... --db {name}'")
        if not read_only and name != ":memory:":
            try:
                Path(name).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{name}: cannot create the store's folder ({exc.strerror or exc})") from None
        config = {"memory_limit": memory_limit} if memory_limit else {}
        try:
            con = duckdb.connect(name, read_only=read_only, config=config)
        except duckdb.Error as exc:
            hint = "; is another process writing to it?" if "lock" in str(exc).lower() else ""
            raise StoreError(f"{name}: cannot open the store ({exc}){hint}") from None
        store = cls(con, path=name, read_only=read_only, dedup=dedup)
        if read_only:
            version = stored_version(con)
            if version is None:
                con.close()
                raise StoreError(f"{name}: not an eventlens store (no schema_version table)")
            if version != CURRENT_VERSION:
                con.close()
                raise StoreError(
                    f"{name}: schema version {version}, this eventlens uses {CURRENT_VERSION}; "
                    "open it once without read-only (e.g. 'eventlens ingest' or 'eventlens recode') to migrate"
                )
        else:
            try:
                _check_ours(con)
                migrate(con)
            except StoreError as exc:  # neither names the file: say which store
                con.close()
                raise StoreError(f"{name}: {exc}") from None
        return store

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int | None:
        return stored_version(self.con)

    # ------------------------------------------------------------ reading
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]).fetchall()
        return {r[0] for r in rows}

    def done_files(self, *, options: str) -> dict[str, tuple[int | None, float | None]]:
        """Files fully ingested with reading options ``options``: file -> (size, mtime)."""
        rows = self.con.execute("SELECT file, size, mtime FROM ingest_files WHERE options = ?", [options]).fetchall()
        return {f: (s, m) for f, s, m in rows}

    def count(self, table: str) -> int:
        if table not in R.TABLES and table not in ("quarantine", "ingest_runs", "ingest_files", "clusters", "mentions",
                                                   "fetch_urls", "fetch_feeds"):
            raise StoreError(f"unknown table {table!r}")
        return self.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    # ------------------------------------------------------------ writing
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def write_batch(
        self,
        buf: Mapping[str, Mapping[str, list[Any]]] | None = None,
        *,
        quarantined: Iterable[QuarantineRow] = (),
        files_done: Iterable[FileDone] = (),
        run_id: str | None = None,
        replace: bool = False,
        marks: Iterable[Any] = (),
    ) -> int:
        """Write one batch in a single transaction; returns the number of articles added.

        ``buf`` is a column-wise buffer (:func:`rows.empty_columns`). Articles
        already stored are skipped with all their rows, unless ``replace``
        (recode), which first deletes their old rows. With :attr:`dedup` on, the
        new reports are clustered into events in the same transaction. ``marks``
        (what fetching remembers of a URL or a feed, :mod:`.fetchstate`) are
        written too, so that state and the articles it describes commit together.
        """
        self._check_writable()
        con = self.con
        quarantined = list(quarantined)
        files_done = list(files_done)
        marks = list(marks)
        added = 0
        con.execute("BEGIN TRANSACTION")
        try:
            if buf is not None and R.row_count(buf, "articles"):
                ids = list(buf["articles"]["id"])
                if replace:
                    self._delete_articles(ids)
                    keep_ids = set(ids)
                else:
                    keep_ids = set(ids) - self.known_ids(ids)
                added = self._insert(buf, keep_ids)
                if self.dedup and added:
                    C.assign_new(con)
            if marks:
                write_marks(con, marks)
            for q in quarantined:
                con.execute(
                    "INSERT OR REPLACE INTO quarantine (file, position, reason, stage, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [q.file, q.position, q.reason, q.stage, run_id, dt.datetime.now()],
                )
            for f in files_done:
                con.execute(
                    "INSERT OR REPLACE INTO ingest_files (file, size, mtime, options, records, run_id, done_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [f.file, f.size, f.mtime, f.options, f.records, run_id, dt.datetime.now()],
                )
            if run_id is not None:
                con.execute(
                    "UPDATE ingest_runs SET articles_added = articles_added + ?, quarantined = quarantined + ? WHERE run_id = ?",
                    [added, sum(q.stage != WARNING for q in quarantined), run_id],
                )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return added

    def _delete_articles(self, ids: list[str]) -> None:
        C.forget(self.con, ids)
        for table in R.DERIVED_TABLES:
            self.con.execute(f'DELETE FROM "{table}" WHERE article_id IN (SELECT unnest(?::VARCHAR[]))', [ids])
        self.con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])

    def _insert(self, buf: Mapping[str, Mapping[str, list[Any]]], keep_ids: set[str]) -> int:
        ids = buf["articles"]["id"]
        if len(set(ids)) != len(ids):
            raise StoreError("internal: a write batch holds the same article twice; deduplicate before writing")
        first = [aid in keep_ids for aid in ids]
        wanted = keep_ids
        added = 0
        for table in R.TABLES:
            cols = buf[table]
            key = cols["id"] if table == "articles" else cols["article_id"]
            if table == "articles":
                mask = first
            else:
                mask = [aid in wanted for aid in key]
            if not any(mask):
                continue
            picked = {c: [v for v, m in zip(vals, mask) if m] for c, vals in cols.items()}
            arrow = R.to_arrow(table, picked)
            self.con.register("_batch", arrow)
            try:
                self.con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _batch')
            finally:
                self.con.unregister("_batch")
            if table == "articles":
                added = arrow.num_rows
        return added

    def write_analyses(self, analyses: Iterable[Analysis | Mapping[str, Any]], *, run_id: str | None = None, replace: bool = False) -> int:
        """Convenience: write analyses (objects or their dicts) in one batch; returns articles added."""
        buf = R.empty_columns()
        seen: set[str] = set()
        for a in analyses:
            data = a.to_dict() if isinstance(a, Analysis) else a
            if data["article"]["id"] not in seen:
                seen.add(data["article"]["id"])
                R.add_analysis(buf, data, run_id=run_id)
        return self.write_batch(buf, run_id=run_id, replace=replace)

    def merge_parquet(self, shards: Mapping[str, Sequence[str]], *, run_id: str | None = None, replace: bool = False) -> int:
        """Insert Parquet shards (table -> files) in one transaction, skipping stored articles (or replacing them)."""
        self._check_writable()
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            files = list(shards.get("articles", []))
            if not files:
                con.execute("COMMIT")
                return 0
            if replace:
                ids = [r[0] for r in con.execute("SELECT DISTINCT id FROM read_parquet(?)", [files]).fetchall()]
                self._delete_articles(ids)
            con.execute("CREATE OR REPLACE TEMP TABLE _new_ids AS SELECT DISTINCT id FROM read_parquet(?) "
                        "WHERE id NOT IN (SELECT id FROM articles)", [files])
            added = con.execute("SELECT count(*) FROM _new_ids").fetchone()[0]
            for table in R.TABLES:
                parts = list(shards.get(table, []))
                if not parts:
                    continue
                key = "id" if table == "articles" else "article_id"
                con.execute(
                    f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet(?) WHERE {key} IN (SELECT id FROM _new_ids)'
                    + (" QUALIFY row_number() OVER (PARTITION BY id) = 1" if table == "articles" else ""),
                    [parts],
                )
            if run_id is not None:
                con.execute("UPDATE ingest_runs SET articles_added = articles_added + ? WHERE run_id = ?", [added, run_id])
            con.execute("DROP TABLE _new_ids")
            if self.dedup and added:
                C.assign_new(con)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return added

    # ------------------------------------------------------------ runs
    def start_run(self, *, kind: str, engine: str, jobs: int, stages: Sequence[str], options: Mapping[str, Any]) -> str:
        self._check_writable()
        run_id = dt.datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
        self.con.execute(
            "INSERT INTO ingest_runs (run_id, kind, started_at, status, engine, jobs, stages, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, kind, dt.datetime.now(), "running", engine, jobs, json.dumps(list(stages)),
             json.dumps(_valid_text(dict(options)), default=str)],
        )
        return run_id

    def finish_run(self, run_id: str, *, status: str = "done", skipped: int = 0) -> None:
        self.con.execute(
            "UPDATE ingest_runs SET finished_at = ?, status = ?, articles_skipped = articles_skipped + ? WHERE run_id = ?",
            [dt.datetime.now(), status, skipped, run_id],
        )

    def rebuild_events(self) -> int:
        """Cluster every stored report into events again, in one transaction (``recode`` ends with it)."""
        self._check_writable()
        self.con.execute("BEGIN TRANSACTION")
        try:
            n = C.rebuild(self.con)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return n

    def checkpoint(self) -> None:
        self.con.execute("CHECKPOINT")
