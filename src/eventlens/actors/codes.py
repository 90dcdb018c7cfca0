"""CAMEO-style actor codes: building them and taking them apart.

A code is a sequence of three-letter parts. The first part is an ISO3 country
(``IRN``), a CAMEO special country (``PSE``, ``KSV``), ``---`` for "unknown
country", or an international/non-state prefix (``IGO``, ``NGO``, ``IMG``,
``MNC`` ...). Further parts are sectors (``GOV``, ``MIL``, ``EDU`` ...) or,
after ``IGO``/``NGO``, the organisation (``IGOUNO`` = United Nations).
"""

from __future__ import annotations

from .vocabulary import country_codes, sector_codes

# First parts that are not countries: organisations, regions, religions.
# Codes of organisations above or across countries: their first three letters are no country.
ORGANISATION_PREFIXES: tuple[str, ...] = ("IGO", "NGO", "IMG", "MNC")
NON_COUNTRY_PREFIXES = frozenset(
    {
        "IGO", "NGO", "IMG", "MNC", "INT", "UIS", "---",
        # regions CAMEO uses as a first part
        "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA",
        "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "SOA", "WAF", "WEU", "WST",
        # religions used as a first part
        "BUD", "CHR", "HIN", "JEW", "MUS", "MOS",
    }
)


# The gazetteer writes ISO 3166 codes; actor codes follow CAMEO where it differs.
_CAMEO_COUNTRY = {"XKX": "KSV"}


def cameo_country(iso3: str | None) -> str | None:
    """The actor-code country for an ISO3 code of the gazetteer (``XKX`` -> ``KSV``; others unchanged)."""
    return _CAMEO_COUNTRY.get(iso3, iso3) if iso3 else None


def combine(country: str | None, sector: str | None) -> str:
    """Join a country (or organisation) code and a sector: ``combine("IRN", "EDU") == "IRNEDU"``.

    Either part may be None or empty; with both missing the result is ``""``.
    A sector already present in ``country`` is not repeated (``combine("EGYOPPMUS", "OPP") == "EGYOPPMUS"``).
    """
    country = (country or "").upper()
    sector = (sector or "").upper()
    if sector and country:
        parts = {country[i : i + 3] for i in range(3, len(country), 3)} | ({country} if len(country) == 3 else set())
        if sector[:3] in parts:
            return country
    return country + sector


def split_code(code: str) -> tuple[str | None, str | None]:
    """``(country, sector)`` of a code: ``"IRNEDU" -> ("IRN", "EDU")``, ``"COP" -> (None, "COP")``,
    ``"IGOUNO" -> (None, None)`` (organisation codes have no country and no sector of their own).
    """
    code = (code or "").upper()
    if len(code) < 3:
        return None, None
    head, rest = code[:3], code[3:]
    if head in NON_COUNTRY_PREFIXES:
        return None, None
    if is_sector(head) and not is_country(head):
        return None, head
    return head, (rest[:3] or None)


def sector_parts(code: str) -> tuple[str, ...]:
    """Every sector inside an actor code: ``"USAGOVMED" -> ("GOV", "MED")``, ``"IGOUNOMED" -> ("MED",)``."""
    code = (code or "").upper()
    parts = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    return tuple(p for n, p in enumerate(parts) if is_sector(p) and not (n == 0 and is_country(p)))


def is_country(part: str) -> bool:
    """True when a three-letter part is a country code eventlens knows (ISO3 or a CAMEO special)."""
    return part.upper() in country_codes()


def is_sector(part: str) -> bool:
    """True when a three-letter part is a sector code from the agent dictionary."""
    return part.upper() in sector_codes()
