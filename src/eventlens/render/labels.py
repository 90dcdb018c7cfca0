"""The one label set: how an actor, a place and an event are named in a highlight's tooltip, in the HTML
report, the dashboard's article pages and the text report alike.

The titles read the JSON form of an analysis (``docs/schema.md``), which is what the dashboard holds;
the report passes :meth:`~eventlens.model.Analysis.to_dict`. A missing field is left out, never shown as
"None".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def event_flags(*, negated: bool, modality: str | None) -> str:
    """'negated', the modality when it is not 'asserted', or both ('negated, future'); '' for a plain event."""
    flags = []
    if negated:
        flags.append("negated")
    if modality and modality != "asserted":
        flags.append(modality)
    return ", ".join(flags)


def actor_title(actor: Mapping[str, Any]) -> str:
    """'actor IRNMIL · Iranian army · actor · rule: dict:…': the code, canonical name, kind and rule."""
    bits = ["actor " + str(actor.get("code") or "?")]
    bits += [str(actor[key]) for key in ("name", "kind") if actor.get(key)]
    if actor.get("rule"):
        bits.append(f"rule: {actor['rule']}")
    return " · ".join(bits)


def place_title(place: Mapping[str, Any]) -> str:
    """'place Gaza · PSE · 31.500, 34.467 · geonames:281133': the resolved name, country, coordinates and record."""
    bits = ["place " + str(place.get("name") or place.get("text") or "?")]
    if place.get("country"):
        bits.append(str(place["country"]))
    if place.get("lat") is not None and place.get("lon") is not None:
        bits.append(f"{float(place['lat']):.3f}, {float(place['lon']):.3f}")
    else:
        bits.append("no coordinates")
    if place.get("geonameid"):
        bits.append(f"geonames:{place['geonameid']}")
    return " · ".join(bits)


def event_title(event: Mapping[str, Any]) -> str:
    """'event IRN → AID (CAMEO 070) → PSE · Goldstein +7.0 · negated · rule: …': the dyad, the type, the Goldstein
    score, the flags and the rule."""
    src = (event.get("source") or {}).get("code") or "?"
    tgt = (event.get("target") or {}).get("code") or "?"
    bits = [f"event {src} → {event.get('plover') or '?'} (CAMEO {event.get('cameo') or '?'}) → {tgt}"]
    if event.get("goldstein") is not None:
        bits.append(f"Goldstein {float(event['goldstein']):+.1f}")
    flags = event_flags(negated=bool(event.get("negated")), modality=event.get("modality"))
    if flags:
        bits.append(flags)
    if event.get("rule"):
        bits.append(f"rule: {event['rule']}")
    return " · ".join(bits)
