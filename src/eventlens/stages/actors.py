"""The ``actors`` stage: actor mentions resolved to CAMEO-style codes."""

from __future__ import annotations

from collections.abc import Sequence

from ..actors import find_actors, load_dictionary
from ..actors.dictionary import ActorDictionary
from ..model import Analysis


class ActorTagger:
    """Finds actors in the parsed article and fills ``analysis.actors`` (sorted by start).

    ``extra_files`` are user dictionary files (``--actors FILE``, format in
    ``docs/actors.md``); their entries take priority over the shipped ones.
    ``attach_context`` gives country-less agent nouns ("the government") the
    country their sentence, paragraph or article is about (rule ``+context:``).
    The dictionary is loaded once per process, on first use.
    """

    name = "actors"
    requires: tuple[str, ...] = ("doc", "sentences")
    provides: tuple[str, ...] = ("actors",)

    def __init__(self, *, extra_files: Sequence[str] = (), resolve_anaphora: bool = True, attach_context: bool = True) -> None:
        self.extra_files = tuple(str(f) for f in extra_files if f)
        self.resolve_anaphora = resolve_anaphora
        self.attach_context = attach_context
        if self.extra_files:
            load_dictionary(self.extra_files)  # fail fast on a bad user file (cached for later use)

    @property
    def dictionary(self) -> ActorDictionary:
        return load_dictionary(self.extra_files)

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            analysis.actors = []
            return analysis
        mentions = find_actors(
            analysis.doc,
            dictionary=self.dictionary,
            date=analysis.article.date,
            sentence_starts=[s.start for s in analysis.sentences],
            paragraph_starts=[p.start for p in analysis.paragraphs],
            attach_context=self.attach_context,
        )
        if not self.resolve_anaphora:
            mentions = [m for m in mentions if m.kind != "pronoun"]
        analysis.actors = mentions
        return analysis
