"""Personal pronouns as actor mentions, each with the code of its antecedent.

The annotator's rule (docs/annotation.md 2.1, 2.3): he, she, they, we, I, him, her, them, us, it (an
organisation or country) are actor mentions; a possessive (his, her, their, its) only as the possessor of
an act ("their arrest"), which is left to the event coder (this stage marks no possessive pronoun). A pronoun takes its antecedent's code:

* "he"/"she"/"they"/"it": :func:`eventlens.actors.reference.choose_antecedent` over the mentions before it
  (two sentences back at most, agreement by gender and number);
* "I"/"we" inside a quotation: the speaker the quotation is attributed to ("“We will appeal,” said the
  lawyer" -> the lawyer's code; "X said: “I ...”").

"he", "she", "I" and "we" with no antecedent in view keep the unknown code ``---`` (they are people, and
an annotator marks them); "it" and "they" with none are left out (they often stand for things).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import ActorMention
from .context import clue_of
from .evidence import from_pattern, names_person
from .reference import (
    Candidate,
    Gender,
    Mentioned,
    PronounClass,
    agrees,
    choose_antecedent,
    expletive_it,
    noun_gender,
    plural_head,
    pronoun,
    reference_words,
    subject_role,
)
from .state import CONFIDENCE, MatchState

UNKNOWN = "---"
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "attr", "obj", "iobj"})
# Speech verbs, as written (the parser's lemmas are not always there).
SPEECH = frozenset("""
reveal reveals revealed admit admits admitted acknowledge acknowledges acknowledged emphasize emphasized emphasised stress stressed
remark remarked observe observed predict predicted vow vowed recount recounted describe described explain mention mentioned suggest
suggested
say says said saying tell tells told add adds added write writes wrote tweet tweets tweeted explain explains explained note notes noted
ask asks asked continue continues continued insist insists insisted recall recalls recalled state states stated announce announces
announced declare declares declared warn warns warned argue argues argued claim claims claimed reply replies replied respond responds
responded answer answers answered post posted testify testified testifies conclude concluded concludes
""".split())
_OPEN_QUOTES = "“‘"
_CLOSE_QUOTES = "”’"
_ALWAYS = frozenset({PronounClass.MALE, PronounClass.FEMALE, PronounClass.SPEAKER})


def pronoun_mentions(state: MatchState, mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """The pronoun mentions of the document (see the module doc), in text order."""
    doc = state.doc
    taken = [(m.start, m.end) for m in mentions]
    pool = [(m, _mentioned(state, m)) for m in mentions if m.kind not in ("pronoun", "place")]
    pool.sort(key=lambda p: p[0].start)
    out: list[ActorMention] = []
    speakers: list[tuple[Any, Any]] = []
    for i in state.indices(reference_words().pronouns):
        token = doc[i]
        found = _candidate_pronoun(token)
        if found is None or token.i in state.blocked or any(s <= token.idx < e for s, e in taken):
            continue
        if found is PronounClass.SPEAKER:
            speakers.append((token, found))
            continue
        mention = _resolve(state, token, found, pool)
        if mention is not None:
            out.append(mention)
            pool.append((mention, _mentioned(state, mention)))
            pool.sort(key=lambda p: p[0].start)
    resolved = sorted([*mentions, *out], key=lambda m: m.start)
    for token, cls in speakers:
        out.append(_speaker_mention(state, token, resolved))
    return out


def _candidate_pronoun(token: Any) -> PronounClass | None:
    """The class of a pronoun an annotator marks here, or None."""
    found = pronoun(token.lower_)
    if found is None or "reflexive" in found.forms and not found.forms - {"reflexive", "independent"}:
        return None
    if token.tag_ == "PRP$" or token.dep_ == "poss":
        return None  # a possessive is marked only as an event argument ("their arrest"), which the event coder finds
    if token.pos_ != "PRON" or token.dep_ not in _ARGUMENT_DEPS:
        return None
    if expletive_it(token, normalised=True):
        return None
    return found.cls


def _mentioned(state: MatchState, m: ActorMention) -> Mentioned:
    """What the antecedent chooser reads of a mention."""
    span = state.doc.char_span(m.start, m.end, alignment_mode="expand")
    root = span.root if span is not None and len(span) else None
    gender = noun_gender(root)
    if gender is None and names_person(m):
        gender = Gender.PERSON
    kind = m.kind
    plural = root is not None and plural_head(root, kind=kind)
    coordinated = root is not None and (root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children))
    subject = root is not None and subject_role(root, through_coordination=True)
    text = m.text.lower() if kind != "pronoun" else m.text.lower()
    return Mentioned(Candidate(kind=kind, text=text, gender=gender, plural=plural, coordinated=coordinated), m.start, state.sentence(m.start) or 0, subject)


def _resolve(state: MatchState, token: Any, cls: PronounClass, pool: list[tuple[ActorMention, Mentioned]]) -> ActorMention | None:
    """A pronoun mention with its antecedent's code, "---" for an unresolved person, None for an unresolved thing."""
    subject = token.dep_ in ("nsubj", "nsubjpass") or token.tag_ == "PRP$"
    if cls is PronounClass.NEUTER:
        return _resolve_it(state, token, pool) if subject else None
    seen = [p[1] for p in pool]
    pick = choose_antecedent(cls, start=token.idx, sentence=state.sentence(token.idx) or 0, subject=subject, pool=seen)
    if pick is None and cls in _ONE_PERSON:
        pick = _only_person_before(state, token, cls, seen)
    if pick is None:
        if cls not in _ALWAYS:
            return None
        evidence = from_pattern(f"pronoun:{token.lower_}", source="reference", antecedent=None)
        return state.mention(token.i, token.i + 1, UNKNOWN, kind="pronoun", rule=f"pronoun:{token.lower_}->?", confidence=0.3, evidence=evidence)
    antecedent = pool[pick][0]
    if cls is PronounClass.PLURAL and pool[pick][1].candidate.coordinated:
        return None  # "Obama and Putin said they ...": several actors; the event coder takes the coordination
    return _linked(state, token, antecedent, f"pronoun:{token.lower_}->{antecedent.text}")


