"""Disk size of eventlens's base install, with and without the encoder runtime (issue #16).

Reads the installed distributions' metadata in the running environment (no network, installs nothing):
the closure of eventlens's base requirements (extras such as ``[train]`` and ``[bench]`` left out,
environment markers evaluated) and the bytes of every file each distribution installed. eventlens itself
is counted from its package folder (an editable install lists no files), without ``__pycache__``.

"Without the encoder" drops what only the encoder runtime needs: ``onnxruntime`` and ``tokenizers``, the
distributions only they pull in, and eventlens's shipped model (``eventlens/data/encoder``).

    python bench/install_size.py [--json]

Run it in an environment made by the README's install command (``.ci/run`` makes one); an environment with
more installed is fine, as only the closure is counted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ENCODER_RUNTIME = ("onnxruntime", "tokenizers")
MB = 1024 * 1024


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requires(dist: str) -> list[str]:
    """Names of the distributions ``dist`` needs, extras and foreign platforms left out."""
    out = []
    for text in metadata.requires(dist) or []:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        out.append(_norm(req.name))
    return out


def closure(roots: list[str], *, skip: frozenset[str] = frozenset()) -> set[str]:
    """Every installed distribution reachable from ``roots`` (not through ``skip``)."""
    seen: set[str] = set()
    todo = [r for r in roots if r not in skip]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            needs = _requires(name)
        except metadata.PackageNotFoundError:
            continue  # an optional platform package that is not installed here
        seen.add(name)
        todo += [n for n in needs if n not in seen and n not in skip]
    return seen


def dist_bytes(name: str) -> int:
    """Bytes of the files a distribution installed (its record), ``__pycache__`` excluded."""
    files = metadata.distribution(name).files or []
    total = 0
    for f in files:
        if "__pycache__" in f.parts:
            continue
        path = Path(f.locate())
        if path.is_file():
            total += path.stat().st_size
    return total


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def measure() -> dict:
    import eventlens

    package = Path(eventlens.__file__).parent
    own = folder_bytes(package)
    model = folder_bytes(package / "data" / "encoder")
    base = closure(_requires("eventlens"))
    lean = closure(_requires("eventlens"), skip=frozenset(ENCODER_RUNTIME))
    sizes = {name: dist_bytes(name) for name in sorted(base)}
    with_encoder = own + sum(sizes.values())
    without = own - model + sum(sizes[n] for n in lean)
    return {
        "python": sys.version.split()[0],
        "distributions": len(base) + 1,
        "base_install_mb": round(with_encoder / MB, 1),
        "without_encoder_mb": round(without / MB, 1),
        "encoder_mb": round((with_encoder - without) / MB, 1),
        "encoder_parts_mb": {**{n: round(sizes[n] / MB, 1) for n in sorted(base - lean)}, "eventlens/data/encoder": round(model / MB, 1)},
        "eventlens_package_mb": round(own / MB, 1),
        "largest_mb": {n: round(b / MB, 1) for n, b in sorted(sizes.items(), key=lambda kv: -kv[1])[:10]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    result = measure()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"base install: {result['base_install_mb']} MB in {result['distributions']} distributions (Python {result['python']})")
    print(f"without the encoder runtime and model: {result['without_encoder_mb']} MB (encoder: {result['encoder_mb']} MB)")
    for name, mb in result["encoder_parts_mb"].items():
        print(f"  encoder part {name:28s} {mb:7.1f} MB")
    print(f"eventlens package itself: {result['eventlens_package_mb']} MB")
    for name, mb in result["largest_mb"].items():
        print(f"  {name:36s} {mb:7.1f} MB")


if __name__ == "__main__":
    main()
