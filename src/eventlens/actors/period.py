"""The time a story is set in, read from its titled people, for an article without a date.

A dictionary person with dated roles is coded by the role held at the article's date
("Mike Pence": ``USAGOV`` from 2013 to 2021, ``USAELI`` after). An article with no date
would get every person's role held now. But the text often says when it was written: a
person named with an office ("Vice President Mike Pence", "President Donald Trump"), or
out of one ("former", "candidate"), holds that role only in some stretches of time.
:func:`role_date` collects those stretches, one clue per titled person whose stretches
last at most nine years in all, and picks the day that the most clues agree on (the
latest such day on a tie; only roles that ended count, as an open-ended one is the role held today,
which an undated story gets anyway). At least two people's clues must agree: one title alone is
often a look back ("President Bill Clinton signed NAFTA" in a 2018 story). The other
people of the story are then resolved at that day. The same rule applies to every person
and country; the day and the mentions it came from are recorded in ``meta.role_date``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from .codes import split_code
from .dictionary import ActorDictionary, ActorEntry, resolve
from .matching import Hit
from .state import STATE_SECTORS

# Words before a title, or titles, that say the person holds no office (CAMEO's ELI: former officials, candidates).
OUT_OF_OFFICE = frozenset({"former", "ousted", "deposed", "exiled", "toppled", "onetime", "erstwhile", "ex",
                           "candidate", "nominee", "hopeful", "elect", "challenger"})  # "elect": spaCy splits "President-elect"
# A clue whose stretches last longer than this in all says little about when the story was written
# ("President Bashar al-Assad": 2000-2024), and is not used.
MAX_CLUE_DAYS = 9 * 365
# How many people's clues must agree on the day.
MIN_AGREEING = 2
_FIRST = "0001-01-01"
_OPEN = "9999-12-31"


@dataclass(frozen=True, slots=True)
class Clue:
    """A titled person: the text, where it is, the person, the sector its title gives, and the stretches of
    time (ISO start, end) in which the dictionary gives that person that sector."""

    text: str
    start: int
    end: int
    person: str
    sector: str
    spans: tuple[tuple[str, str], ...]

    def holds(self, day: str) -> bool:
        return any(a <= day <= z for a, z in self.spans)


@dataclass(frozen=True, slots=True)
class RoleDate:
    """The day the story's people are resolved at, and the clues that agree with it."""

    date: str
    clues: tuple[Clue, ...]

    def as_json(self) -> dict[str, Any]:
        return {"date": self.date, "from": [{"text": c.text, "start": c.start, "end": c.end, "sector": c.sector} for c in self.clues]}


def _title_sector(dictionary: ActorDictionary, before: Sequence[str], title: Sequence[str]) -> str | None:
    """ELI when a word just before the title, or the title itself, says the holder is out of office
    ("former", "candidate"); else the sector of the longest office title in ``title`` ("vice president" ->
    GOV, "senator" -> LEG); None when there is no title."""
    if any(w in OUT_OF_OFFICE for w in (*before, *title)):
        return "ELI"
    for size in range(min(4, len(title)), 0, -1):
        for k in range(len(title) - size + 1):
            entries = dictionary.index.get(tuple(title[k : k + size]))
            if entries and entries[0].kind == "agent" and entries[0].agent_code[:3] in STATE_SECTORS:
                return entries[0].agent_code[:3]
    return None


def _days(spans: Sequence[tuple[str, str]]) -> int:
    """Days the (bounded) stretches cover in all."""
    return sum((Date.fromisoformat(z) - Date.fromisoformat(a)).days for a, z in spans)


def _clue(doc: Any, lowers: Sequence[str], dictionary: ActorDictionary, hit: Hit, before: Hit | None) -> Clue | None:
    """The clue of one person hit: the title inside its phrase ("President Donald Trump") or the agent phrase
    right before it ("Vice President" + "Mike Pence"), with the words before that ("former")."""
    name = tuple((hit.entry.name or "").lower().split())
    # the roles of the person's own name ("Joe Biden"), which the curated rows keep up to date, over a longer
    # phrase's ("Vice President Joe Biden")
    entries: tuple[ActorEntry, ...] = dictionary.index.get(name) or dictionary.index.get(tuple(lowers[hit.start : hit.end]), ())
    dated = [e for e in entries if e.start or e.end]
    if not dated or len(dated) == len(entries) == 1:
        return None  # one role at all times: nothing to learn from its title
    left = before.start if before is not None else hit.start
    sentence_start = doc[left].sent.start
    lookback = [lowers[i] for i in range(max(sentence_start, left - 2), left)]  # "former", in this sentence only
    title = [*(lowers[before.start : before.end] if before is not None else ()),
             *lowers[hit.start : hit.end - 1]]  # the agent phrase before, and a title inside the name ("president donald trump")
    sector = _title_sector(dictionary, lookback, title)
    if sector is None:
        return None
    matching = [(e.start or _FIRST, e.end or _OPEN) for e in dated if split_code(e.code)[1] == sector]
    undated_same = any(not (e.start or e.end) and split_code(e.code)[1] == sector for e in entries)
    if not matching or undated_same or len(matching) == len(entries):
        return None
    # an open-ended role is the one held today, which an undated story gets anyway: only ended ones date it (and
    # so a clue's length, and the day chosen, do not move with the clock)
    spans = tuple(span for span in matching if span[1] != _OPEN)
    if not spans or _days(spans) > MAX_CLUE_DAYS:
        return None
    last = doc[hit.end - 1]
    return Clue(doc[left : hit.end].text, doc[left].idx, last.idx + len(last.text), hit.entry.name or hit.entry.phrase, sector, spans)


def role_date(doc: Any, hits: Sequence[Hit], *, dictionary: ActorDictionary, lowers: Sequence[str]) -> RoleDate | None:
    """The day the clues of ``hits`` (a doc's dictionary matches) agree on most, the latest on a tie; None
    unless two people's clues agree on it."""
    clues: list[Clue] = []
    for n, hit in enumerate(hits):
        if hit.entry.kind != "person":
            continue
        prev = hits[n - 1] if n and hits[n - 1].end == hit.start and hits[n - 1].entry.kind == "agent" else None
        clue = _clue(doc, lowers, dictionary, hit, prev)
        if clue is not None:
            clues.append(clue)
    days = {z for c in clues for _, z in c.spans}
    if not days:
        return None

    def agreeing(day: str) -> int:
        return len({c.person for c in clues if c.holds(day)})

    best = max(days, key=lambda d: (agreeing(d), d))
    if agreeing(best) < MIN_AGREEING:
        return None
    return RoleDate(best, tuple(c for c in clues if c.holds(best)))


def redate(hits: Sequence[Hit], *, dictionary: ActorDictionary, lowers: Sequence[str], date: str) -> None:
    """Resolve again, at ``date``, every hit whose phrase has dated alternatives (the matching pass resolved
    them without a date); other hits keep their entry."""
    for hit in hits:
        entries = dictionary.index.get(tuple(lowers[hit.start : hit.end]), ())
        if any(e.start or e.end for e in entries):
            hit.entry = resolve(entries, date)
