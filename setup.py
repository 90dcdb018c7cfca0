"""Build step: the dashboard's browser libraries come from npm, built during the install.

``pip install .`` and ``pip install -e .`` run ``npm ci && npm run build`` in ``web/``
when npm is on the PATH and the assets are not built yet, so the first command of the
README gives the whole dashboard (charts, network, map). Without npm, or offline, the
install goes on and says in one line how to build them later; the dashboard then shows
the same line. A wheel built with ``python -m build`` carries the built assets.
Everything else about the package is in pyproject.toml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
VENDOR = ROOT / "src" / "eventlens" / "web" / "static" / "vendor"
HINT = "eventlens: the dashboard's network and map need 'cd web && npm ci && npm run build' (npm was not found)"


def build_web_assets() -> None:
    if (VENDOR / "manifest.json").is_file() or not (WEB / "package.json").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        print(HINT, file=sys.stderr)
        return
    try:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB, check=True, timeout=600)
        subprocess.run([npm, "run", "--silent", "build"], cwd=WEB, check=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"eventlens: building the dashboard's browser libraries failed ({exc}); "
              "run 'cd web && npm ci && npm run build' later", file=sys.stderr)


class BuildWithWebAssets(build_py):
    def run(self) -> None:
        build_web_assets()
        super().run()


setup(cmdclass={"build_py": BuildWithWebAssets})
