"""The library's entry points, which the CLI, the store and the web app call."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError
from .ingest.language import english_warning
from .ingest.normalise import clean_field
from .ingest.document import at_the_door, check_date, read_article
from .model import Analysis, Article
from .pipeline import Pipeline
from .stages import DEFAULT_STAGES, build_pipeline

CODERS = ("learned", "rules")


def pipeline_settings(*, actors_file: str | None = None, min_confidence: float | None = None, coder: str = "learned",
                      ml: bool = False) -> dict[str, dict[str, Any]]:
    """The stage settings of :func:`default_pipeline` (``build_pipeline(settings=...)``): the user actor
    dictionary, and the event coder (``coder``: "learned", the default, or "rules") with its confidence floor
    (``min_confidence``: None for the model's default). ``ml`` is accepted and ignored (see :func:`check_ml`)."""
    settings: dict[str, dict[str, Any]] = {"actors": {"extra_files": (actors_file,) if actors_file else ()}}
    if coder != "learned" or min_confidence is not None:
        settings["events"] = {"coder": coder, "min_confidence": min_confidence}
    return settings


@functools.lru_cache(maxsize=8)
def default_pipeline(*, actors_file: str | None = None, stages: tuple[str, ...] = DEFAULT_STAGES, ml: bool = False,
                     min_confidence: float | None = None, coder: str = "learned") -> Pipeline:
    """The standard pipeline; cached so models and dictionaries load once per process (``min_confidence`` and
    ``coder``: see :func:`pipeline_settings`)."""
    check_coder(coder=coder, min_confidence=min_confidence)
    return build_pipeline(stages, settings=pipeline_settings(actors_file=actors_file, min_confidence=min_confidence, coder=coder))


def check_coder(*, coder: str, min_confidence: float | None) -> None:
    """A :class:`~eventlens.errors.ConfigError` for an unknown coder or a confidence outside 0..1."""
    if coder not in CODERS:
        raise ConfigError(f"unknown event coder {coder!r}; choose one of {', '.join(CODERS)}")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise ConfigError(f"--min-confidence must be between 0 and 1, got {min_confidence}")


def check_ml(stages: Sequence[str], *, ml: bool) -> None:
    """Nothing to check any more: the MiniLM models ``--ml`` used to switch on run in the base install and
    are the default; ``ml`` is accepted for one release and ignored (the CLI says so)."""
    del stages, ml


def check_pipeline(stages: Sequence[str], *, actors_file: str | Path | None = None, ml: bool = False,
                   min_confidence: float | None = None, coder: str = "learned") -> None:
    """Check a pipeline definition without building it: every stage name is known, each stage's
    ``requires`` is provided by an earlier one, the spaCy model is installed (when ``segment``
    runs; it is found, not loaded), the user actor dictionary reads, the event coder settings are
    valid (:func:`check_coder`) and the encoder model the stages use is installed (its card is read).

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
    check_coder(coder=coder, min_confidence=min_confidence)
    if ("events" in stages and coder == "learned") or "narrative" in stages:
        from .encoder.models import model_card
        from .events.learned.model import DEFAULT_MODEL

        model_card(DEFAULT_MODEL)  # a ResourceError (exit 4) when the installation lacks it
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


def analyze_article(article: Article, *, actors_file: str | None = None, ml: bool = False, min_confidence: float | None = None,
                    coder: str = "learned") -> Analysis:
    """Analyse ``article`` with the default pipeline (``min_confidence``, ``coder``: :func:`pipeline_settings`).

    A text that does not read as English is analysed all the same, with a warning in ``analysis.meta["warnings"]``."""
    if not isinstance(article.text, str) or not article.text.strip():
        raise InputError(article.path, "the article has no text")
    door: list[str] = []
    article = at_the_door(article, notes=door)  # normalised once (lone surrogates, control characters), length checked
    analysis = default_pipeline(actors_file=actors_file, min_confidence=min_confidence, coder=coder)(article)
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
    min_confidence: float | None = None,
    coder: str = "learned",
) -> Analysis:
    """Analyse ``text``; ``date`` must be YYYY-MM-DD, as on the command line (``min_confidence``, ``coder``:
    :func:`pipeline_settings`)."""
    if not isinstance(text, str):
        raise InputError(None, f"text must be a str, got {type(text).__name__}")
    for name, value in (("title", title), ("source", source), ("url", url)):
        if value is not None and not isinstance(value, str):
            raise InputError(None, f"{name} must be a str or None, got {type(value).__name__}")
    title, source, url = (clean_field(v) if v else v for v in (title, source, url))
    date = check_date(date if date is None or isinstance(date, str) else str(date))
    return analyze_article(Article(text=text, title=title, date=date, source=source, url=url), actors_file=actors_file,
                           min_confidence=min_confidence, coder=coder)


def analyze_path(
    path: str | Path,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    actors_file: str | None = None,
    encoding: str | None = None,
    ml: bool = False,
    min_confidence: float | None = None,
    coder: str = "learned",
) -> Analysis:
    """Read a .txt/.md/.html file (or ``-`` for stdin) and analyse it (``min_confidence``, ``coder``: :func:`pipeline_settings`).

    Non-fatal problems (an HTML date that cannot be read, a text that does not read as English) are listed in
    ``analysis.meta["warnings"]``.
    """
    check_coder(coder=coder, min_confidence=min_confidence)  # before stdin is read or a model loads
    notes: list[str] = []
    article = read_article(path, title=title, date=date, source=source, encoding=encoding, notes=notes)
    analysis = analyze_article(article, actors_file=actors_file, min_confidence=min_confidence, coder=coder)
    if notes:
        analysis.meta["warnings"] = notes + analysis.meta.get("warnings", [])
    return analysis
