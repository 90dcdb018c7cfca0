"""Construction and sense rules of the event coder, as functions of the document's :class:`CoderContext`.

Light verbs with event nouns, "under" idioms, folding "agreed/wants/refused to <act>", obligations,
appeals, refusals, allegations, labour strikes, contents and adjuncts that are not separate acts, and
sense restrictions on default codes. Every rule is general (word classes in ``rules.json``, see
:class:`~eventlens.events.rules.EventRules`), never written for a sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .document import CoderContext
from .lexicon import Match, singular
from .roles import prep_args, subject_args
from .tags import Arg, Coded, Construction


def fold(ctx: CoderContext, outer: Any, inner: Coded) -> str | None:
    """Code of "X agreed/wants/threatened to <inner>" (intent, desire or threat)."""
    lemmas = set(ctx.lemma_of(outer)) | {outer.lower_}
    root = inner.code[:2]
    if lemmas & ctx.rules.refusal_verbs and root <= "08":
        if root == "01" or set(ctx.lemma_of(inner.trigger)) & ctx.rules.refusal_neutral_acts:
            return "---"  # "refused to comment": not an event
        return ctx.rules.reject_codes_full.get(inner.code) or ctx.rules.reject_codes.get(root, "120")
    intent = lemmas & (ctx.rules.intent_verbs | ctx.rules.desire_verbs | ctx.rules.intent_adjectives)
    if not intent:
        return None
    if "threaten" in lemmas and root <= "08":
        return "131"
    if lemmas & ctx.rules.attempt_verbs and root >= "14":
        return inner.code  # "attempted to assassinate": an attempted attack is coded as the attack
    if lemmas & ctx.rules.readiness_verbs and outer.pos_ == "VERB" and root in ("18", "19", "20"):
        return "152"  # "the army prepared to attack": increased military readiness, not yet the attack
    if root <= "08":
        return ctx.rules.intent_codes_full.get(inner.code) or ctx.rules.intent_codes.get(root, "030")
    if root in ctx.rules.threat_codes:
        return ctx.rules.threat_codes[root]
    return inner.code


def light_verb(ctx: CoderContext, verb: Any, m: Match | None) -> Coded | None:
    """"opened a hearing into X", "issued a demand", "renewed negotiations": a light or aspectual verb whose
    object is an event noun takes the noun's code, unless a specific pattern of the verb matched."""
    lemmas = set(ctx.lemma_of(verb)) | {verb.lower_, verb.lemma_.lower()}
    halt = bool(lemmas & ctx.rules.halt_verbs)
    receiver = bool(lemmas & ctx.rules.receiver_verbs)
    if receiver:
        # "received a warning from the UN": coded only when the from-phrase names who acted
        objs = [verb, *[c for c in verb.children if c.dep_ == "dobj"]]
        if not any(p.dep_ == "prep" and p.lower_ == "from" for o in objs for p in o.children):
            return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if lemmas & set(ctx.rules.participation_verbs) or (lemmas & {"take"} and any(o.lower_ == "part" for o in objects)):
        # "took part in the killing", "engaged in talks", "participated in the protests": the event named
        holders = [verb, *[o for o in objects if o.lower_ == "part"]]
        objects = [p for h in holders for prep in h.children if prep.dep_ == "prep" and prep.lower_ == "in"
                   for p in prep.children if p.dep_ == "pobj"]
    elif not halt and not receiver and not lemmas & ctx.rules.light_verbs:
        return None
    for c in objects:
        # the object noun (or a coordinated one: "artillery, mortar and rocket fire"), else its compound
        heads = [c, *c.conjuncts]
        for noun in [*heads, *[x for x in c.children if x.dep_ == "compound"]]:
            trig = ctx.lexicon.nouns.get(noun.lower_)
            if trig is None:
                continue
            if m is not None and m.pattern is not None and m.code and not halt and noun not in heads:
                return None  # a specific pattern of the verb beats a noun that only modifies the object
            code = trig.code
            # "hunger strike", "rocket fire": a modifier may refine the noun's code
            for mod in noun.children:
                if mod.dep_ in ("compound", "amod"):
                    code = trig.refine.get(mod.lower_, code)
            if halt:
                # "ended mediation", "suspended talks": halting a cooperative exchange reduces relations (16x)
                halted = ctx.rules.halt_codes.get(code) or ctx.rules.halt_codes.get(code[:2])
                if halted is None:
                    return None
                return Coded(trigger=verb, code=halted, weight=0.5, match=None, args_from=verb, construction=Construction.HALT, word=verb.lower_, basis=trig.rule)
            return Coded(trigger=verb, code=code, weight=0.5, match=None, args_from=verb, construction=Construction.LIGHT, word=verb.lower_, basis=trig.rule)
    return None


