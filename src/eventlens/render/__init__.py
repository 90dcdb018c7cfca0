"""Turning an :class:`~eventlens.model.Analysis` into something to read: text, JSON or HTML."""

from __future__ import annotations

from ..errors import ConfigError
from ..model import Analysis

FORMATS = ("text", "json", "html")


def render(analysis: Analysis, *, fmt: str, width: int | None = None) -> str:
    """The analysis as ``text`` (terminal report), ``json`` or ``html`` (one self-contained page)."""
    if fmt == "json":
        from .json import to_json

        return to_json(analysis)
    if fmt == "html":
        from .html import to_html

        return to_html(analysis)
    if fmt == "text":
        from .text import to_text

        return to_text(analysis, width=width)
    raise ConfigError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
