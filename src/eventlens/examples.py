"""The example article that ships with the package (written by the eventlens team)."""

from __future__ import annotations

from importlib import resources

from .model import Article

EXAMPLE_META = {
    "title": "Kenya and Ethiopia agree to expand trade corridor",
    "date": "2026-03-10",
    "source": "eventlens example",
}


def example_article() -> Article:
    """The bundled illustrative article (it reports no real events)."""
    text = resources.files("eventlens.data.examples").joinpath("corridor.txt").read_text(encoding="utf-8")
    return Article(text=text, path="eventlens:examples/corridor.txt", **EXAMPLE_META)