_ONE_PERSON = frozenset({PronounClass.MALE, PronounClass.FEMALE})
_FAR_WINDOW = 6


def _only_person_before(state: MatchState, token: Any, cls: PronounClass, pool: Sequence[Mentioned]) -> int | None:
    """A "he"/"she" with no antecedent two sentences back: the one person who agrees with it,
    up to six sentences back, when the named candidates there are all one person (one last name); else None."""
    sentence = state.sentence(token.idx) or 0
    far = choose_antecedent(cls, start=token.idx, sentence=sentence, subject=True, pool=pool, window=_FAR_WINDOW)
    if far is None or pool[far].candidate.coordinated:
        return None
    agreeing = [c for c in pool if c.start < token.idx and sentence - _FAR_WINDOW <= c.sentence <= sentence
                and c.candidate.gender is not None and agrees(c.candidate, cls)]
    return far if agreeing and len({c.candidate.text.split()[-1] for c in agreeing if c.candidate.kind != "pronoun"}) == 1 else None


_IT_KINDS = frozenset({"country", "metonym", "organisation", "actor", "agent"})


def _resolve_it(state: MatchState, token: Any, pool: list[tuple[ActorMention, Mentioned]]) -> ActorMention | None:
    """A subject "it": an organisation or country that is the subject of its sentence before it or of the previous
    one ("The ministry said it would ..."); else nothing ("it felt good" is no actor)."""
    sentence = state.sentence(token.idx) or 0
    for back in (0, 1):
        for m, seen in pool:
            if (seen.sentence == sentence - back and seen.subject and m.start < token.idx and m.kind in _IT_KINDS and m.code
                    and seen.candidate.gender is None and not seen.candidate.plural):
                return _linked(state, token, m, f"pronoun:{token.lower_}->{m.text}")
    return None


def _linked(state: MatchState, token: Any, antecedent: ActorMention, rule: str) -> ActorMention:
    """A pronoun mention carrying its antecedent's code and country evidence."""
    evidence = from_pattern(f"pronoun:{token.lower_}", source="reference",
                            antecedent={"text": antecedent.text, "start": antecedent.start, "end": antecedent.end, "code": antecedent.code})
    if antecedent.country:
        clue = clue_of(antecedent, state.paragraph)
        evidence["country"] = {"from": "antecedent", "text": clue.text, **({"start": clue.start, "end": clue.end} if clue.start >= 0 else {})}
    code = antecedent.code or UNKNOWN
    return state.mention(token.i, token.i + 1, code, kind="pronoun", rule=rule, confidence=CONFIDENCE["pronoun"], evidence=evidence)


