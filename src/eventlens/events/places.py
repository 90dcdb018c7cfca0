"""Places as event arguments: the country of a place phrase, and location targets.

"US activists staged a protest in Beijing": an act with no target actor at a named place targets that
place's country (PETRARCH's and PLOVER's convention). Place names are looked up with the coder's
``place_country`` (the actor dictionary's places); without one there are no location targets.
"""

from __future__ import annotations

from typing import Any

from ..model import EventActor
from .document import CoderContext
from .tags import Arg, ArgSource


def place_arg(ctx: CoderContext, pobj: Any) -> Arg | None:
    """The country of a place phrase ("Beijing", "the Gaza Strip", "Kenya's capital")."""
    if ctx.place_country is None:
        return None
    head = pobj
    if pobj.pos_ != "PROPN":
        poss = [c for c in pobj.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
        if not poss:
            return None
        head = poss[0]
    words = [t for t in head.subtree if t.i <= head.i and t.dep_ in ("compound", "pobj", "poss") and t.pos_ == "PROPN"]
    if not words:
        return None
    start, end = words[0].idx, head.idx + len(head.text)
    country = ctx.place_country(ctx.analysis.text[start:end])
    if not country:
        return None
    return Arg(EventActor(text=ctx.analysis.text[start:end], code=country, start=start, end=end), country, ArgSource.LOCATION)


def location_target(ctx: CoderContext, verb: Any) -> Arg | None:
    """"US activists staged a protest in Beijing": an act at a place targets that place's country when no
    target actor is named (PETRARCH's and PLOVER's convention); at home it is a domestic event
    ("Sudan lifted the curfew in Darfur" -> SDN -> SDN)."""
    if ctx.place_country is None:
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for obj in objects:
        # "attend the Beijing Olympics", "the Geneva talks": a place name modifying the object
        words = [t for t in obj.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
        if words:
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            country = ctx.place_country(ctx.analysis.text[start:end])
            if country:
                return Arg(EventActor(text=ctx.analysis.text[start:end], code=country, start=start, end=end), country, ArgSource.LOCATION)
    # places in in/at phrases of the verb, then of its object, then one phrase deeper
    # ("responsibility for an attack at a mall in Kenya's capital")
    frontier, seen = [verb, *objects], set()
    for _ in range(3):
        nxt = []
        for holder in frontier:
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.i in seen:
                    continue
                seen.add(prep.i)
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    nxt.append(pobj)
                    nxt.extend(c for c in pobj.children if c.dep_ == "acl")
                    if prep.lower_ not in ctx.rules.location_preps:
                        continue
                    found = place_arg(ctx, pobj)
                    if found is not None:
                        return found
        frontier = nxt
    return None
