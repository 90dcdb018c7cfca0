"""Exports from a store: GDELT 2.0 event table, PLOVER JSON, JSONL, Parquet, GraphML/GEXF actor network."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, InputError
from .cells import xml_text

FORMATS = ("gdelt", "gdelt-mentions", "plover", "jsonl", "parquet", "graphml", "gexf")
COUNTS = ("events", "reports")
STDOUT = "-"  # --out - writes a single-file format to standard output


def mentions_path(out: Path) -> Path:
    """Where the GDELT mentions table goes beside an events file: ``events.tsv`` -> ``events.mentions.tsv``."""
    return out.with_name(f"{out.stem}.mentions{out.suffix or '.tsv'}")


def export(store: Any, *, fmt: str, out: Path | str, include_negated: bool = False,
           stdout: IO[bytes] | None = None, count: str = "events", mentions: Path | str | None = None,
           raw_cells: bool = False) -> dict[str, Any]:
    """Write ``store`` to ``out`` in ``fmt``; returns what was written (counts).

    ``out`` ``-`` writes to ``stdout`` (default: the process's standard output), except for parquet,
    which writes a folder of files. A file is written beside ``out`` under a temporary name and renamed
    over it only when complete: a failed export (a store fault, a full disk) leaves no partial file, and an
    earlier export at ``out`` stays as it was. ``count`` (gdelt, plover): one row per real-world event
    (``events``) or per report. ``gdelt`` to a file also writes the mentions table beside it
    (:func:`mentions_path`, or ``mentions``); ``gdelt-mentions`` writes the mentions table alone.
    ``raw_cells`` keeps TSV/CSV text cells that a spreadsheet would run as formulas as stored (by default
    they are defused, :mod:`.cells`).
    """
    con = getattr(store, "con", store)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if count not in COUNTS:
        raise ConfigError(f"unknown count {count!r}; choose one of {', '.join(COUNTS)}")
    if str(out) == STDOUT:
        if fmt == "parquet":
            raise ConfigError("parquet writes a folder of files, not standard output; give --out FOLDER")
        written = _write_stream(con, fmt=fmt, stream=stdout if stdout is not None else sys.stdout.buffer,
                                include_negated=include_negated, count=count, raw_cells=raw_cells)
        if fmt == "gdelt" and mentions is not None:
            written |= _write(con, fmt="gdelt-mentions", out=Path(mentions), include_negated=include_negated, count=count,
                              raw_cells=raw_cells)
        return written
    out = Path(out)
    try:
        written = _write(con, fmt=fmt, out=out, include_negated=include_negated, count=count, raw_cells=raw_cells)
        if fmt == "gdelt":
            target = Path(mentions) if mentions is not None else mentions_path(out)
            written |= _write(con, fmt="gdelt-mentions", out=target, include_negated=include_negated, count=count,
                              raw_cells=raw_cells)
            written["mentions_file"] = str(target)
        return written
    except OSError as exc:  # a folder where a file goes, a file where a folder goes, no permission, disk full
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) and ".tmp-" not in str(exc.filename) else ""
        reason = f"cannot write the export: {exc.strerror or exc}{where}"
        raise InputError(str(out), reason + ("; parquet writes a folder" if fmt == "parquet" else "")) from None


def _temporary(out: Path) -> Path:
    return out.with_name(f".{out.name}.tmp-{os.getpid()}")


def _write(con: Any, *, fmt: str, out: Path, include_negated: bool, count: str = "events", raw_cells: bool = False) -> dict[str, Any]:
    from . import formats

    out.parent.mkdir(parents=True, exist_ok=True)
    if out.is_dir() and fmt != "parquet":
        raise IsADirectoryError(21, "is a folder", str(out))
    tmp = _temporary(out)
    try:
        if fmt == "parquet":
            written = {"tables": formats.write_parquet(con, tmp)}
            _move_files(tmp, out)
            return written
        with tmp.open("wb") as fh:
            written = _write_stream(con, fmt=fmt, stream=fh, include_negated=include_negated, count=count, raw_cells=raw_cells)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        return written
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)


def _move_files(tmp: Path, out: Path) -> None:
    """Each finished file of ``tmp`` renamed into the folder ``out`` (made if needed): every file there is whole."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "is a file, not a folder", str(out))
    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(tmp.iterdir()):
        os.replace(f, out / f.name)


def _write_stream(con: Any, *, fmt: str, stream: IO[bytes], include_negated: bool, count: str = "events",
                  raw_cells: bool = False) -> dict[str, Any]:
    """Write a single-file format to a binary stream (a file, or standard output)."""
    from . import formats, gdelt

    if fmt in ("graphml", "gexf"):
        import networkx as nx

        graph = xml_safe_graph(formats.actor_network(con))
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, stream)
        stream.flush()
        return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    fh = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    try:
        if fmt == "gdelt":
            return {count: gdelt.write(con, fh, include_negated=include_negated, count=count, raw_cells=raw_cells)}
        if fmt == "gdelt-mentions":
            return {"mentions": gdelt.write_mentions(con, fh, include_negated=include_negated, raw_cells=raw_cells)}
        if fmt == "plover":
            return {count: formats.write_plover(con, fh, count=count)}
        return {"articles": formats.write_jsonl(con, fh)}
    finally:
        fh.flush()
        fh.detach()  # the caller owns (and closes) the binary stream


def xml_safe_graph(graph: Any) -> Any:
    """A copy of ``graph`` whose node ids and string attributes XML 1.0 can hold (:func:`.cells.xml_text`)."""
    import networkx as nx

    def clean(attrs: dict[str, Any]) -> dict[str, Any]:
        return {xml_text(str(k)): xml_text(v) if isinstance(v, str) else v for k, v in attrs.items()}

    safe = nx.DiGraph()
    ids = {node: xml_text(str(node)) for node in graph.nodes}
    safe.add_nodes_from((ids[n], clean(a)) for n, a in graph.nodes(data=True))
    safe.add_edges_from((ids[u], ids[v], clean(a)) for u, v, a in graph.edges(data=True))
    return safe
