"""Dictionary phrases that stand alone: countries, demonyms, cities, capitals, named organisations and people.

What an annotator marks (docs/annotation.md, 2.1): a country or city that acts, is acted upon or stands
for its government or people ("Iran fired", "sanctions on Iran", "Tehran said"), not one used as a
location ("in Tehran") or as a modifier of a thing ("Iranian oil", "Iran's economy", "an Italian grocery"),
which are kept with kind ``place`` (rule ``+locative`` / ``+modifier``) for consumers that locate events;
the possessor or modifier of an act, decision or statement is an actor ("Iran's decision", "Israeli
shelling"). A capital acting is its government (``GOV``); a city or region acting as subject is its
government too ("Plano sued"), one acted upon is the place (bare country). A plural demonym standing as a
noun is the population ("Iranians protested" -> IRNCVL), as is a singular one with an article ("an
American").
"""

from __future__ import annotations

import functools
from typing import Any

from ..model import ActorMention
from .agents import role_dep
from .codes import combine, is_country, split_code
from .dictionary import ActorEntry
from .evidence import country_of_hit, from_entry
from .matching import Hit
from .places import place_kind
from .state import CONFIDENCE, STATE_SECTORS, MatchState

# Roles in which a capital stands for its government.
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "agent", "dative"})
# Prepositions after which a country or city is where something happens, not an actor ("sanctions on
# Iran", "relations with Iran", "aid to Syria" keep theirs).
PLACE_PREPS = frozenset({"in", "near", "outside", "inside", "around", "within", "throughout", "across", "along", "beyond", "via",
                         "through", "into", "amid", "among", "off", "past", "like"})
# A town or region after these is where something happens; a country after them often acts ("fired at
# Russia", "withdraw from Chad", "aid from Japan").
TOWN_PREPS = PLACE_PREPS | {"at", "from"}
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
# A legislature's name before a party: its members there ("Senate Republicans" -> USALEG).
_PARTY_ADJECTIVES = frozenset({"republican", "democratic", "democrat", "gop", "labour", "tory", "conservative", "liberal"})
_CHAMBERS = frozenset({"senate", "house", "congressional", "legislative", "assembly", "parliamentary", "commons"})
# Nouns of acts, decisions and statements whose possessor or modifier is an actor (besides nominalisations).
ACT_NOUNS = frozenset("""
ultimatum appeal appeals plea invitation changes reforms reform complaint complaints pact summit truce ceasefire mission loan loans
verdict order orders veto rally presence behavior behaviour conduct record guarantee compromise role initiative dialogue
meeting meetings visit ties claims statement statements proposals
attack attacks strike strikes airstrike airstrikes raid raids ban bans deal deals talks aid support war wars threat threats plan plans
bid bids offer offers call calls move moves claim claims vote votes visit visits response role stance position demand demands request
requests help effort efforts action actions policy policies decision decisions statement statements protest protests sanctions sanction
pressure campaign campaigns crackdown invasion occupation intervention assault assaults bombing bombings shelling control rule victory
win defeat refusal retaliation reply warning warnings criticism accusation accusations charges announcement pledge pledges promise promises
agreement agreements accord treaty cooperation relations ties alliance dispute conflict fight fighting clash clashes violence meddling
interference involvement hacking hack incursion offensive operation operations withdrawal proposal approval denial push stand veto
retreat blockade embargo boycott counterpart counterparts delegation delegations team side camp bloc backing funding
""".split())
# Nouns of places: their possessor or modifier is the place acted upon ("shelled Syria's second city").
PLACE_NOUNS = frozenset("""
city cities capital town towns village villages region regions province provinces territory territories district districts area areas
border borders coast coastline island islands enclave suburb suburbs neighborhood neighbourhood part parts north south east west
""".split())
# Nouns whose "of" complement names where they are ("the port of Mombasa", "the town of Kismayo").
OF_PLACE_NOUNS = PLACE_NOUNS | frozenset({"port", "ports", "harbour", "harbor", "airport", "outskirts", "streets", "heart", "centre", "center"})
LOCATIVE = "locative"
MODIFIER = "modifier"
_ACT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ing")
# Nouns of geographic features and streets: a place name before one, or ending with one, names the feature
# ("the Jordan River", "Main Street", "the Georgia Dome"), never a country or town acting.
FEATURE_NOUNS = frozenset("""
river rivers lake lakes valley mountain mountains hills creek bay canyon basin dam falls springs
street st avenue ave road rd boulevard blvd lane drive highway freeway parkway bridge dome stadium arena mall
""".split())


