"""Country-less agent nouns attached to the country their passage is about.

"The government said ...", "police arrested ...", "President Omar al-Bashir"
(a title before a name the dictionary does not know): the phrase names no
country. The rule, the same for every country:

1. the countries of the same sentence (its mentions, pronouns resolved to a
   country, and the places it happens in: "back in Qom, the leadership
   ..."): when exactly one country is there, that country
   (``context:sentence``); several countries leave the choice to the event
   coder, which knows the roles;
2. when the sentence names none, the paragraph's most-mentioned country, when
   it leads strictly (``context:paragraph``);
3. when the paragraph names none, the article's most-mentioned country, when
   it leads strictly (``context:article``).

Countries named as a state or its people in the agent's own clause (another
argument of the same verb: "the government thanked China", "insurgents
shelled Syria's second city") are not used: such a party is rarely the
agent's own country; unless it is the article's leader and leads the article's
other sentences too (a Philippine story's "the archbishop ... the Philippines"). A country's institution or people in the same clause
("refugees fled the Sri Lankan army") is used: it suggests a domestic story. Ties leave the mention without a country. Phrases for several
actors ("the two leaders", "both governments") are not attached. Agent nouns for people away from
home (``no_context.txt``: refugees, migrants, peacekeepers ...) are never
attached. Attached mentions keep
``kind="agent"``, record the step in ``rule`` and get a lower confidence
(:data:`CONFIDENCE`), so consumers can tell them from countries the text gives
(:func:`placed_by_context` reads that record back).

The scope rule (sentence, then paragraph, then article: :func:`country_by_scope`) is
shared with the event coder's attachment (``ActorIndex.attach_country``), which knows
the event's other side and takes the nearest country instead of a unique or leading one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import ActorMention
from .codes import ORGANISATION_PREFIXES, combine
from .dictionary import no_context_nouns

# Confidence of an attached mention, by the step that found the country.
CONFIDENCE = {"sentence": 0.6, "paragraph": 0.55, "article": 0.5}
_NEEDY_KINDS = frozenset({"agent", "person", "organisation"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
_SEVERAL = frozenset({"two", "three", "four", "both", "various", "several"})
# Mentions that name a state or its people as a party of a clause ("thanked China", "arrested three
# Iranians"); an agent of a country in the same clause ("fled the Sri Lankan army") instead suggests
# a domestic setting and is used.
_PARTY_KINDS = frozenset({"country", "demonym", "metonym"})
_CONTEXT_TAG = "+context:"  # written into the rule of an attached mention; read back by consumers of the stored mentions


SCOPES = ("sentence", "paragraph", "article")


def country_by_scope(candidates: Mapping[str, Sequence[str]], *, choose: Callable[[str, Sequence[str]], str | None]) -> tuple[str, str] | None:
    """The scope rule both attachments share: the narrowest scope of :data:`SCOPES` with any candidate country
    decides, ``choose(scope, countries)`` picks one (or None: ambiguous, no country). Returns ``(scope, country)``.

    The actors stage passes the countries of the passage minus those of the agent's own clause and takes a
    sentence's only country or a strict leader; the event coder passes the countries nearest first minus the
    event's other side and takes the nearest."""
    for scope in SCOPES:
        countries = candidates.get(scope, ())
        if countries:
            country = choose(scope, countries)
            return (scope, country) if country else None
    return None


def _context_choice(scope: str, countries: Sequence[str]) -> str | None:
    """A sentence's only country; a paragraph's or the article's strict leader."""
    if scope == "sentence":
        return countries[0] if len(set(countries)) == 1 else None
    return _leader(countries)


def _leader(countries: Iterable[str]) -> str | None:
    """The country named strictly more often than any other, or None."""
    ranked = Counter(countries).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _leads_elsewhere(stated: Sequence[Clue], article: str | None) -> Callable[[int | None], bool]:
    """Whether the article's leader leads the clues outside a sentence too (the story is about that country
    whatever the sentence's clause names as a party); each sentence worked out once."""
    cache: dict[int | None, bool] = {}

    def leads(sentence: int | None) -> bool:
        if sentence not in cache:
            cache[sentence] = article is not None and _leader(c.country for c in stated if c.sentence != sentence) == article
        return cache[sentence]

    return leads


def _memo(clause_of: Callable[[ActorMention], int | None]) -> Callable[[ActorMention], int | None]:
    """``clause_of`` that looks each mention up once."""
    cache: dict[int, int | None] = {}

    def lookup(m: ActorMention) -> int | None:
        if id(m) not in cache:
            cache[id(m)] = clause_of(m)
        return cache[id(m)]

    return lookup


def _same_clause(m: ActorMention, named: Sequence[ActorMention], clause_of: Callable[[ActorMention], int | None] | None) -> frozenset[str]:
    """Countries of the mentions in ``m``'s own clause."""
    if clause_of is None:
        return frozenset()
    clause = clause_of(m)
    if clause is None:
        return frozenset()
    return frozenset(o.country for o in named if o.kind in _PARTY_KINDS and o.sentence == m.sentence and o.country and clause_of(o) == clause)