def under_idiom(ctx: CoderContext, verb: Any) -> Coded | None:
    """"came under fire/attack/pressure from X", "is under investigation by X": the subject undergoes the act
    named by the noun (``under_idiom_codes``); the from/by-phrase acts. Coded as ``undergo:`` (the coder swaps
    the sides); with no actor named as the one acting there is no event (see ``_undergo_sides``)."""
    if not set(ctx.lemma_of(verb)) & ctx.rules.under_idiom_verbs:
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "under":
            continue
        for noun in prep.children:
            code = ctx.rules.under_idiom_codes.get(noun.lower_) if noun.dep_ == "pobj" else None
            if code is None:
                continue
            if any(m.lower_ in ctx.rules.weapon_modifiers for m in noun.children if m.dep_ in ("amod", "compound")):
                code = ctx.rules.under_idiom_codes["attack"]  # "came under heavy/rocket fire": shooting, not criticism
            return Coded(trigger=verb, code=code, weight=0.5, match=None, args_from=verb, target_tok=noun, construction=Construction.UNDERGO,
                         word=verb.lower_, basis=noun.lower_)
    return None


def undergo_sources(ctx: CoderContext, c: Coded) -> list[Arg]:
    """The acting side of an "under" idiom: the from/by-phrase on the verb, else on the noun (its target is the subject)."""
    sources: list[Arg] = []
    for holder in (c.trigger, c.target_tok):
        sources, _ = prep_args(ctx, holder, ("from", "by"))
        if sources:
            break
    return sources


def question(ctx: CoderContext, verb: Any) -> bool:
    """A verb of asking used for a question: a clause opened by a wh-word, if or whether, or no complement."""
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "advcl", "xcomp", "dobj") and c.pos_ in ("VERB", "AUX")]
    for clause in clauses:
        first = next(iter(clause.subtree))
        if first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in ("if", "whether"):
            return True
    complements = [c for c in verb.children if c.dep_ in ("dobj", "dative", "xcomp", "ccomp", "prep", "advcl")]
    return not complements


def opinion(ctx: CoderContext, verb: Any) -> bool:
    """"agreed that there was a need", "X agrees.": a that-clause without a modal or future auxiliary, or no
    complement and a single subject, states a shared view; "agreed that troops would leave", "agreed to",
    "agreed on", "X and Y agreed" stay agreements."""
    modal = ctx.rules.future_aux | ctx.rules.hypothetical_aux | ctx.rules.obligation_aux
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        return not any(a.dep_ == "aux" and a.lower_ in modal for cl in clauses for a in cl.children)
    if any(c.dep_ in ("dobj", "xcomp", "prep", "advcl", "dative") for c in verb.children):
        return False
    return not any(c.dep_ == "conj" for s in verb.children if s.dep_ == "nsubj" for c in s.children)


def borrowed_pattern(ctx: CoderContext, verb: Any, m: Match) -> bool:
    """A pattern of another verb of the synonym block made only of function words ("battle with"), matched by a
    verb without a default event (``non_event_defaults``): "struggling with homelessness", "people they match
    with" are not fights. Patterns naming an object class ("took control of") still apply."""
    pattern = m.pattern
    if pattern is None or pattern.origin in ("", "eventlens") or pattern.subject or any(p.words for p in pattern.preps):
        return False
    if not all(alt in ctx.rules.function_words for el in pattern.words for word in el for alt in word):
        return False
    origin = pattern.origin
    lemmas = set(ctx.lemma_of(verb))
    return origin not in lemmas and bool(lemmas & ctx.rules.non_event_defaults)


def labour_strike(ctx: CoderContext, verb: Any, m: Match) -> str | None:
    """"Nurses are striking over pay", "doctors struck for better pay": a strike verb's default (no pattern) with
    no object or "at" target, whose subjects are all named and none an armed force (``armed_sectors``), is a
    labour strike (``labour_strike_code``); "jets struck overnight" and "struck the base" stay attacks."""
    if m.pattern is not None or not set(ctx.lemma_of(verb)) & ctx.rules.strike_verbs:
        return None
    if any(c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in ("at", "on")) for c in verb.children):
        return None
    subjects, _ = subject_args(ctx, verb)
    if not subjects:
        return None
    armed = ctx.rules.armed_sectors
    for arg in subjects:
        code = (arg.actor.code or "").lstrip("-")
        if any(code[i : i + 3] in armed for i in range(0, len(code), 3)):
            return None
    return ctx.rules.labour_strike_code


