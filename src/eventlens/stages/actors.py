"""The ``actors`` stage: actor mentions resolved to CAMEO-style codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..actors import find_actors, load_dictionary
from ..actors.dictionary import ActorDictionary, data_headers
from ..actors.headline import read_headline
from ..actors.organisations import data_version as organisation_patterns_version
from ..actors.period import RoleDate
from ..actors.reference import reference_words
from ..actors.tags import dateline
from ..model import Analysis, Place


class ActorTagger:
    """Finds actors in the parsed article and fills ``analysis.actors`` (sorted by start).

    ``extra_files`` are user dictionary files (``--actors FILE``, format in
    ``docs/actors.md``); their entries take priority over the shipped ones.
    ``attach_context`` gives country-less agent nouns, people and organisations ("the government")
    the country their sentence, paragraph or article is about (rule ``+context:``).
    ``headlines`` re-reads a first line that reads as a headline ("Woman stabbed": a passive).
    A name that is a place, or carries one, takes the country of the place the geoparser resolved from
    the same characters: the ``places`` stage's when it ran before this one, else this stage runs the
    same geoparser itself (``geoparse=False`` turns that off and trusts the dictionary).
    ``role_dates``: in an article without a date, people with dated roles are resolved at the day the
    titles of at least two of its people agree on ("Vice President Mike Pence" beside "President Donald
    Trump": 2017-2021; :mod:`eventlens.actors.period`, recorded in ``meta.role_date``); off, at the roles
    they hold now.
    The dictionary and the gazetteer are loaded once per process, on first use.
    """

    name = "actors"
    requires: tuple[str, ...] = ("doc", "sentences")
    provides: tuple[str, ...] = ("actors",)

    def __init__(self, *, extra_files: Sequence[str] = (), resolve_anaphora: bool = True, attach_context: bool = True,
                 headlines: bool = True, geoparse: bool = True, role_dates: bool = True) -> None:
        self.extra_files = tuple(str(f) for f in extra_files if f)
        self.resolve_anaphora = resolve_anaphora
        self.attach_context = attach_context
        self.headlines = headlines
        self.geoparse = geoparse
        self.role_dates = role_dates
        self._geoparser: Any = None
        if self.extra_files:
            load_dictionary(self.extra_files)  # fail fast on a bad user file (cached for later use)

    @property
    def dictionary(self) -> ActorDictionary:
        return load_dictionary(self.extra_files)

    def _places(self, analysis: Analysis) -> list[Place] | None:
        """The resolved places: the ``places`` stage's, else the geoparser's run here (not stored), else None."""
        if "gazetteer" in analysis.meta:
            return analysis.places
        if not self.geoparse:
            return None
        if self._geoparser is None:
            from .places import Geoparser

            self._geoparser = Geoparser()
        return self._geoparser.places_of(analysis)

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            analysis.actors = []
            return analysis
        text = analysis.article.text
        bounds = [(p.start, p.end) for p in analysis.paragraphs]
        if self.headlines and read_headline(analysis.doc, bounds):
            analysis.meta.setdefault("headline", {"reread": True})
        line = dateline(text, [p.start for p in analysis.paragraphs])
        mentions = find_actors(
            analysis.doc,
            dictionary=self.dictionary,
            date=analysis.article.date,
            sentence_starts=[s.start for s in analysis.sentences],
            paragraph_starts=[p.start for p in analysis.paragraphs],
            attach_context=self.attach_context,
            places=self._places(analysis),
            blocked_spans=[line] if line else [],
            text=text,
            on_role_date=self._recorder(analysis) if self.role_dates else None,
        )
        if not self.resolve_anaphora:
            mentions = [m for m in mentions if m.kind != "pronoun"]
        analysis.actors = mentions
        analysis.meta.setdefault("rules", {})["actors"] = self.versions()
        return analysis

    @staticmethod
    def _recorder(analysis: Analysis) -> Callable[[RoleDate], None]:
        """Where the day an undated story was dated to goes: ``meta.role_date``."""

        def record(found: RoleDate) -> None:
            analysis.meta["role_date"] = found.as_json()

        return record

    def versions(self) -> dict[str, Any]:
        """The versions of the data that coded the actors (for ``meta.rules.actors``)."""
        from ..geo.cache import gazetteer_version

        files = {name: header.get("version", "?") for name, header in data_headers().items()}
        files.update({path: header.get("version", "?") for path, header in self.dictionary.headers.items() if path in self.extra_files})
        return {"dictionary": files, "organisations": organisation_patterns_version(), "reference": reference_words().version,
                "gazetteer": gazetteer_version() if self.geoparse else None}
