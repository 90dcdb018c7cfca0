"""Narrative departure on the splice benchmark (``eventlens eval narrative --data FILE``).

The benchmark (built by ``scripts/build_splice_benchmark.py``) holds host
articles with 1-3 paragraphs inserted from a donor (variants ``easy``: donor
on another topic; ``hard``: donor on the same topic or country) and untouched
articles (variant ``none``). Scores:

- ``paragraph_precision/recall/f1``: flagged paragraphs vs inserted ones, over
  the spliced documents (both variants; each variant also reported alone);
- ``untouched_flag_rate``: share of untouched documents with any flagged paragraph.

Counts, named for what they count: ``documents_read`` (records taken from the
file, after ``--limit``) = ``spliced_documents`` (scored for P/R/F1) +
``untouched_documents`` (scored for the flag rate) + ``misaligned_documents``
(skipped: eventlens split the text into a different number of paragraphs than
the record lists, so the gold indices would not line up). docs/evaluation.md
lists every kind's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..model import Analysis, Article
from .lines import json_lines
from .metrics import prf as counts_prf


def read_benchmark(data: Path, limit: int | None = None) -> list[dict[str, Any]]:
    records = json_lines(Path(data), required=("text", "inserted", "variant"), what="a splice-benchmark record",
                         hint="; build one with scripts/build_splice_benchmark.py")
    if limit:
        # keep the mix of variants when asked for a subset
        by_variant: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            by_variant.setdefault(r["variant"], []).append(r)
        share = max(1, limit // max(1, len(by_variant)))
        records = [r for rows in by_variant.values() for r in rows[:share]]
    return records


def score(records: Iterable[dict[str, Any]], flagged: Iterable[set[int]]) -> dict[str, Any]:
    """Paragraph P/R/F1 over spliced documents and the untouched flag rate, overall and per variant."""
    rows = list(zip(records, flagged))

    def prf(subset: list[tuple[dict[str, Any], set[int]]]) -> dict[str, Any]:
        tp = fp = fn = 0
        for record, found in subset:
            gold = set(record["inserted"])
            tp += len(gold & found)
            fp += len(found - gold)
            fn += len(gold - found)
        precision, recall, f1 = counts_prf(tp, fp, fn)
        docs = len(subset)
        detected = sum(1 for record, found in subset if set(record["inserted"]) & found)
        return {"spliced_documents": docs, "paragraph_precision": round(precision, 4), "paragraph_recall": round(recall, 4),
                "paragraph_f1": round(f1, 4), "document_detection_rate": round(detected / docs, 4) if docs else 0.0}

    spliced = [(r, f) for r, f in rows if r["inserted"]]
    untouched = [(r, f) for r, f in rows if not r["inserted"]]
    result = prf(spliced)
    result["untouched_documents"] = len(untouched)
    result["untouched_flag_rate"] = round(sum(1 for _, f in untouched if f) / len(untouched), 4) if untouched else 0.0
    result["variants"] = {v: prf([(r, f) for r, f in spliced if r["variant"] == v]) for v in sorted({r["variant"] for r, _ in spliced})}
    return result


def evaluate(*, data: Path, limit: int | None = None, analyze: Callable[[str], Analysis] | None = None, ml: bool = False) -> dict[str, Any]:
    """Run the default pipeline over every benchmark document and score the flags (``ml``: the narrative
    stage's departure model with MiniLM paragraph embeddings, the optional [train] extra)."""
    if analyze is None:
        from ..stages import build_pipeline

        pipeline = build_pipeline(settings={"narrative": {"departure": "ml"}} if ml else None)

        def analyze(text: str) -> Analysis:
            return pipeline(Article(text=text))

    records = read_benchmark(Path(data), limit)
    cache: dict[str, set[int] | None] = {}  # text -> flagged paragraphs; None: paragraphs do not line up
    kept, flagged = [], []
    for record in records:
        text = record["text"]
        if text not in cache:
            analysis = analyze(text)
            aligned = len(analysis.paragraphs) == len(record.get("paragraphs") or analysis.paragraphs)
            cache[text] = {p.index for p in analysis.paragraphs if p.departure and p.departure.flagged} if aligned else None
        found = cache[text]
        if found is not None:
            kept.append(record)
            flagged.append(found)
    result = {"documents_read": len(records), **score(kept, flagged), "misaligned_documents": len(records) - len(kept)}
    result["data"] = str(data)
    if ml:
        result["departure"] = "ml"
    return result


def render(result: dict[str, Any]) -> str:
    lines = [
        f"narrative splice benchmark: {result['data']}",
        f"{result.get('documents_read', result['spliced_documents'] + result['untouched_documents'])} documents read: {result['spliced_documents']} spliced, {result['untouched_documents']} untouched"
        + (f", {result['misaligned_documents']} skipped (paragraphs did not line up)" if result.get("misaligned_documents") else ""),
        f"{'variant':10} {'spliced':>7} {'P':>6} {'R':>6} {'F1':>6} {'detected':>9}",
    ]
    for name, row in [("all", result)] + sorted(result["variants"].items()):
        lines.append(f"{name:10} {row['spliced_documents']:>7} {row['paragraph_precision']:>6.3f} {row['paragraph_recall']:>6.3f} "
                     f"{row['paragraph_f1']:>6.3f} {row['document_detection_rate']:>9.3f}")
    lines.append(f"untouched documents flagged: {result['untouched_flag_rate']:.3f} of {result['untouched_documents']}")
    return "\n".join(lines)
