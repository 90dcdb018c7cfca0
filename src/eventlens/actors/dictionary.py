"""The actor dictionary: entries, the file format, the cached loader and phrase lookup.

Every dictionary file (shipped or given with ``--actors FILE``) is UTF-8 text,
one entry per line, tab-separated::

    phrase <TAB> code <TAB> kind [<TAB> from [<TAB> to [<TAB> name]]]

``kind`` is one of :data:`ENTRY_KINDS`; ``from``/``to`` are optional dates
(``YYYY-MM-DD`` or ``YYYYMMDD``) bounding when the code applies (a person's
term in office); ``name`` is the canonical name shown in reports. Lines
starting with ``#`` are comments; ``# key: value`` comments before the first
entry form the header (``version``, ``source``, ``licence`` ...). Several rows
with the same phrase in one file are alternatives chosen by date. A phrase in
an earlier file (user files come first) hides the same phrase in later files.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
import datetime
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from ..errors import ConfigError, ResourceError
from .codes import combine, split_code
from .vocabulary import DATA_PACKAGE, SHIPPED_FILES, country_codes

# What a dictionary entry can be.
ENTRY_KINDS = frozenset({"country", "demonym", "capital", "city", "region", "agent", "actor", "person"})
# Entry kinds that stand for a country (and can give their country to an agent noun).
PLACE_KINDS = frozenset({"country", "demonym", "capital", "city", "region"})

# Shipped files, in priority order (earlier hides later).
GENERATED_FILES = frozenset({"countries.tsv", "named.tsv", "agents.tsv"})  # written by scripts/build_actor_dictionary.py

_LEADING = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


class ActorEntry(NamedTuple):
    """One dictionary entry (or a code composed by :meth:`ActorDictionary.lookup`). A named tuple: the
    compiled dictionary holds some 60,000 of them, and tuples unpickle in half the time of dataclasses
    (a cold start reads them all)."""

    phrase: str
    code: str
    kind: str
    start: str | None = None  # ISO date the code starts to apply
    end: str | None = None  # ISO date it stops applying
    name: str | None = None
    source: str = ""  # file:line, or "compose"

    @property
    def country(self) -> str | None:
        return split_code(self.code)[0]

    @property
    def sector(self) -> str | None:
        return split_code(self.code)[1] if self.kind != "agent" else self.agent_code[:3]

    @property
    def agent_code(self) -> str:
        """For an agent noun, its sector code(s) without a default country (``USALEG`` -> ``LEG``)."""
        return self.code[3:] if self.default_country else self.code

    @property
    def default_country(self) -> str | None:
        """The country an agent entry names when written capitalised and nothing else in the phrase
        gives one (``Congress	USALEG	agent``: "Congress" -> USALEG, "Peru's Congress" -> PERLEG)."""
        if self.kind != "agent" or len(self.code) < 6:
            return None
        head = self.code[:3]
        return head if head in country_codes() else None

    @property
    def generated(self) -> bool:
        """True for entries of the generated shipped files and for the geoparser's places (not hand-curated,
        not the user's): their one-word names must be tagged as places to count."""
        return self.source.split(":", 1)[0] in GENERATED_FILES or self.source.startswith("places:")

    @property
    def rule(self) -> str:
        """Short description of where the entry came from, for ``ActorMention.rule``."""
        return f"{self.kind}:{self.name or self.phrase}"


