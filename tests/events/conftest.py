"""Fixtures for event-coding tests: parse a sentence, fill actor mentions by hand."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from eventlens.model import ActorMention, Analysis, Article, Event
from eventlens.stages.events import EventCoder
from eventlens.stages.segment import Segmenter


@pytest.fixture(scope="session")
def segmenter() -> Segmenter:
    return Segmenter()


@pytest.fixture(scope="session")
def analyse(segmenter: Segmenter) -> Callable[..., Analysis]:
    """``analyse(text, [(phrase, code, country, kind), ...])`` -> a parsed analysis with mentions placed by hand."""

    def run(text: str, actors: Sequence[tuple[str, str, str | None, str]], *, date: str | None = None) -> Analysis:
        analysis = segmenter(Analysis(article=Article(text=text, date=date)))
        used: dict[str, int] = {}
        for phrase, code_, country, kind in actors:
            start = text.index(phrase, used.get(phrase, 0))
            used[phrase] = start + 1
            analysis.actors.append(
                ActorMention(text=phrase, start=start, end=start + len(phrase), code=code_, country=country, sector=code_[3:] or None if country else code_, kind=kind)
            )
        analysis.actors.sort(key=lambda m: m.start)
        return analysis

    return run


@pytest.fixture(scope="session")
def code(analyse: Callable[..., Analysis]) -> Callable[..., list[Event]]:
    """``code(text, [(phrase, code, country, kind), ...])`` -> events, with mentions placed by hand."""

    def run(text: str, actors: Sequence[tuple[str, str, str | None, str]], *, date: str | None = None) -> list[Event]:
        return EventCoder()(analyse(text, actors, date=date)).events

    return run
