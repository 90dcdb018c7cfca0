"""The encoder's computation written as an ONNX graph, from a BERT checkpoint's weights.

:func:`bert_graph` turns the weights of a BERT-style encoder (the names of a
``transformers`` ``BertModel`` state dict without the ``bert.`` prefix, as numpy
arrays) into an ONNX model with inputs ``input_ids`` and ``attention_mask``
(int64, ``batch x length``) and output ``hidden`` (float32, ``batch x length x
hidden``): embeddings, then post-LayerNorm transformer blocks with exact (erf)
GELU. onnxruntime runs it; nothing here needs torch. The graph is built once and
kept in the user cache (:mod:`.store`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

#: Bumped whenever the graph this module writes changes (part of the cache key).
GRAPH_VERSION = "1"
OPSET = 17


@dataclass(frozen=True, slots=True)
class BertShape:
    """The sizes of a BERT-style encoder (from its ``config.json``)."""

    layers: int
    heads: int
    hidden: int
    eps: float = 1e-12

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> "BertShape":
        return cls(layers=int(config["num_hidden_layers"]), heads=int(config["num_attention_heads"]),  # type: ignore[arg-type]
                   hidden=int(config["hidden_size"]), eps=float(config.get("layer_norm_eps", 1e-12)))  # type: ignore[arg-type]


class _Builder:
    """Collects nodes and initializers; each helper returns the name of its output."""

    def __init__(self) -> None:
        try:
            from onnx import helper, numpy_helper
        except ImportError as exc:
            from ..errors import ResourceError

            raise ResourceError(f"writing an encoder graph needs the onnx package ({exc}): pip install 'eventlens[train]'") from exc

        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list[object] = []
        self.inits: list[object] = []
        self.count = 0

    def name(self, hint: str) -> str:
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, hint: str, value: np.ndarray) -> str:
        name = self.name(hint)
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(value), name=name))
        return name

    def op(self, kind: str, inputs: list[str], hint: str = "", **attrs: object) -> str:
        out = self.name(hint or kind.lower())
        self.nodes.append(self.helper.make_node(kind, inputs, [out], **attrs))
        return out

    def linear(self, x: str, weights: Mapping[str, np.ndarray], key: str) -> str:
        """``x @ W.T + b`` for a torch ``Linear`` stored as ``key.weight`` (out x in) and ``key.bias``."""
        w = self.const(key + ".wT", weights[key + ".weight"].astype(np.float32).T)
        b = self.const(key + ".b", weights[key + ".bias"].astype(np.float32))
        return self.op("Add", [self.op("MatMul", [x, w]), b])

    def norm(self, x: str, weights: Mapping[str, np.ndarray], key: str, eps: float) -> str:
        scale = self.const(key + ".g", weights[key + ".weight"].astype(np.float32))
        bias = self.const(key + ".b", weights[key + ".bias"].astype(np.float32))
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=eps)


def _gelu(g: _Builder, x: str) -> str:
    """Exact GELU, ``0.5 * x * (1 + erf(x / sqrt(2)))`` (onnxruntime fuses the pattern)."""
    inner = g.op("Erf", [g.op("Div", [x, g.const("sqrt2", np.array(math.sqrt(2.0), dtype=np.float32))])])
    one = g.const("one", np.array(1.0, dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))
    return g.op("Mul", [g.op("Mul", [x, g.op("Add", [inner, one])]), half])


def _attention(g: _Builder, x: str, bias: str, weights: Mapping[str, np.ndarray], prefix: str, shape: BertShape) -> str:
    head_dim = shape.hidden // shape.heads
    split = g.const("split_shape", np.array([0, 0, shape.heads, head_dim], dtype=np.int64))
    merge = g.const("merge_shape", np.array([0, 0, shape.hidden], dtype=np.int64))

    def heads(key: str, perm: list[int]) -> str:
        return g.op("Transpose", [g.op("Reshape", [g.linear(x, weights, prefix + key), split])], perm=perm)

    q = heads("attention.self.query", [0, 2, 1, 3])
    k = heads("attention.self.key", [0, 2, 3, 1])  # already transposed for q @ k
    v = heads("attention.self.value", [0, 2, 1, 3])
    root = g.const("sqrt_head_dim", np.array(math.sqrt(head_dim), dtype=np.float32))
    scores = g.op("Add", [g.op("Div", [g.op("MatMul", [q, k]), root]), bias])  # the pattern onnxruntime fuses
    context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
    merged = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), merge])
    out = g.linear(merged, weights, prefix + "attention.output.dense")
    return g.norm(g.op("Add", [out, x]), weights, prefix + "attention.output.LayerNorm", shape.eps)


def _block(g: _Builder, x: str, bias: str, weights: Mapping[str, np.ndarray], prefix: str, shape: BertShape) -> str:
    x = _attention(g, x, bias, weights, prefix, shape)
    mid = _gelu(g, g.linear(x, weights, prefix + "intermediate.dense"))
    out = g.linear(mid, weights, prefix + "output.dense")
    return g.norm(g.op("Add", [out, x]), weights, prefix + "output.LayerNorm", shape.eps)


def _embeddings(g: _Builder, weights: Mapping[str, np.ndarray], shape: BertShape) -> str:
    words = g.const("word_embeddings", weights["embeddings.word_embeddings.weight"].astype(np.float32))
    positions = g.const("position_embeddings", weights["embeddings.position_embeddings.weight"].astype(np.float32))
    token_type = g.const("token_type0", weights["embeddings.token_type_embeddings.weight"][0].astype(np.float32))
    length = g.op("Shape", ["input_ids"], start=1, end=2)  # a 1-D tensor [length]
    zero = g.const("zero_i", np.array([0], dtype=np.int64))
    pos = g.op("Slice", [positions, zero, length, zero])  # the first `length` position rows (axis 0)
    x = g.op("Add", [g.op("Gather", [words, "input_ids"], axis=0), pos])
    x = g.op("Add", [x, token_type])
    return g.norm(x, weights, "embeddings.LayerNorm", shape.eps)


def _mask_bias(g: _Builder) -> str:
    """``(1 - mask) * -1e4`` shaped ``batch x 1 x 1 x length``: padded keys get no attention."""
    mask = g.op("Unsqueeze", ["attention_mask", g.const("axis1", np.array([1], dtype=np.int64))])
    mask = g.op("Unsqueeze", [mask, g.const("axis2", np.array([2], dtype=np.int64))])
    mask = g.op("Cast", [mask], to=1)  # float
    one = g.const("one_f", np.array(1.0, dtype=np.float32))
    big = g.const("neg_big", np.array(-1.0e4, dtype=np.float32))
    return g.op("Mul", [g.op("Sub", [one, mask]), big])


def bert_graph(weights: Mapping[str, np.ndarray], shape: BertShape, *, name: str = "encoder") -> object:
    """An ``onnx.ModelProto`` computing the encoder's last hidden states."""
    from onnx import TensorProto, checker, helper

    g = _Builder()
    x = _embeddings(g, weights, shape)
    bias = _mask_bias(g)
    for i in range(shape.layers):
        x = _block(g, x, bias, weights, f"encoder.layer.{i}.", shape)
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        g.nodes, name,
        inputs=[helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
                helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "length"])],
        outputs=[helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", shape.hidden])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="eventlens")
    model.ir_version = 8
    checker.check_model(model)
    return model