def _naming(verb: Any) -> bool:
    """An object and its predicate ("called China a pillar", "was called a pillar"). A predicate with no
    object beside it is the parser's reading of a plain object ("Obama called Putin": ``oprd`` Putin)."""
    deps = {c.dep_ for c in verb.children}
    return "oprd" in deps and bool(deps & {"dobj", "dative", "nsubjpass"})


def default_blocked(ctx: CoderContext, verb: Any, m: Match) -> bool:
    """Sense restrictions on a verb's default code (no pattern matched): very general verbs ("take", "give",
    "issue", "expect") have no default event, no verb's default applies to an abstract object
    ("take defensive actions", "took steps"), and a verb of the ``show_sense_verbs`` class is a physical act
    only without an object or a clause ("protesters demonstrated" is a protest; "it demonstrates how ...",
    "demonstrated its resolve" are not)."""
    lemmas = set(ctx.lemma_of(verb))
    if lemmas & ctx.rules.non_event_defaults:
        return True
    if lemmas & ctx.rules.naming_verbs and _naming(verb):
        return True  # "called China a pillar", "called them indecent": naming, not a phone call
    if lemmas & ctx.rules.question_verbs and question(ctx, verb):
        return True  # "asked why ...", "he asked.": a question, not an appeal
    if lemmas & ctx.rules.opinion_verbs and opinion(ctx, verb):
        return True  # "agreed that there was a need", "she agrees.": holding a view, not an agreement
    if lemmas & ctx.rules.show_sense_verbs and any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return True
    if m.code[:2] in ctx.rules.verbal_roots:
        return False  # "threatened further action", "demanded action": verbal acts take abstract objects
    if any(c.dep_ == "dobj" and c.lower_ in ctx.rules.abstract_objects for c in verb.children):
        return True
    # "released the latest data", "the figures released by X", "a report was released": releasing or freeing
    # (``information_roots``) a document or information is publishing it ("seized documents" stays a seizure)
    if m.code[:2] not in ctx.rules.information_roots:
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        objects.append(verb.head)
    return any(singular(o.lower_) in ctx.rules.information_objects for o in objects)


def obligations(ctx: CoderContext, sent: Any, coded: dict[int, Coded]) -> None:
    """"X said Y must/should <act>": a demand even when the act itself is not in the lexicon (recoded later);
    then appeals and refusals (:func:`_appeals`, :func:`_refusals`), in this order."""
    speech = ctx.rules.speech_verbs
    for tok in sent:
        if tok.i in coded or tok.dep_ != "ccomp" or tok.pos_ not in ("VERB", "AUX"):
            continue
        if not any(a.dep_ == "aux" and a.lower_ in ctx.rules.obligation_aux for a in tok.children):
            continue
        if not set(ctx.lemma_of(tok.head)) & speech:
            continue
        coded[tok.i] = Coded(trigger=tok, code="100", weight=0.4, match=None, args_from=tok, construction=Construction.OBLIGATION, word=tok.head.lower_)
    _appeals(ctx, sent, coded)
    _refusals(ctx, sent, coded)


def _appeals(ctx: CoderContext, sent: Any, coded: dict[int, Coded]) -> None:
    """"X wants/wishes Y to <act>": an appeal to Y (the act is Y's, not X's)."""
    for tok in sent:
        if tok.pos_ != "VERB" or not set(ctx.lemma_of(tok)) & ctx.rules.appeal_desire_verbs:
            continue
        # an infinitive only ("wants Y to act"), not a quoted or finite clause
        inner = [
            c
            for c in tok.children
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ]
        if not inner:
            continue
        obj = [c for c in tok.children if c.dep_ == "dobj"] or [c for c in inner[0].children if c.dep_ == "nsubj" and c.i > tok.i]
        if obj:
            content = coded.pop(inner[0].i, None)
            code = ctx.rules.appeal_codes.get(content.code[:2], "020") if content is not None else "020"
            coded[tok.i] = Coded(trigger=tok, code=code, weight=0.4, match=None, args_from=tok, target_tok=obj[0], construction=Construction.APPEAL,
                                 word=tok.lower_)


