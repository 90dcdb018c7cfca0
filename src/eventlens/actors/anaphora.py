"""Back-references to places and organisations: "its citizens", "the city", "it", "they" (the stage's policy).

A subject "it"/"they" refers to a compatible subject earlier in the sentence or in the previous one; a
possessive to a subject in the same or previous sentence; an object pronoun to the nearest compatible
non-subject in its sentence. "the city"/"the country"/"the group" refer to the nearest (subject-preferred)
city, country or non-state organisation in the paragraph or the one before. "his"/"her" before an agent
noun refer to the nearest named person ("Prime Minister Mahendra Chaudhry said his government ..." ->
FJIGOV). The words and the number check are :mod:`.reference`'s; people ("he", "she", "I") are resolved by
:mod:`.pronouns`.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import replace
from typing import Any

from ..model import ActorMention
from .codes import split_code
from .evidence import from_pattern
from .reference import PronounClass, expletive_it, number_agrees, plural_head, pronoun, reference_noun, reference_words, subject_role
from .state import CONFIDENCE, STATE_SECTORS, MatchState, Referent


def thing_pronoun(word: str) -> PronounClass | None:
    """The class of "it", "its", "they", "them", "their" (the pronouns resolved to a country here), else None."""
    found = pronoun(word)
    return found.cls if found is not None and found.dependent and found.cls in (PronounClass.NEUTER, PronounClass.PLURAL) else None


def person_possessive(word: str) -> bool:
    """"his", "her": a possessive that refers to a person ("his government")."""
    found = pronoun(word)
    return found is not None and found.cls in (PronounClass.MALE, PronounClass.FEMALE) and "possessive" in found.forms


def definite_kinds(word: str) -> tuple[str, ...]:
    """What "the <word>" can refer back to here (city, capital, country, actor); () when this stage leaves it."""
    found = reference_noun(word)
    return found.kinds if found is not None else ()


def wants_anaphora(head: Any) -> bool:
    """True when an agent noun has a possessive pronoun or "the city's"-style possessor."""
    for child in head.lefts:
        if child.dep_ == "poss" and (thing_pronoun(child.lower_) or person_possessive(child.lower_) or definite_kinds(child.lower_)):
            return True
    return False


def referents(state: MatchState, mentions: list[ActorMention]) -> list[Referent]:
    """Referents from emitted mentions plus cities/capitals seen only as places, in text order."""
    doc = state.doc
    out = []
    for m in mentions:
        if m.kind == "pronoun" or not m.code or (m.country is None and m.kind in ("agent", "person", "organisation")):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span) or span[0].idx != m.start:
            continue
        first, last = span.start, span[-1]
        hit = state.by_token.get(last.i)
        kind = m.kind if m.kind in ("agent", "person", "organisation") else (hit.entry.kind if hit is not None else m.kind)
        out.append(_referent(state, first, last, m.code, kind, m.name or m.text))
    for hit in state.hits:
        if not hit.used and hit.entry.kind in ("city", "capital") and hit.country and not any(r.start == hit.start for r in out):
            out.append(_referent(state, hit.start, doc[hit.end - 1], hit.country, hit.entry.kind, hit.entry.name or hit.entry.phrase))
    out.sort(key=lambda r: r.start)
    return out


def _referent(state: MatchState, first: int, last: Any, code: str, kind: str, label: str) -> Referent:
    char = state.doc[first].idx
    hit = state.by_token.get(last.i)
    person = (hit is not None and hit.entry.kind == "person") or last.ent_type_ == "PERSON" or kind == "person"
    subject = subject_role(last, through_coordination=True)
    return Referent(first, split_code(code)[0], code, "actor" if kind == "organisation" else kind, plural_head(last, kind=kind), subject,
                    state.sentence(char) or 0, state.paragraph(char), label, person)


def resolve_reference(state: MatchState, token: Any) -> tuple[str | None, str, str] | None:
    """``(country, label, code)`` that a pronoun or "the city"-style phrase refers to, or None (see module doc)."""
    word = token.lower_
    char = token.idx
    para, sent = state.paragraph(char), state.sentence(char) or 0
    before = [r for r in state.referents if r.start < token.i and r.paragraph == para]
    if person_possessive(word):
        people = [r for r in before if r.person and r.country and r.sentence >= sent - 1]
        pick = ([r for r in people if r.subject and r.sentence == sent] or [r for r in people if r.subject] or people or [None])[-1]
        return (pick.country, f"{word}->{pick.label}", pick.country) if pick else None
    cls = thing_pronoun(word)
    if cls is not None:
        plural = cls is PronounClass.PLURAL
        ok = [r for r in before if number_agrees(r.kind, r.plural, plural_pronoun=plural) and r.sentence >= sent - 1]
        same_subj = [r for r in ok if r.subject and r.sentence == sent]
        prev_subj = [r for r in ok if r.subject and r.sentence == sent - 1]
        if token.dep_ in ("nsubj", "nsubjpass", "poss"):
            pick = (same_subj or prev_subj or [None])[-1]
        else:  # an object is rarely its own clause's subject ("providing them" is not the provider)
            same = [r for r in ok if r.sentence == sent and not r.subject]
            pick = (same or prev_subj or [None])[-1]
        return (pick.country, f"{word}->{pick.label}", pick.code) if pick else None
    wanted = definite_kinds(word)
    if not wanted or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
        return None
    pool = [r for r in state.referents if r.start < token.i and r.paragraph >= para - 1 and _kind_fits(r, wanted)]
    subjects = [r for r in pool if r.subject and r.sentence >= sent - 1]
    pick = (subjects or pool or [None])[-1]
    if pick is None:
        return None
    code = pick.code if "actor" in wanted else (pick.country or pick.code)
    return pick.country, f"the {word}->{pick.label}", code


def _kind_fits(r: Referent, wanted: tuple[str, ...]) -> bool:
    if r.kind in ("city", "capital") and "city" in wanted:
        return True
    if r.kind == "capital" and "capital" in wanted:
        return True
    if r.kind == "country" and "country" in wanted:
        return True
    if r.kind == "actor" and "actor" in wanted:
        return split_code(r.code)[1] not in STATE_SECTORS
    return False


def definite_references(state: MatchState, mentions: list[ActorMention]) -> list[ActorMention]:
    """"the city"/"the group" phrases in argument roles, resolved inside the paragraph (pronouns: :mod:`.pronouns`)."""
    spans = [(m.start, m.end) for m in mentions]
    covered = set(spans)
    out = []
    doc = state.doc
    for i in state.indices(_reference_words()):
        token = doc[i]
        word = token.lower_
        if not (definite_kinds(word) and token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss")):
            continue
        naming = [t for left in token.lefts for t in left.subtree]
        naming += [p for c in token.rights if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if any(s <= t.idx < e for t in naming for s, e in spans) or any(_names_country(state, t) for t in naming):
            continue  # "the Azerbaijani republic", "the city of Mosul": named here, not a back-reference
        if any(s <= token.idx < e for s, e in spans):
            continue
        resolved = resolve_reference(state, token)
        if resolved is None:
            continue
        start_tok = min(c.i for c in token.lefts) if any(True for _ in token.lefts) else token.i
        evidence = from_pattern(f"reference:the {word}", source="reference", antecedent=resolved[1].split("->", 1)[-1])
        mention = state.mention(start_tok, token.i + 1, resolved[2], kind="pronoun", rule=f"anaphora:{resolved[1]}", confidence=CONFIDENCE["pronoun"], evidence=evidence)
        if (mention.start, mention.end) not in covered:
            out.append(mention)
    return out


@functools.lru_cache(maxsize=1)
def _reference_words() -> frozenset[str]:
    """The nouns "the <word>" refers back with here."""
    return frozenset(w for w, n in reference_words().reference_nouns.items() if n.kinds)


def _names_country(state: MatchState, token: Any) -> bool:
    """A country or its demonym at ``token`` ("the Azerbaijani republic"), not a wider region ("the Gulf state")."""
    hit = state.place_hit(token)
    return hit is not None and hit.entry.kind in ("country", "demonym") and hit.country is not None


def is_expletive(token: Any) -> bool:
    """"it is ...": an expletive, not a reference."""
    return expletive_it(token, normalised=False)


def repeated_heads(state: MatchState, mentions: list[ActorMention], *, window: int = 2) -> list[ActorMention]:
    """``mentions`` with each bare "the <noun>" agent of no country ("The ministry said ...") taking the code of the
    nearest mention ending with the same noun in its sentence or the ``window`` sentences before ("China's commerce
    ministry"): the story names the actor once and refers back to it. Before the passage's country is attached,
    which would give it whatever country the sentence names ("the US action")."""
    placed = sorted((o for o in mentions if o.country is not None), key=lambda o: o.start)
    starts = [o.start for o in placed]
    out = []
    for m in mentions:
        words = m.text.split()
        here = state.sentence(m.start)
        if m.kind != "agent" or m.country is not None or len(words) != 2 or words[0].lower() != "the" or here is None:
            out.append(m)
            continue
        source = _nearest_with_head(state, placed, bisect_left(starts, m.start), words[1].lower(), before=m.start,
                                    sentences=(here - window, here))
        if source is None:
            out.append(m)
            continue
        evidence = {**m.evidence, "country": {"from": "antecedent", "text": source.text, "start": source.start, "end": source.end}}
        out.append(replace(m, code=source.code, country=source.country, sector=source.sector, rule=f"{m.rule}+antecedent:{source.text}",
                           evidence=evidence))
    return out


def _nearest_with_head(state: MatchState, placed: list[ActorMention], stop: int, head: str, *, before: int,
                       sentences: tuple[int, int]) -> ActorMention | None:
    """The last of ``placed[:stop]`` (mentions with a country, in text order) that ends before ``before``, lies in
    the ``sentences`` range and ends with the word ``head``; the walk back stops where the range does."""
    first, last = sentences
    for k in range(stop - 1, -1, -1):
        o = placed[k]
        s = state.sentence(o.start)
        if s is None or s < first:
            return None
        if s <= last and o.end <= before and o.text.split()[-1].lower() == head:
            return o
    return None