def placed_by_context(m: ActorMention) -> bool:
    """Whether this stage gave ``m`` its passage's country (the ``+context:`` step its rule records)."""
    return _CONTEXT_TAG in (m.rule or "")


def needs_country(m: ActorMention) -> bool:
    """An agent, person or organisation mention whose phrase gave no country (organisation codes never need one)."""
    if m.kind not in _NEEDY_KINDS or m.country is not None or not m.code or m.code.upper().startswith(ORGANISATION_PREFIXES):
        return False
    words = m.text.lower().split()
    if any(w in _SEVERAL for w in words) and (m.sector or "") in _STATE_SECTORS:
        return False  # "the two leaders", "both governments": several states' actors, not one country's
    away = no_context_nouns()  # "refugees fled to Chad" are not Chadian
    return not (words and (words[-1] in away or " ".join(words[-2:]) in away))


@dataclass(frozen=True, slots=True)
class Clue:
    """A country the text names at a place: a mention, a pronoun resolved to a country, or a resolved place."""

    country: str
    start: int
    end: int
    text: str
    sentence: int | None
    paragraph: int


_PLACE_WORDS = frozenset({"country", "demonym", "metonym", "place"})


def clue_of(m: ActorMention, paragraph_of: Callable[[int], int]) -> Clue:
    """The clue a mention gives to its passage: where its own country came from (the place in "the Seoul
    Central District Court", the demonym of "a German-Iraqi boy"), the mention itself for a place word, and
    no characters (start -1) for a name whose country the dictionary knows ("The Wall Street Journal")."""
    country = m.evidence.get("country") or {}
    start, end = country.get("start"), country.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return Clue(m.country or "", start, end, str(country.get("text") or m.text), m.sentence, paragraph_of(m.start))
    if m.kind in _PLACE_WORDS:
        return Clue(m.country or "", m.start, m.end, m.text, m.sentence, paragraph_of(m.start))
    return Clue(m.country or "", -1, -1, m.text, m.sentence, paragraph_of(m.start))


def attach_context(
    mentions: Sequence[ActorMention],
    *,
    paragraph_of: Callable[[int], int],
    clause_of: Callable[[ActorMention], int | None] | None = None,
    located: Iterable[tuple[int | None, str]] = (),
    places: Iterable[Clue] = (),
) -> list[ActorMention]:
    """``mentions`` with each country-less agent, person or organisation attached to its passage's country (see module doc).

    ``clause_of`` gives a mention's clause (e.g. the token index of its nearest verb); countries
    named in the agent's own clause are skipped. Without it every country counts.
    ``located`` are ``(sentence, country)`` pairs of places the sentence happens in ("back in
    Qom, ..."); they count for the sentence step, as do pronouns resolved to a country.
    ``places`` are the resolved places of the text (:class:`Clue`): they count at every step, so a
    story set in Pennsylvania is American even when only its places say so.
    """
    if not any(needs_country(m) for m in mentions):
        return list(mentions)
    named = [m for m in mentions if m.country and m.kind != "pronoun" and not m.rule.endswith("+modifier")]
    stated = [clue_of(m, paragraph_of) for m in named] + list(places)
    article = _leader(c.country for c in stated)
    by_sentence: dict[int | None, list[Clue]] = {}
    by_paragraph: dict[int, list[Clue]] = {}
    for c in stated:
        by_paragraph.setdefault(c.paragraph, []).append(c)
        by_sentence.setdefault(c.sentence, []).append(c)
    for m in mentions:
        if m.kind == "pronoun" and m.country:
            by_sentence.setdefault(m.sentence, []).append(clue_of(m, paragraph_of))
    for sentence_index, country in located:
        by_sentence.setdefault(sentence_index, []).append(Clue(country, -1, -1, "", sentence_index, -1))
    clause = _memo(clause_of) if clause_of is not None else None
    leads_elsewhere = _leads_elsewhere(stated, article)
    out = []
    for m in mentions:
        if not needs_country(m):
            out.append(m)
            continue
        avoid = _same_clause(m, named, clause)
        scopes = {
            "sentence": [c for c in by_sentence.get(m.sentence, ()) if c.country not in avoid],
            "paragraph": [c for c in by_paragraph.get(paragraph_of(m.start), ()) if c.country not in avoid],
            "article": [Clue(article, -1, -1, "", None, -1)] if article is not None and (article not in avoid or leads_elsewhere(m.sentence)) else [],
        }
        found = country_by_scope({k: [c.country for c in v] for k, v in scopes.items()}, choose=_context_choice)
        if found is None:
            out.append(m)
            continue
        where, country = found
        pool = [c for c in (stated if where == "article" else scopes[where]) if c.country == country]
        clue = next((c for c in pool if c.start >= 0), pool[0] if pool else None)
        located = {"text": clue.text, **({"start": clue.start, "end": clue.end} if clue.start >= 0 else {})} if clue else {}
        evidence = {**m.evidence, "country": {"from": "context", "scope": where, "country": country, **located}}
        out.append(replace(m, code=combine(country, m.code), country=country, rule=f"{m.rule}{_CONTEXT_TAG}{where}:{country}",
                           confidence=min(m.confidence, CONFIDENCE[where]), evidence=evidence))
    return out
