"""Places: recognise toponyms and demonyms and resolve them to gazetteer records."""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from ..geo.cache import gazetteer_version, load_gazetteer
from ..geo.index import Gazetteer
from ..geo.recognize import Mention, Recognizer
from ..geo.resolve import Resolution, Resolver, weights_version
from ..model import Analysis, Place


class Geoparser:
    """Fills ``analysis.places`` from the spaCy parse (see ``docs/geoparsing.md``).

    Settings: ``min_population`` of the GeoNames town list (500, 1000, 5000,
    15000); ``gazetteer_matching`` to also match capitalised words that spaCy
    did not tag; ``keep_unresolved`` to keep place entities that match no
    gazetteer record (with null coordinates); ``weights`` to override evidence
    weights of ``data/geo/resolve.json``.
    """

    name = "places"
    requires: tuple[str, ...] = ("doc", "sentences")
    provides: tuple[str, ...] = ("places",)

    def __init__(
        self,
        *,
        min_population: int = 1000,
        gazetteer_matching: bool = True,
        keep_unresolved: bool = False,
        weights: dict[str, float] | None = None,
    ) -> None:
        if min_population not in (500, 1000, 5000, 15000):
            raise ConfigError(f"places: min_population must be 500, 1000, 5000 or 15000, not {min_population!r}")
        self.min_population = min_population
        self.gazetteer_matching = gazetteer_matching
        self.keep_unresolved = keep_unresolved
        self.weights = dict(weights) if weights else None
        self._parts: tuple[Gazetteer, Recognizer, Resolver] | None = None

    def _load(self) -> tuple[Gazetteer, Recognizer, Resolver]:
        if self._parts is None:
            gaz = load_gazetteer(min_population=self.min_population)
            recognizer = Recognizer(gaz, use_gazetteer_matching=self.gazetteer_matching, keep_unresolved=self.keep_unresolved)
            resolver = Resolver(gaz, weights=self.weights) if self.weights else Resolver(gaz)
            self._parts = (gaz, recognizer, resolver)
        return self._parts

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.places = self.places_of(analysis)
        gaz = self._load()[0]
        analysis.meta.setdefault("gazetteer", {"records": gaz.meta.get("records"), "min_population": gaz.meta.get("min_population")})
        analysis.meta.setdefault("rules", {})["places"] = self.versions()
        return analysis

    def versions(self) -> dict[str, Any]:
        """The versions of the data that found the places (for ``meta.rules.places``): the gazetteer and the
        resolver's evidence weights (``"2+overrides"`` when ``weights`` replaced some of them)."""
        return {"gazetteer": gazetteer_version(self.min_population),
                "weights": weights_version() + ("+overrides" if self.weights else "")}

    def places_of(self, analysis: Analysis) -> list[Place]:
        """The resolved places of a parsed analysis (what this stage stores in ``analysis.places``)."""
        if analysis.doc is None:
            raise ConfigError("places: the analysis has no spaCy doc; run the 'segment' stage first")
        gaz, recognize, resolve = self._load()
        mentions = recognize(analysis.doc)
        resolutions = resolve(mentions, analysis.doc)
        containers = _containers(gaz, mentions, resolutions)
        return [
            place
            for m, r in zip(mentions, resolutions)
            if (place := self._street(analysis, gaz, m, containers) if m.label == "CONTAINED" else self._place(analysis, gaz, m, r)) is not None
        ]

    def _street(self, analysis: Analysis, gaz: Gazetteer, m: Mention, containers: list[tuple[int, int]]) -> Place | None:
        """A street or building takes the point of the town (else county, else division) named nearest before it."""
        rec_id = _container_for(m.start, containers)
        if rec_id is None:
            return self._place(analysis, gaz, m, Resolution(None, "unresolved", 0.0))
        rec = gaz.record(rec_id)
        return Place(
            text=m.text, start=m.start, end=m.end, name=m.text, country=rec.country,
            lat=round(rec.lat, 5), lon=round(rec.lon, 5), geonameid=None,
            admin1=gaz.admin1_name(rec.cc, rec.admin1) if rec.kind in ("city", "admin2") else rec.name,
            feature_class="R" if m.rule == "pattern:street" else "S", feature_code="ST" if m.rule == "pattern:street" else "BLDG", population=None, kind=m.kind,
            sentence=analysis.sentence_of(m.start), rule=f"{m.rule};resolve:container({rec.name})", confidence=0.5,
        )

    def _place(self, analysis: Analysis, gaz: Gazetteer, m: Mention, r: Resolution) -> Place | None:
        if r.record is None:
            if not self.keep_unresolved:
                return None
            return Place(text=m.text, start=m.start, end=m.end, name=m.text, country=None, lat=None, lon=None,
                         kind=m.kind, sentence=analysis.sentence_of(m.start), rule=f"{m.rule};unresolved", confidence=0.0)
        rec = gaz.record(r.record)
        return Place(
            text=m.text,
            start=m.start,
            end=m.end,
            name=rec.name,
            country=rec.country,
            lat=round(rec.lat, 5),
            lon=round(rec.lon, 5),
            geonameid=rec.geonameid,
            admin1=gaz.admin1_name(rec.cc, rec.admin1) if rec.kind in ("city", "admin2") else (rec.name if rec.kind == "admin1" else None),
            feature_class=rec.feature_class,
            feature_code=rec.feature_code,
            population=rec.population or None,
            kind=m.kind,
            sentence=analysis.sentence_of(m.start),
            rule=f"{m.rule};{r.rule}",
            confidence=r.confidence,
        )


_CONTAINER_RANK = {"city": 0, "admin2": 1, "admin1": 2}


def _containers(gaz: Gazetteer, mentions: list[Mention], resolutions: list[Resolution]) -> list[tuple[int, int]]:
    """(char offset, record) of the resolved places that can contain a street, most local kind only."""
    found: list[tuple[int, int, int]] = []
    for m, r in zip(mentions, resolutions):
        if m.kind == "toponym" and m.label != "CONTAINED" and r.record is not None:
            rank = _CONTAINER_RANK.get(gaz.record(r.record).kind)
            if rank is not None:
                found.append((rank, m.start, r.record))
    if not found:
        return []
    best = min(rank for rank, _, _ in found)
    return [(start, rec) for rank, start, rec in found if rank == best]


def _container_for(offset: int, containers: list[tuple[int, int]]) -> int | None:
    before = [rec for start, rec in containers if start < offset]
    if before:
        return before[-1]
    return containers[0][1] if containers else None
