"""Finding actor mentions in a parsed spaCy ``Doc``.

Three passes, all cheap:

1. dictionary phrases are matched token by token (lower-cased text, longest
   match first) with a few checks that keep precision (proper names must be
   capitalised and tagged as names; agent nouns must be nouns);
2. agent nouns take their country from the parse: adjectives and compounds
   ("Iranian media"), coordinated adjectives ("Hungarian and Romanian
   officials"), possessives ("Iran's foreign minister", "its citizens", "the
   city's residents") and "of/in/from" complements ("the army of Israel",
   "a court in Guyana");
3. what is left is emitted by its role: countries and demonyms always, cities
   and capitals only when they act (a capital as subject is its government:
   "Tehran said" -> IRNGOV), pronouns and "the city"/"the group" resolved to
   the nearest compatible actor before them in the paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import ActorMention
from .codes import combine, split_code
from .dictionary import PLACE_KINDS, ActorDictionary, ActorEntry, resolve

# Prepositions after which a city is a location, not an actor.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "within", "throughout", "across", "along", "beyond", "via", "over", "across", "between", "among", "amid", "towards", "toward", "past", "off", "on", "through", "into", "from", "of", "like"}
)
# Roles in which a capital stands for its government.
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "agent", "dative"})
ANCHOR_PREPS = frozenset({"of", "in", "from"})
_NP_LEFT = frozenset({"amod", "compound", "nmod", "poss", "det", "nummod", "quantmod", "advmod", "npadvmod"})
_NAMED_ENTS = frozenset({"ORG", "PERSON", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
_PRONOUNS_SG = frozenset({"it", "its"})
_PRONOUNS_PL = frozenset({"they", "their", "them"})
_DEFINITE_NOUNS = {
    "city": ("city", "capital"),
    "capital": ("capital",),
    "town": ("city",),
    "country": ("country",),
    "nation": ("country",),
    "state": ("country",),
    "kingdom": ("country",),
    "republic": ("country",),
    "group": ("actor",),
    "organization": ("actor",),
    "organisation": ("actor",),
    "movement": ("actor",),
    "agency": ("actor",),
}
CONFIDENCE = {
    "country": 0.95,
    "region": 0.9,
    "demonym": 0.9,
    "agent+country": 0.9,
    "agent": 0.7,
    "city": 0.75,
    "capital": 0.7,
    "actor": 0.9,
    "person": 0.9,
    "pronoun": 0.5,
}


@dataclass(slots=True)
class Hit:
    """A dictionary phrase found at tokens ``[start, end)``."""

    start: int
    end: int
    entry: ActorEntry
    used: bool = False  # consumed by an agent phrase or a merged name

    @property
    def country(self) -> str | None:
        if self.entry.kind == "agent":
            return None
        return split_code(self.entry.code)[0]


def find_actors(
    doc: Any,
    *,
    dictionary: ActorDictionary,
    date: str | None = None,
    sentence_starts: Sequence[int] = (),
    paragraph_starts: Sequence[int] = (),
) -> list[ActorMention]:
    """Actor mentions in ``doc``, sorted by start offset.

    ``sentence_starts``/``paragraph_starts`` are the character offsets where
    the analysis' sentences and paragraphs begin (used for the ``sentence``
    index and to keep anaphora inside its paragraph); without them spaCy's
    sentences are used and the whole doc is one paragraph.
    """
    if not sentence_starts:
        sentence_starts = [s.start_char for s in doc.sents]
    hits = match(doc, dictionary, date)
    by_token = {i: h for h in hits for i in range(h.start, h.end)}
    ctx = _Context(doc, hits, by_token, list(sentence_starts), list(paragraph_starts) or [0])
    mentions: list[ActorMention] = []
    for hit in hits:
        if hit.entry.kind == "agent":
            mentions.extend(_agent_mentions(ctx, hit))
    for hit in hits:
        if not hit.used and hit.entry.kind != "agent":
            mention = _standalone(ctx, hit)
            if mention is not None:
                mentions.append(mention)
    mentions.extend(_anaphora(ctx, mentions))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return _dedupe(mentions)


# ---------------------------------------------------------------- pass 1: dictionary matching


def match(doc: Any, dictionary: ActorDictionary, date: str | None) -> list[Hit]:
    """Greedy longest dictionary matches over the doc's lower-cased tokens."""
    lowers = [t.lower_ for t in doc]
    index, max_len = dictionary.index, dictionary.max_len
    hits: list[Hit] = []
    i, n = 0, len(lowers)
    while i < n:
        longest = max_len.get(lowers[i], 0)
        step = 1
        for size in range(min(longest, n - i), 0, -1):
            entries = index.get(tuple(lowers[i : i + size]))
            if entries and acceptable(doc, i, i + size, entries[0]):
                hits.append(Hit(i, i + size, resolve(entries, date)))
                step = size
                break
        i += step
    return hits


