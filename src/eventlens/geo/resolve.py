"""Toponym disambiguation: pick one gazetteer record per mention from the article's evidence.

Each candidate record gets a score from named, separately weighted pieces of
evidence (weights in ``data/geo/resolve.json``):

* ``name``: the mention is the record's main name, not only an alternate name;
* ``population``: log10 of the population (a weak prior, not the decision);
* ``type``: countries, first-order divisions, regions and capitals are what
  news names most;
* ``country_context``: the record's country is named elsewhere in the article
  (countries, demonyms, places resolved with confidence);
* ``admin1_context``: the record's first-order division is named in the article;
* ``comma``: an "X, Y" pattern where Y names the record's division or
  country ("Alexandria, Louisiana", "Athens, Ga.", "Gaza, Palestine");
* ``proximity``: the record lies near places resolved in the first pass;
* ``city_over_division``: a large town shares its division's name ("Qom", "New York").

A name that is an ordinary word of direction or government (``context_only_names`` in
``data/geo/filters.json``: "Centre", "North", "Capital") is resolved only with support from the article (country or division context,
a comma pattern, proximity): "the Centre" of an Indian story is its central government, not
Burkina Faso's Centre region, which name and type alone would choose.

Resolution runs twice: the first pass uses only unambiguous evidence, the
second adds the first pass's choices as context. All mentions of one name in
an article get the same record (one sense per discourse). The winning pieces
of evidence are reported in the place's ``rule``.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..errors import ResourceError
from .distance import haversine_km
from .index import Gazetteer, normalize
from .recognize import Mention, context_only_names

# Evidence from the article itself (not the gazetteer's priors): what a generic name needs to be resolved.
CONTEXT_EVIDENCE = frozenset({"country_context", "admin1_context", "comma", "proximity"})


@functools.lru_cache(maxsize=1)
def _weights_file() -> Mapping[str, Any]:
    path = importlib.resources.files("eventlens") / "data" / "geo" / "resolve.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"geoparser weights {path} unreadable: {exc}") from exc


@functools.lru_cache(maxsize=1)
def default_weights() -> Mapping[str, float]:
    """The evidence weights shipped in ``data/geo/resolve.json``."""
    return MappingProxyType({k: float(v) for k, v in _weights_file()["weights"].items()})


def weights_version() -> str:
    """The version ``data/geo/resolve.json`` declares (for ``meta.rules.places``)."""
    return str(_weights_file().get("version", "?"))


@dataclass(slots=True)
class Resolution:
    record: int | None
    rule: str
    confidence: float


@dataclass(slots=True)
class _Context:
    countries: Counter
    admin1s: Counter
    anchors: list[tuple[float, float, str]]  # lat, lon, surface key
    own: dict[str, tuple[str, tuple[str, str] | None, float]] | None = None  # key -> its own first-pass vote

    def country_votes(self, key: str, cc: str) -> tuple[float, float]:
        """Votes for ``cc`` and all votes, leaving out the mention's own first-pass choice."""
        votes, total = self.countries.get(cc, 0.0), sum(self.countries.values())
        if self.own and key in self.own:
            own_cc, _, weight = self.own[key]
            total -= weight
            if own_cc == cc:
                votes -= weight
        return votes, total

    def admin1_votes(self, key: str, pair: tuple[str, str]) -> float:
        votes = self.admin1s.get(pair, 0.0)
        if self.own and key in self.own and self.own[key][1] == pair:
            votes -= self.own[key][2]
        return votes


def feature_kind(feature_class: str | None, feature_code: str | None) -> str:
    """Coarse kind of a GeoNames feature: country, admin1, admin2, city or region."""
    code = feature_code or ""
    if code.startswith("PCL"):
        return "country"
    if code == "ADM1":
        return "admin1"
    if code == "ADM2":
        return "admin2"
    if feature_class == "P":
        return "city"
    return "region"


def _kind(gaz: Gazetteer, i: int) -> str:
    return feature_kind(gaz.fclass[i], gaz.fcode[i])


