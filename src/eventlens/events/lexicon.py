"""The verb-pattern lexicon: verb + particle/preposition + object class -> CAMEO.

Data lives in ``eventlens/data/events/`` (``cameo_verbs.tsv`` derived from the
PETRARCH2 dictionary by ``scripts/build_verb_lexicon.py``, ``additions.tsv``
written by hand). Rows:

* ``S name words``                  a word class (``&name`` in patterns)
* ``V block code lemma forms req``  a verb, its inflections, default code, required particle words
* ``P block code subj words preps origin``  a pattern for every verb of ``block``
* ``N code noun forms roles``       a nominal trigger (``talks between X and Y``)

A pattern matches when all its subject words occur in the subject phrase, all
its object words in the verb's complements, and each preposition has a
matching phrase. The most specific match wins; ``---`` means "no event".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

from ..errors import ResourceError

Element = frozenset[tuple[str, ...]]  # alternatives, each a tuple of words


def singular(word: str) -> str:
    """Crude English singular, enough for matching pattern nouns."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stems(word: str) -> tuple[str, ...]:
    """Candidate lemmas of a verb form the lexicon does not list ("renewed" -> renew); the parser has no lemmatizer."""
    if word.startswith("re-") and len(word) > 5:
        return (word, *stems(word[3:]))  # "re-examine", "re-imposed": the base verb's senses
    out = [word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            out.append(stem)
            if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "stopped" -> stop
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class PrepReq:
    prep: str
    words: tuple[Element, ...]
    role: str  # "", "src" or "tgt"


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    subject: tuple[Element, ...]
    words: tuple[Element, ...]
    preps: tuple[PrepReq, ...]
    origin: str
    rule: str
    weight: float  # specificity used to rank matches


@dataclass(frozen=True, slots=True)
class VerbEntry:
    lemma: str
    block: str
    code: str
    required: tuple[str, ...]
    rule: str
    added: bool


@dataclass(frozen=True, slots=True)
class NounTrigger:
    code: str
    noun: str
    roles: Mapping[str, str]
    rule: str
    refine: Mapping[str, str] = field(default_factory=dict)  # modifier word -> more specific code ("hunger" strike)


@dataclass(frozen=True, slots=True)
class Match:
    code: str
    rule: str
    weight: float
    pattern: Pattern | None
    entry: VerbEntry


class Lexicon:
    """Verb forms, patterns and nominal triggers, indexed for fast lookup."""

    def __init__(
        self,
        *,
        forms: Mapping[str, tuple[str, ...]],
        verbs: Mapping[str, tuple[VerbEntry, ...]],
        patterns: Mapping[str, tuple[Pattern, ...]],
        nouns: Mapping[str, NounTrigger],
        version: str,
    ) -> None:
        self.forms = forms
        self.verbs = verbs
        self.patterns = patterns
        self.nouns = nouns
        self.version = version
        self._anchors = MappingProxyType({block: _anchor_index(pats) for block, pats in patterns.items()})

    def lemmas(self, word: str) -> tuple[str, ...]:
        """Verb lemmas a surface form may belong to."""
        return self.forms.get(word.lower(), ())

    def match(
        self,
        lemma: str,
        *,
        subject: frozenset[str],
        complement: frozenset[str],
        preps: Mapping[str, frozenset[str]],
        direct: frozenset[str] | None = None,
    ) -> Match | None:
        """Best code for ``lemma`` given the words around it (already lower-cased and singularised).

        ``direct`` are the prepositions attached to the verb itself: a pattern made only of a preposition
        ("attack X for ...") needs it on the verb, not inside a noun phrase ("a camp for refugees"). A pattern
        written for another verb of the synonym block applies only within the verb's own event class (same
        CAMEO root as the verb's default code): "blast the president" (criticize) is not a reading of "blow up".
        """
        best: Match | None = None
        for entry in self.verbs.get(lemma, ()):
            if entry.required and not all(r in complement or r in preps for r in entry.required):
                continue
            base = len(entry.required) * 1.0 + (0.3 if entry.added else 0.0)
            if entry.code:
                cand = Match(entry.code, entry.rule, base, None, entry)
                if best is None or cand.weight > best.weight:
                    best = cand
            for pat in self._candidates(entry.block, subject, complement):
                if not _all_in(pat.subject, subject) or not _all_in(pat.words, complement):
                    continue
                if not all(_prep_ok(req, preps) for req in pat.preps):
                    continue
                if direct is not None and not pat.words and not pat.subject and not all(req.prep in direct for req in pat.preps):
                    continue
                if pat.origin not in ("", "eventlens", lemma) and entry.code and pat.code[:2] != entry.code[:2] and pat.code != "---":
                    continue
                weight = base + pat.weight + (0.25 if pat.origin == lemma else 0.0)
                if best is None or weight > best.weight:
                    best = Match(pat.code, pat.rule, weight, pat, entry)
        return best


    def _candidates(self, block: str, subject: frozenset[str], complement: frozenset[str]) -> list[Pattern]:
        """Patterns of ``block`` whose anchor word occurs in the phrase (most cannot match at all)."""
        index = self._anchors.get(block)
        if index is None:
            return []
        by_word, by_subject = index
        found: dict[int, Pattern] = {}
        for bag, table in ((complement, by_word), (subject, by_subject)):
            if len(bag) < len(table):
                for w in bag:
                    for n, pat in table.get(w, ()):
                        found[n] = pat
            else:
                for w, items in table.items():
                    if w in bag:
                        for n, pat in items:
                            found[n] = pat
        return [found[n] for n in sorted(found)]


def _anchor_index(patterns: tuple[Pattern, ...]) -> tuple[dict[str, list[tuple[int, Pattern]]], dict[str, list[tuple[int, Pattern]]]]:
    """Index patterns by one word that must be present: an object word, else a preposition, else a subject word."""
    by_word: dict[str, list[tuple[int, Pattern]]] = {}
    by_subject: dict[str, list[tuple[int, Pattern]]] = {}
    for n, pat in enumerate(patterns):
        if pat.words:
            keys, table = {alt[0] for alt in pat.words[0]}, by_word
        elif pat.preps:
            keys, table = {pat.preps[0].prep}, by_word
        else:
            keys, table = {alt[0] for alt in pat.subject[0]}, by_subject
        for k in keys:
            table.setdefault(k, []).append((n, pat))
    return by_word, by_subject


def _present(element: Element, bag: frozenset[str]) -> bool:
    return any(all(w in bag for w in alt) for alt in element)


def _all_in(elements: tuple[Element, ...], bag: frozenset[str]) -> bool:
    return all(_present(e, bag) for e in elements)


def _prep_ok(req: PrepReq, preps: Mapping[str, frozenset[str]]) -> bool:
    bag = preps.get(req.prep)
    if bag is None:
        return False
    return _all_in(req.words, bag)


def _element(token: str, sets: Mapping[str, tuple[str, ...]]) -> Element | None:
    if token.startswith("&"):
        words = sets.get(token[1:])
        if not words:
            return None
        return frozenset(tuple(singular(p) for p in w.replace("_", " ").split()) for w in words)
    alts = frozenset(tuple(singular(p) for p in alt.replace("_", " ").split()) for alt in token.split("|") if alt)
    return alts or None


class _Elements:
    """Pattern tokens as elements for one build, each distinct token built once (a word class such as
    ``&WEAPONS`` is named by hundreds of patterns)."""

    def __init__(self, sets: Mapping[str, tuple[str, ...]]) -> None:
        self.sets = sets
        self._memo: dict[str, Element | None] = {}

    def of(self, text: str) -> tuple[Element, ...] | None:
        """The elements of a space-separated pattern field, or None when one names an unknown set."""
        out = []
        for tok in text.split():
            if tok not in self._memo:
                self._memo[tok] = _element(tok, self.sets)
            el = self._memo[tok]
            if el is None:
                return None  # unknown set: the pattern cannot be honoured
            out.append(el)
        return tuple(out)


def _read_text(name: str) -> str:
    try:
        return resources.files("eventlens.data.events").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as exc:
        raise ResourceError(f"event lexicon file {name} is missing from eventlens/data/events; reinstall eventlens") from exc


def _rows(lines: list[str]) -> list[list[str]]:
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _version(lines: list[str]) -> str:
    """The version a data file declares in its header ("# ... version 1.2"), or '?'."""
    for line in lines:
        if not line.startswith("#"):
            break
        found = re.search(r"\bversion ([\w.]+)", line)
        if found:
            return found.group(1)
    return "?"


def _pattern(row: list[str], n: int, tag: str, added: bool, elements: _Elements) -> Pattern | None:
    """A ``P`` row as a pattern, or None when it names an unknown word class or requires nothing."""
    block, code = row[1], row[2]
    subject = elements.of(row[3])
    words = elements.of(row[4])
    if subject is None or words is None:
        return None
    preps = []
    for chunk in filter(None, row[5].split(";")):
        prep, _, rest = chunk.partition(":")
        pwords, _, role = rest.partition(":")
        els = elements.of(pwords.replace(",", " "))
        if els is None:
            return None
        preps.append(PrepReq(prep, els, role))
    if not (subject or words or preps):
        return None
    origin = row[6].split()[0] if len(row) > 6 and row[6].strip() else ""
    weight = len(subject) + len(words) + sum(1 + len(p.words) for p in preps) + (0.5 if added else 0.0)
    return Pattern(code, subject, words, tuple(preps), origin, f"{tag}:{block}:{n}", weight)


def _noun_trigger(row: list[str]) -> NounTrigger:
    roles = dict(part.split(":", 1) for part in row[4].split() if ":" in part)
    refine = dict(part.split("=", 1) for part in row[5].split() if "=" in part) if len(row) > 5 else {}
    return NounTrigger(row[1], row[2], MappingProxyType(roles), f"el:noun:{row[2]}", MappingProxyType(refine))


def _word_sets(rows_by_file: Iterable[tuple[str, bool, list[list[str]]]]) -> dict[str, tuple[str, ...]]:
    """The word classes (``S`` rows) of all files: patterns of any file may name them."""
    sets: dict[str, tuple[str, ...]] = {}
    for _, _, rows in rows_by_file:
        for row in rows:
            if row[0] == "S" and len(row) >= 3:
                sets[row[1]] = tuple(row[2].split())
    return sets


def build_lexicon(files: Iterable[tuple[str, bool]]) -> Lexicon:
    """Build a lexicon from data files ``(name, added_by_hand)`` in order."""
    texts = [(name, added, _read_text(name).splitlines()) for name, added in files]
    rows_by_file = [(name, added, _rows(lines)) for name, added, lines in texts]
    elements = _Elements(_word_sets(rows_by_file))
    forms: dict[str, list[str]] = {}
    verbs: dict[str, list[VerbEntry]] = {}
    patterns: dict[str, list[Pattern]] = {}
    nouns: dict[str, NounTrigger] = {}
    for name, added, rows in rows_by_file:
        tag = "el" if added else "cameo"
        for n, row in enumerate(rows):
            kind = row[0]
            if kind == "V" and len(row) >= 4:
                block, code, lemma = row[1], row[2], row[3]
                extra = row[4].split() if len(row) > 4 and row[4] else [lemma]
                required = tuple(row[5].split()) if len(row) > 5 and row[5] else ()
                for form in set(extra) | {lemma}:
                    forms.setdefault(form, [])
                    if lemma not in forms[form]:
                        forms[form].append(lemma)
                # a verb entry with default "---" means "no default code": patterns still run, nothing is blocked
                entry = VerbEntry(lemma, block, "" if code == "---" else code, required, f"{tag}:{block}:{lemma}", added)
                verbs.setdefault(lemma, []).append(entry)
            elif kind == "P" and len(row) >= 6:
                pattern = _pattern(row, n, tag, added, elements)
                if pattern is not None:
                    patterns.setdefault(row[1], []).append(pattern)
            elif kind == "N" and len(row) >= 5:
                trig = _noun_trigger(row)
                for form in row[3].split():
                    nouns[form] = trig
    return Lexicon(
        forms=MappingProxyType({k: tuple(v) for k, v in forms.items()}),
        verbs=MappingProxyType({k: tuple(v) for k, v in verbs.items()}),
        patterns=MappingProxyType({k: tuple(v) for k, v in patterns.items()}),
        nouns=MappingProxyType(nouns),
        version="+".join(f"{name.rsplit('.', 1)[0]} {_version(lines)}" for name, _, lines in texts),
    )


@functools.lru_cache(maxsize=2)
def load_lexicon() -> Lexicon:
    """The packaged lexicon, built once per process."""
    return build_lexicon((("cameo_verbs.tsv", False), ("additions.tsv", True)))
