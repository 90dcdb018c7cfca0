"""Exports from a store: GDELT 2.0 event table, PLOVER JSON, JSONL, Parquet, GraphML/GEXF actor network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError

FORMATS = ("gdelt", "plover", "jsonl", "parquet", "graphml", "gexf")


def export(store: Any, *, fmt: str, out: Path, include_negated: bool = False) -> dict[str, Any]:
    """Write ``store`` to ``out`` in ``fmt``; returns what was written (counts)."""
    con = getattr(store, "con", store)
    out = Path(out)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        return _write(con, fmt=fmt, out=out, include_negated=include_negated)
    except OSError as exc:  # a folder where a file goes, a file where a folder goes, no permission, disk full
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""
        reason = f"cannot write the export: {exc.strerror or exc}{where}"
        raise InputError(str(out), reason + ("; parquet writes a folder" if fmt == "parquet" else "")) from None


def _write(con: Any, *, fmt: str, out: Path, include_negated: bool) -> dict[str, Any]:
    from . import formats, gdelt

    if fmt == "parquet":
        return {"tables": formats.write_parquet(con, out)}
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        graph = formats.actor_network(con)
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, out)
        return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        if fmt == "gdelt":
            return {"events": gdelt.write(con, fh, include_negated=include_negated)}
        if fmt == "plover":
            return {"events": formats.write_plover(con, fh)}
        return {"articles": formats.write_jsonl(con, fh)}
