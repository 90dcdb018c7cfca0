"""The layout's rules that the import contracts (pyproject.toml, `lint-imports` in .ci/run) cannot see."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "eventlens"


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_no_module_cycles() -> None:
    grimp = pytest.importorskip("grimp", reason="import-linter (the [test] extra) brings grimp")
    import networkx as nx

    graph = grimp.build_graph("eventlens")
    g = nx.DiGraph()
    for module in graph.modules:
        g.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("eventlens"):
                g.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize("forbidden", ["torch", "training", "transformers", "sentence_transformers"])
def test_the_package_never_imports(forbidden: str) -> None:
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if any(name == forbidden or name.startswith(forbidden + ".") for name in _imports(p))]
    assert offenders == []
