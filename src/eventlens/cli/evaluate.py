"""``eventlens eval KIND [--data FILE]``: score eventlens against a gold set.

Each kind maps to a module in :mod:`eventlens.evaluation` that exposes
``evaluate(*, data: Path, **options) -> dict`` and ``render(result) -> str``
(a plain-text table). Without ``--data``, a kind reads its usual gold file from
the reference data folder (``--shared DIR``, ``$EVENTLENS_SHARED``, else a
``shared`` folder beside the working directory: :mod:`eventlens.shared_data`).
docs/evaluation.md lists the defaults and every key of the results.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from ..errors import InputError
from ..shared_data import SHARED_HELP, require_shared

KINDS: dict[str, str] = {
    "geoparse": "eventlens.evaluation.geoparse",
    "events": "eventlens.evaluation.events",
    "actors": "eventlens.evaluation.actors",
    "sentiment": "eventlens.evaluation.sentiment",
    "narrative": "eventlens.evaluation.narrative",
    "dedup": "eventlens.evaluation.dedup",
}
# the gold file each kind reads from the reference data folder when --data is not given
DEFAULT_DATA: dict[str, str] = {
    "geoparse": "data/geoparsing/GWN.xml",
    "events": "data/events/PETR2_GSR_validation.xml",
    "actors": "data/events/PETR2_GSR_validation.xml",
    "sentiment": "data/sentiment/newsmtsc-devtest_rw.jsonl",
}
ML_KINDS = ("sentiment", "narrative")  # kinds whose evaluate() takes ml=True (models trained with the [train] extra)
CORPUS_KINDS = ("events", "actors")  # kinds that also read the annotated corpus (data/annotations/events-v1.jsonl): --split


@click.command("eval")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--data", "data", default=None, type=click.Path(path_type=Path),
              help="Gold file to score against (default: the kind's gold file in the reference data folder; narrative and dedup have none).")
@click.option("--shared", "shared", default=None, type=click.Path(path_type=Path), metavar="DIR", help=SHARED_HELP[0].upper() + SHARED_HELP[1:] + ".")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A table of the figures, or the full result as JSON (its keys: docs/evaluation.md).")
@click.option("--limit", type=int, default=None, help="Score only the first N documents (for a quick look).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the result here instead of stdout.")
@click.option("--ml", "use_ml", is_flag=True, help="narrative: the departure model on MiniLM paragraph embeddings (needs the [train] extra); sentiment always scores the shared encoder's head, and takes --ml as a no-op.")
@click.option("--split", type=click.Choice(["train", "test", "all"]), default=None,
              help="events and actors on the annotated corpus: which split to score (events: default test; actors: default "
                   "train; train is development data, the test split is frozen: data/annotations/FROZEN.md).")
@click.option("--coder", type=click.Choice(["learned", "rules"]), default=None, help="events: the event coder to score (default learned).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="events: drop events below this calibrated confidence.")
def command(kind: str, data: Path | None, shared: Path | None, fmt: str, limit: int | None, out: Path | None, use_ml: bool,
            split: str | None, coder: str | None, min_confidence: float | None) -> None:
    """Score eventlens on a gold set (geoparse, events, actors, sentiment, narrative, dedup)."""
    if use_ml and kind not in ML_KINDS:
        raise click.UsageError(f"--ml applies to {' and '.join(ML_KINDS)}, not {kind}")
    if kind != "events" and any(v is not None for v in (coder, min_confidence)):
        raise click.UsageError(f"--coder and --min-confidence apply to events, not {kind}")
    if split is not None and kind not in CORPUS_KINDS:
        raise click.UsageError(f"--split applies to {' and '.join(CORPUS_KINDS)}, not {kind}")
    data = data or default_data(kind, shared)
    if not data.is_file():
        raise InputError(str(data), "no such file")
    options: dict[str, object] = {"ml": True} if use_ml else {}
    if kind == "events":
        given = {"shared": shared, "coder": coder, "min_confidence": min_confidence}
        options |= {k: v for k, v in given.items() if v is not None}
    if kind in CORPUS_KINDS and split is not None:
        options["split"] = split  # "all" reads every split (None would mean each kind's default)
    if kind == "actors" and shared is not None and _is_annotation_file(data):
        options["shared"] = shared
    module = importlib.import_module(KINDS[kind])
    if kind == "dedup":  # the pairs' GPL-3.0 sentences are read from the reference data folder
        options["shared"] = shared
    result = module.evaluate(data=data, limit=limit, **options)
    text = json.dumps(result, indent=2, ensure_ascii=False) if fmt == "json" else module.render(result)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


def default_data(kind: str, shared: Path | None) -> Path:
    """The kind's gold file in the reference data folder (ResourceError naming what is missing)."""
    if kind == "dedup":
        raise click.UsageError("eval dedup needs --data FILE: the annotated pairs, data/annotations/dedup-pairs-v1.jsonl "
                               "in the eventlens repository")
    if kind not in DEFAULT_DATA:
        raise click.UsageError(f"eval {kind} needs --data FILE (build a splice benchmark with scripts/build_splice_benchmark.py)")
    return require_shared(shared, needs=DEFAULT_DATA[kind]) / DEFAULT_DATA[kind]


def _is_annotation_file(path: Path) -> bool:
    from ..evaluation.annotations import is_annotation_file

    return is_annotation_file(path)
