"""Agent noun phrases ("Iranian media", "the army of Israel", "President Bush") and their countries.

An agent noun takes its country from the parse: adjectives and compounds ("Iranian media", "Plano
police"), coordinated adjectives ("Hungarian and Romanian officials"), possessives ("Iran's foreign
minister", "its citizens"), "X-based" ("a Pittsburgh-based company"), and "of/in/from" complements
("the army of Israel", "a court in Guyana"). A place's country is the geoparser's (:mod:`.places`).
A party before an office keeps the office ("Republican lawmakers" -> USALEG) and before a party role
gives the party ("Democratic leaders" -> USAPTY).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from ..model import ActorMention
from .codes import combine, split_code
from .dictionary import owned_only_nouns, venue_nouns
from .evidence import country_of_hit, from_entry
from .matching import Hit
from .state import CONFIDENCE, STATE_SECTORS, VENUE_PREPS, MatchState

ANCHOR_PREPS = frozenset({"of", "in", "from"})
_NP_LEFT = frozenset({"amod", "compound", "nmod", "poss", "det"})
# Words before a title that say the holder is out of office: the code takes the ELI sector.
_FORMER = frozenset({"former", "ousted", "deposed", "exiled", "late", "toppled", "overthrown", "onetime", "erstwhile", "ex"})
# Party roles: after a party name the party is the actor ("Democratic leaders" -> USAPTY), unlike offices.
PARTY_ROLES = frozenset({
    "leader", "leaders", "leadership", "official", "officials", "member", "members", "activist", "activists", "candidate",
    "candidates", "nominee", "nominees", "strategist", "strategists", "operative", "operatives", "aide", "aides", "staff",
    "staffers", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "delegates", "donors",
})


_OFFICERS = frozenset({"officer", "officers"})


def _national(place: Any) -> bool:
    """A country or demonym anchor (not a town's or a county's)."""
    return isinstance(place, Hit) and place.entry.kind in ("country", "demonym") and place.country is not None


class Anchor(Enum):
    """How an agent phrase was tied to its country (written into the mention's rule)."""

    POSS = "poss"  # "Iran's foreign minister"
    MOD = "mod"  # "Iranian media"
    OF = "of"  # "the army of Israel"
    IN = "in"  # "a court in Guyana"
    FROM = "from"  # "officials from Iran"
    ANAPHORA = "anaphora"  # "its citizens": a possessor resolved back (the mention is a pronoun mention)


def role_dep(token: Any) -> tuple[str, str | None]:
    """Dependency label of a token's phrase (walking up coordination) and its preposition, if any."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ == "pobj":
        return "pobj", token.head.lower_
    return token.dep_, None


def modifier_only(state: MatchState, head: Any) -> bool:
    """An agent noun that only modifies another noun or names a place: no actor of its own."""
    up = state.by_token.get(head.head.i)
    if head.dep_ in ("compound", "amod") and head.head.i > head.i and up is not None and up.entry.kind == "agent":
        return True  # "government forces": the modifier agent is part of the head agent's phrase
    if head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
        return True  # "media focus", "police station": the agent noun only modifies a thing
    return head.lower_ in venue_nouns() and role_dep(head)[1] in VENUE_PREPS  # "in prison", "at the school": a place


def agent_mentions(state: MatchState, hit: Hit, *, anaphora: bool, resolve: Any = None) -> list[ActorMention]:
    """The mentions of one agent noun phrase: one per country it names, or one without a country.

    ``resolve`` (with ``anaphora``) resolves a possessive pronoun ("its citizens") to ``(country, label, code)``."""
    head = state.doc[hit.end - 1]
    if modifier_only(state, head):
        return []
    np_head, named = named_head(state, head)
    sector = _role_sector(state, head) or hit.entry.agent_code
    places, via_of = agent_countries(state, np_head, hit, resolve=resolve if anaphora else None)
    left = _quantity_edge(np_head, left_edge(np_head, hit.start, blocked=state.blocked))
    end_tok = max(hit.end, np_head.i + 1)
    if via_of is not None and len(places) == 1:
        end_tok = max(end_tok, via_of.end)  # "the army of Israel"; "the leaders of Turkey and Russia" stays two mentions
    if named is not None:
        named.used = True
    if sector[:3] in ("GOV", "PTY") and chamber_leader(state.doc, head, left):
        sector = "LEG"  # "House Majority Leader X", "Senate Democratic leaders": an office in a chamber beats the party
    if sector[:3] in STATE_SECTORS and former(state.doc, hit, left):
        sector = "ELI"  # "ousted President X", "the late King Y": no longer in office
    elif sector == "PTY" and np_head.i >= hit.end and np_head.ent_type_ == "PERSON":
        sector = "ELI"  # "candidate Alassane Ouattara": a named candidate is an elite (docs/annotation.md 2.3)
    elif hit.entry.phrase.lower() in _OFFICERS and places and _national(places[0][0]):
        sector = "MIL"  # "Syrian officers": a state's officers are its army's; "officers said" in local news are police
    span = (left, end_tok)
    if hit.entry.phrase.lower() in GENERIC_NOUNS and left == hit.start and end_tok == hit.end and not places:
        return []  # "people say ...": people in general are no actor (docs/annotation.md 2.1)
    if not places:
        return _unplaced_agent(state, hit, np_head, named, sector, span)
    return _placed_agents(state, hit, _distinct_places(places), named, sector, span)


def _unplaced_agent(state: MatchState, hit: Hit, np_head: Any, named: Hit | None, sector: str, span: tuple[int, int]) -> list[ActorMention]:
    """An agent phrase that names no country: a named person's, a known surname's, a default country, or none."""
    left, end_tok = span
    entry = hit.entry
    if named is None and entry.phrase.lower() in owned_only_nouns():
        return []  # "the tanks head back": a craft without an owner names no actor
    if named is not None and named.country:
        person_sector = split_code(named.entry.code)[1]
        name = named.entry.name or named.entry.phrase
        evidence = from_entry(named.entry, country=country_of_hit(named, name))
        if sector == "CVL" and named.entry.kind == "person":
            code, rule = named.entry.code, f"title:{entry.phrase}+{named.entry.rule}"  # "Mr. Romney": an honorific is no office
        elif person_sector in (None, "ELI", "PTY") or (named.entry.kind == "person" and sector == "ELI"):
            # the title in the text says what the person is now ("President Obama" -> USAGOV); an office beats
            # the party ("Senate Republicans" -> USALEG)
            code, rule = combine(named.country, sector), f"title:{entry.phrase}+{named.entry.rule}"
            evidence["sector"] = {"from": "title", "text": entry.phrase, "entry": entry.source}
        else:
            code, rule = named.entry.code, f"agent:{entry.phrase}+{named.entry.rule}"
        return [state.mention(left, end_tok, code, kind="actor", rule=rule, confidence=CONFIDENCE["person"], name=name, evidence=evidence)]
    known = _known_by_surname(state, hit, np_head) if named is None and sector == "CVL" else None
    if known is not None:  # "Mr. Romney", "Ms. Pelosi": the well-known person of that name
        evidence = from_entry(known, country={"from": "surname", "text": np_head.text, "entry": known.source})
        return [state.mention(left, end_tok, known.code, kind="actor", rule=f"title:{entry.phrase}+surname:{np_head.text}->{known.name or known.phrase}",
                              confidence=CONFIDENCE["surname"], name=known.name or known.phrase, evidence=evidence)]
    surname = _surname_country(state, hit, np_head)
    if named is None and surname is not None and sector != "CVL":
        evidence = from_entry(entry, country={"from": "surname", "text": np_head.text})
        return [state.mention(left, end_tok, combine(surname, sector), kind="agent", rule=f"title:{entry.phrase}+surname:{np_head.text}",
                              confidence=CONFIDENCE["surname"], evidence=evidence)]
    if named is not None:
        return [state.mention(named.start, named.end, named.entry.code, kind="actor", rule=named.entry.rule, confidence=CONFIDENCE["actor"],
                              name=named.entry.name or named.entry.phrase, evidence=from_entry(named.entry))]
    default = entry.default_country
    if default is not None and state.doc[hit.start].text[:1].isupper() and _default_fits(state, hit, default):
        evidence = from_entry(entry, country={"from": "default", "entry": entry.source, "text": state.doc[hit.start:hit.end].text})
        return [state.mention(left, end_tok, combine(default, sector), kind="agent", rule=f"agent:{entry.phrase}+default:{default}",
                              confidence=CONFIDENCE["default"], evidence=evidence)]
    return [state.mention(left, end_tok, sector, kind="agent", rule=f"agent:{entry.phrase}", confidence=CONFIDENCE["agent"], evidence=from_entry(entry))]


def _placed_agents(state: MatchState, hit: Hit, places: list[tuple[Any, Anchor]], named: Hit | None, sector: str, span: tuple[int, int]) -> list[ActorMention]:
    """One mention per country of an agent phrase ("Hungarian and Romanian officials": two); the last carries the head."""
    left, end_tok = span
    out = []
    for n, (place, how) in enumerate(places):
        if isinstance(place, Hit):
            place.used = True
        base = anchor_base(place, hit) if isinstance(place, Hit) else place[0]
        label = _label(place) if isinstance(place, Hit) else place[1]
        rule = f"agent:{hit.entry.phrase}+{how.value}:{label}"
        if isinstance(place, Hit):
            country = country_of_hit(place, state.doc[place.start:place.end].text)
        else:
            country = {"from": "antecedent", "text": place[1]}
        evidence = from_entry(hit.entry, country=country)
        if _party_role(place, hit) and sector == "LEG" and isinstance(place, Hit) and place.country:
            code = combine(place.country, sector)  # "Senate Democratic leaders": an office in a chamber beats the party
        else:
            code = base if _party_role(place, hit) else combine(base, sector)  # "Democratic leaders": the party itself
        if n < len(places) - 1:
            out.append(state.mention(place.start, place.end, code, kind="agent", rule=rule, confidence=CONFIDENCE["agent+country"], evidence=evidence))
            continue
        if isinstance(place, Hit) and len(places) > 1 and place.start < hit.start:
            start_tok = place.start  # coordination: the last conjunct carries the shared head noun
        elif isinstance(place, Hit) and place.start < hit.start and how is not Anchor.OF:
            start_tok = min(left, place.start)
        else:
            start_tok = left  # the country comes after the head ("officers in England and Wales")
        kind = "pronoun" if how is Anchor.ANAPHORA else "agent"
        conf = CONFIDENCE["pronoun"] if kind == "pronoun" else CONFIDENCE["agent+country"]
        out.append(state.mention(start_tok, end_tok, code, kind=kind, rule=rule, confidence=conf,
                                 name=named.entry.name if named else None, evidence=evidence))
    return out


# Nouns that alone, without a determiner, quantity or modifier, mean people in general.
GENERIC_NOUNS = frozenset({"people", "persons", "individuals", "anyone", "everyone"})
# Nouns of a role inside an organisation: the organisation's sector is the actor's ("a police spokesman" -> COP).
ROLE_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "official", "officials", "chief", "head", "director", "member", "members",
                        "employee", "employees", "staff", "representative", "representatives", "source", "sources", "worker", "workers",
                        "leader", "leaders"})
# Words of rank before a role noun: they name no organisation.
RANK_WORDS = frozenset({"deputy", "vice", "assistant", "acting", "interim", "senior", "top", "former"})
# Quantity nouns before "of" that belong to the noun phrase ("dozens of advertisers").
QUANTITY_NOUNS = frozenset({"dozens", "hundreds", "thousands", "millions", "scores", "tens", "couple", "group", "handful",
                            "lot", "lots", "majority", "minority", "some", "many", "most", "all", "several", "both", "few", "one", "two",
                            "three", "four", "five", "each", "none", "half", "dozen", "hundred", "thousand"})


def _role_sector(state: MatchState, head: Any) -> str | None:
    """The sector of an agent noun modifying a role noun ("police spokesman", "company officials"), or None."""
    if head.lower_ not in ROLE_NOUNS:
        return None
    for child in head.lefts:
        other = state.by_token.get(child.i)
        if child.lower_ in RANK_WORDS:
            continue  # "deputy leader", "deputy director": a rank, not a sheriff's deputy
        if child.dep_ == "compound" and other is not None and other.entry.kind == "agent" and other.end == child.i + 1:
            return other.entry.agent_code
    for prep in head.rights:  # "members of Congress", "officials of the ministry"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                other = state.by_token.get(obj.i)
                if obj.dep_ == "pobj" and other is not None and other.entry.kind == "agent" and other.end == obj.i + 1:
                    return other.entry.agent_code
    return None


def _quantity_edge(np_head: Any, left: int) -> int:
    """Extend a phrase over a quantity before "of" ("dozens of advertisers", "two of the soldiers")."""
    prep = np_head.head
    if np_head.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in QUANTITY_NOUNS and prep.head.i < np_head.i:
        return min(left, prep.head.left_edge.i)
    return left


def _label(place: Hit) -> str:
    """How a rule names the place an agent took its country from: the geoparser's name when it resolved it."""
    if place.place is not None:
        return f"place:{place.place.name}"
    return place.entry.rule


def _party_role(place: Any, agent: Hit) -> bool:
    """A party before one of its roles ("Democratic leaders", "Republican candidates")."""
    return isinstance(place, Hit) and place.entry.kind == "actor" and split_code(place.entry.code)[1] == "PTY" and agent.entry.phrase.lower() in PARTY_ROLES


def _distinct_places(places: list[tuple[Any, Anchor]]) -> list[tuple[Any, Anchor]]:
    """One place per country: "Japanese Prime Minister Ryutaro Hashimoto" names Japan twice (the demonym
    and the person) and is one actor, not a coordination; repeated places are consumed."""
    out: list[tuple[Any, Anchor]] = []
    seen: set[str] = set()
    for place, how in places:
        key = anchor_base(place, None) if isinstance(place, Hit) else place[0]
        if key in seen:
            if isinstance(place, Hit):
                place.used = True
            continue
        seen.add(key)
        out.append((place, how))
    return out


def _default_fits(state: MatchState, hit: Hit, default: str) -> bool:
    """An agent's default country ("Congress" -> USA) holds when the word is not the end of a longer
    name ("African National Congress") and the article names no other country, or names that one."""
    before = state.doc[hit.start - 1] if hit.start > 0 else None
    if before is not None and before.text[:1].isupper() and before.pos_ == "PROPN" and state.by_token.get(before.i) is None:
        return False
    return not state.named_countries or default in state.named_countries


_LEADERS = frozenset({"leader", "leaders", "leadership", "whip", "whips"})
_CHAMBER_WORDS = frozenset({"senate", "house", "congressional", "parliamentary", "commons", "majority", "minority"})


def chamber_leader(doc: Any, head: Any, left: int) -> bool:
    """A leader of a legislature ("the House minority leader", "Senate Majority Leader", "congressional leaders"):
    a leader noun with a chamber word before it in its own phrase."""
    return head.lower_ in _LEADERS and any(doc[i].lower_ in _CHAMBER_WORDS for i in range(left, head.i))


def former(doc: Any, hit: Hit, left: int) -> bool:
    """True when the agent phrase says its holder left office ("ousted President", "the late King")."""
    return any(doc[i].lower_ in _FORMER for i in range(left, hit.start))


def _known_by_surname(state: MatchState, hit: Hit, np_head: Any) -> Any:
    """The person a last name after an honorific stands for ("Mr. Romney"; :meth:`MatchState.person_by_surname`)."""
    if np_head.i < hit.end or np_head.pos_ != "PROPN" or state.by_token.get(np_head.i) is not None:
        return None
    if _given_name_between(state, hit, np_head):
        return None
    return state.person_by_surname(np_head.lower_)


def _surname_country(state: MatchState, hit: Hit, np_head: Any) -> str | None:
    """A title before a capitalised last name known from the people in the dictionary
    ("President Mugabe" -> ZWE); None when the name is unknown or shared by people of several countries."""
    if np_head.i < hit.end or state.by_token.get(np_head.i) is not None or _given_name_between(state, hit, np_head):
        return None
    return state.surname_country(np_head)


def _given_name_between(state: MatchState, hit: Hit, np_head: Any) -> bool:
    """A first name between the title and the last name that no person of the dictionary with that last name
    bears ("Police Chief Robert Putin"): another person, whose last name says nothing of their country."""
    given = [t for t in state.doc[hit.end : np_head.i] if state.given_name(t)]
    return bool(given) and not state.dictionary.bears_name(given[0].text, np_head.text)


def anchor_base(place: Hit, agent: Hit | None) -> str:
    """What an agent noun's code is built on: the country of a place, or a whole organisation code.

    A party gives its whole code only to a party role ("Democratic leaders" -> USAPTY); before an office
    it gives the country ("Republican lawmakers" -> USALEG)."""
    if place.entry.kind == "actor":
        if split_code(place.entry.code)[1] == "PTY" and place.country:
            if agent is None or agent.entry.phrase.lower() not in PARTY_ROLES:
                return place.country
        return place.entry.code  # "UN troops" -> IGOUNOMIL, "Hamas leaders" -> PSEREBGOV
    return place.country or place.entry.code  # a person gives the country: "Putin's spokesman" -> RUSGOV


def named_head(state: MatchState, head: Any) -> tuple[Any, Hit | None]:
    """A title before a name ("President Bush", "Foreign Minister Peter Szijjarto") heads the name."""
    up = head.head
    if head.dep_ == "compound" and up.i > head.i and up.pos_ == "PROPN":
        hit = state.by_token.get(up.i)
        named = hit if hit is not None and hit.entry.kind in ("person", "actor") else None
        return up, named
    return head, None


def left_edge(np_head: Any, floor: int, *, blocked: set[int] = frozenset()) -> int:
    """First token of the noun phrase left of ``np_head`` (determiner and modifiers included; never into a
    dateline or a party tag)."""
    left = floor
    for child in np_head.lefts:
        if child.dep_ in _NP_LEFT or child.dep_ == "case" or child.dep_ in ("nummod", "quantmod"):
            left = min(left, child.left_edge.i)
    while left < floor and (left in blocked or state_punct(np_head.doc[left])):
        left += 1
    return left


def state_punct(token: Any) -> bool:
    """Punctuation that cannot open a noun phrase (a dash, a bracket, a quotation mark)."""
    return token.is_punct and token.text not in ("'", "’")


def agent_countries(state: MatchState, np_head: Any, hit: Hit, *, resolve: Any = None) -> tuple[list[tuple[Any, Anchor]], Hit | None]:
    """Countries attached to an agent phrase, in text order, each with how it was found."""
    found: list[tuple[Any, Anchor]] = []
    seen: set[int] = set()

    def add(token: Any, how: Anchor) -> None:
        place = state.place_hit(token)
        if place is not None and id(place) not in seen and not (hit.start <= place.start < hit.end):
            seen.add(id(place))
            found.append((place, how))
            for conj in token.conjuncts:
                other = state.place_hit(conj)
                if other is not None and id(other) not in seen:
                    seen.add(id(other))
                    found.append((other, how))

    heads = {np_head, state.doc[hit.end - 1]}
    _left_anchors(heads, add, found, resolve)
    people_of_org = hit.entry.agent_code == "CVL" and found and all(isinstance(p, Hit) and p.entry.kind == "actor" for p, _ in found)
    if not found or people_of_org:
        _deeper_anchors(state, heads, hit, add, found if not people_of_org else [])
    via_of = None
    if not found:
        for child in np_head.rights:
            if child.dep_ == "prep" and child.lower_ in ANCHOR_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        add(obj, Anchor(child.lower_))
                        if found and child.lower_ == "of":
                            via_of = found[-1][0] if isinstance(found[-1][0], Hit) else None
                if found:
                    break
    if hit.entry.agent_code == "CVL" and any(isinstance(p, Hit) and p.entry.kind != "actor" for p, _ in found):
        found = [(p, how) for p, how in found if not (isinstance(p, Hit) and p.entry.kind == "actor")]  # "Japanese Twitter users"
    found.sort(key=lambda item: item[0].start if isinstance(item[0], Hit) else -1)
    return found, via_of


def _left_anchors(heads: set[Any], add: Any, found: list[tuple[Any, Anchor]], resolve: Any) -> None:
    """Possessors, adjectives, compounds and "X-based" to the left of the head."""
    for h in heads:
        for child in h.lefts:
            if child.dep_ == "poss":
                add(child, Anchor.POSS)
                if not found and resolve is not None:
                    resolved = resolve(child)
                    if resolved is not None:
                        found.append(((resolved[0] or resolved[2], resolved[1]), Anchor.ANAPHORA))
            elif child.dep_ in ("amod", "compound", "nmod", "npadvmod"):
                add(child, Anchor.MOD)
                if child.lower_ == "based" or child.lower_.endswith("-based"):
                    for grand in child.subtree:  # "the Pittsburgh-based company", "a London based group"
                        if grand is not child:
                            add(grand, Anchor.MOD)


def _deeper_anchors(state: MatchState, heads: set[Any], hit: Hit, add: Any, found: list[tuple[Any, Anchor]]) -> None:
    """One level down ("British Defence Secretary Tom King"), then a country right before the phrase."""
    for h in heads:
        for child in h.lefts:
            if child.dep_ == "compound":
                for grand in child.lefts:
                    if grand.dep_ in ("amod", "compound", "nmod", "poss"):
                        add(grand, Anchor.MOD)
    if found or hit.start == 0:
        return
    # parse-independent fallback: a country right before the agent phrase
    doc = state.doc
    prev = state.by_token.get(hit.start - 1)
    if prev is None and hit.start > 1 and doc[hit.start - 1].tag_ == "POS":
        prev = state.by_token.get(hit.start - 2)
    if prev is None and hit.start > 2 and doc[hit.start - 1].lower_ == "led" and doc[hit.start - 2].text == "-":
        prev = state.by_token.get(hit.start - 3)  # "Saudi-led coalition forces": the leading country's
    if prev is not None and prev.entry.kind != "agent" and prev.country:
        add(doc[prev.end - 1], Anchor.MOD)
