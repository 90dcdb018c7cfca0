"""Assemble the annotated news-event corpus from the annotators' batch files.

    python training/annotation/build_corpus.py --work /work/annot --out data/annotations/events-v1.jsonl

Reads ``plan.json``, ``pool.jsonl``, the batches and every annotator's ``out/<X>/<batch>.jsonl``;
for double-annotated sentences, ``adjudicated/<oNNN>.jsonl`` (a third, adjudicating pass) replaces
the two annotations when present; for other sentences, ``corrections/<bNNN>.jsonl`` (records
brought in line with a later codebook version, only the changed sentences) replaces the primary
annotation. Agreement is always computed on the two original annotations. Writes the corpus in the project's format
(:mod:`eventlens.evaluation.annotations`): NewsMTSC sentences with their text (MIT), GeoWebNews and
TR-News sentences as offsets into their article plus the sha256 of the sentence (GPL-3.0 text is never
written), and ``agreement.json`` beside it (:mod:`agreement`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agreement import compare  # noqa: E402
from validate import resolve_record  # noqa: E402


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _relative(rec: dict[str, Any], pool_row: dict[str, Any]) -> dict[str, Any]:
    """Offsets relative to the sentence as it stands in the source (the raw article slice for GPL texts)."""
    gpl = pool_row["corpus"] in ("gwn", "trnews")
    base = pool_row["start"] if gpl else 0

    def span(item: dict[str, Any]) -> list[int]:
        if gpl:
            return [item["doc_start"] - base, item["doc_end"] - base]
        return [item["start"], item["end"]]

    actors = [{"span": span(a), "code": a["code"]} for a in rec["actors"]]
    events = []
    for e in rec["events"]:
        trig = [e["trigger_doc_start"] - base, e["trigger_doc_end"] - base] if gpl else [e["trigger_start"], e["trigger_end"]]
        events.append({"trigger": trig, "cameo": e["cameo"], "plover": e["plover"], "source": e.get("source"),
                       "target": e.get("target"), "modality": e.get("modality", "asserted")})
    out: dict[str, Any] = {"id": pool_row["id"], "corpus": pool_row["corpus"], "doc": pool_row["doc"], "split": pool_row["split"]}
    if gpl:
        out["sentence"] = [pool_row["start"], pool_row["end"]]
    else:
        out["text"] = pool_row["text"]
    out["sha256"] = pool_row["sha256"]
    out["actors"] = actors
    out["events"] = events
    return out


def _load_annotator(work: Path, who: str, batch: str, rows: dict[str, dict[str, Any]], pool: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    path = work / "out" / who / f"{batch}.jsonl"
    if not path.is_file():
        return {}
    out = {}
    for rec in _jsonl(path):
        row = rows[rec["id"]]
        out[rec["id"]] = resolve_record(rec, row, pool.get(rec["id"]))
    return out


def _load_dir(folder: Path, batch_rows: dict[str, dict[str, dict[str, Any]]],
              pool: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Resolved records of every ``<batch>.jsonl`` in ``folder`` (adjudicated/ or corrections/), by id."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        rows = batch_rows.get(path.stem, {})
        for rec in _jsonl(path):
            if rec["id"] not in rows:
                raise ValueError(f"{path}: id {rec['id']!r} is not in batch {path.stem}")
            out[rec["id"]] = resolve_record(rec, rows[rec["id"]], pool.get(rec["id"]))
    return out


def build(work: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    plan = json.loads((work / "plan.json").read_text(encoding="utf-8"))
    pool = {r["id"]: r for r in _jsonl(work / "pool.jsonl")}
    batch_rows: dict[str, dict[str, dict[str, Any]]] = {}
    for path in sorted((work / "batches").glob("*.jsonl")):
        batch_rows[path.stem] = {r["id"]: r for r in _jsonl(path)}
    primary: dict[str, tuple[str, dict[str, Any]]] = {}
    second: dict[str, tuple[str, dict[str, Any]]] = {}
    for who, info in plan["annotators"].items():
        for batch in info["batches"]:
            for sid, rec in _load_annotator(work, who, batch, batch_rows[batch], pool).items():
                primary[sid] = (who, rec)
        for batch in info.get("overlap_batches", []):
            for sid, rec in _load_annotator(work, who, batch, batch_rows[batch], pool).items():
                second[sid] = (who, rec)
    adjudicated = _load_dir(work / "adjudicated", batch_rows, pool)
    # corrected primary records (codebook harmonisation); adjudicated records take precedence
    corrected = _load_dir(work / "corrections", batch_rows, pool)
    pairs = [(primary[s][1], second[s][1]) for s in second if s in primary]
    agreement = {"all": compare(pairs)}
    for split in ("train", "test"):
        agreement[split] = compare([(a, b) for a, b in pairs if pool[a["id"]]["split"] == split])
    corpus = []
    for sid in sorted(primary, key=lambda s: (pool[s]["split"], s)):
        who, rec = primary[sid]
        annotators = [who] + ([second[sid][0]] if sid in second else [])
        is_corrected = sid in corrected and sid not in adjudicated
        final = adjudicated.get(sid) or corrected.get(sid) or rec
        row = _relative(final, pool[sid])
        row["annotation"] = {"annotators": annotators, "adjudicated": sid in adjudicated, "corrected": is_corrected}
        corpus.append(row)
    agreement["adjudicated"] = len(adjudicated)
    agreement["corrected"] = sum(1 for sid in corrected if sid in primary and sid not in adjudicated)
    agreement["sentences"] = len(corpus)
    return corpus, agreement


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/work/annot"), help="the annotation working folder")
    parser.add_argument("--out", type=Path, default=Path("data/annotations/events-v1.jsonl"))
    args = parser.parse_args(argv)
    corpus, agreement = build(args.work)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in corpus), encoding="utf-8")
    (args.out.parent / "agreement.json").write_text(json.dumps(agreement, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({"sentences": len(corpus), "agreement": agreement["all"]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
