"""Finding actor mentions in a parsed spaCy ``Doc``.

Three passes, all cheap:

1. dictionary phrases are matched token by token (lower-cased text, longest
   match first) with a few checks that keep precision (proper names must be
   capitalised and tagged as names; agent nouns must be nouns): see
   :mod:`eventlens.actors.matching`;
2. agent nouns take their country from the parse: adjectives and compounds
   ("Iranian media"), coordinated adjectives ("Hungarian and Romanian
   officials"), possessives ("Iran's foreign minister", "its citizens", "the
   city's residents") and "of/in/from" complements ("the army of Israel",
   "a court in Guyana");
3. what is left is emitted by its role: countries and demonyms always, cities
   and capitals only when they act (a capital as subject is its government:
   "Tehran said" -> IRNGOV), pronouns and "the city"/"the group" resolved to
   the nearest compatible actor before them in the paragraph.

Agent phrases that still name no country take the country of their
sentence, paragraph or article (:mod:`eventlens.actors.context`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..model import ActorMention
from .codes import combine, split_code
from .context import attach_context as attach_context_countries
from .dictionary import ActorDictionary, ActorEntry, owned_only_nouns, venue_nouns
from .matching import Hit, match
from .reference import PronounClass, expletive_it, number_agrees, plural_head, pronoun, reference_noun, subject_role

# Prepositions after which a city is a location, not an actor.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "within", "throughout", "across", "along", "beyond", "via", "over", "between", "among", "amid", "towards", "toward", "past", "off", "on", "through", "into", "from", "of", "like"}
)
# Prepositions after which an agent noun that names a place is that place ("in prison", "at the school").
VENUE_PREPS = frozenset({"in", "at", "inside", "outside", "near", "into", "within", "around", "behind", "across"})
# Roles in which a capital stands for its government.
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "agent", "dative"})
ANCHOR_PREPS = frozenset({"of", "in", "from"})
_NP_LEFT = frozenset({"amod", "compound", "nmod", "poss", "det"})


class _Anchor(Enum):
    """How an agent phrase was tied to its country (written into the mention's rule)."""

    POSS = "poss"  # "Iran's foreign minister"
    MOD = "mod"  # "Iranian media"
    OF = "of"  # "the army of Israel"
    IN = "in"  # "a court in Guyana"
    FROM = "from"  # "officials from Iran"
    ANAPHORA = "anaphora"  # "its citizens": a possessor resolved back (the mention is a pronoun mention)

# Words before a title that say the holder is out of office: the code takes the ELI sector.
_FORMER = frozenset({"former", "ousted", "deposed", "exiled", "late", "toppled", "overthrown", "onetime", "erstwhile"})
CONFIDENCE = {
    "country": 0.95,
    "region": 0.9,
    "demonym": 0.9,
    "agent+country": 0.9,
    "agent": 0.7,
    "city": 0.75,
    "capital": 0.7,
    "actor": 0.9,
    "person": 0.9,
    "surname": 0.75,
    "default": 0.8,
    "context": 0.55,
    "pronoun": 0.5,
}


@dataclass(slots=True)
class Referent:
    """Something a pronoun or "the city" can refer to: an emitted mention or a place left to the geoparser."""

    start: int  # token index
    country: str | None
    code: str
    kind: str  # entry kind of what was mentioned (country, city, agent, actor ...)
    plural: bool
    subject: bool
    sentence: int
    paragraph: int
    label: str
    person: bool = False  # a named person, or a title with a name ("Prime Minister X")


def find_actors(
    doc: Any,
    *,
    dictionary: ActorDictionary,
    date: str | None = None,
    sentence_starts: Sequence[int] = (),
    paragraph_starts: Sequence[int] = (),
    attach_context: bool = True,
) -> list[ActorMention]:
    """Actor mentions in ``doc``, sorted by start offset.

    With ``attach_context`` agent nouns whose phrase names no country ("the
    government", "police") get the country the passage is about (see
    :func:`eventlens.actors.context.attach_context`), with a lower confidence.

    ``sentence_starts``/``paragraph_starts`` are the character offsets where
    the analysis' sentences and paragraphs begin (used for the ``sentence``
    index and to keep anaphora inside its paragraph); without them spaCy's
    sentences are used and the whole doc is one paragraph.
    """
    if not sentence_starts:
        sentence_starts = [s.start_char for s in doc.sents]
    hits = match(doc, dictionary, date)
    by_token = {i: h for h in hits for i in range(h.start, h.end)}
    ctx = _Context(doc, hits, by_token, list(sentence_starts), list(paragraph_starts) or [0])
    ctx.dictionary = dictionary
    agent_mentions: dict[int, list[ActorMention]] = {}
    for n, hit in enumerate(hits):
        if hit.entry.kind == "agent":
            agent_mentions[n] = _agent_mentions(ctx, hit, anaphora=False)
    standalone = [m for hit in hits if not hit.used and hit.entry.kind != "agent" for m in [_standalone(ctx, hit)] if m is not None]
    ctx.referents = _referents(ctx, [m for ms in agent_mentions.values() for m in ms] + standalone)
    for n, found in agent_mentions.items():
        if len(found) == 1 and found[0].country is None and _wants_anaphora(doc[hits[n].end - 1]):
            agent_mentions[n] = _agent_mentions(ctx, hits[n], anaphora=True)
    mentions = [m for ms in agent_mentions.values() for m in ms] + standalone
    mentions.extend(_anaphora(ctx, mentions))
    mentions.sort(key=lambda m: (m.start, -m.end))
    mentions = _dedupe(mentions)
    if attach_context:
        covered = {m.start for m in mentions}
        located = [(ctx.sentence(doc[h.start].idx), h.country) for h in hits if h.entry.kind in ("city", "capital") and h.country and not h.used and doc[h.start].idx not in covered]
        mentions = attach_context_countries(mentions, paragraph_of=ctx.paragraph, clause_of=ctx.clause_of, located=located)
    return mentions


# ---------------------------------------------------------------- shared state


class _Context:
    def __init__(self, doc: Any, hits: list[Hit], by_token: dict[int, Hit], sentence_starts: list[int], paragraph_starts: list[int]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once
        self.hits = hits
        self.by_token = by_token
        self.sentence_starts = sentence_starts
        self.paragraph_starts = paragraph_starts
        self.referents: list[Referent] = []
        self.dictionary: ActorDictionary | None = None
        # countries named in the doc by places, demonyms and named actors (not by agent nouns)
        self.named_countries = frozenset(h.country for h in hits if h.entry.kind != "agent" and h.country)

    def sentence(self, char: int) -> int | None:
        return max(bisect_right(self.sentence_starts, char) - 1, 0) if self.sentence_starts else None

    def clause_of(self, m: ActorMention) -> int | None:
        """Token index of the nearest verb above a mention (its clause); None when there is none or the
        mention sits in a locative phrase on the way ("a majority in the Serbian parliament": a setting,
        not a party of the clause)."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None
        token = span.root
        for _ in range(40):
            if token.pos_ in ("VERB", "AUX") or token.head is token:
                return token.i
            if token.dep_ == "prep" and token.lower_ in VENUE_PREPS:
                return None
            token = token.head
        return None

    def paragraph(self, char: int) -> int:
        return max(bisect_right(self.paragraph_starts, char) - 1, 0)

    def place_hit(self, token: Any) -> Hit | None:
        hit = self.by_token.get(token.i)
        if hit is None or hit.entry.kind == "agent":
            return None
        if hit.country or hit.entry.kind == "actor":
            return hit  # a country, or an organisation an agent can belong to ("UN troops")
        return None

    def mention(self, start_tok: int, end_tok: int, code: str, *, kind: str, rule: str, confidence: float, name: str | None = None) -> ActorMention:
        doc = self.doc
        start = doc[start_tok].idx
        last = doc[end_tok - 1]
        end = last.idx + len(last.text)
        country, sector = split_code(code)
        return ActorMention(
            text=self.text[start:end],
            start=start,
            end=end,
            code=code,
            country=country,
            sector=sector,
            name=name,
            kind=kind,
            sentence=self.sentence(start),
            rule=rule,
            confidence=confidence,
        )


# ---------------------------------------------------------------- pass 2: agent nouns


def _modifier_only(ctx: _Context, head: Any) -> bool:
    """An agent noun that only modifies another noun or names a place: no actor of its own."""
    if head.dep_ in ("compound", "amod") and head.head.i > head.i and ctx.by_token.get(head.head.i, None) is not None and ctx.by_token[head.head.i].entry.kind == "agent":
        return True  # "government forces": the modifier agent is part of the head agent's phrase
    if head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
        return True  # "media focus", "police station": the agent noun only modifies a thing
    return head.lower_ in venue_nouns() and _role_dep(head)[1] in VENUE_PREPS  # "in prison", "at the school": a place


def _agent_mentions(ctx: _Context, hit: Hit, *, anaphora: bool) -> list[ActorMention]:
    """The mentions of one agent noun phrase: one per country it names, or one without a country."""
    head = ctx.doc[hit.end - 1]
    if _modifier_only(ctx, head):
        return []
    np_head, named = _named_head(ctx, head)
    sector = hit.entry.agent_code
    places, via_of = _agent_countries(ctx, np_head, hit, anaphora=anaphora)
    left = _left_edge(np_head, hit.start)
    end_tok = max(hit.end, np_head.i + 1)
    if via_of is not None:
        end_tok = max(end_tok, via_of.end)
    if named is not None:
        named.used = True
    if sector[:3] in _STATE_SECTORS and _former(ctx.doc, hit, left):
        sector = "ELI"  # "ousted President X", "the late King Y": no longer in office
    span = (left, end_tok)
    if not places:
        return _unplaced_agent(ctx, hit, np_head, named, sector, span)
    return _placed_agents(ctx, hit, _distinct_places(places), named, sector, span)


def _unplaced_agent(ctx: _Context, hit: Hit, np_head: Any, named: Hit | None, sector: str, span: tuple[int, int]) -> list[ActorMention]:
    """An agent phrase that names no country: a named person's, a known surname's, a default country, or none."""
    left, end_tok = span
    if named is None and hit.entry.phrase.lower() in owned_only_nouns():
        return []  # "the tanks head back": a craft without an owner names no actor
    if named is not None and named.country:
        person_sector = split_code(named.entry.code)[1]
        if person_sector in (None, "ELI") or (named.entry.kind == "person" and sector == "ELI"):
            # the title in the text says what the person is now ("President Obama" -> USAGOV)
            code, rule = combine(named.country, sector), f"title:{hit.entry.phrase}+{named.entry.rule}"
        else:
            code, rule = named.entry.code, f"agent:{hit.entry.phrase}+{named.entry.rule}"
        return [ctx.mention(left, end_tok, code, kind="actor", rule=rule, confidence=CONFIDENCE["person"], name=named.entry.name or named.entry.phrase)]
    surname = _surname_country(ctx, hit, np_head)
    if named is None and surname is not None:
        return [ctx.mention(left, end_tok, combine(surname, sector), kind="agent", rule=f"title:{hit.entry.phrase}+surname:{np_head.text}", confidence=CONFIDENCE["surname"])]
    if named is not None:
        return [ctx.mention(named.start, named.end, named.entry.code, kind="actor", rule=named.entry.rule, confidence=CONFIDENCE["actor"], name=named.entry.name or named.entry.phrase)]
    default = hit.entry.default_country
    if default is not None and ctx.doc[hit.start].text[:1].isupper() and _default_fits(ctx, hit, default):
        return [ctx.mention(left, end_tok, combine(default, sector), kind="agent", rule=f"agent:{hit.entry.phrase}+default:{default}", confidence=CONFIDENCE["default"])]
    return [ctx.mention(left, end_tok, sector, kind="agent", rule=f"agent:{hit.entry.phrase}", confidence=CONFIDENCE["agent"])]


def _placed_agents(ctx: _Context, hit: Hit, places: list[tuple[Any, _Anchor]], named: Hit | None, sector: str, span: tuple[int, int]) -> list[ActorMention]:
    """One mention per country of an agent phrase ("Hungarian and Romanian officials": two); the last carries the head."""
    left, end_tok = span
    out = []
    for n, (place, how) in enumerate(places):
        if isinstance(place, Hit):
            place.used = True
        base = _anchor_base(place) if isinstance(place, Hit) else place[0]
        label = place.entry.rule if isinstance(place, Hit) else place[1]
        rule = f"agent:{hit.entry.phrase}+{how.value}:{label}"
        if n < len(places) - 1:
            out.append(ctx.mention(place.start, place.end, combine(base, sector), kind="agent", rule=rule, confidence=CONFIDENCE["agent+country"]))
            continue
        if isinstance(place, Hit) and len(places) > 1 and place.start < hit.start:
            start_tok = place.start  # coordination: the last conjunct carries the shared head noun
        elif isinstance(place, Hit) and place.start < hit.start and how is not _Anchor.OF:
            start_tok = min(left, place.start)
        else:
            start_tok = left  # the country comes after the head ("officers in England and Wales")
        kind = "pronoun" if how is _Anchor.ANAPHORA else "agent"
        conf = CONFIDENCE["pronoun"] if kind == "pronoun" else CONFIDENCE["agent+country"]
        out.append(ctx.mention(start_tok, end_tok, combine(base, sector), kind=kind, rule=rule, confidence=conf, name=named.entry.name if named else None))
    return out


def _distinct_places(places: list[tuple[Any, _Anchor]]) -> list[tuple[Any, _Anchor]]:
    """One place per country: "Japanese Prime Minister Ryutaro Hashimoto" names Japan twice (the demonym
    and the person) and is one actor, not a coordination; repeated places are consumed."""
    out: list[tuple[Any, _Anchor]] = []
    seen: set[str] = set()
    for place, how in places:
        key = _anchor_base(place) if isinstance(place, Hit) else place[0]
        if key in seen:
            if isinstance(place, Hit):
                place.used = True
            continue
        seen.add(key)
        out.append((place, how))
    return out


def _default_fits(ctx: _Context, hit: Hit, default: str) -> bool:
    """An agent's default country ("Congress" -> USA) holds when the word is not the end of a longer
    name ("African National Congress") and the article names no other country, or names that one."""
    before = ctx.doc[hit.start - 1] if hit.start > 0 else None
    if before is not None and before.text[:1].isupper() and before.pos_ == "PROPN" and ctx.by_token.get(before.i) is None:
        return False
    return not ctx.named_countries or default in ctx.named_countries


def _former(doc: Any, hit: Hit, left: int) -> bool:
    """True when the agent phrase says its holder left office ("ousted President", "the late King")."""
    return any(doc[i].lower_ in _FORMER for i in range(left, hit.start))


def _surname_country(ctx: _Context, hit: Hit, np_head: Any) -> str | None:
    """A title before a capitalised last name known from the people in the dictionary
    ("President Mugabe" -> ZWE); None when the name is unknown or shared by people of several countries."""
    if ctx.dictionary is None or np_head.i < hit.end or np_head.pos_ != "PROPN" or not np_head.text[:1].isupper():
        return None
    if ctx.by_token.get(np_head.i) is not None:
        return None
    country = ctx.dictionary.surname_country(np_head.lower_)
    if country is None or (ctx.named_countries and country not in ctx.named_countries):
        return None  # a last name is weak evidence: it must not contradict the countries the article names
    return country


def _anchor_base(hit: Hit) -> str:
    """What an agent noun's code is built on: the country of a place, or a whole organisation code."""
    if hit.entry.kind == "actor":
        return hit.entry.code  # "UN troops" -> IGOUNOMIL, "Hamas leaders" -> PSEREBGOV
    return hit.country or hit.entry.code  # a person gives the country: "Putin's spokesman" -> RUSGOV


def _named_head(ctx: _Context, head: Any) -> tuple[Any, Hit | None]:
    """A title before a name ("President Bush", "Foreign Minister Peter Szijjarto") heads the name."""
    up = head.head
    if head.dep_ == "compound" and up.i > head.i and up.pos_ == "PROPN":
        hit = ctx.by_token.get(up.i)
        named = hit if hit is not None and hit.entry.kind in ("person", "actor") else None
        return up, named
    return head, None


def _left_edge(np_head: Any, floor: int) -> int:
    """First token of the noun phrase left of ``np_head`` (determiner and modifiers included)."""
    left = floor
    for child in np_head.lefts:
        if child.dep_ in _NP_LEFT or child.dep_ == "case":
            left = min(left, child.left_edge.i)
    return left


def _agent_countries(ctx: _Context, np_head: Any, hit: Hit, *, anaphora: bool) -> tuple[list[tuple[Any, _Anchor]], Hit | None]:
    """Countries attached to an agent phrase, in text order, each with how it was found."""
    found: list[tuple[Any, _Anchor]] = []
    seen: set[int] = set()

    def add(token: Any, how: _Anchor) -> None:
        place = ctx.place_hit(token)
        if place is not None and id(place) not in seen and not (hit.start <= place.start < hit.end):
            seen.add(id(place))
            found.append((place, how))
            for conj in token.conjuncts:
                other = ctx.place_hit(conj)
                if other is not None and id(other) not in seen:
                    seen.add(id(other))
                    found.append((other, how))

    heads = {np_head, ctx.doc[hit.end - 1]}
    for h in heads:
        for child in h.lefts:
            if child.dep_ == "poss":
                add(child, _Anchor.POSS)
                if not found and anaphora:
                    resolved = _resolve_reference(ctx, child)
                    if resolved is not None:
                        found.append(((resolved[0] or resolved[2], resolved[1]), _Anchor.ANAPHORA))
                        seen.add(-1)
            elif child.dep_ in ("amod", "compound", "nmod", "npadvmod"):
                add(child, _Anchor.MOD)
    if not found:
        # one level down: "British Defence Secretary Tom King", "Turkish Kurd refugees"
        for h in heads:
            for child in h.lefts:
                if child.dep_ == "compound":
                    for grand in child.lefts:
                        if grand.dep_ in ("amod", "compound", "nmod", "poss"):
                            add(grand, _Anchor.MOD)
    if not found and hit.start > 0:
        # parse-independent fallback: a country right before the agent phrase
        prev = ctx.by_token.get(hit.start - 1)
        if prev is None and hit.start > 1 and ctx.doc[hit.start - 1].tag_ == "POS":
            prev = ctx.by_token.get(hit.start - 2)
        if prev is None and hit.start > 2 and ctx.doc[hit.start - 1].lower_ == "led" and ctx.doc[hit.start - 2].text == "-":
            prev = ctx.by_token.get(hit.start - 3)  # "Saudi-led coalition forces": the leading country's
        if prev is not None and prev.entry.kind != "agent" and prev.country:
            add(ctx.doc[prev.end - 1], _Anchor.MOD)
    via_of = None
    if not found:
        for child in np_head.rights:
            if child.dep_ == "prep" and child.lower_ in ANCHOR_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        add(obj, _Anchor(child.lower_))
                        if found and child.lower_ == "of":
                            via_of = found[-1][0] if isinstance(found[-1][0], Hit) else None
                if found:
                    break
    found.sort(key=lambda item: item[0].start if isinstance(item[0], Hit) else -1)
    return found, via_of


# ---------------------------------------------------------------- pass 3: roles, anaphora


def _role_dep(token: Any) -> tuple[str, str | None]:
    """Dependency label of a token's phrase (walking up coordination) and its preposition, if any."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ == "pobj":
        return "pobj", token.head.lower_
    return token.dep_, None


def _standalone(ctx: _Context, hit: Hit) -> ActorMention | None:
    entry = hit.entry
    kind = entry.kind
    name = entry.name or entry.phrase
    start = hit.start
    if kind in ("actor", "person") and start > 0 and ctx.doc[start - 1].lower_ == "the" and kind == "actor":
        start -= 1
    if kind in ("country", "region", "demonym"):
        return ctx.mention(hit.start, hit.end, entry.code, kind="demonym" if kind == "demonym" else "country", rule=entry.rule, confidence=CONFIDENCE[kind], name=name)
    if kind in ("actor", "person"):
        conf = CONFIDENCE[kind] - (0.1 if hit.end - hit.start == 1 else 0.0)
        code, rule = entry.code, entry.rule
        title = _title_in_name(ctx, hit) if kind == "person" else None
        if title is not None and split_code(code)[1] in (None, "ELI") and entry.country:
            code, rule = combine(entry.country, title.agent_code), f"title:{title.phrase}+{entry.rule}"
        return ctx.mention(start, hit.end, code, kind="actor", rule=rule, confidence=conf, name=name)
    dep, prep = _role_dep(ctx.doc[hit.end - 1])
    if prep is not None and prep in LOCATIVE_PREPS:
        return None  # a place, left to the geoparser (still a referent for "the city")
    if kind == "capital" and (dep in ACTING_DEPS or prep == "by"):
        code = combine(split_code(entry.code)[0], "GOV")
        return ctx.mention(hit.start, hit.end, code, kind="metonym", rule=f"capital-metonym:{name}", confidence=CONFIDENCE["capital"], name=name)
    if dep in ("appos", "npadvmod") and kind == "city":
        return None
    return ctx.mention(hit.start, hit.end, split_code(entry.code)[0] or entry.code, kind="country", rule=f"{kind}:{name}", confidence=CONFIDENCE[kind], name=name)


def _title_in_name(ctx: _Context, hit: Hit) -> ActorEntry | None:
    """The office a dictionary name spells out ("President Bush", "Secretary of State Warren
    Christopher", "Bush administration"): an agent phrase of a state sector at its start (longest
    first) or its last word, or None."""
    if ctx.dictionary is None or hit.end - hit.start < 2:
        return None
    words = [t.lower_ for t in ctx.doc[hit.start : hit.end]]
    spans = [tuple(words[:k]) for k in range(min(4, len(words) - 1), 0, -1)] + [(words[-1],)]
    for key in spans:
        entries = ctx.dictionary.index.get(key)
        if entries and entries[0].kind == "agent" and entries[0].agent_code[:3] in _STATE_SECTORS:
            return entries[0]
    return None


def _thing_pronoun(word: str) -> PronounClass | None:
    """The class of "it", "its", "they", "them", "their" (the pronouns this stage resolves to a country), else None."""
    found = pronoun(word)
    return found.cls if found is not None and found.dependent and found.cls in (PronounClass.NEUTER, PronounClass.PLURAL) else None


def _person_possessive(word: str) -> bool:
    """"his", "her": a possessive that refers to a person ("his government")."""
    found = pronoun(word)
    return found is not None and found.cls in (PronounClass.MALE, PronounClass.FEMALE) and "possessive" in found.forms


def _definite_kinds(word: str) -> tuple[str, ...]:
    """What "the <word>" can refer back to here (city, capital, country, actor); () when this stage leaves it."""
    found = reference_noun(word)
    return found.kinds if found is not None else ()


def _wants_anaphora(head: Any) -> bool:
    """True when an agent noun has a possessive pronoun or "the city's"-style possessor."""
    for child in head.lefts:
        if child.dep_ == "poss" and (_thing_pronoun(child.lower_) or _person_possessive(child.lower_) or _definite_kinds(child.lower_)):
            return True
    return False


def _referents(ctx: _Context, mentions: list[ActorMention]) -> list[Referent]:
    """Referents from emitted mentions plus cities/capitals seen only as places, in text order."""
    doc = ctx.doc
    out = []
    starts = {t.idx: t.i for t in doc}
    for m in mentions:
        if m.kind == "pronoun" or not m.code or (m.country is None and m.kind == "agent"):
            continue
        first = starts.get(m.start)
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if first is None or span is None:
            continue
        last = span[-1]
        hit = ctx.by_token.get(last.i)
        kind = "agent" if m.kind == "agent" else (hit.entry.kind if hit is not None else m.kind)
        out.append(_referent(ctx, first, last, m.code, kind, m.name or m.text))
    for hit in ctx.hits:
        if not hit.used and hit.entry.kind in ("city", "capital") and hit.country and not any(r.start == hit.start for r in out):
            out.append(_referent(ctx, hit.start, doc[hit.end - 1], hit.country, hit.entry.kind, hit.entry.name or hit.entry.phrase))
    out.sort(key=lambda r: r.start)
    return out


def _referent(ctx: _Context, first: int, last: Any, code: str, kind: str, label: str) -> Referent:
    char = ctx.doc[first].idx
    hit = ctx.by_token.get(last.i)
    person = (hit is not None and hit.entry.kind == "person") or last.ent_type_ == "PERSON"
    subject = subject_role(last, through_coordination=True)
    return Referent(first, split_code(code)[0], code, kind, plural_head(last, kind=kind), subject, ctx.sentence(char) or 0, ctx.paragraph(char), label, person)


def _resolve_reference(ctx: _Context, token: Any) -> tuple[str | None, str, str] | None:
    """Country code (and label) that a pronoun or "the city"-style phrase refers to, or None.

    Pronouns: as subject, the nearest compatible subject earlier in the sentence or in the
    previous one; as possessive or object, the nearest compatible subject earlier in the
    sentence, else the previous sentence's subject; as object, the nearest compatible
    non-subject earlier in the sentence, else the previous sentence's subject. "the city"/"the group": the nearest referent of that kind
    in the paragraph or the one before.
    """
    word = token.lower_
    char = token.idx
    para, sent = ctx.paragraph(char), ctx.sentence(char) or 0
    before = [r for r in ctx.referents if r.start < token.i and r.paragraph == para]
    if _person_possessive(word):
        people = [r for r in before if r.person and r.country and r.sentence >= sent - 1]
        pick = ([r for r in people if r.subject and r.sentence == sent] or [r for r in people if r.subject] or people or [None])[-1]
        return (pick.country, f"{word}->{pick.label}", pick.country) if pick else None
    cls = _thing_pronoun(word)
    if cls is not None:
        plural = cls is PronounClass.PLURAL
        ok = [r for r in before if number_agrees(r.kind, r.plural, plural_pronoun=plural) and r.sentence >= sent - 1]
        same_subj = [r for r in ok if r.subject and r.sentence == sent]
        prev_subj = [r for r in ok if r.subject and r.sentence == sent - 1]
        pick = None
        if token.dep_ in ("nsubj", "nsubjpass"):
            pick = (same_subj or prev_subj or [None])[-1]
        elif token.dep_ == "poss":
            pick = (same_subj or prev_subj or [None])[-1]
        else:  # an object is rarely its own clause's subject ("providing them" is not the provider)
            same = [r for r in ok if r.sentence == sent and not r.subject]
            pick = (same or prev_subj or [None])[-1]
        return (pick.country, f"{word}->{pick.label}", pick.code) if pick else None
    wanted = _definite_kinds(word)
    if not wanted or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
        return None
    pool = [r for r in ctx.referents if r.start < token.i and r.paragraph >= para - 1 and _kind_fits(r, wanted)]
    subjects = [r for r in pool if r.subject and r.sentence >= sent - 1]
    pick = (subjects or pool or [None])[-1]
    if pick is None:
        return None
    code = pick.code if "actor" in wanted else (pick.country or pick.code)
    return pick.country, f"the {word}->{pick.label}", code


_STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def _kind_fits(r: Referent, wanted: tuple[str, ...]) -> bool:
    if r.kind in ("city", "capital") and "city" in wanted:
        return True
    if r.kind == "capital" and "capital" in wanted:
        return True
    if r.kind == "country" and "country" in wanted:
        return True
    if r.kind == "actor" and "actor" in wanted:
        return split_code(r.code)[1] not in _STATE_SECTORS
    return False


def _anaphora(ctx: _Context, mentions: list[ActorMention]) -> list[ActorMention]:
    """Pronouns and "the city"/"the group" phrases in argument roles, resolved inside the paragraph."""
    covered = {(m.start, m.end) for m in mentions}
    spans = [(m.start, m.end) for m in mentions]
    out = []
    for token in ctx.doc:
        word = token.lower_
        if _thing_pronoun(word) is not None:
            if token.pos_ != "PRON" or token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
                continue
            if expletive_it(token, normalised=False):  # "it is ..."
                continue
            start_tok = token.i
        elif _definite_kinds(word) and token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss"):
            naming = [t for left in token.lefts for t in left.subtree]
            naming += [p for c in token.rights if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
            if any(s <= t.idx < e for t in naming for s, e in spans):
                continue  # "the Azerbaijani republic", "the city of Mosul": named here, not a back-reference
            start_tok = min(c.i for c in token.lefts) if any(True for _ in token.lefts) else token.i
        else:
            continue
        if any(s <= token.idx < e for s, e in spans):
            continue
        resolved = _resolve_reference(ctx, token)
        if resolved is None:
            continue
        mention = ctx.mention(start_tok, token.i + 1, resolved[2], kind="pronoun", rule=f"anaphora:{resolved[1]}", confidence=CONFIDENCE["pronoun"])
        if (mention.start, mention.end) not in covered:
            out.append(mention)
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
