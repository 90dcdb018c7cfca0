"""Event coding: CAMEO codes, PLOVER types, Goldstein weights, verb patterns and argument rules.

Public API:

* :func:`load_lexicon` / :class:`Lexicon`  verb-pattern lexicon (data files, loaded once)
* :func:`load_rules` / :class:`EventRules`  the typed word lists of the syntax rules (``rules.json``)
* :func:`cameo_info` / :func:`load_cameo`  CAMEO code table with Goldstein, quad class, PLOVER type
* :func:`plover_legacy_map`  PLOVER 0.5b1 labels -> PLOVER 2.0
* :func:`build_coder` / :class:`RuleCoder`  the assembled production coder (stage, evaluation and learned coder)
* :class:`DocumentCoder`  codes the sentences of one parsed analysis
"""

from __future__ import annotations

from .build import RuleCoder, build_coder
from .coder import DocumentCoder
from .lexicon import Lexicon, load_lexicon
from .rules import EventRules, load_rules
from .tables import CameoCode, cameo_info, load_cameo, plover_legacy_map, quad_class

__all__ = [
    "CameoCode",
    "DocumentCoder",
    "EventRules",
    "Lexicon",
    "RuleCoder",
    "build_coder",
    "cameo_info",
    "load_cameo",
    "load_lexicon",
    "load_rules",
    "plover_legacy_map",
    "quad_class",
]
