"""The network view: which dyads are drawn, where each actor sits, its community and centrality.

From the dyads that match the filters (sub-codes rolled into their country with
``rollup``), the view keeps those with at least ``min_weight`` events, the
``edges`` strongest of them, then the actors with at least ``min_degree`` drawn
edges, and says how many of each were left out and why. Positions come from a
force-directed layout with a fixed seed (networkx ``spring_layout``), so the same
filters draw the same picture on every load; communities are Louvain's (seeded),
centrality is degree, weighted degree (events) and betweenness. The view is also
written as GEXF or GraphML (networkx) for Gephi, yEd or Cytoscape desktop.
"""

from __future__ import annotations

import io
import math
from typing import Any, Mapping

SEED = 20240501
GRAPH_PARAMS = ("edges", "min_weight", "min_degree")
DEFAULT_EDGES = 150


def _kept(dyads: list[dict[str, Any]], *, edges: int, min_weight: int, min_degree: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    # heaviest first, ties by codes: the store may return tied rows in any order, and the picture must not change
    heavy = sorted((d for d in dyads if d["events"] >= min_weight), key=lambda d: (-d["events"], d["source"], d["target"]))
    drawn = heavy[:edges]
    hidden = {"by_weight": len(dyads) - len(heavy), "by_limit": len(heavy) - len(drawn), "by_degree": 0}
    if min_degree > 1:
        degree: dict[str, int] = {}
        for d in drawn:
            for code in {d["source"], d["target"]}:
                degree[code] = degree.get(code, 0) + 1
        keep = {c for c, n in degree.items() if n >= min_degree}
        before = len(drawn)
        drawn = [d for d in drawn if d["source"] in keep and d["target"] in keep]
        hidden["by_degree"] = before - len(drawn)
    return drawn, hidden


def _component_layout(graph: Any, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions of one connected group in a box of side about 120 * sqrt(its size), centred on 0."""
    import networkx as nx

    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    sub = graph.subgraph(nodes)
    pos = nx.spring_layout(sub, seed=SEED, weight="layout_weight", iterations=80 if n <= 300 else 40, k=1.4 / math.sqrt(n))
    half = 60.0 * math.sqrt(n)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {node: ((x - cx) / span * 2 * half, (y - cy) / span * 2 * half) for node, (x, y) in pos.items()}


def _layout(graph: Any) -> dict[str, tuple[float, float]]:
    """Each connected group laid out on its own (seeded), the groups packed in rows, the largest first:
    the picture depends only on the graph, so the same filters always draw it the same way."""
    import networkx as nx

    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    boxes = [(g, _component_layout(graph, g), 60.0 * math.sqrt(len(g)) + 40.0) for g in groups]
    width = max(sum((2 * h) ** 2 for _, _, h in boxes) ** 0.5 * 1.3, 2 * boxes[0][2] if boxes else 0)
    out: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for _, pos, half in boxes:
        if x > 0 and x + 2 * half > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in pos.items():
            out[node] = (round(x + half + px, 1), round(y + half + py, 1))
        x += 2 * half
        row = max(row, 2 * half)
    return out


def _communities(graph: Any) -> dict[str, int]:
    import networkx as nx

    if not graph.number_of_edges():
        return {node: i for i, node in enumerate(sorted(graph.nodes))}
    groups = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = sorted(groups, key=lambda g: (-len(g), sorted(g)[0]))
    return {node: i for i, group in enumerate(ordered) for node in group}


def _betweenness(graph: Any) -> dict[str, float]:
    import networkx as nx

    n = graph.number_of_nodes()
    if n < 3:
        return {node: 0.0 for node in graph.nodes}
    return nx.betweenness_centrality(graph, k=min(n, 200) if n > 200 else None, seed=SEED, normalized=True)


def network_view(service: Any, filters: Mapping[str, Any]) -> dict[str, Any]:
    """The network JSON: nodes (position, community, centrality), edges, communities and drawn/hidden totals."""
    import networkx as nx

    f = dict(filters)
    edges = int(f.pop("edges", DEFAULT_EDGES))
    min_weight, min_degree = int(f.pop("min_weight", 1)), int(f.pop("min_degree", 1))
    f.pop("sort", None)
    dyads = service.rows("dyads", **f, limit=10_000, offset=0)
    drawn, hidden = _kept(dyads, edges=edges, min_weight=min_weight, min_degree=min_degree)
    graph = nx.Graph()
    graph.add_nodes_from(sorted({code for d in drawn for code in (d["source"], d["target"])}))  # a fixed node order: the layout's start
    for d in sorted(drawn, key=lambda d: (d["source"], d["target"])):
        if graph.has_edge(d["source"], d["target"]):
            graph[d["source"]][d["target"]]["weight"] += d["events"]
        else:
            graph.add_edge(d["source"], d["target"], weight=d["events"])
    for a, b, data in graph.edges(data=True):
        data["layout_weight"] = 1.0 + math.log(data["weight"])
    pos, community, between = _layout(graph), _communities(graph), _betweenness(graph)
    strength: dict[str, int] = {}
    for d in drawn:
        for code in (d["source"], d["target"]):
            strength[code] = strength.get(code, 0) + int(d["events"])
    names = service.source.call("lookup.actor_names", codes=sorted(strength))
    nodes = [{"id": code, "name": names.get(code) or code, "events": strength[code], "degree": graph.degree(code),
              "betweenness": round(between.get(code, 0.0), 4), "community": community.get(code, 0),
              "x": pos[code][0], "y": pos[code][1]}
             for code in sorted(strength, key=lambda c: (-strength[c], c))]
    all_actors = {c for d in dyads for c in (d["source"], d["target"])}
    totals = {"edges_drawn": len(drawn), "edges_total": len(dyads), "events_drawn": sum(int(d["events"]) for d in drawn),
              "events_total": sum(int(d["events"]) for d in dyads), "nodes_drawn": len(nodes), "nodes_total": len(all_actors),
              "hidden": hidden, "truncated": len(dyads) >= 10_000}
    groups: dict[int, list[str]] = {}
    for node in nodes:
        groups.setdefault(node["community"], []).append(node["id"])
    return {
        "nodes": nodes,
        "edges": [{"source": d["source"], "target": d["target"], "events": d["events"], "goldstein_mean": d["goldstein_mean"]}
                  for d in drawn],
        "communities": [{"id": k, "size": len(v), "members": v[:8]} for k, v in sorted(groups.items())],
        "totals": totals, "seed": SEED,
    }


def network_formats(view: Mapping[str, Any], fmt: str) -> bytes:
    """The drawn network as GEXF or GraphML bytes (directed; node positions, communities and centrality kept)."""
    import networkx as nx

    graph = nx.DiGraph()
    for n in view["nodes"]:
        graph.add_node(n["id"], label=n["id"], name=n["name"], events=n["events"], degree=n["degree"],
                       betweenness=n["betweenness"], community=n["community"], x=n["x"], y=n["y"])
    for e in view["edges"]:
        graph.add_edge(e["source"], e["target"], weight=e["events"], events=e["events"],
                       goldstein_mean=e["goldstein_mean"] if e["goldstein_mean"] is not None else 0.0)
    buf = io.BytesIO()
    if fmt == "gexf":
        for node, data in graph.nodes(data=True):
            data["viz"] = {"position": {"x": data["x"], "y": data["y"], "z": 0.0}}
        nx.write_gexf(graph, buf)
    else:
        nx.write_graphml(graph, buf)
    return buf.getvalue()
