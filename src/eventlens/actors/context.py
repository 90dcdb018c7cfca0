"""Country-less agent nouns attached to the country their passage is about.

"The government said ...", "police arrested ...", "President Omar al-Bashir"
(a title before a name the dictionary does not know): the phrase names no
country. The rule, the same for every country:

1. the countries named in the same sentence (by mentions that are not
   pronouns): when one country is named there, or one is named more often
   than any other, that country (``context:sentence``);
2. otherwise the paragraph's most-mentioned country, when it leads strictly
   (``context:paragraph``);
3. otherwise the article's most-mentioned country, when it leads strictly
   (``context:article``).

Ties leave the mention without a country. Attached mentions keep
``kind="agent"``, record the step in ``rule`` and get a lower confidence
(:data:`CONFIDENCE`), so consumers can tell them from countries the text gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from ..model import ActorMention
from .codes import combine

# Confidence of an attached mention, by the step that found the country.
CONFIDENCE = {"sentence": 0.6, "paragraph": 0.55, "article": 0.5}
_ORG_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


def _leader(countries: Iterable[str]) -> str | None:
    """The country named strictly more often than any other, or None."""
    ranked = Counter(countries).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def needs_country(m: ActorMention) -> bool:
    """An agent mention whose phrase gave no country (organisation codes never need one)."""
    return m.kind == "agent" and m.country is None and bool(m.code) and not m.code.upper().startswith(_ORG_PREFIXES)


def attach_context(mentions: Sequence[ActorMention], *, paragraph_of: Callable[[int], int]) -> list[ActorMention]:
    """``mentions`` with each country-less agent noun attached to its passage's country (see module doc)."""
    if not any(needs_country(m) for m in mentions):
        return list(mentions)
    named = [m for m in mentions if m.country and m.kind != "pronoun"]
    article = _leader(m.country for m in named)
    by_sentence: dict[int | None, list[str]] = {}
    by_paragraph: dict[int, list[str]] = {}
    for m in named:
        by_sentence.setdefault(m.sentence, []).append(m.country)
        by_paragraph.setdefault(paragraph_of(m.start), []).append(m.country)
    out = []
    for m in mentions:
        if not needs_country(m):
            out.append(m)
            continue
        where, country = "sentence", _leader(by_sentence.get(m.sentence, ()))
        if country is None and not by_sentence.get(m.sentence):
            where, country = "paragraph", _leader(by_paragraph.get(paragraph_of(m.start), ()))
            if country is None and not by_paragraph.get(paragraph_of(m.start)):
                where, country = "article", article
        if country is None:
            out.append(m)
            continue
        out.append(replace(m, code=combine(country, m.code), country=country, rule=f"{m.rule}+context:{where}:{country}", confidence=min(m.confidence, CONFIDENCE[where])))
    return out
