"""Finding actor mentions in a parsed spaCy ``Doc``: the passes, in order.

1. dictionary phrases are matched token by token (:mod:`.matching`), and every phrase that names a place
   takes the country of the place the geoparser made from the same characters (:mod:`.places`);
   party-and-district tags and datelines are no actors (:mod:`.tags`);
2. organisations by pattern ("the Athens Police Department", "Allendale Woman's Club":
   :mod:`.organisations`), each to its sector, with the country of the place in its name;
3. agent nouns take their country from the parse (:mod:`.agents`);
4. what is left is emitted by its role (:mod:`.standalone`): countries and cities that act or are acted
   upon, demonyms standing for a people or a state, named organisations and people;
5. people the dictionary does not know, by their name, title and apposition (:mod:`.people`);
6. "its citizens", "the city", "the group" resolved back (:mod:`.anaphora`);
7. agent phrases, people and organisations that still name no country take the country of their
   sentence, paragraph or article (:mod:`.context`);
8. personal pronouns take their antecedent's code (:mod:`.pronouns`).

Every mention records its evidence chain (:mod:`.evidence`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..model import ActorMention, Place
from .agents import agent_mentions
from .anaphora import definite_references, referents, repeated_heads, resolve_reference, wants_anaphora
from .codes import cameo_country
from .context import Clue
from .context import attach_context as attach_context_countries
from .dictionary import ActorDictionary
from .matching import Hit, lowercase_starts, match
from .organisations import organisation_spans
from .period import RoleDate, redate, role_date
from .people import copy_linked, link_honorifics, people_mentions
from .places import PlaceIndex, attach_places
from .pronouns import pronoun_mentions
from .standalone import modifies_thing, standalone
from .state import MatchState
from .tags import apply_party_tags, blocked_tokens


def find_actors(
    doc: Any,
    *,
    dictionary: ActorDictionary,
    date: str | None = None,
    sentence_starts: Sequence[int] = (),
    paragraph_starts: Sequence[int] = (),
    attach_context: bool = True,
    places: Sequence[Place] | None = None,
    blocked_spans: Sequence[tuple[int, int]] = (),
    text: str | None = None,
    on_role_date: Callable[[RoleDate], None] | None = None,
) -> list[ActorMention]:
    """Actor mentions in ``doc``, sorted by start offset.

    ``places`` are the geoparser's resolved places (``analysis.places``); a place phrase takes their
    country, and without them (None) the dictionary's. With ``attach_context`` agent nouns, people and
    organisations whose phrase names no country get the country the passage is about (see
    :func:`eventlens.actors.context.attach_context`), with a lower confidence. ``blocked_spans`` are
    character ranges that hold no actor (a dateline). ``text`` is the doc's text when the caller has it.
    Without ``date``, ``on_role_date`` gets the day the titled people date the story to (:mod:`.period`).

    ``sentence_starts``/``paragraph_starts`` are the character offsets where the analysis' sentences
    and paragraphs begin (used for the ``sentence`` index and to keep references inside their
    paragraph); without them spaCy's sentences are used and the whole doc is one paragraph.
    """
    sentence_starts = sentence_starts or [s.start_char for s in doc.sents]
    index = PlaceIndex(places or ())
    text = text if text is not None else doc.text  # the article's text (``doc.text`` is rebuilt token by token)
    lowers, lower_doc = lower_texts(doc), lowercase_starts(text, sentence_starts)
    hits, date = _dated_hits(doc, dictionary, date, lowers=lowers, lower_doc=lower_doc, on_role_date=on_role_date)
    hits = attach_places(doc, hits, index, geoparsed=places is not None, dictionary=dictionary, lower_doc=lower_doc)
    state = MatchState(doc, hits, dictionary=dictionary, sentence_starts=list(sentence_starts), paragraph_starts=list(paragraph_starts),
                       places=index, lowers=lowers, text=text)
    state.blocked = blocked_tokens(doc, blocked_spans, text=state.text)
    orgs = organisation_spans(state)
    agents: dict[int, list[ActorMention]] = {}
    for n, hit in enumerate(hits):
        if hit.entry.kind == "agent" and not hit.used and hit.start not in state.blocked:
            agents[n] = agent_mentions(state, hit, anaphora=False)
    alone = [m for hit in hits if not hit.used and hit.entry.kind != "agent" and hit.start not in state.blocked for m in [standalone(state, hit)] if m is not None]
    found = [m for ms in agents.values() for m in ms] + alone + [o.mention for o in orgs]
    people = people_mentions(state, found, date=date)
    state.referents = referents(state, found + people)
    for n, ms in agents.items():
        if len(ms) == 1 and ms[0].country is None and wants_anaphora(doc[hits[n].end - 1]):
            agents[n] = agent_mentions(state, hits[n], anaphora=True, resolve=lambda t: resolve_reference(state, t))
    found = [m for ms in agents.values() for m in ms] + alone + [o.mention for o in orgs] + people
    found += definite_references(state, found)
    found = link_honorifics(state, found)
    found = repeated_heads(state, found)
    found = apply_party_tags(state.text, _without_nested(found))
    if attach_context:
        clues = [Clue(cameo_country(p.country) or "", p.start, p.end, p.text, state.sentence(p.start), state.paragraph(p.start))
                 for h in hits if (p := h.place) is not None and p.kind != "demonym" and not modifies_thing(state, doc[h.end - 1])]
        found = attach_context_countries(found, paragraph_of=state.paragraph, clause_of=state.clause_of, places=clues)
    found = copy_linked(found)
    found += pronoun_mentions(state, found)
    found.sort(key=lambda m: (m.start, -m.end))
    return _dedupe(found)


def _dated_hits(doc: Any, dictionary: ActorDictionary, date: str | None, *, lowers: list[str], lower_doc: bool,
                on_role_date: Callable[[RoleDate], None] | None) -> tuple[list[Hit], str | None]:
    """The dictionary matches, and the date people are resolved at: ``date``, else (with ``on_role_date``) the
    day the story's titled people agree on (the dated matches resolved again at it, and the day reported)."""
    hits = match(doc, dictionary, date, lowers=lowers, lower_doc=lower_doc)
    if not date and on_role_date is not None:
        found = role_date(doc, hits, dictionary=dictionary, lowers=lowers)
        if found is not None:
            date = found.date
            redate(hits, dictionary=dictionary, lowers=lowers, date=date)
            on_role_date(found)
    return hits, date


def lower_texts(doc: Any) -> list[str]:
    """The lower-cased text of every token, read from the doc's arrays (iterating a Doc builds a token object each)."""
    from spacy.attrs import LOWER

    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(LOWER).tolist()] if len(doc) else []


def _without_nested(mentions: list[ActorMention]) -> list[ActorMention]:
    """No mention inside another (docs/annotation.md 2.2); coordinated mentions side by side stay."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    out: list[ActorMention] = []
    for m in ordered:
        if any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in out[-6:]):
            continue
        out.append(m)
    return out


def _dedupe(mentions: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    seen: set[tuple[int, int, str]] = set()
    for m in mentions:
        key = (m.start, m.end, m.code)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
