"""Exports from a store: GDELT 2.0 event table, PLOVER JSON, JSONL, Parquet, GraphML/GEXF actor network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ConfigError

FORMATS = ("gdelt", "plover", "jsonl", "parquet", "graphml", "gexf")


def export(store: Any, *, fmt: str, out: Path, include_negated: bool = False) -> dict[str, Any]:
    """Write ``store`` to ``out`` in ``fmt``; returns what was written (counts)."""
    from . import formats, gdelt

    con = getattr(store, "con", store)
    out = Path(out)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return {"tables": formats.write_parquet(con, out)}
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        graph = formats.actor_network(con)
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(graph, out)
        return {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        if fmt == "gdelt":
            return {"events": gdelt.write(con, fh, include_negated=include_negated)}
        if fmt == "plover":
            return {"events": formats.write_plover(con, fh)}
        return {"articles": formats.write_jsonl(con, fh)}
