"""The library's entry points, which the CLI, the store and the web app call."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import ConfigError, InputError
from .ingest.language import english_warning
from .ingest.normalise import clean_field
from .ingest.document import at_the_door, check_date, read_article
from .model import Analysis, Article
from .pipeline import Pipeline
from .stages import DEFAULT_STAGES, build_pipeline

#: The narrative stage's settings under ``ml=True`` (``--ml``): the optional ``[train]`` extra's targeted-sentiment
#: head and departure model (docs/ml.md).
ML_NARRATIVE: Mapping[str, str] = MappingProxyType({"sentiment": "ml", "departure": "ml"})


def pipeline_settings(*, actors_file: str | None = None, ml: bool = False) -> dict[str, dict[str, Any]]:
    """The stage settings of :func:`default_pipeline` (``build_pipeline(settings=...)``)."""
    settings: dict[str, dict[str, Any]] = {"actors": {"extra_files": (actors_file,) if actors_file else ()}}
    if ml:
        settings["narrative"] = dict(ML_NARRATIVE)
    return settings


@functools.lru_cache(maxsize=8)
def default_pipeline(*, actors_file: str | None = None, stages: tuple[str, ...] = DEFAULT_STAGES, ml: bool = False) -> Pipeline:
    """The standard pipeline; cached so models and dictionaries load once per process.

    ``ml=True`` scores actor tone and narrative departure with the ``[train]`` extra's models
    (:data:`ML_NARRATIVE`); without the extra it raises :class:`~eventlens.errors.ResourceError`
    before anything loads."""
    check_ml(stages, ml=ml)
    return build_pipeline(stages, settings=pipeline_settings(actors_file=actors_file, ml=ml))


def check_ml(stages: Sequence[str], *, ml: bool) -> None:
    """With ``ml``: the narrative stage is in ``stages`` (it is what ``ml`` changes), else a
    :class:`~eventlens.errors.ConfigError`, and the ``[train]`` extra is installed, else a
    :class:`~eventlens.errors.ResourceError` naming what to install. Packages are found, not imported
    (no torch here)."""
    if not ml:
        return
    if "narrative" not in stages:
        raise ConfigError("--ml switches the narrative stage to the [train] models, but the stage list leaves "
                          "'narrative' out; add it to --stages or drop --ml")
    from .encoder.models import require  # importlib.util.find_spec only: nothing loads here

    require("--ml (the MiniLM sentiment and departure models)")


def check_pipeline(stages: Sequence[str], *, actors_file: str | Path | None = None, ml: bool = False) -> None:
    """Check a pipeline definition without building it: every stage name is known, each stage's
    ``requires`` is provided by an earlier one, the spaCy model is installed (when ``segment``
    runs; it is found, not loaded), the user actor dictionary reads and, with ``ml``, the
    ``[train]`` extra is installed (:func:`check_ml`).

    Cheap (stage classes are imported, no model is loaded), so ``ingest`` and
    ``recode`` call it before a store is opened or a worker started: a bad
    definition is one :class:`~eventlens.errors.ConfigError`, not a traceback
    from each of ``--jobs`` workers building the same pipeline.
    """
    from types import SimpleNamespace

    from .pipeline import check_stages
    from .stages import stage_class

    classes = [(name, stage_class(name)) for name in stages]
    check_stages([SimpleNamespace(name=name, requires=tuple(cls.requires), provides=tuple(cls.provides))
                  for name, cls in classes])
    if "segment" in stages:
        from .nlp import find_model

        find_model()  # a ResourceError (exit 4) naming the package to install
    check_ml(stages, ml=ml)
    check_actors_file(actors_file)


def check_actors_file(actors_file: str | Path | None) -> None:
    """Read and check a user actor dictionary now: a bad one raises one :class:`~eventlens.errors.ConfigError`
    naming the file and line.

    ``ingest`` and ``recode`` call this before a store is opened or a worker
    started, so ``--jobs N`` with a bad ``--actors`` file is one clear line, not
    N worker tracebacks. Only the user's file is parsed (cheap); the shipped
    dictionary is loaded later, once per worker, as usual.
    """
    if actors_file is None:
        return
    from .actors import dictionary

    dictionary.read_user_file(str(actors_file))  # the very reader the actors stage uses, so the two agree


def analyze_article(article: Article, *, actors_file: str | None = None, ml: bool = False) -> Analysis:
    """Analyse ``article`` with the default pipeline (``ml``: the ``[train]`` narrative models).

    A text that does not read as English is analysed all the same, with a warning in ``analysis.meta["warnings"]``."""
    if not isinstance(article.text, str) or not article.text.strip():
        raise InputError(article.path, "the article has no text")
    door: list[str] = []
    article = at_the_door(article, notes=door)  # normalised once (lone surrogates, control characters), length checked
    analysis = default_pipeline(actors_file=actors_file, ml=ml)(article)
    warnings = door + analysis.meta.get("warnings", [])
    if language := english_warning(article.text):  # analysed all the same; the caller shows the warning
        warnings.append(language)
    if warnings:
        analysis.meta["warnings"] = warnings
    return analysis


def analyze_text(
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    actors_file: str | None = None,
    ml: bool = False,
) -> Analysis:
    """Analyse ``text``; ``date`` must be YYYY-MM-DD, as on the command line."""
    if not isinstance(text, str):
        raise InputError(None, f"text must be a str, got {type(text).__name__}")
    for name, value in (("title", title), ("source", source), ("url", url)):
        if value is not None and not isinstance(value, str):
            raise InputError(None, f"{name} must be a str or None, got {type(value).__name__}")
    title, source, url = (clean_field(v) if v else v for v in (title, source, url))
    date = check_date(date if date is None or isinstance(date, str) else str(date))
    return analyze_article(Article(text=text, title=title, date=date, source=source, url=url), actors_file=actors_file, ml=ml)


def analyze_path(
    path: str | Path,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    actors_file: str | None = None,
    encoding: str | None = None,
    ml: bool = False,
) -> Analysis:
    """Read a .txt/.md/.html file (or ``-`` for stdin) and analyse it (``ml``: the ``[train]`` narrative models).

    Non-fatal problems (an HTML date that cannot be read, a text that does not read as English) are listed in
    ``analysis.meta["warnings"]``.
    """
    check_ml(DEFAULT_STAGES, ml=ml)  # before stdin is read or a model loads
    notes: list[str] = []
    article = read_article(path, title=title, date=date, source=source, encoding=encoding, notes=notes)
    analysis = analyze_article(article, actors_file=actors_file, ml=ml)
    if notes:
        analysis.meta["warnings"] = notes + analysis.meta.get("warnings", [])
    return analysis
