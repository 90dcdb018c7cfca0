"""``eventlens eval dedup``: the same-event rule on the annotated pairs (``data/annotations/dedup-pairs-v1.jsonl``).

Each line is a pair of event reports as eventlens coded them (actor codes, CAMEO, date, location,
offsets of the sentence, trigger and actors into their article) and a label, ``same`` or
``different`` (codebook: ``docs/dedup-annotation.md``). The sentences of GeoWebNews and TR-News
(GPL-3.0) are not shipped: they are read from the shared data folder and checked by sha256, as
:mod:`.annotations` does. The rule (:func:`eventlens.dedup.compare`, default settings) decides each
pair; the result is pairwise precision, recall and F1 of ``same``, for the frozen test part, the
development part and both. The test pairs are checked against the frozen list
(``dedup-test-split.tsv`` beside the data file) when it is there.

The model was fitted on the development pairs, so its ``dev`` figure is in-sample; ``dev_cv`` is the
honest one: each development pair decided by a model refitted without its story (leave-one-story-out,
:mod:`.dedup_fit`), at the shipped model's threshold and penalty.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..dedup import RULE_VERSION, Report, Settings, compare
from ..dedup.evidence import Features, features
from ..dedup.rule import identical, incompatible, signals
from ..errors import InputError
from ..shared_data import shared_dir
from .annotations import _article_text
from .dedup_fit import Scored, out_of_fold
from .dedup_fit import scores as cv_scores
from .metrics import prf

SPLIT_FILE = "dedup-test-split.tsv"
LABELS = ("same", "different")


def _span(text: str, span: Any) -> str:
    if not span or span[0] is None:
        return ""
    return text[int(span[0]):int(span[1])]


def _report(side: dict[str, Any], *, shared: Path | None, where: str) -> Report:
    """The report of one side of a pair, its sentence read from the corpus and checked by hash."""
    article = _article_text(side["corpus"], side["doc"], shared, where=where)
    start, end = (int(v) for v in side["sentence"])
    sentence = article[start:end]
    if hashlib.sha256(sentence.encode("utf-8")).hexdigest() != side["sha256"]:
        raise InputError(where, f"the sentence of {side['doc']} at {start}-{end} does not match its sha256 (another copy of the corpus?)")
    event = side["event"]
    location = event.get("location") or {}
    trig_start, trig_end = (int(v) for v in side["trigger"])
    return Report(
        article_id=side["doc"], idx=int(event.get("idx", trig_start)), source=event.get("source"), target=event.get("target"),
        cameo=str(event["cameo"]), date=side.get("date"), outlet=side.get("outlet"), negated=bool(event.get("negated")),
        modality=str(event.get("modality") or "asserted"), lat=location.get("lat"), lon=location.get("lon"),
        evidence=sentence, trigger=article[trig_start:trig_end], trigger_at=trig_start - start,
        source_text=_span(article, event.get("source_span")), target_text=_span(article, event.get("target_span")),
        loc_how=location.get("how"),
    )


def reports(pair: dict[str, Any], *, shared: Path | None, where: str) -> tuple[Report, Report, Features, Features]:
    """The two reports of a labelled pair with their features."""
    a, b = _report(pair["a"], shared=shared, where=where), _report(pair["b"], shared=shared, where=where)
    fa, fb = (features(evidence=r.evidence, trigger=r.trigger, trigger_at=r.trigger_at, source_text=r.source_text,
                       target_text=r.target_text) for r in (a, b))
    return a, b, fa, fb


def scored(pair: dict[str, Any], a: Report, b: Report, fa: Features, fb: Features, settings: Settings) -> Scored:
    """The pair as the model sees it (for fitting and cross-validation)."""
    decided = False if incompatible(a, b, settings) else True if identical(fa, fb) else None
    return Scored(id=pair["id"], articles=(a.article_id, b.article_id), same=pair["label"] == "same", decided=decided,
                  signals=signals(a, b, fa, fb))


def frozen_split(data: Path) -> tuple[set[str] | None, str]:
    """The frozen test pair ids beside ``data`` (or None), and whether the file's own digest checks out."""
    path = data.parent / SPLIT_FILE
    if not path.is_file():
        return None, "absent"
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line and not line.startswith("#")]
    digest = hashlib.sha256(("\n".join(body) + "\n").encode("utf-8")).hexdigest()
    declared = next((line.rsplit(":", 1)[1].strip() for line in lines if "sha256 of the lines below" in line), "")
    return {line.split("\t")[0] for line in body}, "verified" if digest == declared else "digest mismatch"


