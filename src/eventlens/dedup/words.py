"""What the rule reads in the words of a report besides their overlap: the trigger's lemmas and synonym
sets, and the dates a sentence states.

* Trigger words are compared by lemma ("postponed"/"postpone", "visited"/"visit", "meeting"/"meet") and
  by synonym set: the verb blocks of the CAMEO verb dictionary the event coder reads
  (:mod:`eventlens.events.lexicon`: "accuse" and "blame" are one block). A word the dictionary does not
  list falls back to its candidate stems.
* Dates stated in a sentence: month names with a day or a year ("March 21", "in May 2017"), years and
  weekdays (capitalised, as news writes them). Two reports whose sentences both state a month (or a year, or a weekday) and share none
  describe different occasions (the codebook: different dates stated in the texts make different events).
  A bare month name needs a day, a year or a preposition, so "Theresa May" is no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..events.lexicon import load_lexicon, stems

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# month names as news writes them (capitalised: case-sensitive matching is several times faster, and "march" the verb is out)
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|" \
         r"Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE = re.compile(rf"\b{_MONTH}(?:\s+\d{{1,2}}(?!\d)|,?\s+(?:19|20)\d\d\b)"
                   rf"|(?<!\d)\d{{1,2}}\s+{_MONTH}\b"
                   rf"|\b(?:(?:[Ii]n|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id|[Uu]ntil|[Bb]y|[Ff]rom|[Ll]ast|[Nn]ext|[Tt]his)\s+|[Mm]id-){_MONTH}\b")
_YEAR = re.compile(r"(?<![\d$.,£€])\b((?:19|20)\d\d)\b(?![%\d])")
_WEEKDAY = re.compile(r"\b(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?\b")
# cheap gates: most sentences name no month, weekday or year, and the full patterns cost 20-30x more
_NAMES_GATE = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun")
_YEAR_GATE = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class Stated:
    """The months (1-12), years and weekdays a sentence states."""

    months: frozenset[int] = frozenset()
    years: frozenset[int] = frozenset()
    weekdays: frozenset[str] = frozenset()

    def conflicts(self, other: "Stated") -> bool:
        """Both state a month, a year or a weekday, and none of them in common."""
        return any(mine and theirs and not (mine & theirs) for mine, theirs in (
            (self.months, other.months), (self.years, other.years), (self.weekdays, other.weekdays)))


def stated_dates(text: str) -> Stated:
    """The dates ``text`` states (see the module docstring)."""
    names = _NAMES_GATE.search(text) is not None
    months = {_MONTHS.index(next(g for g in m.groups() if g)[:3].lower()) + 1 for m in _DATE.finditer(text)} if names else ()
    years = _YEAR.findall(text) if _YEAR_GATE.search(text) else ()
    weekdays = _WEEKDAY.findall(text) if names else ()
    return Stated(months=frozenset(months), years=frozenset(int(y) for y in years),
                  weekdays=frozenset(w.lower() + "day" for w in weekdays))


def trigger_senses(trigger: str) -> tuple[frozenset[str], frozenset[str]]:
    """``(lemmas, synonym sets)`` of a trigger word or phrase (lower-cased; empty sets for an empty trigger)."""
    lexicon = load_lexicon()
    lemmas: set[str] = set()
    for word in trigger.lower().split():
        lemmas.update(lexicon.lemmas(word) or stems(word))
    blocks = {entry.block for lemma in lemmas for entry in lexicon.verbs.get(lemma, ()) if entry.block}
    return frozenset(lemmas), frozenset(blocks)
