"""The DuckDB store: open, write analyses in batches, look up what is there.

Writes are idempotent: an article whose id (content hash) is already stored is
skipped, and every batch (articles, their derived rows, quarantined records,
finished-file marks) commits in one transaction, so a killed ingest loses at
most the batch in flight and a rerun completes it without duplicates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
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


#: DuckDB settings of every connection: no extension is loaded or installed behind our back (a SQLite file given
#: as --db would otherwise make DuckDB fetch its sqlite extension from the internet)
DUCKDB_CONFIG = MappingProxyType({"autoload_known_extensions": False, "autoinstall_known_extensions": False,
                                  "allow_community_extensions": False,
                                  # a missing table must be an error, never a Python variable of the same name
                                  "python_enable_replacements": False})
_HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before the first block


def is_store_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is an error DuckDB raised (I/O, corruption, a missing table...): a fault of the store,
    reported as a :class:`StoreError` (exit 5, HTTP 503), never as a bug."""
    return type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb")


@contextlib.contextmanager
def store_faults(name: str) -> Iterator[None]:
    """Turn a DuckDB error (or an OS error reading the file) inside the block into one :class:`StoreError` line."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        if not (is_store_fault(exc) or isinstance(exc, OSError)):
            raise
        raise StoreError(fault_message(name, exc)) from None


def fault_message(name: str, exc: BaseException) -> str:
    """'FILE: the store cannot be read (IO Error: ...)' with a hint: one line, whatever DuckDB said."""
    detail = " ".join(str(exc).split())[:300]
    low = detail.lower()
    if "permission denied" in low or "read-only file system" in low:
        hint = "; check the file's and its folder's permissions"
    elif "could not set lock" in low or "conflicting lock" in low:
        hint = "; is another process writing to it?"
    elif "checksum" in low or "corrupt" in low or "could not read enough bytes" in low or "not a valid duckdb" in low:
        hint = "; the file is damaged: restore it from a backup, or ingest again into a new store"
    else:
        hint = ""
    return f"{name}: the store cannot be read ({detail}){hint}"


def _check_path(name: str, *, read_only: bool) -> None:
    if name == ":memory:":
        return
    p = Path(name)
    if read_only and not p.exists():
        raise StoreError(f"{name}: no such store; create it with 'eventlens ingest ... --db {name}'")
    if p.is_dir():
        raise StoreError(f"{name}: is a folder, not a store file")
    if p.exists() and not p.is_file():
        raise StoreError(f"{name}: not a regular file (a device, FIFO or socket); give --db a store file")
    if p.exists():
        _check_magic(p)
    if not read_only:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{name}: cannot create the store's folder ({exc.strerror or exc})") from None
        if not p.exists() and not os.access(p.parent, os.W_OK | os.X_OK):
            raise StoreError(f"{name}: cannot create the store: its folder {p.parent} is not writable")
        if p.exists() and not os.access(p, os.R_OK | os.W_OK):
            raise StoreError(f"{name}: the store file is not readable and writable by this user; check its permissions")
    elif not os.access(p, os.R_OK):
        raise StoreError(f"{name}: the store file is not readable by this user; check its permissions")


_MAGIC = {b"SQLite format 3\x00": "a SQLite database", b"PAR1": "a Parquet file", b"PK\x03\x04": "a ZIP archive",
          b"\x1f\x8b": "gzip-compressed data"}


def _check_magic(p: Path) -> None:
    """Refuse a file that is plainly not DuckDB (a SQLite database, say) by its first bytes, before DuckDB looks for
    an extension to read it with."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{p}: the store cannot be read ({exc.strerror or exc}); check its permissions") from None
    what = next((w for magic, w in _MAGIC.items() if head.startswith(magic)), None)
    if what:
        raise StoreError(f"{p}: this is {what}, not a DuckDB store; give --db an eventlens store or a new file name")
    if head and len(head) >= 12 and head[8:12] != b"DUCK":
        raise StoreError(f"{p}: not a DuckDB database file (no DuckDB signature in its first bytes); give --db an "
                         "eventlens store or a new file name")


def _connect(name: str, *, read_only: bool, memory_limit: str | None) -> Any:
    import duckdb

    config = dict(DUCKDB_CONFIG) | ({"memory_limit": memory_limit} if memory_limit else {})
    try:
        return duckdb.connect(name, read_only=read_only, config=config)
    except Exception as exc:  # duckdb.Error, and whatever a damaged file makes the binding raise
        if not is_store_fault(exc) and not isinstance(exc, OSError):
            raise
        raise StoreError(fault_message(name, exc).replace("cannot be read", "cannot be opened", 1)) from None


def _check_size(con: Any, name: str) -> None:
    """A file shorter than its own header says (cut by a full disk or a partial copy) is refused up front, before
    queries read what is left of it and answer with partial data."""
    if name == ":memory:" or not Path(name).is_file():
        return
    row = con.execute("PRAGMA database_size").fetchone()
    block_size, total_blocks = int(row[2]), int(row[3])
    expected = _HEADER_BYTES + block_size * total_blocks if total_blocks else 0
    actual = Path(name).stat().st_size
    if actual < expected:
        raise StoreError(f"{name}: the store is truncated: {actual:,} bytes where its header counts {total_blocks} blocks "
                         f"({expected:,} bytes); restore it from a backup, or ingest again into a new store")


def _check_version(con: Any, name: str) -> None:
    version = stored_version(con)
    if version is None:
        raise StoreError(f"{name}: not an eventlens store (no schema_version table)")
    if version != CURRENT_VERSION:
        raise StoreError(
            f"{name}: schema version {version}, this eventlens uses {CURRENT_VERSION}; "
            "open it once without read-only (e.g. 'eventlens ingest' or 'eventlens recode') to migrate"
        )
    present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    missing = [t for t in (*R.TABLES, "quarantine", "ingest_runs", "ingest_files") if t not in present]
    if missing:
        raise StoreError(f"{name}: the store is damaged: table(s) {', '.join(missing)} missing; 'eventlens ingest' or "
                         "'eventlens recode' on it recreates them empty, or restore it from a backup")


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
        """Open (and create or migrate, unless ``read_only``) the store at ``path`` (``:memory:`` works); ``dedup``:
        cluster new reports into events as they are written.

        Every fault of the file (missing, unreadable, a folder, truncated, corrupt, not DuckDB, not an eventlens
        store, from a newer eventlens) is one :class:`StoreError` naming the file. DuckDB is opened with extension
        autoloading and autoinstalling off: nothing is ever fetched, whatever file is given."""
        name = str(path)
        _check_path(name, read_only=read_only)
        con = _connect(name, read_only=read_only, memory_limit=memory_limit)
        try:
            with store_faults(name):
                _check_size(con, name)
                if read_only:
                    _check_version(con, name)
                else:
                    _check_ours(con)
                    migrate(con)
        except StoreError as exc:  # neither names the file: say which store
            con.close()
            raise StoreError(str(exc) if str(exc).startswith(name) else f"{name}: {exc}") from None
        return cls(con, path=name, read_only=read_only, dedup=dedup)

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