def _scores(rows: list[tuple[str, bool, bool]]) -> dict[str, Any]:
    tp = sum(g and p for _, g, p in rows)
    fp = sum(p and not g for _, g, p in rows)
    fn = sum(g and not p for _, g, p in rows)
    precision, recall, f1 = prf(tp, fp, fn)
    return {"pairs": len(rows), "same": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def evaluate(*, data: Path, limit: int | None = None, shared: str | Path | None = None,
             settings: Settings = Settings()) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of the rule on the labelled pairs in ``data``."""
    base = shared_dir(shared, near=data.parent)
    frozen, check = frozen_split(data)
    rows: dict[str, list[tuple[str, bool, bool]]] = {"test": [], "dev": []}
    dev: list[Scored] = []
    reasons: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for number, line in enumerate(data.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        if limit is not None and sum(map(len, rows.values())) >= limit:
            break
        where = f"{data}:{number}"
        try:
            pair = json.loads(line)
            label = pair["label"]
        except (ValueError, KeyError) as exc:
            raise InputError(where, f"not a labelled pair ({exc})") from None
        if label not in LABELS:
            raise InputError(where, f"label must be one of {', '.join(LABELS)}, got {label!r}")
        split = "test" if pair.get("split") == "test" else "dev"
        if frozen is not None and (split == "test") != (pair["id"] in frozen):
            raise InputError(where, f"pair {pair['id']} is {split} here but {'not ' if split == 'test' else ''}in the frozen test list")
        a, b, fa, fb = reports(pair, shared=base, where=where)
        match = compare(a, b, fa, fb, settings)
        same, reason = match.same, match.reason
        rows[split].append((pair["id"], label == "same", same))
        if split == "dev":
            dev.append(scored(pair, a, b, fa, fb, settings))
        reasons[reason.split(" ")[0] + (" " + reason.split(" ")[1] if reason.startswith("incompatible") else "")] += 1
        if same != (label == "same"):
            errors.append({"id": pair["id"], "split": split, "gold": label, "rule": reason})
    model = settings.resolved_model()
    l2 = float(model.meta.get("l2", 1.0))
    return {
        "data": str(data), "rule": RULE_VERSION,
        "settings": {"window_days": settings.window_days, "max_km": settings.max_km, "model": model.version,
                     "weights": dict(model.weights), "bias": model.bias, "threshold": model.threshold, "l2": l2},
        "frozen_test_split": check,
        "test": _scores(rows["test"]), "dev": _scores(rows["dev"]),
        "dev_cv": cv_scores(dev, out_of_fold(dev, l2=l2), model.threshold) | {"scheme": "leave one story out"},
        "all": _scores(rows["test"] + rows["dev"]),
        "decisions": dict(reasons.most_common()), "errors": errors,
    }


def render(result: dict[str, Any]) -> str:
    lines = [f"same-event pairs: {result['data']} (frozen test split: {result['frozen_test_split']})",
             f"{'part':6} {'pairs':>6} {'same':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for part in ("test", "dev", "dev_cv", "all"):
        s = result[part]
        lines.append(f"{part:6} {s['pairs']:>6} {s['same']:>5} {s['tp']:>4} {s['fp']:>4} {s['fn']:>4} "
                     f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}")
    lines.append("decisions: " + ", ".join(f"{k} {v}" for k, v in result["decisions"].items()))
    lines.append(f"rule {result['rule']}; dev is in-sample (the model was fitted on it), dev_cv leaves one story out")
    return "\n".join(lines)
