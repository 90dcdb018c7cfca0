"""The narrative lens: frames, focal actors, actor-targeted sentiment and
paragraphs that depart from the rest of their article.

Modules: :mod:`.valence` (VADER word valence), :mod:`.frames` (frame lexicon
scorer), :mod:`.targeted` (sentiment toward a named target), :mod:`.focus`
(focal actors per paragraph), :mod:`.departure` (departure scores, passages
and plain-word reasons). The pipeline stage is
:class:`eventlens.stages.narrative.NarrativeLens`.
"""