def acceptable(doc: Any, start: int, end: int, entry: ActorEntry) -> bool:
    """Checks that keep dictionary matches precise (case, part of speech, longer names)."""
    first, last = doc[start], doc[end - 1]
    if entry.kind == "agent":
        return last.pos_ in ("NOUN", "PROPN") and not (first.is_title and first.i > first.sent.start and _inside_name(doc, start, end))
    if not (first.text[:1].isupper() or first.text[:1].isdigit()):
        return False
    single = end - start == 1
    if entry.kind in ("city", "capital", "person") or (entry.kind == "actor" and single):
        if single and first.pos_ != "PROPN" and first.ent_type_ not in ("GPE", "LOC", "ORG", "PERSON", "NORP"):
            return False
        if _inside_name(doc, start, end):
            return False
    if entry.kind in ("country", "region") and first.ent_type_ == "PERSON" and _inside_name(doc, start, end):
        return False
    return True


def _inside_name(doc: Any, start: int, end: int) -> bool:
    """True when the tokens sit inside a longer named entity (ORG, PERSON ...) or a run of proper nouns."""
    ent_type = doc[start].ent_type_
    if ent_type in _NAMED_ENTS:
        s, e = start, end
        while s > 0 and doc[s].ent_iob_ == "I":
            s -= 1
        while e < len(doc) and doc[e].ent_iob_ == "I":
            e += 1
        if (s, e) != (start, end):
            return True
    after = doc[end] if end < len(doc) else None
    return bool(after is not None and after.pos_ == "PROPN" and after.text[:1].isupper() and after.dep_ in ("compound", "flat") and doc[end - 1].head.i == end)


# ---------------------------------------------------------------- shared state


class _Context:
    def __init__(self, doc: Any, hits: list[Hit], by_token: dict[int, Hit], sentence_starts: list[int], paragraph_starts: list[int]) -> None:
        self.doc = doc
        self.hits = hits
        self.by_token = by_token
        self.sentence_starts = sentence_starts
        self.paragraph_starts = paragraph_starts

    def sentence(self, char: int) -> int | None:
        return max(bisect_right(self.sentence_starts, char) - 1, 0) if self.sentence_starts else None

    def paragraph(self, char: int) -> int:
        return max(bisect_right(self.paragraph_starts, char) - 1, 0)

    def place_hit(self, token: Any) -> Hit | None:
        hit = self.by_token.get(token.i)
        if hit is None or hit.entry.kind == "agent":
            return None
        return hit if hit.country else None

    def mention(self, start_tok: int, end_tok: int, code: str, *, kind: str, rule: str, confidence: float, name: str | None = None) -> ActorMention:
        doc = self.doc
        start = doc[start_tok].idx
        last = doc[end_tok - 1]
        end = last.idx + len(last.text)
        country, sector = split_code(code)
        return ActorMention(
            text=doc.text[start:end],
            start=start,
            end=end,
            code=code,
            country=country,
            sector=sector,
            name=name,
            kind=kind,
            sentence=self.sentence(start),
            rule=rule,
            confidence=confidence,
        )


# ---------------------------------------------------------------- pass 2: agent nouns


