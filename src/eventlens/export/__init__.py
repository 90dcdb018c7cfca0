"""Exports from a store: GDELT 2.0 event table, PLOVER JSON, JSONL, Parquet, GraphML/GEXF actor network."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError, InputError

FORMATS = ("gdelt", "gdelt-mentions", "plover", "jsonl", "parquet", "graphml", "gexf")
COUNTS = ("events", "reports")
STDOUT = "-"  # --out - writes a single-file format to standard output


def mentions_path(out: Path) -> Path:
    """Where the GDELT mentions table goes beside an events file: ``events.tsv`` -> ``events.mentions.tsv``."""
    return out.with_name(f"{out.stem}.mentions{out.suffix or '.tsv'}")


def export(store: Any, *, fmt: str, out: Path | str, include_negated: bool = False,
           stdout: IO[bytes] | None = None, count: str = "events", mentions: Path | str | None = None) -> dict[str, Any]:
    """Write ``store`` to ``out`` in ``fmt``; returns what was written (counts).

    ``out`` ``-`` writes to ``stdout`` (default: the process's standard output), except for parquet,
    which writes a folder of files. ``count`` (gdelt, plover): one row per real-world event
    (``events``) or per report. ``gdelt`` to a file also writes the mentions table beside it
    (:func:`mentions_path`, or ``mentions``); ``gdelt-mentions`` writes the mentions table alone.
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
                                include_negated=include_negated, count=count)
        if fmt == "gdelt" and mentions is not None:
            written |= _write(con, fmt="gdelt-mentions", out=Path(mentions), include_negated=include_negated, count=count)
        return written
    out = Path(out)
    try:
        written = _write(con, fmt=fmt, out=out, include_negated=include_negated, count=count)
        if fmt == "gdelt":
            target = Path(mentions) if mentions is not None else mentions_path(out)
            written |= _write(con, fmt="gdelt-mentions", out=target, include_negated=include_negated, count=count)
            written["mentions_file"] = str(target)
        return written
    except OSError as exc:  # a folder where a file goes, a file where a folder goes, no permission, disk full
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""
        reason = f"cannot write the export: {exc.strerror or exc}{where}"
        raise InputError(str(out), reason + ("; parquet writes a folder" if fmt == "parquet" else "")) from None


def _write(con: Any, *, fmt: str, out: Path, include_negated: bool, count: str = "events") -> dict[str, Any]:
    from . import formats

    if fmt == "parquet":
        return {"tables": formats.write_parquet(con, out)}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        return _write_stream(con, fmt=fmt, stream=fh, include_negated=include_negated, count=count)


def _write_stream(con: Any, *, fmt: str, stream: IO[bytes], include_negated: bool, count: str = "events") -> dict[str, Any]:
    """Write a single-file format to a binary stream (a file, or standard output)."""
    from . import formats, gdelt

    if fmt in ("graphml", "gexf"):
        import networkx as nx

        graph = formats.actor_network(con)
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, stream)
        stream.flush()
        return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    fh = io.TextIOWrapper(stream, encoding="utf-8", newline="\n")
    try:
        if fmt == "gdelt":
            return {count: gdelt.write(con, fh, include_negated=include_negated, count=count)}
        if fmt == "gdelt-mentions":
            return {"mentions": gdelt.write_mentions(con, fh, include_negated=include_negated)}
        if fmt == "plover":
            return {count: formats.write_plover(con, fh, count=count)}
        return {"articles": formats.write_jsonl(con, fh)}
    finally:
        fh.flush()
        fh.detach()  # the caller owns (and closes) the binary stream