class Resolver:
    """Chooses a record for every mention of one document."""

    def __init__(self, gazetteer: Gazetteer, *, weights: Mapping[str, float] | None = None) -> None:
        self.gaz = gazetteer
        self.w = dict(weights or default_weights())

    def __call__(self, mentions: Sequence[Mention], doc: Any) -> list[Resolution]:
        groups: dict[str, list[int]] = {}
        for k, m in enumerate(mentions):
            if m.kind == "toponym":
                groups.setdefault(normalize(m.text), []).append(k)
        commas = {key: self._comma_targets(mentions, ks, doc) for key, ks in groups.items()}
        context = self._initial_context(mentions)
        choice: dict[str, tuple[int | None, str, float]] = {}
        # Towns found only by gazetteer matching of an untagged word ("Brent" the first name) are weak
        # evidence: they are resolved, but do not steer other mentions through country votes or proximity.
        weak = {key for key, ks in groups.items() if all(mentions[k].rule == "gazetteer" for k in ks)}
        for _ in range(2):
            for key, ks in groups.items():
                choice[key] = self._choose(mentions[ks[0]].candidates, key, context, commas[key])
            context = self._context_from(mentions, choice, weak=weak)
        out: list[Resolution] = []
        for m in mentions:
            if m.kind == "demonym":
                out.append(Resolution(m.demonym_of, "demonym", 0.9))
            else:
                rec, rule, conf = choice[normalize(m.text)]
                out.append(Resolution(rec, rule, conf))
        return out

    # -- evidence
    def _initial_context(self, mentions: Sequence[Mention]) -> _Context:
        gaz = self.gaz
        countries: Counter = Counter()
        admin1s: Counter = Counter()
        words = context_only_names()
        for m in mentions:
            if m.kind == "toponym" and normalize(m.text) in words:
                continue  # "the West Coast" says nothing of a country by itself (it may not even resolve)
            if m.kind == "demonym" and m.demonym_of is not None:
                if gaz.ccs[int(gaz.cc_index[m.demonym_of])]:
                    countries[gaz.ccs[int(gaz.cc_index[m.demonym_of])]] += 1
                continue
            primary = [i for i in m.candidates if normalize(gaz.names[i]) == normalize(m.text)]
            kinds = {_kind(gaz, i) for i in primary}
            if "country" in kinds:
                for i in primary:
                    if _kind(gaz, i) == "country":
                        countries[gaz.ccs[int(gaz.cc_index[i])]] += 1
            elif "admin1" in kinds and len(primary) == 1:
                i = primary[0]
                cc = gaz.ccs[int(gaz.cc_index[i])]
                countries[cc] += 0.5
                admin1s[(cc, gaz.admin1[i])] += 1
            elif m.rule != "gazetteer":  # an untagged word that may name a town is no evidence (see __call__)
                ccs = {gaz.ccs[int(gaz.cc_index[i])] for i in m.candidates}
                if len(ccs) == 1 and m.candidates:
                    countries[next(iter(ccs))] += 0.5
        return _Context(countries, admin1s, [])

    def _context_from(self, mentions: Sequence[Mention], choice: Mapping[str, tuple[int | None, str, float]], *, weak: set[str] = frozenset()) -> _Context:
        gaz = self.gaz
        base = self._initial_context(mentions)
        countries = Counter({cc: v for cc, v in base.countries.items()})
        admin1s = Counter(base.admin1s)
        anchors: list[tuple[float, float, str]] = []
        own: dict[str, tuple[str, tuple[str, str] | None, float]] = {}
        for key, (rec, _rule, conf) in choice.items():
            if rec is None:
                continue
            cc = gaz.ccs[int(gaz.cc_index[rec])]
            kind = _kind(gaz, rec)
            if key in weak and kind == "city":
                continue
            pair = (cc, gaz.admin1[rec]) if kind in ("city", "admin1", "admin2") and cc else None
            if cc:
                countries[cc] += 0.5 * conf
            if pair:
                admin1s[pair] += 0.5 * conf
            own[key] = (cc, pair, 0.5 * conf)
            if kind in ("city",) and conf >= 0.5:
                anchors.append((float(gaz.lat[rec]), float(gaz.lon[rec]), key))
        return _Context(countries, admin1s, anchors, own)

    def _comma_targets(self, mentions: Sequence[Mention], ks: list[int], doc: Any) -> set[tuple[str, str]]:
        """(cc, admin1-or-'') pairs named right after ", " following any mention of this name."""
        gaz = self.gaz
        targets: set[tuple[str, str]] = set()
        for k in ks:
            m = mentions[k]
            e = m.tok_end
            if e + 1 >= len(doc) or doc[e].text != ",":
                continue
            nxt = doc[e + 1]
            texts = [nxt.text]
            if e + 2 < len(doc):
                texts.insert(0, doc[e + 1 : e + 3].text)
            if e + 3 < len(doc):
                texts.insert(0, doc[e + 1 : e + 4].text)
            for text in texts:
                key = normalize(text)
                ids = gaz.abbrevs.get(key, ()) + tuple(i for i in gaz.keys.get(key, ()) if _kind(gaz, i) == "country")
                for i in ids:
                    cc = gaz.ccs[int(gaz.cc_index[i])]
                    targets.add((cc, gaz.admin1[i] if _kind(gaz, i) == "admin1" else ""))
                if ids:
                    break
        return targets

    # -- scoring
    def _score(self, i: int, key: str, ctx: _Context, comma: set[tuple[str, str]], has_big_city: set[str], has_division: set[str]) -> tuple[float, list[str]]:
        """The candidate's score and every positive piece of evidence but the population prior, strongest first."""
        gaz, w = self.gaz, self.w
        cc = gaz.ccs[int(gaz.cc_index[i])]
        kind = _kind(gaz, i)
        pop = int(gaz.population[i])
        parts: list[tuple[float, str]] = []
        if normalize(gaz.names[i]) == key:
            parts.append((w["name"], "name"))
        if kind == "region":
            pop = max(pop, int(w["region_min_pop"]))  # seas and regions have no population of their own
        elif kind == "admin2":
            pop = max(pop, int(w["admin2_min_pop"]))
        parts.append((w["population"] * math.log10(pop + 1), "population"))
        if kind == "country":
            parts.append((w["type_country"], "type"))
        elif kind == "admin1":
            parts.append((w["type_admin1"], "type"))
            if cc in has_big_city:
                parts.append((-w["city_over_division"] / 2, "city_over_division"))
        elif kind == "region":
            parts.append((w["type_region"], "type"))
        elif gaz.fcode[i] == "PPLC":
            parts.append((w["type_capital"], "type"))
        if kind == "city" and pop >= w["big_city_pop"] and cc in has_division:
            parts.append((w["city_over_division"] / 2, "city_over_division"))
        votes, total = ctx.country_votes(key, cc) if cc else (0.0, 0.0)
        if votes > 1e-9:
            parts.append((w["country_context"] * (0.5 + 0.5 * votes / max(total, 1e-9)), "country_context"))
        if kind in ("city", "admin1", "admin2") and ctx.admin1_votes(key, (cc, gaz.admin1[i])) > 1e-9:
            parts.append((w["admin1_context"], "admin1_context"))
        if comma and ((cc, gaz.admin1[i]) in comma or (cc, "") in comma):
            parts.append((w["comma"], "comma"))
        if kind == "city" and ctx.anchors:
            lat, lon = float(gaz.lat[i]), float(gaz.lon[i])
            near = min((haversine_km(lat, lon, a, b) for a, b, k in ctx.anchors if k != key), default=None)
            if near is not None and near < w["proximity_km"]:
                parts.append((w["proximity"] * (1 - near / w["proximity_km"]), "proximity"))
        score = sum(p for p, _ in parts)
        strong = [name for p, name in sorted(parts, reverse=True) if p > 0 and name != "population"]
        return score, strong

    def _choose(self, candidates: tuple[int, ...], key: str, ctx: _Context, comma: set[tuple[str, str]]) -> tuple[int | None, str, float]:
        if not candidates:
            return None, "unresolved", 0.0
        gaz = self.gaz
        big = {gaz.ccs[int(gaz.cc_index[i])] for i in candidates if _kind(gaz, i) == "city" and int(gaz.population[i]) >= self.w["big_city_pop"]}
        division = {gaz.ccs[int(gaz.cc_index[i])] for i in candidates if _kind(gaz, i) == "admin1"}
        scored = sorted(((self._score(i, key, ctx, comma, big, division), i) for i in candidates), key=lambda t: -t[0][0])
        (best, why), rec = scored[0]
        second = scored[1][0][0] if len(scored) > 1 else best - 5.0
        if key in context_only_names() and not CONTEXT_EVIDENCE.intersection(why):
            return None, "unresolved:generic-name", 0.0
        confidence = round(1.0 / (1.0 + math.exp(-(best - second))), 3)
        rule = "resolve:" + ("+".join(why[:3]) if why else "population")  # the three strongest name the rule
        return rec, rule, confidence