def _agent_mentions(ctx: _Context, hit: Hit) -> list[ActorMention]:
    doc = ctx.doc
    head = doc[hit.end - 1]
    if head.dep_ in ("compound", "amod") and head.head.i > head.i and ctx.by_token.get(head.head.i, None) is not None and ctx.by_token[head.head.i].entry.kind == "agent":
        return []  # "government forces": the modifier agent is part of the head agent's phrase
    if head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
        return []  # "media focus", "police station": the agent noun only modifies a thing
    np_head, named = _named_head(ctx, head)
    sector = hit.entry.code
    places, via_of = _agent_countries(ctx, np_head, hit)
    left = _left_edge(np_head, hit.start)
    end_tok = max(hit.end, np_head.i + 1)
    if via_of is not None:
        end_tok = max(end_tok, via_of.end)
    if named is not None:
        named.used = True
    if not places:
        if named is not None and named.country:
            code = combine(named.country, sector) if split_code(named.entry.code)[1] is None else named.entry.code
            return [ctx.mention(left, end_tok, code, kind="actor", rule=f"agent:{hit.entry.phrase}+{named.entry.rule}", confidence=CONFIDENCE["person"], name=named.entry.name or named.entry.phrase)]
        if named is not None:
            return [ctx.mention(named.start, named.end, named.entry.code, kind="actor", rule=named.entry.rule, confidence=CONFIDENCE["actor"], name=named.entry.name or named.entry.phrase)]
        return [ctx.mention(left, end_tok, sector, kind="agent", rule=f"agent:{hit.entry.phrase}", confidence=CONFIDENCE["agent"])]
    out = []
    for n, (place, how) in enumerate(places):
        if isinstance(place, Hit):
            place.used = True
        country = place.country if isinstance(place, Hit) else place[0]
        label = place.entry.rule if isinstance(place, Hit) else place[1]
        last = n == len(places) - 1
        if last:
            if isinstance(place, Hit) and len(places) > 1:
                start_tok = place.start  # coordination: the last conjunct carries the shared head noun
            else:
                start_tok = min(left, place.start) if isinstance(place, Hit) and how != "of" else left
            kind = "pronoun" if how.startswith("anaphora") else "agent"
            conf = CONFIDENCE["pronoun"] if kind == "pronoun" else CONFIDENCE["agent+country"]
            out.append(ctx.mention(start_tok, end_tok, combine(country, sector), kind=kind, rule=f"agent:{hit.entry.phrase}+{how}:{label}", confidence=conf, name=named.entry.name if named else None))
        else:
            out.append(ctx.mention(place.start, place.end, combine(country, sector), kind="agent", rule=f"agent:{hit.entry.phrase}+{how}:{label}", confidence=CONFIDENCE["agent+country"]))
    return out


def _named_head(ctx: _Context, head: Any) -> tuple[Any, Hit | None]:
    """A title before a name ("President Bush", "Foreign Minister Peter Szijjarto") heads the name."""
    up = head.head
    if head.dep_ == "compound" and up.i > head.i and up.pos_ == "PROPN":
        hit = ctx.by_token.get(up.i)
        named = hit if hit is not None and hit.entry.kind in ("person", "actor") else None
        return up, named
    return head, None


def _left_edge(np_head: Any, floor: int) -> int:
    """First token of the noun phrase left of ``np_head`` (determiner and modifiers included)."""
    left = floor
    for child in np_head.lefts:
        if child.dep_ in _NP_LEFT or child.dep_ == "case":
            left = min(left, child.left_edge.i)
    return left


def _agent_countries(ctx: _Context, np_head: Any, hit: Hit) -> tuple[list[tuple[Any, str]], Hit | None]:
    """Countries attached to an agent phrase, in text order, each with how it was found."""
    found: list[tuple[Any, str]] = []
    seen: set[int] = set()

    def add(token: Any, how: str) -> None:
        place = ctx.place_hit(token)
        if place is not None and id(place) not in seen and not (hit.start <= place.start < hit.end):
            seen.add(id(place))
            found.append((place, how))
            for conj in token.conjuncts:
                other = ctx.place_hit(conj)
                if other is not None and id(other) not in seen:
                    seen.add(id(other))
                    found.append((other, how))

    heads = {np_head, ctx.doc[hit.end - 1]}
    for h in heads:
        for child in h.lefts:
            if child.dep_ == "poss":
                add(child, "poss")
                if not found:
                    resolved = _resolve_reference(ctx, child)
                    if resolved is not None:
                        found.append((resolved, "anaphora"))
                        seen.add(-1)
            elif child.dep_ in ("amod", "compound", "nmod", "npadvmod"):
                add(child, "mod")
    if not found and hit.start > 0:
        # parse-independent fallback: a country right before the agent phrase
        prev = ctx.by_token.get(hit.start - 1)
        if prev is None and hit.start > 1 and ctx.doc[hit.start - 1].tag_ == "POS":
            prev = ctx.by_token.get(hit.start - 2)
        if prev is not None and prev.entry.kind != "agent" and prev.country:
            add(ctx.doc[prev.end - 1], "mod")
    via_of = None
    if not found:
        for child in np_head.rights:
            if child.dep_ == "prep" and child.lower_ in ANCHOR_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        add(obj, child.lower_)
                        if found and child.lower_ == "of":
                            via_of = found[-1][0] if isinstance(found[-1][0], Hit) else None
                if found:
                    break
    found.sort(key=lambda item: item[0].start if isinstance(item[0], Hit) else -1)
    return found, via_of


# ---------------------------------------------------------------- pass 3: roles, anaphora


