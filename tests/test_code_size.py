"""No class over 400 lines and no function over 60 lines in ``src/eventlens`` (issue #18).

A length is counted from the ``def``/``class`` line to the last line of its body. Exceptions are
listed below by qualified name ("module/path.py:Class.method") with the reason they are allowed.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "eventlens"
MAX_CLASS = 400
MAX_FUNCTION = 60

ALLOWED: dict[str, str] = {}  # "path.py:Qualified.name": the reason it may be longer (none today)


def _sizes() -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()

        def walk(node: ast.AST, prefix: str) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    name = f"{prefix}{child.name}"
                    kind = "class" if isinstance(child, ast.ClassDef) else "function"
                    found[f"{rel}:{name}"] = (kind, child.end_lineno - child.lineno + 1)
                    walk(child, f"{name}.")
                else:
                    walk(child, prefix)

        walk(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_no_long_classes_or_functions():
    sizes = _sizes()
    too_long = {
        name: lines
        for name, (kind, lines) in sizes.items()
        if lines > (MAX_CLASS if kind == "class" else MAX_FUNCTION) and name not in ALLOWED
    }
    assert not too_long, f"over {MAX_CLASS} lines (class) or {MAX_FUNCTION} (function), not in ALLOWED: {too_long}"


def test_the_allow_list_names_only_long_code():
    sizes = _sizes()
    stale = [name for name in ALLOWED if name not in sizes or sizes[name][1] <= (MAX_CLASS if sizes[name][0] == "class" else MAX_FUNCTION)]
    assert not stale, f"no longer needed in ALLOWED (remove them): {stale}"
