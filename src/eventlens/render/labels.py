"""Short human labels for coded items, shared by the text and HTML reports."""

from __future__ import annotations

from ..model import ActorMention, Event, Place

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def actor_label(mention: ActorMention) -> str:
    return f"{mention.code} ({mention.kind}; {mention.rule})"


def place_label(place: Place) -> str:
    where = f"{place.lat:.3f}, {place.lon:.3f}" if place.lat is not None and place.lon is not None else "no coordinates"
    ident = f" geonames:{place.geonameid}" if place.geonameid else ""
    return f"{place.name}, {place.country or '?'} [{where}]{ident}"


def event_flags(event: Event) -> str:
    flags = []
    if event.negated:
        flags.append("negated")
    if event.modality and event.modality != "asserted":
        flags.append(event.modality)
    return ", ".join(flags)


def event_label(event: Event) -> str:
    src = event.source.code if event.source and event.source.code else "-"
    tgt = event.target.code if event.target and event.target.code else "-"
    flags = event_flags(event)
    return (
        f"{src} -> {tgt}: CAMEO {event.cameo} / {event.plover}, quad {event.quad_class}, "
        f"Goldstein {event.goldstein:+.1f}" + (f" ({flags})" if flags else "") + f" [{event.rule}]"
    )
