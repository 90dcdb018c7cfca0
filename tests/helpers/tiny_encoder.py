"""A tiny BERT encoder written as ONNX in the tests (random weights, a 15-word vocabulary), and
hand-set heads, so the learned parts' mechanics are tested without the shipped model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "troops", "fired", "at", "the", "town", "ministers", "met", "to", "talk", "trade", "."]
HIDDEN, HEADS, LAYERS = 16, 2, 2


def weights(seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    w: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": rng.normal(0, 0.5, (len(VOCAB), HIDDEN)),
        "embeddings.position_embeddings.weight": rng.normal(0, 0.1, (160, HIDDEN)),
        "embeddings.token_type_embeddings.weight": rng.normal(0, 0.1, (2, HIDDEN)),
        "embeddings.LayerNorm.weight": np.ones(HIDDEN), "embeddings.LayerNorm.bias": np.zeros(HIDDEN),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name, (out, inp) in {"attention.self.query": (HIDDEN, HIDDEN), "attention.self.key": (HIDDEN, HIDDEN),
                                 "attention.self.value": (HIDDEN, HIDDEN), "attention.output.dense": (HIDDEN, HIDDEN),
                                 "intermediate.dense": (4 * HIDDEN, HIDDEN), "output.dense": (HIDDEN, 4 * HIDDEN)}.items():
            w[p + name + ".weight"] = rng.normal(0, 0.3, (out, inp))
            w[p + name + ".bias"] = rng.normal(0, 0.1, out)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + norm + ".weight"], w[p + norm + ".bias"] = np.ones(HIDDEN), np.zeros(HIDDEN)
    return {k: v.astype(np.float32) for k, v in w.items()}


def write(folder: Path) -> tuple[Path, Path, dict[str, np.ndarray]]:
    """``(model.onnx, tokenizer.json, weights)`` of the tiny encoder, written into ``folder``."""
    from tokenizers import Tokenizer
    from tokenizers.models import WordPiece
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer
    from tokenizers.processors import TemplateProcessing

    from eventlens.encoder.graph import BertShape, bert_graph

    w = weights()
    model = bert_graph(w, BertShape(layers=LAYERS, heads=HEADS, hidden=HIDDEN))
    (folder / "tiny.onnx").write_bytes(model.SerializeToString())
    tok = Tokenizer(WordPiece({v: i for i, v in enumerate(VOCAB)}, unk_token="[UNK]"))
    tok.normalizer = BertNormalizer(lowercase=True)
    tok.pre_tokenizer = BertPreTokenizer()
    tok.post_processor = TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tok.save(str(folder / "tokenizer.json"))
    return folder / "tiny.onnx", folder / "tokenizer.json", w


def encoder(folder: Path, **kw):
    from eventlens.encoder.runtime import Encoder

    model, tok, _ = write(folder)
    return Encoder(model=model, tokenizer=tok, name="tiny", version="0", dim=HIDDEN, **kw)


def constant_head(inputs: int, labels: tuple[str, ...], logits: dict[str, float]):
    """A head that ignores its input and gives the same logits every time."""
    from eventlens.encoder.mlp import MLPHead

    b = np.array([logits.get(label, 0.0) for label in labels], dtype=np.float32)
    return MLPHead(weights=((np.zeros((inputs, 4), np.float32), np.zeros(4, np.float32)), (np.zeros((4, len(labels)), np.float32), b)),
                   labels=labels)
