"""Actor recognition and resolution to CAMEO-style codes.

Stable API (other stages and tools may rely on these names):

``load_dictionary(extra_files=()) -> ActorDictionary``
    The shipped dictionary plus user files (``--actors FILE``), loaded once per
    process (cached by the tuple of file names). Bad user files raise
    :class:`eventlens.errors.ConfigError` naming the file and the line.

``ActorDictionary.lookup(text, *, date=None) -> ActorEntry | None``
    Resolve a free-text actor phrase ("Hungarian officials", "the United
    Nations", "Iran's foreign minister", "police") to an entry with a ``code``
    (e.g. ``HUNGOV``, ``IGOUNO``, ``IRNGOV``, ``COP``). Named people with terms
    of office are resolved by ``date`` (ISO), else their most recent role.

``ActorEntry``
    ``phrase``, ``code``, ``kind`` (country | demonym | capital | city | region
    | agent | actor | person), ``start``/``end`` (dates), ``name``, ``source``;
    properties ``country``, ``sector``, ``rule``.

``combine(country, sector) -> str`` and ``split_code(code) -> (country, sector)``
    Code helpers: ``combine("PSE", "EDU") == "PSEEDU"``;
    ``split_code("ISRGOV") == ("ISR", "GOV")``; ``split_code("COP") == (None, "COP")``.

``find_actors(doc, *, dictionary, date=None) -> list[ActorMention]``
    The matcher the ``actors`` stage runs on a parsed spaCy ``Doc``.

``mentions_for_token(mentions, token) -> list[ActorMention]``
    The mentions that stand for a syntactic argument headed by ``token``
    (covers coordination: "Hungarian and Romanian officials" gives both).

``dominant_country(mentions, *, paragraph=None, sentences=None) -> str | None``
    The most-mentioned country (overall or in one paragraph), for attaching
    country-less agent codes such as ``COP`` ("police said") to a country.
    Counts only countries the text states (not agents attached by context).

The ``actors`` stage already attaches country-less agent nouns to the country
of their sentence, paragraph or article where that is unambiguous
(:mod:`eventlens.actors.context`; rule suffix ``+context:<step>:<ISO3>``,
lower confidence; ``ActorTagger(attach_context=False)`` turns it off).
"""

from __future__ import annotations

from .codes import combine, split_code
from .dictionary import ActorDictionary, ActorEntry, load_dictionary
from .helpers import dominant_country, mentions_for_token
from .matcher import find_actors

__all__ = [
    "ActorDictionary",
    "ActorEntry",
    "combine",
    "dominant_country",
    "find_actors",
    "load_dictionary",
    "mentions_for_token",
    "split_code",
]