@dataclass(slots=True)
class ActorDictionary:
    """Phrases (lower-cased token tuples) mapped to entries, with a first-token index for matching."""

    index: dict[tuple[str, ...], tuple[ActorEntry, ...]] = field(default_factory=dict)
    max_len: dict[str, int] = field(default_factory=dict)  # first token -> longest phrase length
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # file name -> header
    surnames: dict[str, frozenset[str]] = field(default_factory=dict)  # last name -> countries of people bearing it
    surname_people: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)  # last name -> full names
    _curated_surnames: frozenset[str] | None = None

    def index_surnames(self) -> None:
        """Fill :attr:`surnames` and :attr:`surname_people` from the multi-word ``person`` entries
        ("robert mugabe" -> ``mugabe``: ZWE)."""
        found: dict[str, set[str]] = {}
        names: dict[str, set[tuple[str, ...]]] = {}
        for tokens, entries in self.index.items():
            if len(tokens) < 2 or len(tokens[-1]) < 3 or not tokens[-1].isalpha():
                continue
            for e in entries:
                if e.kind == "person":
                    names.setdefault(tokens[-1], set()).add(tokens)
                    country = e.country
                    if country:
                        found.setdefault(tokens[-1], set()).add(country)
        keep = {k for k in names if (k,) not in self.index or all(e.kind == "person" for e in self.index[(k,)])}
        self.surnames = {k: frozenset(v) for k, v in found.items() if k in keep}
        self.surname_people = {k: frozenset(v) for k, v in names.items() if k in keep}

    def curated_surnames(self) -> frozenset[str]:
        """The last names of the hand-curated people (computed once)."""
        if self._curated_surnames is None:
            self._curated_surnames = frozenset(k for k, names in self.surname_people.items()
                                               if any(n in self.index and not self.index[n][0].generated for n in names))
        return self._curated_surnames

    def bears_name(self, given: str, surname: str) -> bool:
        """Whether a person of the dictionary with this last name has this first (or middle) name."""
        return any(given.lower() in full[:-1] for full in self.surname_people.get(surname.lower(), ()))

    def person_by_surname(self, word: str, *, date: str | None = None, curated: bool = False) -> ActorEntry | None:
        """The one person of the dictionary with this last name ("Mugabe" -> Robert Mugabe's entry for ``date``),
        or None when nobody or several people (with different codes) bear it. ``curated``: only the people of
        hand-curated files count (well-known people, not the long tail of the generated lists)."""
        people = self.surname_people.get(word.lower())
        if not people:
            return None
        if curated:
            people = frozenset(n for n in people if n in self.index and not self.index[n][0].generated)
        codes: dict[str, tuple[str, ...]] = {}
        for name in sorted(people):  # sorted: the same person in every process (a set's order follows string hashes)
            if name in self.index:
                codes.setdefault(resolve(self.index[name], date).code, name)
        if len(codes) != 1:
            return None
        return resolve(self.index[next(iter(codes.values()))], date)

    def surname_country(self, word: str) -> str | None:
        """The one country of the people in the dictionary with this last name, or None (unknown or ambiguous)."""
        countries = self.surnames.get(word.lower())
        return next(iter(countries)) if countries is not None and len(countries) == 1 else None

    def add(self, tokens: tuple[str, ...], entries: tuple[ActorEntry, ...]) -> None:
        if not tokens or tokens in self.index:
            return
        self.index[tokens] = entries
        first = tokens[0]
        if len(tokens) > self.max_len.get(first, 0):
            self.max_len[first] = len(tokens)

    def get(self, tokens: tuple[str, ...], *, date: str | None = None) -> ActorEntry | None:
        """The entry for an exact lower-cased token tuple, resolved by ``date``."""
        entries = self.index.get(tokens)
        return resolve(entries, date) if entries else None

    def lookup(self, text: str, *, date: str | None = None) -> ActorEntry | None:
        """Resolve a free-text actor phrase ("Hungarian officials", "the United Nations") to an entry.

        An exact dictionary phrase wins; otherwise the phrase is composed from
        the parts it contains (country or demonym + agent noun, possessives and
        "of" phrases). Returns None when nothing in the phrase can be coded.
        """
        tokens = [t for t in tokenize(text) if t]
        while tokens and tokens[0] in _LEADING:
            tokens = tokens[1:]
        while tokens and tokens[-1] in _POSSESSIVE:
            tokens = tokens[:-1]
        if not tokens:
            return None
        exact = self.get(tuple(tokens), date=date)
        if exact is not None:
            return exact
        return self._compose(tokens, text, date)

    def _compose(self, tokens: list[str], text: str, date: str | None) -> ActorEntry | None:
        found = list(self.scan(tokens, date=date))
        if not found:
            return None
        of_at = tokens.index("of") if "of" in tokens else len(tokens)
        agents = [(i, e) for i, e in found if e.kind == "agent"]
        head_agents = [(i, e) for i, e in agents if i < of_at] or agents
        countries = [e for _, e in found if e.kind in PLACE_KINDS or (e.kind in ("actor", "person") and e.country)]
        orgs = [e for _, e in found if e.kind in ("actor", "person")]
        if orgs and not head_agents:
            return orgs[0]
        country = countries[0].country if countries else None
        if country is None and orgs and orgs[0].code:
            return orgs[0]
        sector = head_agents[-1][1].agent_code if head_agents else None
        if country is None and head_agents:
            country = head_agents[-1][1].default_country
        if country is None and sector is None:
            return None
        kind = "agent" if sector else (countries[0].kind if countries else "actor")
        return ActorEntry(phrase=text, code=combine(country, sector), kind=kind, source="compose")

    def scan(self, tokens: Sequence[str], *, date: str | None = None) -> Iterable[tuple[int, ActorEntry]]:
        """Greedy longest matches of dictionary phrases in a list of lower-cased tokens."""
        i, n = 0, len(tokens)
        while i < n:
            longest = self.max_len.get(tokens[i], 0)
            hit = None
            for size in range(min(longest, n - i), 0, -1):
                entries = self.index.get(tuple(tokens[i : i + size]))
                if entries:
                    hit = (size, resolve(entries, date))
                    break
            if hit:
                yield i, hit[1]
                i += hit[0]
            else:
                i += 1