def place_noun_holder(token: Any) -> Any | None:
    """The place noun a name belongs to, when the name only says which place it is: its ``of`` complement
    ("the port of Mombasa", "the outskirts of Aleppo") or its compound ("the Lower Juba region"); else None."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.head.i:
        holder = token.head.head
        return holder if holder.pos_ == "NOUN" and holder.lower_ in OF_PLACE_NOUNS else None
    if token.dep_ == "compound" and token.head.i > token.i and token.head.lower_ in PLACE_NOUNS:
        return token.head
    return None


def names_feature(last: Any) -> bool:
    """Whether a place name's last word is, or is the modifier of, a capitalised feature or street noun ("Main
    Street", "the Jordan River"): the words name the feature, not a place that could act."""
    if last.lower_ in FEATURE_NOUNS and last.text[:1].isupper():
        return True
    head = last.head
    return last.dep_ == "compound" and head.i > last.i and head.lower_ in FEATURE_NOUNS and head.text[:1].isupper()


@functools.lru_cache(maxsize=4096)
def act_noun(word: str) -> bool:
    """Whether a noun names an act, decision or statement (its possessor or modifier is an actor)."""
    return word in ACT_NOUNS or (len(word) > 6 and word.endswith(_ACT_SUFFIXES))


def modifies_thing(state: MatchState, token: Any) -> bool:
    """A place word that only modifies a noun that is neither an actor nor an act ("Iranian oil", "U.S. soil",
    "Iran's economy", "an Italian grocery"): no actor of its own."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ not in _MODIFIER_DEPS or token.head.i == token.i:
        return False
    head = token.head
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    hit = state.by_token.get(head.i)
    if hit is not None:
        return False  # an agent or another actor: handled as its phrase
    return head.pos_ == "NOUN" and not act_noun(head.lower_) and head.lower_ not in PLACE_NOUNS


def standalone(state: MatchState, hit: Hit) -> ActorMention | None:
    """The mention a hit not consumed by an agent phrase stands for, or None (a place, a modifier of a thing)."""
    entry = hit.entry
    kind = entry.kind
    if kind in ("actor", "person"):
        return _named(state, hit)
    if hit.place is not None:
        kind = place_kind(hit.place)  # the geoparser's record says what the words are ("the united states": a country)
    last = state.doc[hit.end - 1]
    if last.i in state.blocked or names_feature(last):
        return None
    dep, prep = role_dep(last)
    name = hit.place.name if hit.place is not None else entry.name or entry.phrase
    country = hit.country or split_code(entry.code)[0] or entry.code
    evidence = from_entry(entry, country=country_of_hit(hit, state.doc[hit.start:hit.end].text))
    if prep is not None and prep in (PLACE_PREPS if kind in ("country", "demonym") or _territory(kind, hit) else TOWN_PREPS):
        return _place(state, hit, country, name, evidence, LOCATIVE)  # "in Tehran": where something happens
    holder = place_noun_holder(last)
    if holder is not None and (last.dep_ == "pobj" or role_dep(holder)[1] in TOWN_PREPS):
        # "the port of Mombasa" is a port, "in the Lower Juba region" a place: neither is the place acting
        return _place(state, hit, country, name, evidence, LOCATIVE)
    if modifies_thing(state, last):
        return _place(state, hit, country, name, evidence, MODIFIER)  # "Iranian oil", "an Italian grocery"
    if kind == "demonym":
        return _demonym(state, hit, country, evidence)
    if kind == "capital" and (dep in ACTING_DEPS or prep == "by"):
        return state.mention(hit.start, hit.end, combine(country, "GOV"), kind="metonym", rule=f"capital-metonym:{name}",
                             confidence=CONFIDENCE["capital"], name=name, evidence=evidence)
    if kind in ("city", "capital", "region") and dep in ("appos", "npadvmod"):
        return None
    if _governed(kind, hit) and (dep in ("nsubj", "agent") or prep == "by"):
        # "Plano sued the state", "California passed a law": a city or state acting is its government
        return state.mention(hit.start, hit.end, combine(country, "GOV"), kind="metonym", rule=f"{kind}-metonym:{name}",
                             confidence=CONFIDENCE["city"], name=name, evidence=evidence)
    mention_kind = "country" if kind in ("country", "region", "city", "capital") else kind
    rule = entry.rule if kind in ("country", "region") else f"{kind}:{name}"
    return state.mention(hit.start, hit.end, country, kind=mention_kind, rule=rule, confidence=CONFIDENCE.get(kind, 0.75), name=name, evidence=evidence)


def _place(state: MatchState, hit: Hit, country: str, name: str, evidence: dict[str, Any], why: str) -> ActorMention | None:
    """A country, territory or demonym named as a place or an attribute, not as an actor (kind ``place``): kept
    for consumers that locate or target events at places; never a passage's country when it only modifies a
    thing. Towns and divisions named as places are left to the geoparser (None)."""
    kind = place_kind(hit.place) if hit.place is not None else hit.entry.kind
    if not is_country(country[:3]) or not (kind in ("country", "demonym") or _territory(kind, hit)):
        return None  # a town or a division named as a place is left to the geoparser
    return state.mention(hit.start, hit.end, country, kind="place", rule=f"{hit.entry.kind}:{name}+{why}", confidence=CONFIDENCE["place"],
                         name=name, evidence=evidence)


def _territory(kind: str, hit: Hit) -> bool:
    """A region that is a country's whole territory or a territory of its own ("the Gaza Strip"), not a division."""
    return kind == "region" and not (hit.place is not None and (hit.place.feature_code or "").startswith("ADM"))


