"""The actor lookup: a code, a country name or an actor name as typed, resolved to an actor code,
and suggestions while it is typed.

``IRN`` stays ``IRN``; ``Iran``, ``iranian`` and ``Islamic Republic of Iran`` become
``IRN`` through the shipped country dictionary (names and demonyms); ``World Bank``
becomes the code the store's actor mentions most often carry under that name or
text; ``irn`` (a code in lower case that names nothing, where the store holds
codes starting ``IRN``) becomes ``IRN``. A code written in capitals is taken as
it is, whether or not the store holds it. Anything else is a
:class:`~eventlens.store.params.QueryError` that suggests what the store holds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from .params import QueryError, api_label

ACTOR_PARAMS = ("actor", "source", "target")
_CODE = re.compile(r"^[A-Za-z0-9]{1,32}$")
_KINDS = ("country", "demonym")


@functools.lru_cache(maxsize=1)
def country_phrases() -> Mapping[str, tuple[str, str]]:
    """Lower-case country names and demonyms of the shipped dictionary -> (code, country name)."""
    from ..actors.vocabulary import DATA_PACKAGE

    text = resources.files(DATA_PACKAGE).joinpath("countries.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 6 or cols[2].strip() not in _KINDS:
            continue
        code, name = cols[1].strip().upper()[:3], cols[5].strip()
        for phrase in (cols[0].strip().lower(), name.lower()):
            out.setdefault(phrase, (code, name))
    return MappingProxyType(out)


def _con(store: Any) -> Any:
    return getattr(store, "con", store)


def _named_in_store(store: Any, key: str) -> str | None:
    row = _con(store).execute(
        "SELECT code FROM actor_mentions WHERE code IS NOT NULL AND (lower(name) = ? OR lower(text) = ?) "
        "GROUP BY code ORDER BY count(*) DESC, code LIMIT 1", [key, key]).fetchone()
    return row[0] if row else None


def _stored_code(store: Any, code: str) -> bool:
    """Whether an event or a mention carries a code starting with ``code`` ('irn' typed for IRN)."""
    return bool(_con(store).execute(
        "SELECT EXISTS (SELECT 1 FROM actor_mentions WHERE starts_with(code, ?)) OR "
        "EXISTS (SELECT 1 FROM events WHERE starts_with(source_code, ?) OR starts_with(target_code, ?))",
        [code, code, code]).fetchone()[0])


def resolve_actor(store: Any, value: str, *, what: str = "parameter 'actor'") -> str:
    """The actor code ``value`` stands for (see the module docstring); QueryError with suggestions when none."""
    v = " ".join(value.split())
    if _CODE.match(v) and v == v.upper():
        return v
    key = v.lower()
    found = country_phrases().get(key)
    if found:
        return found[0]
    code = _named_in_store(store, key)
    if code:
        return code
    if _CODE.match(v) and _stored_code(store, v.upper()):
        return v.upper()
    near = suggest_actors(store, v, limit=5)
    hint = ("; did you mean " + ", ".join(f"{s['name']} ({s['code']})" if s["name"] else s["code"] for s in near) + "?") if near else ""
    raise QueryError(f"{what}: no actor code or name matches {v[:60]!r}{hint} (codes such as IRN, names such as Iran)")


def resolve_filters(store: Any, filters: Mapping[str, Any], *, label: Any = api_label) -> tuple[dict[str, Any], dict[str, str]]:
    """``filters`` with actor names replaced by codes, and what each name became (``{'actor': 'IRN'}`` for 'Iran')."""
    out = dict(filters)
    resolved: dict[str, str] = {}
    for name in ACTOR_PARAMS:
        value = out.get(name)
        if isinstance(value, str) and value:
            code = resolve_actor(store, value, what=label(name))
            if code != value:
                resolved[name] = code
            out[name] = code
    return out, resolved


def suggest_actors(store: Any, text: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Actors whose code starts with ``text`` or whose name contains it: code, name, kind, mentions in the store."""
    key = " ".join(text.split()).lower()
    if not key:
        return []
    rows = _con(store).execute(
        "SELECT code, mode(coalesce(name, text)) AS name, count(*) AS mentions FROM actor_mentions "
        "WHERE code IS NOT NULL AND (starts_with(code, ?) OR contains(lower(name), ?) OR contains(lower(text), ?)) "
        "GROUP BY code ORDER BY mentions DESC, code LIMIT ?", [key.upper(), key, key, limit * 3]).fetchall()
    found: dict[str, dict[str, Any]] = {}
    for code, name, mentions in rows:
        found[code] = {"code": code, "name": name, "kind": "actor", "mentions": int(mentions)}
    for phrase, (code, name) in country_phrases().items():
        if phrase.startswith(key) and code not in found:
            found[code] = {"code": code, "name": name, "kind": "country", "mentions": 0}
        if len(found) >= limit * 4:
            break
    countries = {c for c, _ in country_phrases().values()}
    for item in found.values():
        if item["code"] in countries and item["kind"] == "actor" and item["code"] == item["code"][:3]:
            item["kind"] = "country"

    def rank(item: dict[str, Any]) -> tuple:
        name = (item["name"] or "").lower()
        exact = item["code"].lower() == key or name == key
        prefix = item["code"].lower().startswith(key) or name.startswith(key)
        return (not exact, not prefix, -item["mentions"], item["code"])

    return sorted(found.values(), key=rank)[:limit]


def actor_names(store: Any, /, *, codes: list[str]) -> dict[str, str]:
    """A readable name for each of ``codes``: the name its mentions carry most, else its country's name."""
    if not codes:
        return {}
    rows = _con(store).execute(
        "SELECT code, mode(coalesce(name, text)) FROM actor_mentions WHERE code IN (SELECT unnest(?::VARCHAR[])) GROUP BY code",
        [list(codes)]).fetchall()
    found = {code: name for code, name in rows if name}
    countries = {code: name for code, name in country_phrases().values()}
    return {code: found.get(code) or countries.get(code) or code for code in codes}