def resolve(entries: Sequence[ActorEntry], date: str | None) -> ActorEntry:
    """Pick among alternatives: the one whose date range holds ``date``; else the undated one.
    Without a date, the role held now: the latest open-ended dated role, else the undated one (a role
    for "the rest of the time"), else the most recent dated role."""
    if len(entries) == 1:
        return entries[0]
    dated = [e for e in entries if e.start or e.end]
    undated = [e for e in entries if not (e.start or e.end)]
    if date:
        day = normalize_date(date) or date
        inside = [e for e in dated if (e.start or "0000") <= day <= (e.end or "9999")]
        if inside:
            return max(inside, key=lambda e: e.start or "")
        if undated:
            return undated[0]
    current = [e for e in dated if not e.end]
    if current:
        return max(current, key=lambda e: e.start or "")
    if undated:
        return undated[0]
    if dated:
        return max(dated, key=lambda e: (e.start or "", e.end or "9999"))
    return entries[0]


def normalize_date(value: str) -> str | None:
    """``YYYY-MM-DD`` from ``YYYY-MM-DD``, ``YYYYMMDD`` or ``YYYY``; None when it is not a day of the calendar."""
    digits = value.strip().replace("-", "")
    if not digits.isdigit() or len(digits) not in (4, 8):
        return None
    day = f"{digits}-01-01" if len(digits) == 4 else f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    try:
        datetime.date.fromisoformat(day)  # a day of the calendar: not 2013-02-30, not year 0
    except ValueError:
        return None
    return day


@functools.lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """The tokenizer of the pipeline's spaCy model (already loaded by the ``segment`` stage),
    or a blank English one when no model is installed."""
    from ..nlp import import_spacy, load_spacy

    try:
        return load_spacy().tokenizer
    except ResourceError:
        return import_spacy().blank("en").tokenizer


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens as spaCy's English tokenizer splits them (the same split the parse uses)."""
    return [t.lower_ for t in _tokenizer()(text.strip()) if not t.is_space]


