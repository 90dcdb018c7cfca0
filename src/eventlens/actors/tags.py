"""Stretches of text that hold no actor: party-and-district tags and datelines.

* "Sen. Ted Cruz (R-Texas)", "Rep. Joe Kennedy, D-Mass., said": an American party-and-district tag
  says party and place, never a country code ("D-Plymouth" is not Montserrat's capital). The tagged
  person is American, and a legislator when nothing else gives a sector (the tag is the press convention
  for members of Congress and state legislatures): :func:`apply_party_tags`.
* "WASHINGTON (Reuters) -", "TORRINGTON, Conn. —": a dateline gives a place (left to the geoparser, and
  counted as the article's setting) and an outlet, not an actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..model import ActorMention

# (D-Mass.), , R-Texas, , (I-Vt.), (D-N.Y.), (R-Ky): a party letter, a hyphen or dash, a capitalised place.
_PARTY_TAG = re.compile(r"(?<=[(,]) ?(?P<tag>[DRI][-–](?:[A-Z][A-Za-z.]*)(?:[ -][A-Z][A-Za-z.]*){0,2})(?=\)|,| [-—–])")
# WASHINGTON (Reuters) -, LONDON —, CAIRO - , TORRINGTON, Conn. —, NEW YORK, March 3 (AP) --
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’ -]{2,40}?)(?:, (?P<region>[A-Z][A-Za-z.]{1,14}(?: [A-Z][A-Za-z.]+)?))?"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?(?: ?\((?P<outlet>[A-Za-z][\w .&'-]{1,30})\))? ?(?:[-—–]{1,2}|:) ")
PARTY_SECTOR = "LEG"
PARTY_COUNTRY = "USA"


def party_tags(text: str) -> list[tuple[int, int]]:
    """Character spans of party-and-district tags ("R-Texas" in "Ted Cruz (R-Texas)")."""
    return [(m.start("tag"), m.end("tag")) for m in _PARTY_TAG.finditer(text)]


def dateline(text: str, paragraph_starts: Sequence[int]) -> tuple[int, int] | None:
    """The dateline opening the article's first or second paragraph ("WASHINGTON (Reuters) -"), or None."""
    for start in list(paragraph_starts)[:2]:
        found = _DATELINE.match(text, start)
        if found is not None and found.group("place").strip().replace(" ", "").replace(".", "").isupper():
            return start, found.end()
    return None


def blocked_tokens(doc: Any, spans: Sequence[tuple[int, int]], *, text: str) -> set[int]:
    """Indices of the tokens inside ``spans`` and inside the document's party-and-district tags (``text`` is the doc's)."""
    out: set[int] = set()
    for start, end in [*spans, *party_tags(text)]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            out.update(t.i for t in span)
    return out


def apply_party_tags(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """A person right before a party-and-district tag is American, and a legislator when no sector is known."""
    tags = party_tags(text)
    if not tags:
        return mentions
    out = []
    for m in mentions:
        tag = next(((s, e) for s, e in tags if 0 <= s - m.end <= 3 and text[m.end:s].strip(" ") in ("(", ",")), None)
        if tag is None or m.kind == "pronoun":
            out.append(m)
            continue
        sector = m.sector if m.sector and m.sector != "CVL" else PARTY_SECTOR
        country = m.country or PARTY_COUNTRY
        evidence = {**m.evidence, "country": m.evidence.get("country") if m.country else
                    {"from": "party-tag", "text": text[tag[0]:tag[1]], "start": tag[0], "end": tag[1]}}
        if sector != m.sector:
            evidence["sector"] = {"from": "party-tag", "text": text[tag[0]:tag[1]]}
        code = country + sector if len(m.code) <= 6 or not m.country else m.code
        out.append(replace(m, code=code, country=country, sector=sector, rule=f"{m.rule}+party-tag:{text[tag[0]:tag[1]]}", evidence=evidence))
    return out
