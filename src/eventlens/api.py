"""The library's entry points, which the CLI, the store and the web app call."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError
from .ingest.read import check_date, read_article
from .model import Analysis, Article
from .pipeline import Pipeline
from .stages import DEFAULT_STAGES, build_pipeline


@functools.lru_cache(maxsize=8)
def default_pipeline(*, actors_file: str | None = None, stages: tuple[str, ...] = DEFAULT_STAGES) -> Pipeline:
    """The standard pipeline; cached so models and dictionaries load once per process."""
    settings = {"actors": {"extra_files": (actors_file,) if actors_file else ()}}
    return build_pipeline(stages, settings=settings)


def check_pipeline(stages: Sequence[str], *, actors_file: str | Path | None = None) -> None:
    """Check a pipeline definition without building it: every stage name is known, each stage's
    ``requires`` is provided by an earlier one, the spaCy model is installed (when ``segment``
    runs; it is found, not loaded) and the user actor dictionary reads.

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

    dictionary._read_user_file(str(actors_file))  # the very reader the actors stage uses, so the two agree


def analyze_article(article: Article, *, actors_file: str | None = None) -> Analysis:
    if not article.text.strip():
        raise InputError(article.path, "the article has no text")
    return default_pipeline(actors_file=actors_file)(article)


def analyze_text(
    text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    actors_file: str | None = None,
) -> Analysis:
    """Analyse ``text``; ``date`` must be YYYY-MM-DD, as on the command line."""
    if not isinstance(text, str):
        raise InputError(None, f"text must be a str, got {type(text).__name__}")
    date = check_date(date)
    return analyze_article(Article(text=text, title=title, date=date, source=source, url=url), actors_file=actors_file)


def analyze_path(
    path: str | Path,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    actors_file: str | None = None,
    encoding: str | None = None,
) -> Analysis:
    """Read a .txt/.md/.html file (or ``-`` for stdin) and analyse it.

    Non-fatal reading problems (an HTML date that cannot be read) are listed in ``analysis.meta["warnings"]``.
    """
    notes: list[str] = []
    article = read_article(path, title=title, date=date, source=source, encoding=encoding, notes=notes)
    analysis = analyze_article(article, actors_file=actors_file)
    if notes:
        analysis.meta["warnings"] = notes
    return analysis