def read_entries(lines: Iterable[str], *, origin: str, pretokenized: bool = False) -> tuple[dict[str, str], list[tuple[tuple[str, ...], ActorEntry]]]:
    """Parse dictionary lines. Raises :class:`ConfigError` naming ``origin`` and the line on any error."""
    header: dict[str, str] = {}
    rows: list[tuple[tuple[str, ...], ActorEntry]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            if not rows:
                key, sep, value = line.lstrip("# ").partition(":")
                if sep and key.strip() and " " not in key.strip():
                    header[key.strip().lower()] = value.strip()
            continue
        rows.append(_fast_row(line, origin, number) if pretokenized else _parse_row(line, origin=origin, number=number, pretokenized=False))
    return header, rows


def _fast_row(line: str, origin: str, number: int) -> tuple[tuple[str, ...], ActorEntry]:
    """A row of a shipped, generated file (already tokenized and validated by its build script and tests)."""
    cols = line.split("\t")
    cols += [""] * (6 - len(cols))
    entry = ActorEntry(cols[0], cols[1], cols[2], cols[3] or None, cols[4] or None, cols[5] or None, f"{origin}:{number}")
    return tuple(cols[0].split(" ")), entry


def _parse_row(line: str, *, origin: str, number: int, pretokenized: bool) -> tuple[tuple[str, ...], ActorEntry]:
    where = f"{origin}, line {number}"
    cols = [c.strip() for c in line.split("\t")]
    if len(cols) < 3:
        raise ConfigError(f"{where}: expected 'phrase<TAB>code<TAB>kind', got {line!r}")
    phrase, code, kind = cols[0], cols[1].upper(), cols[2].lower()
    if not phrase:
        raise ConfigError(f"{where}: empty phrase")
    if kind not in ENTRY_KINDS:
        raise ConfigError(f"{where}: unknown kind {kind!r}; use one of {', '.join(sorted(ENTRY_KINDS))}")
    if not code or not code.replace("-", "").isalpha() or len(code) % 3:
        raise ConfigError(f"{where}: code {cols[1]!r} is not a CAMEO-style code (groups of three letters, e.g. IRNEDU)")
    start = end = None
    if len(cols) > 3 and cols[3]:
        start = normalize_date(cols[3])
        if start is None:
            raise ConfigError(f"{where}: 'from' date {cols[3]!r} is not YYYY-MM-DD")
    if len(cols) > 4 and cols[4]:
        end = normalize_date(cols[4])
        if end is None:
            raise ConfigError(f"{where}: 'to' date {cols[4]!r} is not YYYY-MM-DD")
    name = cols[5] if len(cols) > 5 and cols[5] else None
    tokens = tuple(phrase.lower().split()) if pretokenized else tuple(tokenize(phrase))
    entry = ActorEntry(phrase=phrase, code=code, kind=kind, start=start, end=end, name=name, source=f"{origin}:{number}")
    return tokens, entry


def _group(rows: list[tuple[tuple[str, ...], ActorEntry]]) -> dict[tuple[str, ...], tuple[ActorEntry, ...]]:
    grouped: dict[tuple[str, ...], list[ActorEntry]] = {}
    for tokens, entry in rows:
        grouped.setdefault(tokens, []).append(entry)
    return {k: tuple(v) for k, v in grouped.items()}


def read_user_file(path: str) -> tuple[dict[str, str], list[tuple[tuple[str, ...], ActorEntry]]]:
    """Read a user actor dictionary (header, entries); a bad file raises one ConfigError naming it and the line.

    The actors stage and ``api.check_actors_file`` (the parent-side check of ``ingest``/``recode``) both use it."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"actor dictionary {path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"actor dictionary {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"actor dictionary {path}: cannot read it ({exc.strerror})") from None
    header, rows = read_entries(text.splitlines(), origin=str(path))
    if not rows:  # given on purpose and adds nothing: say so rather than run as if it had been read
        raise ConfigError(f"actor dictionary {path}: no entries (the file is empty or holds only comments and "
                          "blank lines); see docs/actors.md for the format")
    return header, rows


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[tuple[str, dict[str, str], dict[tuple[str, ...], tuple[ActorEntry, ...]]], ...]:
    out = []
    for name in SHIPPED_FILES:
        try:
            text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
        except (FileNotFoundError, ModuleNotFoundError) as exc:
            raise ResourceError(f"actor dictionary data file {name} is missing from the installation ({exc})") from exc
        lines = text.splitlines()
        pretokenized = any(line.startswith("# tokenized: yes") for line in lines[:40])
        header, rows = read_entries(lines, origin=name, pretokenized=pretokenized)
        out.append((name, header, _group(rows)))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def _load(extra_files: tuple[str, ...]) -> ActorDictionary:
    if not extra_files:
        from .compiled import cached

        return cached(_build_shipped, kind=ActorDictionary, builder=Path(__file__))
    return _build(extra_files)


def _build_shipped() -> ActorDictionary:
    return _build(())


def _build(extra_files: tuple[str, ...]) -> ActorDictionary:
    """The dictionary of ``extra_files`` (first: they hide the same phrases of the shipped files) and the shipped files."""
    dictionary = ActorDictionary()
    for path in extra_files:
        header, rows = read_user_file(path)
        dictionary.headers[path] = header
        for tokens, entries in _group(rows).items():
            dictionary.add(tokens, entries)
    for name, header, grouped in _shipped():
        dictionary.headers[name] = header
        for tokens, entries in grouped.items():
            dictionary.add(tokens, entries)
    dictionary.index_surnames()
    return dictionary


def load_dictionary(extra_files: Sequence[str] = ()) -> ActorDictionary:
    """The shipped dictionary plus ``extra_files`` (which take priority), loaded once per process."""
    return _load(tuple(str(p) for p in extra_files))


@functools.lru_cache(maxsize=1)
def venue_nouns() -> frozenset[str]:
    """Agent nouns that also name a place ("school", "prison"): after a locative preposition they are places."""
    return _word_list("venues.txt")


@functools.lru_cache(maxsize=1)
def owned_only_nouns() -> frozenset[str]:
    """Agent nouns that are actors only through an owner named with them ("Israeli tanks"), never alone."""
    return _word_list("owned_only.txt")


@functools.lru_cache(maxsize=1)
def no_context_nouns() -> frozenset[str]:
    """Agent nouns for people away from home ("refugees", "peacekeepers"): never given a context country."""
    return _word_list("no_context.txt")


def _word_list(name: str) -> frozenset[str]:
    try:
        text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ResourceError(f"actor data file {name} is missing from the installation ({exc})") from exc
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def data_headers() -> Mapping[str, Mapping[str, str]]:
    """Headers (version, sources, attribution) of the shipped data files."""
    headers = load_dictionary().headers
    return MappingProxyType({name: MappingProxyType(headers[name]) for name in SHIPPED_FILES if name in headers})