def _governed(kind: str, hit: Hit) -> bool:
    """A town, or a state or province of a country: acting, it is its government (continents and regions are not)."""
    if kind == "city":
        return True
    return kind == "region" and hit.place is not None and (hit.place.feature_code or "").startswith("ADM")


def _demonym(state: MatchState, hit: Hit, country: str, evidence: dict[str, Any]) -> ActorMention | None:
    """A demonym: the country ("Israeli shelling"), or its people when it stands as a noun ("Iranians
    protested", "an American")."""
    last = state.doc[hit.end - 1]
    entry = hit.entry
    name = entry.name or entry.phrase
    as_noun = last.pos_ in ("NOUN", "PROPN") and last.dep_ not in _MODIFIER_DEPS
    if not as_noun and not is_country(country[:3]):
        return None  # "Western criticism": a region's adjective before a noun is no actor of its own ("European leaders" is one)
    people = as_noun and (last.tag_ in ("NNS", "NNPS") or last.lower_.endswith("s") or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in last.children))
    if people:
        evidence["sector"] = {"from": "demonym", "text": last.text}
        return state.mention(hit.start, hit.end, combine(country, "CVL"), kind="demonym", rule=f"{entry.rule}+people",
                             confidence=CONFIDENCE["demonym"], name=name, evidence=evidence)
    return state.mention(hit.start, hit.end, country, kind="demonym", rule=entry.rule, confidence=CONFIDENCE["demonym"], name=name, evidence=evidence)


def _named(state: MatchState, hit: Hit) -> ActorMention | None:
    """A named organisation or person of the dictionary (with "the" before an organisation)."""
    entry = hit.entry
    name = entry.name or entry.phrase
    start = hit.start
    if split_code(entry.code)[1] == "PTY" and entry.country and start > 0 and state.doc[start - 1].lower_ in _CHAMBERS:
        return _party_in_chamber(state, hit)
    last = state.doc[hit.end - 1]
    if split_code(entry.code)[1] == "PTY" and last.pos_ == "ADJ" or (last.lower_ in _PARTY_ADJECTIVES and modifies_thing(state, last)):
        return None  # "the Republican tax plan": a party's adjective before a thing is no actor
    if split_code(entry.code)[1] in ("BUS", "MED") and role_dep(last) in (("pobj", "on"), ("pobj", "via")):
        return None  # "posted on Twitter": a platform named as where something was said
    if entry.kind == "actor" and start > 0 and state.doc[start - 1].lower_ == "the":
        start -= 1
    conf = CONFIDENCE[entry.kind] - (0.1 if hit.end - hit.start == 1 else 0.0)
    code, rule = entry.code, entry.rule
    evidence = from_entry(entry)
    title = title_in_name(state, hit) if entry.kind == "person" else None
    if title is not None and entry.country and split_code(code)[1] != title.agent_code[:3]:
        # the office the text spells out is what the person is in this story ("Prime Minister Theresa May" is
        # GBRGOV in an undated text, where the dictionary's latest entry says LEG)
        code, rule = combine(entry.country, title.agent_code), f"title:{title.phrase}+{entry.rule}"
        evidence["sector"] = {"from": "title", "text": title.phrase, "entry": title.source}
    return state.mention(start, hit.end, code, kind="actor", rule=rule, confidence=conf, name=name, evidence=evidence)


def _party_in_chamber(state: MatchState, hit: Hit) -> ActorMention:
    """"Senate Republicans", "the House GOP": the party's members of a legislature (the office beats the party)."""
    start = hit.start - 1
    if start > 0 and state.doc[start - 1].lower_ == "the":
        start -= 1
    before = state.by_token.get(hit.start - 1)
    if before is not None:
        before.used = True
    evidence = from_entry(hit.entry, sector={"from": "chamber", "text": state.doc[hit.start - 1].text})
    return state.mention(start, hit.end, combine(hit.entry.country, "LEG"), kind="actor", rule=f"chamber:{state.doc[hit.start - 1].text}+{hit.entry.rule}",
                         confidence=CONFIDENCE["actor"], name=hit.entry.name, evidence=evidence)


def title_in_name(state: MatchState, hit: Hit) -> ActorEntry | None:
    """The office a dictionary name spells out ("President Bush", "Secretary of State Warren
    Christopher", "Bush administration"): an agent phrase of a state sector at its start (longest
    first) or its last word, or None."""
    if hit.end - hit.start < 2:
        return None
    words = [t.lower_ for t in state.doc[hit.start : hit.end]]
    spans = [tuple(words[:k]) for k in range(min(4, len(words) - 1), 0, -1)] + [(words[-1],)]
    for key in spans:
        entries = state.dictionary.index.get(key)
        if entries and entries[0].kind == "agent" and entries[0].agent_code[:3] in STATE_SECTORS:
            return entries[0]
    return None
