"""People the dictionary does not know, named in the text.

A name the parser tags as a person is an actor (docs/annotation.md 2.1: "a person is always an actor").
Its code, in order:

1. an apposition that says who the person is ("Foday Conta, Gambia's police spokesman," or "police
   spokesman Foday Conta"): the same code as that description;
2. the same name earlier in the article ("Police Chief Ann Douglas ... Douglas said"): that mention's code;
3. one person of the dictionary with that last name ("Mugabe" -> Robert Mugabe's role at the article date);
4. otherwise a private person, ``CVL`` ("Mr. Smith", "Kody Berrey"), with the country of the passage
   (:mod:`.context`).

Linked people (1, 2) take the final code of the mention they stand for after countries are attached
(:func:`copy_linked`), so an apposition and its name never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..model import ActorMention
from .codes import ORGANISATION_PREFIXES, combine, split_code
from .context import placed_by_context
from .evidence import from_entry, from_pattern, names_person
from .pronouns import SPEECH
from .reference import noun_gender
from .standalone import place_noun_holder
from .state import CONFIDENCE, HONORIFICS, MatchState

_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "der", "le", "la", "bin", "ibn", "al", "el", "al-", "dos", "das", "du"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
PRIVATE = "CVL"


def people_mentions(state: MatchState, mentions: Sequence[ActorMention], *, date: str | None = None) -> list[ActorMention]:
    """Mentions of the people tagged by the parser that no other mention covers, in text order."""
    doc = state.doc
    spans = sorted((m.start, m.end) for m in mentions)
    table = _known_people(state, mentions)
    out: list[ActorMention] = []
    for ent in state.ents:
        if ent.label_ != "PERSON":
            continue
        bounds = _name_bounds(state, ent)
        if bounds is None:
            continue
        start, end = bounds
        first, last = doc[start], doc[end - 1]
        if any(s < last.idx + len(last) and first.idx < e for s, e in spans):
            continue
        if not _is_person(state, start, end, table):
            continue
        name_start = start
        role = _role_before(doc, start)
        if start > 0 and doc[start - 1].lower_ in HONORIFICS:
            start -= 1
        elif role is not None and not any(s <= doc[role].idx < e for s, e in spans):
            start = role
        mention = _person(state, (start, name_start, end), mentions, table, date)
        out.append(mention)
        spans.append((mention.start, mention.end))
        table.setdefault(last.lower_, mention)
        table.setdefault(doc[name_start:end].text.lower(), mention)
        if (first := first_word_key(doc[name_start:end].text)) is not None:
            table.setdefault(first, mention)
    for start, end in _speakers(state, spans) + _described(state, spans, mentions) + _known_surnames(state):
        if not any(s < state.doc[end - 1].idx + len(state.doc[end - 1]) and state.doc[start].idx < e for s, e in spans):
            out.append(_person(state, (start, start, end), mentions, table, date))
            spans.append((out[-1].start, out[-1].end))
    return out


def _known_surnames(state: MatchState) -> list[tuple[int, int]]:
    """Capitalised words the parser did not tag as a person that are the last name of a well-known (hand-curated)
    person ("... Sanders"): a person, whichever the tagger said."""
    doc = state.doc
    out = []
    for i, word in enumerate(state.lowers):
        if word in state.dictionary.curated_surnames() and i not in state.blocked and state.by_token.get(i) is None:
            token = doc[i]
            if token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ not in ("PERSON", "GPE", "LOC", "NORP", "FAC"):
                start = i
                while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and state.by_token.get(start - 1) is None:
                    start -= 1
                out.append((start, i + 1))
    return out


def _described(state: MatchState, spans: list[tuple[int, int]], mentions: Sequence[ActorMention]) -> list[tuple[int, int]]:
    """Names the parser missed that an apposition describes as a person ("Foday Conta, Gambia's police spokesman,")."""
    doc = state.doc
    out = []
    for m in mentions:
        if m.kind != "agent":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        root = span.root if span is not None and len(span) else None
        if root is None or root.dep_ != "appos" or noun_gender(root) is None:
            continue
        name = root.head
        if name.pos_ == "PROPN" and name.text[:1].isupper() and name.i < root.i and name.i not in state.blocked:
            start = name.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and state.by_token.get(start - 1) is None:
                start -= 1
            out.append((start, name.i + 1))
    return out


def _speakers(state: MatchState, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Capitalised names the parser left untagged or took for an organisation that say something ("...,”
    Ogunbowale said"): a speaker is a person unless the dictionary or a pattern made it an organisation."""
    doc = state.doc
    out = []
    for i in state.indices(SPEECH):
        verb = doc[i]
        for subject in verb.children:
            if subject.dep_ != "nsubj" or subject.pos_ != "PROPN" or not subject.text[:1].isupper() or subject.i in state.blocked:
                continue
            start = min([subject.i] + [c.i for c in subject.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"])
            first, last = doc[start], subject
            if any(s < last.idx + len(last) and first.idx < e for s, e in spans) or state.places.overlapping(first.idx, last.idx + len(last)):
                continue
            if subject.ent_type_ in ("", "PERSON", "ORG") and state.by_token.get(subject.i) is None:
                out.append((start, subject.i + 1))
    return out


def _name_bounds(state: MatchState, ent: Any) -> tuple[int, int] | None:
    """The tokens of a person's name: the entity without a final possessive or punctuation, cut before a "/"
    ("Angie de Silva/Rappler"); None when it is blocked or no name is left."""
    doc = state.doc
    start, end = ent.start, ent.end
    for i in range(start, end):
        if doc[i].text == "/" or "/" in doc[i].text:
            end = i
            break
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if end <= start or any(i in state.blocked for i in range(start, end)):
        return None
    return start, end


def _is_person(state: MatchState, start: int, end: int, table: dict[str, ActorMention]) -> bool:
    """Whether a PERSON entity reads as a person: capitalised, no digits, not a place the geoparser resolved;
    a one-word name only with support (a title or honorific before it, the same name in full elsewhere, a
    known person of that name, or a subject or possessor role)."""
    doc = state.doc
    tokens = doc[start:end]
    if not all(t.text[:1].isupper() or t.lower_ in _PARTICLES for t in tokens) or any(c.isdigit() for c in tokens.text):
        return False
    if state.places.overlapping(tokens[0].idx, tokens[-1].idx + len(tokens[-1])):
        return False
    if place_noun_holder(tokens[-1]) is not None and tokens[-1].dep_ == "pobj":
        return False  # "the port of Kismayo": a place the gazetteer does not know, not a person
    if end - start > 1:
        return True
    word = tokens[0]
    if word.text.isupper() and len(word.text) > 1:
        return False  # an acronym ("MASSOB") names an organisation
    if start > 0 and (doc[start - 1].lower_ in HONORIFICS or doc[start - 1].pos_ == "NOUN" and doc[start - 1].dep_ == "compound"):
        return True
    if word.lower_ in table or state.dictionary.surname_people.get(word.lower_):
        return True
    if any(e.label_ == "PERSON" and len(e) > 1 and e[-1].lower_ == word.lower_ for e in state.ents):
        return True
    if word.dep_ in ("nsubj", "nsubjpass", "poss") or (word.dep_ == "conj" and word.head.ent_type_ == "PERSON"):
        return True
    return word.pos_ == "PROPN" and word.dep_ in ("dobj", "pobj", "conj", "appos", "dative")


def _role_before(doc: Any, start: int) -> int | None:
    """The first token of a role noun phrase right before a name ("Notre Dame star Jackie Young",
    "leading land academic Ben Cousins"): a common noun compounded with the name, with its own modifiers."""
    if start == 0:
        return None
    noun = doc[start - 1]
    if noun.pos_ != "NOUN" or noun.dep_ != "compound" or not (start <= noun.head.i):
        return None
    left = noun.i
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nmod", "nummod"):
            left = min(left, child.left_edge.i)
    return left


def _known_people(state: MatchState, mentions: Sequence[ActorMention]) -> dict[str, ActorMention]:
    """Last names and full names of the people already mentioned (dictionary people, titles with names:
    "Police Chief Ann Douglas" -> "douglas", "ann douglas")."""
    table: dict[str, ActorMention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        for name in person_names(state, m):
            table.setdefault(name, m)
    return table


def person_names(state: MatchState, m: ActorMention) -> tuple[str, ...]:
    """The lower-cased names a mention of a named person answers to: "Police Chief Ann Douglas" -> ("ann douglas",
    "douglas", "police chief ann douglas", "first:ann"); none for a mention that names no person."""
    named = names_person(m) or (m.kind == "agent" and bool(m.name))
    out: list[str] = []
    person = m.name or ""
    if not named and m.kind == "agent":
        span = state.doc.char_span(m.start, m.end, alignment_mode="expand")
        last = span[-1] if span is not None and len(span) else None
        if last is not None and last.ent_type_ == "PERSON" and last.pos_ == "PROPN":
            named = True
            person = " ".join(t.text for t in span if t.ent_type_ == "PERSON")
            out.append(person.lower())
    words = m.text.split()
    if named and words:
        out += [words[-1].lower().rstrip(".,"), (m.name or m.text).lower()]
        first = first_word_key(person)
        if first is not None:
            out.append(first)
    return tuple(out)


def first_word_key(name: str) -> str | None:
    """The key under which a two-word name answers to its first word alone: "Wang Yi" -> "first:wang" (a family
    name written first, or a first name used alone later in a story); looked up only after the last names."""
    words = name.split()
    return f"first:{words[0].lower()}" if len(words) == 2 and words[0][:1].isupper() else None


def _person(state: MatchState, bounds: tuple[int, int, int], mentions: Sequence[ActorMention], table: dict[str, ActorMention],
            date: str | None) -> ActorMention:
    """A person's mention: tokens ``start``-``end``, the name itself from ``name_start``."""
    doc = state.doc
    start, name_start, end = bounds
    name = doc[start:end].text
    bare = doc[name_start:end]
    described = _apposition(state, bare.root, mentions) or (_apposition(state, bare[-1], mentions) if bare[-1] is not bare.root else None)
    employer = _employer(bare.root, mentions) or (_employer(bare[-1], mentions) if bare[-1] is not bare.root else None)
    if employer is not None and (described is None or described.country is None):
        # "Tim Gallagher, the special agent in charge of the FBI's Newark Division", "X, vice president of Air Canada
        # Cargo": employees act for their organisation, unless the description names its own country
        return _same_as(state, start, end, employer, "apposition-of", name)
    if described is not None:
        return _same_as(state, start, end, described, "apposition", name)
    owner = _owner_before(state, start, mentions)
    if owner is not None:  # "Arab League Secretary General Chadli Klibi", "CBS analyst Charles Barkley"
        evidence = from_pattern("person:of-organisation", source="entity", sector={"from": "organisation", "text": owner.text},
                                **({"country": owner.evidence["country"]} if owner.evidence.get("country") else {}))
        return state.mention(_token_at(doc, owner.start), end, owner.code, kind="person",
                             rule=f"person:of:{owner.text}", confidence=CONFIDENCE["named"], name=bare.text, evidence=evidence)
    earlier = table.get(bare.text.lower()) or table.get(bare[-1].lower_) or (table.get(f"first:{bare[0].lower_}") if len(bare) == 1 else None)
    if earlier is not None and earlier.start < doc[start].idx and _same_given_name(state, bare, earlier):
        return _same_as(state, start, end, earlier, "same-name", name)
    entry = state.person_by_surname(bare[-1].lower_, date=date) if len(bare) == 1 else None
    if entry is not None:
        evidence = from_entry(entry, country={"from": "surname", "text": bare.text, "entry": entry.source})
        return state.mention(start, end, entry.code, kind="person", rule=f"surname:{bare.text}->{entry.name or entry.phrase}",
                             confidence=CONFIDENCE["surname"], name=entry.name or entry.phrase, evidence=evidence)
    evidence = from_pattern("person:name", source="entity", sector={"from": "person", "text": name})
    return state.mention(start, end, PRIVATE, kind="person", rule="person:name", confidence=CONFIDENCE["named"], name=bare.text, evidence=evidence)


def _same_given_name(state: MatchState, bare: Any, earlier: ActorMention) -> bool:
    """Whether a name can be the earlier person of the same last name: a last name alone can ("Kelly" or "Mr Kelly"
    after "John Kelly"), and so can any name after one named by title and last name only ("Minister Bholah"); a
    full name only with a first name of the earlier one ("Mary Kelly" is not "John Kelly"; "John Kelly" can be
    "John F. Kelly")."""
    if len(bare) == 1 or (len(bare) == 2 and bare[0].lower_ in HONORIFICS):
        return True
    span = state.doc.char_span(earlier.start, earlier.end, alignment_mode="expand")
    given = {t.lower_ for t in span[:-1] if t.ent_type_ == "PERSON" and state.given_name(t)} if span else set()
    return not given or bare[0].lower_ in given


def _owner_before(state: MatchState, start: int, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """An organisation named right before a person and the titles after it ("Arab League Secretary General X")."""
    doc = state.doc
    i = start - 1
    for _ in range(4):
        if i < 0 or not (doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "NOUN") and doc[i].dep_ in ("compound", "nmod")):
            break
        owner = next((m for m in mentions if m.start <= doc[i].idx < m.end and m.kind in ("actor", "organisation") and not names_person(m)), None)
        if owner is not None:
            return owner if owner.code and owner.country != "" else None
        i -= 1
    return None


def _token_at(doc: Any, char: int) -> int:
    """Index of the token starting at character ``char``."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


def _apposition(state: MatchState, root: Any, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """A description in apposition to the name ("X, Gambia's police spokesman," / "a spokesman, X,"; "X, chairman
    and CEO of Y,": a conjunct; "X, the White House press secretary,": a role headed by an institution's name)."""
    for token in _described_by(root):
        found = [m for m in mentions if m.start <= token.idx < m.end and m.code and (m.kind in ("agent", "organisation") or _institution_role(m, token))]
        if found:
            return max(found, key=lambda m: m.end - m.start)
    return None


def _described_by(root: Any) -> list[Any]:
    """The heads of the descriptions in apposition to a name, and their conjuncts ("chairman and CEO")."""
    heads = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        heads.append(root.head)
    return heads + [c for h in heads for c in h.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]


def _institution_role(m: ActorMention, token: Any) -> bool:
    """A named institution's mention that runs on to a common noun ("the White House press secretary"): a role in it."""
    return m.kind == "actor" and token.pos_ == "NOUN" and not names_person(m) and m.end >= token.idx + len(token.text)


_EMPLOYER_PREPS = frozenset({"of", "at", "for", "with"})


def _employer(root: Any, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """The organisation a role noun in apposition to the name belongs to ("X, the director of the University of
    Michigan Center", "X, the special agent in charge of the FBI's Newark Division"): employees act for their
    organisation (docs/annotation.md 2.3). Two prepositions deep at most ("in charge of" is walked through)."""
    for head in _described_by(root):
        if head.pos_ != "NOUN":
            continue
        level = [head]
        for _ in range(2):
            preps = [p for t in level for p in t.children if p.dep_ == "prep" and (p.lower_ in _EMPLOYER_PREPS or p.lower_ == "in")]
            for prep in preps:
                for obj in (o for o in prep.children if o.dep_ == "pobj" and prep.lower_ in _EMPLOYER_PREPS):
                    found = _organisation_at([*(c for c in obj.lefts if c.dep_ in ("poss", "compound")), obj], mentions)
                    if found is not None:
                        return found
            level = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    return None


def _organisation_at(words: Sequence[Any], mentions: Sequence[ActorMention]) -> ActorMention | None:
    """The longest organisation or named actor (no person) covering one of ``words``, first word first."""
    for word in words:
        found = [m for m in mentions if m.start <= word.idx < m.end and m.code and m.kind in ("actor", "organisation") and not names_person(m)]
        if found:
            return max(found, key=lambda m: m.end - m.start)
    return None


def _same_as(state: MatchState, start: int, end: int, other: ActorMention, how: str, name: str) -> ActorMention:
    """A person who is ``other`` (an apposition or an earlier mention of the same name): its code, linked."""
    link = {"text": other.text, "start": other.start, "end": other.end}
    evidence = from_pattern(f"person:{how}", source="entity", same_as=link, sector={"from": how, "text": other.text})
    if other.evidence.get("country"):
        evidence["country"] = dict(other.evidence["country"])
    return state.mention(start, end, other.code, kind="person", rule=f"person:{how}:{other.text}", confidence=CONFIDENCE["named"],
                         name=name, evidence=evidence)


def link_honorifics(state: MatchState, mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """``mentions`` with each honorific and last name that no entry resolved ("Mr. Sanders", agent ``CVL``) linked
    to the same name mentioned earlier ("Sen. Bernie Sanders ... Mr. Sanders"): the earlier mention's code, rule
    ``person:same-name:...``. An honorific says nothing of an office; the person named before does."""
    ordered = sorted(mentions, key=lambda m: m.start)
    table: dict[str, ActorMention] = {}
    relinked: dict[int, ActorMention] = {}
    for m in ordered:
        key = honorific_surname(m)
        earlier = (table.get(key) or table.get(f"first:{key}")) if key is not None else None
        if earlier is not None:
            span = state.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span):
                relinked[id(m)] = m = _same_as(state, span.start, span.end, earlier, "same-name", m.text)
        if honorific_surname(m) is None:
            for name in person_names(state, m):
                table.setdefault(name, m)
    return [relinked.get(id(m), m) for m in mentions]


def honorific_surname(m: ActorMention) -> str | None:
    """The lower-cased last name of an agent mention that is only an honorific and a name ("Mr. Sanders"), or None."""
    words = m.text.split()
    if m.kind != "agent" or m.name or len(words) != 2 or words[0].lower() not in HONORIFICS:
        return None  # "Dr. Jill Biden" names her first name too: not any earlier Biden
    last = words[-1].rstrip(".,")
    return last.lower() if last[:1].isupper() else None


def copy_linked(mentions: list[ActorMention]) -> list[ActorMention]:
    """People linked to another mention take its final code (after countries were attached), following chains
    ("Sanders" -> "Mr. Sanders" -> "Sen. Bernie Sanders"): links point back, so mentions are read in text order."""
    by_span = {(m.start, m.end): m for m in mentions}
    final: dict[int, ActorMention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        link = m.evidence.get("same_as") if m.kind == "person" else None
        other = by_span.get((link["start"], link["end"])) if link else None
        other = final.get(id(other), other)
        if other is not None and other is not m and other.code and other.code != m.code:
            final[id(m)] = _take_code(m, other)
    return [final.get(id(m), m) for m in mentions]


def _take_code(m: ActorMention, other: ActorMention) -> ActorMention:
    """``m`` with the code of the mention it is linked to; when that one has no country and ``m`` got its
    passage's country (``+context:``), ``m`` keeps that country with the linked sector."""
    evidence = dict(m.evidence)
    if other.country is None and m.country and placed_by_context(m) and not other.code.upper().startswith(ORGANISATION_PREFIXES):
        code = combine(m.country, other.code)
        return replace(m, code=code, country=m.country, sector=split_code(code)[1], evidence=evidence)
    if other.evidence.get("country"):
        evidence["country"] = dict(other.evidence["country"])
    return replace(m, code=other.code, country=other.country, sector=other.sector, evidence=evidence)
