"""Targeted sentiment on NewsMTSC JSONL (``eventlens eval sentiment --data FILE``).

Scores eventlens's targeted-sentiment model (the shared encoder's head, :mod:`eventlens.narrative.targeted_encoder`;
the lexical model of :mod:`eventlens.narrative.targeted` beside it as ``base_model``) and a VADER-only baseline (the sign of VADER's compound score for
the whole sentence, thresholds +-0.05, the same label for every target).
Keys: ``targets`` (target mentions scored), ``f1_macro``, ``accuracy``, ``per_class`` (each class's precision,
recall, F1 and ``n_gold``: its gold targets), ``baseline_vader`` (docs/evaluation.md lists them all).
Published anchor: F1m 0.831 on ``devtest_rw`` with a RoBERTa model.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..narrative.targeted import LABELS, load_model, sentence_target_features
from ..nlp import load_spacy
from .lines import json_lines
from .metrics import label_prf

_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def _read(data: Path, limit: int | None) -> list[dict[str, Any]]:
    return json_lines(data, required=("sentence_normalized", "targets"), what="a NewsMTSC record", limit=limit)


def scores(gold: list[str], pred: list[str]) -> dict[str, Any]:
    """Macro F1, accuracy and per-class precision/recall/F1."""
    per: dict[str, dict[str, float]] = {}
    for label in LABELS:
        precision, recall, f1, n_gold = label_prf(gold, pred, label)
        per[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "n_gold": n_gold}
    n = len(gold)
    return {
        "targets": n,
        "f1_macro": round(sum(v["f1"] for v in per.values()) / len(LABELS), 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / n, 4) if n else 0.0,
        "per_class": per,
    }


def evaluate(*, data: Path, limit: int | None = None, ml: bool = False, model: str = "encoder") -> dict[str, Any]:
    """Score the targeted-sentiment model (``model``: "encoder", the default, or "lexical") and, beside it,
    the lexical model and the VADER-only baseline on a NewsMTSC file. ``ml`` is accepted and ignored
    (the encoder is the default since the shared encoder entered the base install)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    if model not in ("encoder", "lexical"):
        raise ValueError(f"sentiment model must be 'encoder' or 'lexical', not {model!r}")
    records = _read(Path(data), limit)
    lexical = load_model()
    nlp = load_spacy()
    vader = SentimentIntensityAnalyzer()
    gold: list[str] = []
    pred: list[str] = []
    base: list[str] = []
    texts = [r["sentence_normalized"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=64)):
        compound = vader.polarity_scores(record["sentence_normalized"])["compound"]
        vader_label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
        for target in record["targets"]:
            feats = sentence_target_features(doc, int(target["from"]), int(target["to"]))
            gold.append(_POLARITY[float(target["polarity"])])
            pred.append(lexical.predict(feats).label)
            base.append(vader_label)
    result = scores(gold, pred)
    result["model"] = lexical.version
    result["baseline_vader"] = {k: v for k, v in scores(gold, base).items() if k in ("f1_macro", "accuracy", "per_class")}
    result["anchor_roberta_f1_macro"] = 0.831
    result["data"] = str(data)
    if model == "encoder":  # the encoder's head, with the lexical result kept beside it as base_model
        result = evaluate_records(records, base=result)
    return result


def evaluate_records(records: Sequence[dict[str, Any]], *, base: dict[str, Any], model: str | None = None,
                     keep_predictions: bool = False) -> dict[str, Any]:
    """Score the encoder's sentiment head on NewsMTSC records (``sentence_normalized``, ``targets``), beside ``base``
    (the lexical model's result from :func:`evaluate`, kept under ``base_model``). Each sentence is segmented as
    the pipeline does and each target becomes an actor mention of it, so the head sees what it sees in production."""
    from ..model import ActorMention, Analysis, Article
    from ..narrative.targeted_encoder import DEFAULT_MODEL, EncoderSentiment
    from ..stages import build_stage

    segment = build_stage("segment")
    scorer = EncoderSentiment(model=model or DEFAULT_MODEL)
    began = time.perf_counter()
    gold, predicted = [], []
    for record in records:
        analysis = segment(Analysis(article=Article(text=record["sentence_normalized"])))
        mentions = []
        for t in record["targets"]:
            start, end = int(t["from"]), int(t["to"])
            mentions.append(ActorMention(text=analysis.text[start:end], start=start, end=end, code="", sentence=analysis.sentence_of(start)))
            gold.append(_POLARITY[float(t["polarity"])])
        analysis.actors = mentions
        predicted += [r.label for r in scorer.score(analysis, mentions)]
    seconds = time.perf_counter() - began
    result = scores(gold, predicted)
    result.update({
        "model": scorer.version,
        "base_model": {k: base.get(k) for k in ("model", "f1_macro", "accuracy", "per_class")},
        "baseline_vader": base.get("baseline_vader"),
        "anchor_roberta_f1_macro": base.get("anchor_roberta_f1_macro"),
        "data": base.get("data"),
        "targets_per_s": round(len(gold) / max(seconds, 1e-9), 1),
    })
    if keep_predictions:
        result["predictions"] = predicted
    return result


def render(result: dict[str, Any]) -> str:
    lines = [
        f"targeted sentiment on {result['data']} ({result['targets']} targets, model {result['model']})",
        f"{'':12} {'F1 macro':>9} {'accuracy':>9}",
        f"{'eventlens':12} {result['f1_macro']:>9.3f} {result['accuracy']:>9.3f}",
        f"{'VADER only':12} {result['baseline_vader']['f1_macro']:>9.3f} {result['baseline_vader']['accuracy']:>9.3f}",
        *([f"{'lexical':12} {result['base_model']['f1_macro']:>9.3f} {result['base_model']['accuracy']:>9.3f}   ({result['base_model']['model']})"]
          if "base_model" in result else []),
        f"{'RoBERTa*':12} {result['anchor_roberta_f1_macro']:>9.3f} {'':>9}   (*published anchor, not run here)",
        "",
        f"{'class':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}",
    ]
    for label, row in result["per_class"].items():
        lines.append(f"{label:10} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} {row['n_gold']:>5}")
    return "\n".join(lines)