def _refusals(ctx: CoderContext, sent: Any, coded: dict[int, Coded]) -> None:
    """"X refused to <act>" where the act is not in the lexicon: still a rejection."""
    for tok in sent:
        if tok.i in coded or tok.pos_ != "VERB" or not ({tok.lower_} | set(ctx.lemma_of(tok))) & ctx.rules.refusal_verbs:
            continue
        inner = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if inner and inner[0].i not in coded and not ({inner[0].lower_} | set(ctx.lemma_of(inner[0])) | {inner[0].lemma_}) & ctx.rules.refusal_neutral_acts:
            coded[tok.i] = Coded(trigger=tok, code="120", weight=0.4, match=None, args_from=tok, construction=Construction.REFUSAL, word=tok.lower_)


def allegations(ctx: CoderContext, coded: dict[int, Coded]) -> None:
    """"X alleged/claimed that Y attacked Z": X accuses Y (112) besides the reported attack (PETRARCH's nesting)."""
    for c in list(coded.values()):
        if c.code[:2] < "14" or c.code[:2] in ctx.rules.reported_conflict_roots:
            continue  # reported violence is handled with the resolved speaker (assemble.reported_claim)
        # climb from the act to the clause a speech verb governs ("alleged that X helped to plan and carry out ...")
        tok, accused = c.trigger, []
        for _ in range(6):
            accused = accused or [x for x in tok.children if x.dep_ == "nsubj"]
            accused = accused or [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
            if tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i and tok.dep_ != "ccomp":
                tok = tok.head
                continue
            break
        if tok.dep_ != "ccomp" or not accused or not set(ctx.lemma_of(tok.head)) & ctx.rules.allegation_verbs:
            continue
        gov = tok.head
        if gov.i in coded and coded[gov.i].construction is Construction.ALLEGATION:
            continue
        coded[gov.i] = Coded(trigger=gov, code="112", weight=0.4, match=None, args_from=gov, target_tok=accused[0], construction=Construction.ALLEGATION,
                             word=gov.lower_, inner=c)


def adjunct_of_coded(ctx: CoderContext, tok: Any, coded: Mapping[int, Coded]) -> bool:
    """A means clause ("by promoting ...") of a coded act, or the charge ("for helping ...", "of making ...")
    of a coded accusation or punishment."""
    for _ in range(4):  # "for helping militants join ...": acts inside the clause belong to it too
        if tok.dep_ not in ("xcomp", "conj") or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.dep_ != "pcomp" or tok.head.lower_ not in ("by", "for", "of"):
        return False
    gov = tok.head.head
    for _ in range(4):
        if gov.i in coded or any(c.args_from is gov for c in coded.values()):
            break
        if gov.dep_ not in ("xcomp", "conj") or gov.head.i == gov.i:
            return False
        gov = gov.head
    found = coded.get(gov.i) or next((c for c in coded.values() if c.args_from is gov), None)
    if found is None:
        return False
    return tok.head.lower_ == "by" or found.code[:2] in ctx.rules.charging_roots


def unrealized_acl(ctx: CoderContext, tok: Any) -> bool:
    """An infinitival clause on a noun names a plan, right or aim, not an act ("an attempt to" is an act)."""
    if tok.dep_ != "acl" or not any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children):
        return False
    return tok.head.lower_ not in ctx.rules.attempt_nouns


def governing_event(ctx: CoderContext, tok: Any, coded: Mapping[int, Coded]) -> Coded | None:
    """The request or appeal whose content ``tok`` is ("demanded that Y cancel", "asked Y to help",
    "pressure on Y to help"): the content is not an asserted event."""
    if tok.dep_ == "ccomp":
        head = coded.get(tok.head.i)
        if head is None or set(ctx.lemma_of(tok.head)) & ctx.rules.speech_verbs:
            return None
        return head
    if tok.dep_ in ("xcomp", "acl") and tok.head.i != tok.i:
        head = coded.get(tok.head.i)
        if head is not None and head.code[:2] in ctx.rules.request_roots and head.trigger.i != tok.i:
            return head
        if tok.dep_ == "acl" and tok.head.lower_ in ctx.rules.request_nouns:
            return coded.get(tok.head.head.i) or Coded(trigger=tok.head, code="100", weight=0.0, match=None, args_from=tok.head, construction=Construction.REQUEST_NOUN)
    return None