def _speaker_mention(state: MatchState, token: Any, mentions: Sequence[ActorMention]) -> ActorMention:
    """"I"/"we" in a quotation: the code of the speaker the quotation is attributed to, else ``---``."""
    speaker = quote_speaker(state, token, mentions)
    if speaker is not None:
        return _linked(state, token, speaker, f"pronoun:{token.lower_}->speaker:{speaker.text}")
    evidence = from_pattern(f"pronoun:{token.lower_}", source="reference", antecedent=None)
    return state.mention(token.i, token.i + 1, UNKNOWN, kind="pronoun", rule=f"pronoun:{token.lower_}->?", confidence=0.3, evidence=evidence)


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations in ``text[start:end]`` (a paragraph): curly pairs (single ones outside double ones, a "’"
    before a letter being an apostrophe), or straight quotes taken two by two; an opening mark never closed runs
    to the end of the paragraph."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    single: int | None = None
    straight: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“":
            opened = i
        elif ch == "”" and opened is not None:
            spans.append((opened, i + 1))
            opened = None
        elif ch == "‘" and opened is None:
            single = i
        elif ch == "’" and single is not None and not text[i + 1 : i + 2].isalpha():
            spans.append((single, i + 1))  # a closing single quote, not the apostrophe inside "don’t"
            single = None
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                spans.append((straight, i + 1))
                straight = None
    for left in (opened, single, straight):
        if left is not None:
            spans.append((left, end))
    return sorted(spans)


def quote_speaker(state: MatchState, token: Any, mentions: Sequence[ActorMention]) -> ActorMention | None:
    """The mention a quotation holding ``token`` is attributed to (a speech verb's subject next to it), or None."""
    spans, verbs = _quotations(state, state.paragraph(token.idx))
    inside = next(((s, e) for s, e in spans if s <= token.idx < e), None)
    if inside is None:
        return None
    # the attribution sits in the sentence that closes the quotation or the next one, else in the sentence that
    # opens it or the one before ("X said: “...”"); not further: an article may be one paragraph
    last = (state.sentence(inside[1] - 1) or 0) + 1
    first = (state.sentence(inside[0]) or 0) - 1
    after = [v for v in verbs if v.idx >= inside[1] and (state.sentence(v.idx) or 0) <= last]
    before = [v for v in verbs if v.idx < inside[0] and (state.sentence(v.idx) or 0) >= first]
    for verb in [*after[:1], *reversed(before[-1:])]:
        subject = speech_subject(verb)
        if subject is None:
            continue
        found = _mention_at(mentions, subject)
        if found is not None:
            return found
    return None


_SHARED_SUBJECT = frozenset({"advcl", "xcomp", "conj"})


def speech_subject(verb: Any) -> Any:
    """The subject of a speech verb; a participle or conjunct without one shares its head verb's ("X praised Y,
    saying ...", "X smiled and said ..."), two steps up at most."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ not in _SHARED_SUBJECT or verb.head is verb:
            return subject
        verb = verb.head
    return None


def _quotations(state: MatchState, para: int) -> tuple[list[tuple[int, int]], list[Any]]:
    """A paragraph's quotations and its speech verbs outside them (worked out once per paragraph)."""
    cache = state.memo.setdefault("quotations", {})
    if para not in cache:
        p_start = state.paragraph_starts[para]
        p_end = state.paragraph_starts[para + 1] if para + 1 < len(state.paragraph_starts) else len(state.text)
        spans = quote_spans(state.text, p_start, p_end)
        doc = state.doc
        verbs = [doc[i] for i in state.indices(SPEECH) if p_start <= doc[i].idx < p_end]
        verbs = [t for t in verbs if t.pos_ in ("VERB", "AUX") and not any(s <= t.idx < e for s, e in spans)]
        cache[para] = (spans, verbs)
    return cache[para]


def _mention_at(mentions: Sequence[ActorMention], token: Any) -> ActorMention | None:
    """The mention covering ``token`` (the longest), or None."""
    found = [m for m in mentions if m.start <= token.idx < m.end]
    return max(found, key=lambda m: m.end - m.start) if found else None