def _role_dep(token: Any) -> tuple[str, str | None]:
    """Dependency label of a token's phrase (walking up coordination) and its preposition, if any."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ == "pobj":
        return "pobj", token.head.lower_
    return token.dep_, None


def _standalone(ctx: _Context, hit: Hit) -> ActorMention | None:
    entry = hit.entry
    kind = entry.kind
    name = entry.name or entry.phrase
    start = hit.start
    if kind in ("actor", "person") and start > 0 and ctx.doc[start - 1].lower_ == "the" and kind == "actor":
        start -= 1
    if kind in ("country", "region", "demonym"):
        return ctx.mention(hit.start, hit.end, entry.code, kind="demonym" if kind == "demonym" else "country", rule=entry.rule, confidence=CONFIDENCE[kind], name=name)
    if kind in ("actor", "person"):
        conf = CONFIDENCE[kind] - (0.1 if hit.end - hit.start == 1 else 0.0)
        return ctx.mention(start, hit.end, entry.code, kind="actor", rule=entry.rule, confidence=conf, name=name)
    dep, prep = _role_dep(ctx.doc[hit.end - 1])
    if prep is not None and prep in LOCATIVE_PREPS:
        return None  # a place, left to the geoparser (still a referent for "the city")
    if kind == "capital" and (dep in ACTING_DEPS or prep == "by"):
        code = combine(split_code(entry.code)[0], "GOV")
        return ctx.mention(hit.start, hit.end, code, kind="metonym", rule=f"capital-metonym:{name}", confidence=CONFIDENCE["capital"], name=name)
    if dep in ("appos", "npadvmod") and kind == "city":
        return None
    return ctx.mention(hit.start, hit.end, split_code(entry.code)[0] or entry.code, kind="country", rule=f"{kind}:{name}", confidence=CONFIDENCE[kind], name=name)


def _resolve_reference(ctx: _Context, token: Any) -> tuple[str, str] | None:
    """Country code (and label) that a pronoun or "the city"-style phrase refers to, or None."""
    word = token.lower_
    para = ctx.paragraph(token.idx)
    if word in _PRONOUNS_SG or word in _PRONOUNS_PL:
        plural = word in _PRONOUNS_PL
        for hit in reversed(ctx.hits):
            if hit.start >= token.i:
                continue
            if ctx.paragraph(ctx.doc[hit.start].idx) != para:
                break
            if _compatible(ctx, hit, plural) and hit.country:
                return hit.country, f"{word}->{hit.entry.name or hit.entry.phrase}"
        return None
    wanted = _DEFINITE_NOUNS.get(word)
    if wanted is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
        return None
    for hit in reversed(ctx.hits):
        if hit.start >= token.i:
            continue
        if ctx.paragraph(ctx.doc[hit.start].idx) < para - 1:
            break
        kind = hit.entry.kind
        ok = (kind in ("city", "capital") and "city" in wanted) or (kind == "capital" and "capital" in wanted) or (kind == "country" and "country" in wanted) or (kind == "actor" and "actor" in wanted)
        if ok and hit.country:
            return hit.country, f"the {word}->{hit.entry.name or hit.entry.phrase}"
    return None


def _compatible(ctx: _Context, hit: Hit, plural: bool) -> bool:
    kind = hit.entry.kind
    if kind == "agent" or kind == "demonym":
        return plural and ctx.doc[hit.end - 1].tag_ in ("NNS", "NNPS")
    if kind in ("country", "region", "city", "capital"):
        return not plural
    return True


def _anaphora(ctx: _Context, mentions: list[ActorMention]) -> list[ActorMention]:
    """Pronouns and "the city"/"the group" phrases in argument roles, resolved inside the paragraph."""
    covered = {(m.start, m.end) for m in mentions}
    spans = [(m.start, m.end) for m in mentions]
    out = []
    for token in ctx.doc:
        word = token.lower_
        if word in _PRONOUNS_SG or word in _PRONOUNS_PL:
            if token.pos_ != "PRON" or token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "dative"):
                continue
            if word == "it" and token.head.lemma_ == "be":
                continue
            start_tok = token.i
        elif word in _DEFINITE_NOUNS and token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss"):
            start_tok = min(c.i for c in token.lefts) if any(True for _ in token.lefts) else token.i
        else:
            continue
        if any(s <= token.idx < e for s, e in spans):
            continue
        resolved = _resolve_reference(ctx, token)
        if resolved is None:
            continue
        mention = ctx.mention(start_tok, token.i + 1, resolved[0], kind="pronoun", rule=f"anaphora:{resolved[1]}", confidence=CONFIDENCE["pronoun"])
        if (mention.start, mention.end) not in covered:
            out.append(mention)
    return out


def _dedupe(mentions: list[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    seen: set[tuple[int, int, str]] = set()
    for m in mentions:
        key = (m.start, m.end, m.code)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
