"""Noun phrases to actors: the actors stage's mentions indexed by token for the event coder.

Tokens are mapped to the actors stage's mentions by character offsets. A noun
phrase resolves to one or more actors (coordination and "Hungarian and
Romanian officials" give several); agent nouns without a country ("police",
"officials") are attached to the nearest country in the sentence, the
paragraph, or the article's dominant country (the scope rule of
:func:`eventlens.actors.context.country_by_scope`, knowing the event's other
side); pronouns and "the city" / "the group" resolve to the nearest earlier
agreeing actor in the paragraph (the words and agreement of
:mod:`eventlens.actors.reference`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ..actors.codes import combine as combine_code
from ..actors.context import country_by_scope, placed_by_context
from ..actors.reference import (
    Candidate,
    PronounClass,
    agrees,
    document_entities,
    expletive_it,
    noun_gender,
    plural_head,
    pronoun as lookup_pronoun,
    reference_noun,
    subject_role,
    unknown_antecedent,
)
from ..model import ActorMention, Analysis, EventActor
from .rules import EventRules
from .tags import Arg, ArgSource

_MOD_DEPS = ("compound", "amod", "nmod", "poss", "npadvmod", "nummod")
_IGO_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "UNO", "NAT")


def _sector_part(m: ActorMention) -> str:
    code = m.code or ""
    if m.country and code.startswith(m.country):
        return code[len(m.country) :]
    return code.lstrip("-")


def _needs_country(m: ActorMention) -> bool:
    if m.country:
        return False
    code = (m.code or "").upper()
    if code.startswith(_IGO_PREFIXES):
        return False
    return code.startswith("---") or m.kind in ("agent", "pronoun") or (len(code) == 3 and not m.name)


class ActorIndex:
    """The actors stage's mentions, indexed by spaCy token for one document."""

    def __init__(self, analysis: Analysis, *, rules: EventRules, combine: Callable[[str, str], str] = combine_code) -> None:
        self.analysis = analysis
        self.rules = rules
        self.mentions: list[ActorMention] = list(analysis.actors)
        self._combine = combine
        self.by_token: dict[int, int] = {}
        self._ents: list[tuple[int, int, str, int]] | None = None  # the document's named entities, listed on demand
        doc = analysis.doc
        spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in self.mentions]
        order = sorted(range(len(self.mentions)), key=lambda i: -(self.mentions[i].end - self.mentions[i].start))
        for mi in order:
            for tok in spans[mi] or ():
                self.by_token.setdefault(tok.i, mi)
        countries = Counter(m.country for m in self.mentions if m.country)
        self.dominant: str | None = countries.most_common(1)[0][0] if countries else None
        self.para_of = [analysis.paragraph_of(m.start) for m in self.mentions]
        self.candidates: list[Candidate] = []  # what agreement reads of each mention as an antecedent
        self.subject: list[bool] = []
        for m, span in zip(self.mentions, spans):
            root = span.root if span is not None and len(span) else None
            plural = root is not None and plural_head(root, kind=m.kind)
            coordinated = root is not None and (root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children))
            self.candidates.append(Candidate(kind=m.kind, text=m.text.lower(), gender=noun_gender(root), plural=plural, coordinated=coordinated))
            self.subject.append(root is not None and subject_role(root, through_coordination=False))

    # ---- building actors -------------------------------------------------
    def combine(self, country: str, sector_code: str) -> str:
        return self._combine(country, sector_code)

    def _arg(self, m: ActorMention, source: ArgSource) -> Arg:
        if m.kind == "pronoun" or lookup_pronoun(m.text.lower()) is not None:
            # a pronoun the actors stage resolved: the event names its antecedent (same code, nearest before)
            ref = self.nearest_before(m.start, same_code=m.code)
            if ref is not None:
                return Arg(EventActor(text=ref.text, code=m.code, start=ref.start, end=ref.end), m.country, source, antecedent=True)
        # the actors stage may have given it its passage's country; the text does not say it
        return Arg(EventActor(text=m.text, code=m.code, start=m.start, end=m.end), m.country, source, context=placed_by_context(m))

    def _merged(self, head: ActorMention, country_m: ActorMention, source: ArgSource) -> Arg:
        start, end = min(head.start, country_m.start), max(head.end, country_m.end)
        code = self.combine(country_m.country or country_m.code[:3], _sector_part(head))
        text = self.analysis.text[start:end]
        return Arg(EventActor(text=text, code=code, start=start, end=end), country_m.country, source)

    def mention_at(self, tok: Any) -> ActorMention | None:
        mi = self.by_token.get(tok.i)
        return self.mentions[mi] if mi is not None else None

    def modifier_mentions(self, head: Any) -> list[Arg]:
        """Actors named by the modifiers of a noun that is not an actor itself ("Israeli shelling")."""
        mods = [m for m in self._modifier_mentions(head, None) if not _needs_country(m)]
        return [self._arg(m, ArgSource.MODIFIER) for m in mods]

    # ---- noun phrases ----------------------------------------------------
    def _modifier_mentions(self, head: Any, own: ActorMention | None) -> list[ActorMention]:
        found: list[ActorMention] = []
        stack = [c for c in head.children if c.dep_ in _MOD_DEPS]
        seen = set()
        while stack:
            tok = stack.pop(0)
            if tok.i in seen:
                continue
            seen.add(tok.i)
            m = self.mention_at(tok)
            if m is not None and m is not own and m not in found:
                found.append(m)
            stack.extend(c for c in tok.children if c.dep_ in _MOD_DEPS + ("conj", "case"))
        return found

    def _conj_mentions(self, tok: Any, own: ActorMention) -> list[ActorMention]:
        """Mentions coordinated with a token of ``own`` ("US and British activists", "Obama and Putin")."""
        doc = tok.doc
        found: list[ActorMention] = []
        span = doc.char_span(own.start, own.end, alignment_mode="expand")
        for t in span if span is not None else [tok]:
            # a list of named actors often parses as apposition + conjunction ("the US, Russia, and Switzerland")
            listed = [a for a in t.children if a.dep_ == "appos" and any(c.dep_ == "conj" for c in a.children)]
            for c in [*t.conjuncts, *listed, *[x for a in listed for x in a.conjuncts]]:
                m = self.mention_at(c)
                if m is not None and m is not own and m not in found and not _needs_country(m):
                    found.append(m)
        return found

    def resolve_np(self, head: Any, *, depth: int = 0, strict: bool = False) -> list[Arg]:
        """Actors named by the noun phrase headed by ``head`` (coordination included).

        ``strict`` (used for sources) ignores adjectives and of-phrases of nouns that are not
        actors themselves ("this aspect of Israel's policy" is not Israel acting).
        """
        out: list[Arg] = []
        for tok in [head, *[c for c in head.conjuncts if c.i > head.i]]:
            out.extend(self._resolve_one(tok, depth, strict))
        seen: set[str | None] = set()
        unique = []
        for a in out:
            key = a.actor.code
            if key not in seen:
                seen.add(key)
                unique.append(a)
        return unique

    def _resolve_one(self, tok: Any, depth: int, strict: bool = False) -> list[Arg]:
        own = self.mention_at(tok)
        mods = self._modifier_mentions(tok, own)
        loose = not strict or tok.pos_ == "PROPN" or tok.lower_ in self.rules.group_nouns
        if own is None and not loose:
            mods = [m for m in mods if any(self.mention_at(c) is m for c in tok.children if c.dep_ == "poss")]
        country_mods = [m for m in mods if m.country and not _sector_part(m)]
        if own is not None:
            if _needs_country(own) and country_mods:
                return [self._merged(own, cm, ArgSource.MENTION_MODIFIER) for cm in country_mods]
            return [self._arg(own, ArgSource.MENTION)] + [self._arg(m, ArgSource.MENTION_CONJ) for m in self._conj_mentions(tok, own)]
        if mods:
            sector_mods = [m for m in mods if _needs_country(m)]
            if sector_mods and country_mods:
                return [self._merged(sector_mods[0], cm, ArgSource.MODIFIER) for cm in country_mods]
            return [self._arg(m, ArgSource.MODIFIER) for m in mods if not _needs_country(m)] or [self._arg(m, ArgSource.MODIFIER) for m in mods]
        if depth > 2:
            return []
        for child in tok.children:
            if child.dep_ == "appos":
                found = self.resolve_np(child, depth=depth + 1)
                if found:
                    return [Arg(a.actor, a.country, ArgSource.APPOS) for a in found]
        for child in tok.children:
            if loose and child.dep_ == "prep" and child.lower_ in self.rules.np_preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.resolve_np(pobj, depth=depth + 1)
                        if found:
                            return [Arg(a.actor, a.country, ArgSource.PHRASE, child.lower_) for a in found]
        return self._reference(tok)

    def _reference(self, tok: Any) -> list[Arg]:
        """A pronoun or "the city"-style phrase: the nearest earlier actor it can stand for (and, for "they",
        the actors coordinated with it); an expletive "it" stands for nothing."""
        if expletive_it(tok, normalised=True, unless_acomp=self.rules.intent_adjectives):
            return []  # "it is crucial to ...": an expletive, not a reference ("it is willing to ..." is one)
        word = lookup_pronoun(tok.lower_)
        noun = reference_noun(tok.lower_) if word is None else None
        if word is None and not (noun is not None and noun.in_arguments and any(c.lower_ in ("the", "this", "that") for c in tok.children)):
            return []
        cls = word.cls if word is not None else None
        ref = self.nearest_before(tok.idx, pronoun=cls, sentence_start=tok.sent.start_char, not_one_person=word is None)
        if ref is None:
            return []
        # the event names the antecedent (its offsets are the evidence); the rule records the reference
        refs = [ref]
        if cls is PronounClass.PLURAL:
            # "Obama and Putin said they ...": a plural pronoun takes the coordinated antecedents
            span = tok.doc.char_span(ref.start, ref.end, alignment_mode="expand")
            if span is not None:
                refs += self._conj_mentions(span.root, ref)
        return [Arg(EventActor(text=r.text, code=r.code, start=r.start, end=r.end), r.country, ArgSource.REFERENCE, tok.text) for r in refs]

    def nearest_before(self, offset: int, *, same_code: str | None = None, pronoun: PronounClass | None = None,
                       sentence_start: int | None = None, not_one_person: bool = False) -> ActorMention | None:
        """Closest actor mentioned before ``offset`` in the same paragraph (then the previous one).

        With ``pronoun``, only an actor a pronoun of that class can stand for (:func:`~eventlens.actors.reference.agrees`),
        preferring a subject of the pronoun's sentence, and none when an entity no actor covers comes between;
        with ``not_one_person`` ("the group", "the city"), anything but one person; with ``same_code``, the
        antecedent of a pronoun the actors stage resolved to that code."""
        para = self.analysis.paragraph_of(offset)
        best: ActorMention | None = None
        best_key: tuple[bool, int, int] | None = None
        for mi, m in enumerate(self.mentions):
            if m.end > offset or self.para_of[mi] > para or self.para_of[mi] < para - 1:
                continue
            cand = self.candidates[mi]
            if not_one_person and cand.gender is not None and not cand.plural:
                continue  # "the government", "the group" never stand for one person
            same_sentence = sentence_start is not None and m.start >= sentence_start
            if pronoun is not None and not agrees(cand, pronoun, same_sentence=same_sentence):
                continue
            if _needs_country(m):
                continue
            if same_code is not None and (m.code != same_code or m.kind == "pronoun" or lookup_pronoun(m.text.lower()) is not None):
                continue
            # a pronoun prefers a subject of its own sentence ("Militants loyal to X said they ..."), else the nearest
            preferred = pronoun is not None and same_sentence and self.subject[mi]
            key = (preferred, self.para_of[mi], m.start)
            if best_key is None or key > best_key:
                best, best_key = m, key
        if best is not None and pronoun is not None:
            if self._ents is None:
                self._ents = document_entities(self.analysis.doc)
            if unknown_antecedent(self._ents, best.end, offset, pronoun, covered=self.by_token):
                return None  # "Pskov ... said he was speaking": the nearer antecedent is a person no dictionary knows
        return best

    def attach_country(self, arg: Arg, *, sentence: Any, avoid: Sequence[str | None], avoid_at: Sequence[int] = ()) -> Arg:
        """Give an agent noun without a country the nearest country of its sentence, else of its paragraph, else
        the article's dominant one (:func:`~eventlens.actors.context.country_by_scope`).

        ``avoid`` lists countries not to attach (the other side's); ``avoid_at`` start offsets of mentions that are
        the other side of the event ("children killed in Israeli shelling": the attacker's demonym is not the victims')."""
        if arg.country or (arg.actor.code or "").upper().startswith(_IGO_PREFIXES):
            return arg
        sector = (arg.actor.code or "").lstrip("-")
        pos = arg.actor.start or sentence.start_char
        pos_paragraph = self.analysis.paragraph_of(pos)
        in_sentence: list[tuple[int, str]] = []
        in_paragraph: list[tuple[int, str]] = []
        for mi, m in enumerate(self.mentions):
            if not m.country or m.country in avoid or m.start in avoid_at:
                continue
            if sentence.start_char <= m.start < sentence.end_char:
                in_sentence.append((abs(m.start - pos), m.country))
            elif self.para_of[mi] == pos_paragraph:
                in_paragraph.append((abs(m.start - pos), m.country))
        by_scope = {
            "sentence": [c for _, c in sorted(in_sentence, key=lambda d: d[0])],  # nearest first (stable: earlier mention on ties)
            "paragraph": [c for _, c in sorted(in_paragraph, key=lambda d: d[0])],
            "article": [self.dominant] if self.dominant and self.dominant not in avoid else [],
        }
        found = country_by_scope(by_scope, choose=lambda scope, countries: countries[0])
        if found is None:
            return arg
        where, country = found
        actor = EventActor(text=arg.actor.text, code=self.combine(country, sector), start=arg.actor.start, end=arg.actor.end)
        return replace(arg, actor=actor, country=country, attached=where)
