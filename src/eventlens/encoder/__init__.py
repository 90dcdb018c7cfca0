"""The shared transformer encoder runtime: ONNX graphs run by onnxruntime, tokenised by ``tokenizers``.

Every learned part of eventlens that reads text through a transformer (the event
coder, targeted sentiment, the departure model's paragraph vectors) goes through
here, so a sentence is encoded once for all of them. torch is never imported.

* :mod:`.runtime`  :class:`Encoder`: tokenise, batch by length, run, pool sentences and spans
* :mod:`.models`   which models exist (shipped, or the published MiniLM built into the cache),
  loaded once per process: :func:`load_encoder`
* :mod:`.graph`    a BERT encoder written as an ONNX graph from its weights (export and first use)
* :mod:`.heads`    small numpy heads read from shipped files
"""

from .models import BASE_MODEL, ModelCard, load_encoder, model_card
from .runtime import Encoded, Encoder

__all__ = ["BASE_MODEL", "Encoded", "Encoder", "ModelCard", "load_encoder", "model_card"]
