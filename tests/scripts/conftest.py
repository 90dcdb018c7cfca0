"""Running the project's scripts as after the documented install (``pip install -e .``), from this test environment.

``base_install`` builds, once per session, a folder of links to exactly what ``pip install -e .`` puts in
site-packages: the distributions eventlens requires without extras, and what they require in turn (read from
the installed metadata). ``run_entry_points`` starts one ``python -S`` on that folder plus ``src/`` (no site
packages, so psutil, dask, pytest and the other extras cannot be imported) and runs each script in it as
``python SCRIPT ARGS...`` would, returning its exit status and output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]

_DRIVER = r"""
import contextlib, io, json, runpy, sys, traceback
results = []
for script, args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_path, saved_modules = sys.argv[:], sys.path[:], set(sys.modules)
    sys.argv = [script, *args]
    sys.path.insert(0, script.rsplit("/", 1)[0])
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            if not isinstance(stop.code, (int, type(None))):
                print(stop.code, file=sys.stderr)
        except BaseException:
            code = "raised"
            traceback.print_exc()
    sys.argv, sys.path[:] = saved_argv, saved_path
    folder = script.rsplit("/", 1)[0] + "/"
    for name in set(sys.modules) - saved_modules:  # a script's own helpers (bench/_corpus) load afresh for the next
        if (getattr(sys.modules[name], "__file__", None) or "").startswith(folder):
            del sys.modules[name]
    results.append({"script": script, "args": args, "code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(results))
"""


def _closure(root: str = "eventlens") -> set[str]:
    """Canonical names of ``root`` and every distribution it requires without extras, transitively."""
    extras_of: dict[str, set[str]] = {}
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        if key in extras_of and extras <= extras_of[key]:
            continue
        extras_of.setdefault(key, set()).update(extras)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        environments = [{"extra": e} for e in (extras_of[key] or {""})]
        for raw in requires:
            req = Requirement(raw)
            if req.marker is None or any(req.marker.evaluate(env) for env in environments):
                todo.append((req.name, frozenset(req.extras)))
    return set(extras_of)


@pytest.fixture(scope="session")
def base_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of links to the files of the base install's distributions (top-level entries only)."""
    view = tmp_path_factory.mktemp("base-install")
    wanted = _closure()
    assert "spacy" in wanted and "psutil" not in wanted and "pytest" not in wanted
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or canonicalize_name(name) not in wanted:
            continue
        for entry in {Path(str(f)).parts[0] for f in dist.files or []}:
            source = Path(str(dist.locate_file(entry)))
            if entry != ".." and source.exists() and not (view / entry).exists():
                (view / entry).symlink_to(source)
    return view


@pytest.fixture(scope="session")
def run_entry_points(base_install: Path):
    """``run(calls)``: [(script path relative to the repo, [args])] -> one result dict per call, in order."""

    def run(calls: list[tuple[str, list[str]]]) -> list[dict]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "EVENTLENS_SHARED"))}
        env["PYTHONPATH"] = os.pathsep.join([str(base_install), str(REPO / "src")])
        spec = json.dumps([[str(REPO / script), args] for script, args in calls])
        done = subprocess.run([sys.executable, "-S", "-c", _DRIVER, spec], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    return run
