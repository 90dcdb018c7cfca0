"""Running a transformer encoder on onnxruntime: tokenise, batch, run, pool.

An :class:`Encoder` turns texts into one pooled vector per text (the mean of its
token states, L2-normalised) and, on request, one vector per character span of
each text (the mean of the states of the tokens that overlap it, not
normalised: heads that read spans were trained on the raw means). Texts are
sorted by length before batching, so batches pad little; a text given several
times is run once; results come back in input order. Nothing here imports torch.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError, ResourceError

Span = tuple[int, int]
THREADS_ENV = "EVENTLENS_ENCODER_THREADS"


@dataclass(frozen=True, slots=True)
class Encoded:
    """One text's encoding: ``pooled`` (``dim``,) unit vector; ``spans`` (``k x dim``) one row per
    requested span (zeros where no token overlaps it, e.g. past the truncation); ``tokens`` the
    number of tokens the encoder saw (special tokens included) and ``truncated`` whether the text
    was cut at ``max_length``."""

    pooled: np.ndarray
    spans: np.ndarray
    tokens: int
    truncated: bool


def default_threads() -> int:
    """Intra-op threads when none is given: ``$EVENTLENS_ENCODER_THREADS``, else 1.

    One thread is right under ``ingest --jobs N`` (one process per core) and costs
    little for ``analyze``; set the variable (or ``threads=``) to use more."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return 1
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{THREADS_ENV} must be a whole number of threads, not {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{THREADS_ENV} must be at least 1, not {value}")
    return value


@functools.lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # finds the BLAS libraries numpy loaded (once: about 2 ms)


@contextlib.contextmanager
def blas_threads(threads: int | None = None) -> Iterator[None]:
    """numpy's BLAS limited to ``threads`` (default :func:`default_threads`) while the block runs.

    The heads multiply small matrices, many times per article. OpenBLAS's own thread pool, beside
    onnxruntime's threads and the other ``ingest`` workers, spun on them: on a busy two-core machine the
    learned coder ran 2-4 times slower than with one BLAS thread. The limit is scoped (the process's
    setting is restored after the block) and costs about 0.05 ms."""
    with _blas_controller().limit(limits=threads or default_threads(), user_api="blas"):
        yield


class Encoder:
    """A transformer encoder (ONNX graph + ``tokenizers`` tokenizer) run by onnxruntime.

    Build with :func:`eventlens.encoder.load_encoder` (once per process). ``dim`` is
    the hidden size, ``name``/``version`` identify the model for provenance."""

    def __init__(self, *, model: Path, tokenizer: Path, name: str, version: str, dim: int,
                 max_length: int = 128, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are base dependencies
            raise ResourceError(f"the encoder needs onnxruntime and tokenizers ({exc}); reinstall eventlens: pip install eventlens") from exc
        for path in (model, tokenizer):
            if not path.is_file():
                raise ResourceError(f"encoder file {path} is missing from the installation; reinstall eventlens: pip install --force-reinstall eventlens")
        if threads < 1:
            raise ConfigError(f"encoder threads must be at least 1, not {threads}")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # warnings about shape merging are noise here
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.no_padding()
        self.pad_id = self.tokenizer.token_to_id("[PAD]") or 0
        self.name, self.version, self.dim = name, version, dim
        self.max_length, self.threads = max_length, threads

    def encode(self, texts: Sequence[str], *, spans: Sequence[Sequence[Span]] | None = None,
               batch_size: int = 32) -> list[Encoded]:
        """Encode ``texts``; ``spans[i]`` lists character spans of ``texts[i]`` to pool separately."""
        if spans is not None and len(spans) != len(texts):
            raise ValueError("spans must hold one list of (start, end) per text")
        readers: dict[str, list[int]] = {}  # a text repeated (boilerplate, a repeated paragraph) is run once
        for i, text in enumerate(texts):
            readers.setdefault(text if text.strip() else " ", []).append(i)
        unique = list(readers)
        encodings = self.tokenizer.encode_batch(unique)
        out: list[Encoded | None] = [None] * len(texts)
        order = sorted(range(len(unique)), key=lambda u: len(encodings[u].ids))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            states, mask = self._run([encodings[u] for u in idx])
            for row, u in enumerate(idx):
                for i in readers[unique[u]]:
                    wanted = spans[i] if spans is not None else ()
                    out[i] = self._pool(states[row], mask[row], encodings[u], wanted)
        return [e for e in out if e is not None]

    def _run(self, encodings: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        states = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return states, mask

    def _pool(self, states: np.ndarray, mask: np.ndarray, enc: Any, wanted: Sequence[Span]) -> Encoded:
        n = int(mask.sum())
        pooled = states[:n].mean(axis=0)
        pooled = pooled / max(float(np.linalg.norm(pooled)), 1e-9)
        rows = np.zeros((len(wanted), self.dim), dtype=np.float32)
        if wanted:
            offsets = enc.offsets[:n]
            special = enc.special_tokens_mask[:n]
            for k, (start, end) in enumerate(wanted):
                hit = [t for t, (a, z) in enumerate(offsets) if not special[t] and a < end and start < z]
                if hit:
                    rows[k] = states[hit].mean(axis=0)
        truncated = bool(enc.overflowing) or (n >= self.max_length)
        return Encoded(pooled=pooled.astype(np.float32), spans=rows, tokens=n, truncated=truncated)
