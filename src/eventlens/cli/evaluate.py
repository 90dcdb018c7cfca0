"""``eventlens eval KIND --data FILE``: score eventlens against a gold set.

Each kind maps to a module in :mod:`eventlens.evaluation` that exposes
``evaluate(*, data: Path, **options) -> dict`` and ``render(result) -> str``
(a plain-text table).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from ..errors import InputError

KINDS: dict[str, str] = {
    "geoparse": "eventlens.evaluation.geoparse",
    "events": "eventlens.evaluation.events",
    "actors": "eventlens.evaluation.actors",
    "sentiment": "eventlens.evaluation.sentiment",
    "narrative": "eventlens.evaluation.narrative",
    "dedup": "eventlens.evaluation.dedup",
}
ML_KINDS = ("events", "sentiment", "narrative")  # kinds whose evaluate() takes ml=True (the optional [train] extra)


@click.command("eval")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--data", "data", required=True, type=click.Path(path_type=Path), help="Gold file to score against.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="Score only the first N documents (for a quick look).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the result here instead of stdout.")
@click.option("--ml", "use_ml", is_flag=True, help="Use the optional [train] models (events: add the events_ml stage; sentiment: the MiniLM head; narrative: departure with MiniLM paragraph embeddings).")
def command(kind: str, data: Path, fmt: str, limit: int | None, out: Path | None, use_ml: bool) -> None:
    """Score eventlens on a gold set (geoparse, events, actors, sentiment, narrative, dedup)."""
    if not data.is_file():
        raise InputError(str(data), "no such file")
    if use_ml and kind not in ML_KINDS:
        raise click.UsageError(f"--ml applies to {' and '.join(ML_KINDS)}, not {kind}")
    module = importlib.import_module(KINDS[kind])
    result = module.evaluate(data=data, limit=limit, **({"ml": True} if use_ml else {}))
    text = json.dumps(result, indent=2, ensure_ascii=False) if fmt == "json" else module.render(result)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)
