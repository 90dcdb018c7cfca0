"""Construction and sense rules used by the event coder (mixed into :class:`DocumentCoder`).

Light verbs with event nouns, obligations, appeals, refusals, allegations, adjunct clauses that are
not separate acts, sense restrictions on default codes, location targets and attack-noun sources.
Every rule is general (word classes in ``rules.json``), never written for a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model import EventActor
from .arguments import ActorIndex
from .lexicon import Lexicon, Match, singular
from .rules import EventRules
from .tags import Arg, ArgSource, Coded, Construction, Via


class ConstructionRules:
    """Mixin: needs ``self.rules``, ``self.lexicon``, ``self.index``, ``self.analysis``, ``self.place_country``,
    ``self.lemma_of`` and ``self._prep_args`` from :class:`DocumentCoder`."""

    rules: EventRules
    lexicon: Lexicon
    index: ActorIndex
    place_country: Callable[[str], str | None] | None
    lemma_of: Callable[[Any], tuple[str, ...]]
    _prep_args: Callable[..., tuple[list[Arg], Via]]

    def _attack_noun_source(self, verb: Any) -> list[Arg]:
        """"were killed in Israeli shelling", "died in an air strike by X": the attacker named on the attack noun."""
        nouns = self.rules.attack_nouns
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "by", "during", "from"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                if pobj.lower_ not in nouns:
                    # "in Israeli tank shelling" is often parsed as pobj "tank" + a verbal "shelling" on the verb
                    nxt = pobj.doc[pobj.i + 1] if pobj.i + 1 < len(pobj.doc) else None
                    if nxt is None or nxt.head.i != verb.i or nxt.lower_ not in nouns:
                        continue
                    if pobj.pos_ in ("PROPN", "ADJ"):  # "in Israeli shelling": the demonym itself was made the object
                        own = self.index.resolve_np(pobj)
                        if own:
                            return own
                mods = self.index.modifier_mentions(pobj)
                if mods:
                    return mods
                found, _ = self._prep_args(pobj, ("by", "from"))
                if found:
                    return found
        return []

    def _fold(self, outer: Any, outer_match: Match | None, inner: Coded) -> str | None:
        """Code of "X agreed/wants/threatened to <inner>" (intent, desire or threat)."""
        lemmas = set(self.lemma_of(outer)) | {outer.lower_}
        root = inner.code[:2]
        if lemmas & self.rules.refusal_verbs and root <= "08":
            if root == "01" or set(self.lemma_of(inner.trigger)) & self.rules.refusal_neutral_acts:
                return "---"  # "refused to comment": not an event
            return self.rules.reject_codes_full.get(inner.code) or self.rules.reject_codes.get(root, "120")
        intent = lemmas & (self.rules.intent_verbs | self.rules.desire_verbs | self.rules.intent_adjectives)
        if not intent:
            return None
        if "threaten" in lemmas and root <= "08":
            return "131"
        if lemmas & self.rules.attempt_verbs and root >= "14":
            return inner.code  # "attempted to assassinate": an attempted attack is coded as the attack
        if lemmas & self.rules.readiness_verbs and outer.pos_ == "VERB" and root in ("18", "19", "20"):
            return "152"  # "the army prepared to attack": increased military readiness, not yet the attack
        if root <= "08":
            return self.rules.intent_codes_full.get(inner.code) or self.rules.intent_codes.get(root, "030")
        if root in self.rules.threat_codes:
            return self.rules.threat_codes[root]
        return inner.code

    def _light_verb(self, verb: Any, m: Match | None) -> Coded | None:
        """"opened a hearing into X", "issued a demand", "renewed negotiations": a light or aspectual verb whose
        object is an event noun takes the noun's code, unless a specific pattern of the verb matched."""
        lemmas = set(self.lemma_of(verb)) | {verb.lower_, verb.lemma_.lower()}
        halt = bool(lemmas & self.rules.halt_verbs)
        receiver = bool(lemmas & self.rules.receiver_verbs)
        if receiver:
            # "received a warning from the UN": coded only when the from-phrase names who acted
            objs = [verb, *[c for c in verb.children if c.dep_ == "dobj"]]
            if not any(p.dep_ == "prep" and p.lower_ == "from" for o in objs for p in o.children):
                return None
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if lemmas & set(self.rules.participation_verbs) or (lemmas & {"take"} and any(o.lower_ == "part" for o in objects)):
            # "took part in the killing", "engaged in talks", "participated in the protests": the event named
            holders = [verb, *[o for o in objects if o.lower_ == "part"]]
            objects = [p for h in holders for prep in h.children if prep.dep_ == "prep" and prep.lower_ == "in"
                       for p in prep.children if p.dep_ == "pobj"]
        elif not halt and not receiver and not lemmas & self.rules.light_verbs:
            return None
        for c in objects:
            # the object noun (or a coordinated one: "artillery, mortar and rocket fire"), else its compound
            heads = [c, *c.conjuncts]
            for noun in [*heads, *[x for x in c.children if x.dep_ == "compound"]]:
                trig = self.lexicon.nouns.get(noun.lower_)
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
                    halted = self.rules.halt_codes.get(code) or self.rules.halt_codes.get(code[:2])
                    if halted is None:
                        return None
                    return Coded(trigger=verb, code=halted, weight=0.5, match=None, args_from=verb, construction=Construction.HALT, word=verb.lower_, basis=trig.rule)
                return Coded(trigger=verb, code=code, weight=0.5, match=None, args_from=verb, construction=Construction.LIGHT, word=verb.lower_, basis=trig.rule)
        return None

    def _under_idiom(self, verb: Any) -> Coded | None:
        """"came under fire/attack/pressure from X", "is under investigation by X": the subject undergoes the act
        named by the noun (``under_idiom_codes``); the from/by-phrase acts. Coded as ``undergo:`` (the coder swaps
        the sides); with no actor named as the one acting there is no event (see ``_undergo_sides``)."""
        if not set(self.lemma_of(verb)) & self.rules.under_idiom_verbs:
            return None
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "under":
                continue
            for noun in prep.children:
                code = self.rules.under_idiom_codes.get(noun.lower_) if noun.dep_ == "pobj" else None
                if code is None:
                    continue
                if any(m.lower_ in self.rules.weapon_modifiers for m in noun.children if m.dep_ in ("amod", "compound")):
                    code = self.rules.under_idiom_codes["attack"]  # "came under heavy/rocket fire": shooting, not criticism
                return Coded(trigger=verb, code=code, weight=0.5, match=None, args_from=verb, target_tok=noun, construction=Construction.UNDERGO,
                             word=verb.lower_, basis=noun.lower_)
        return None

    def _undergo_sides(self, c: Coded) -> tuple[list[Arg], list[Arg]]:
        """Sources (the from/by-phrase on the verb or the noun) and targets (the subject) of an ``undergo:`` idiom."""
        sources: list[Arg] = []
        for holder in (c.trigger, c.target_tok):
            sources, _ = self._prep_args(holder, ("from", "by"))
            if sources:
                break
        return sources, []

    def _question(self, verb: Any) -> bool:
        """A verb of asking used for a question: a clause opened by a wh-word, if or whether, or no complement."""
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "advcl", "xcomp", "dobj") and c.pos_ in ("VERB", "AUX")]
        for clause in clauses:
            first = next(iter(clause.subtree))
            if first.tag_ in ("WRB", "WP", "WDT") or first.lower_ in ("if", "whether"):
                return True
        complements = [c for c in verb.children if c.dep_ in ("dobj", "dative", "xcomp", "ccomp", "prep", "advcl")]
        return not complements

    def _opinion(self, verb: Any) -> bool:
        """"agreed that there was a need", "X agrees.": a that-clause without a modal or future auxiliary, or no
        complement and a single subject, states a shared view; "agreed that troops would leave", "agreed to",
        "agreed on", "X and Y agreed" stay agreements."""
        modal = self.rules.future_aux | self.rules.hypothetical_aux | self.rules.obligation_aux
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if clauses:
            return not any(a.dep_ == "aux" and a.lower_ in modal for cl in clauses for a in cl.children)
        if any(c.dep_ in ("dobj", "xcomp", "prep", "advcl", "dative") for c in verb.children):
            return False
        return not any(c.dep_ == "conj" for s in verb.children if s.dep_ == "nsubj" for c in s.children)

    def _borrowed_pattern(self, verb: Any, m: Match) -> bool:
        """A pattern of another verb of the synonym block made only of function words ("battle with"), matched by a
        verb without a default event (``non_event_defaults``): "struggling with homelessness", "people they match
        with" are not fights. Patterns naming an object class ("took control of") still apply."""
        pattern = m.pattern
        if pattern is None or pattern.origin in ("", "eventlens") or pattern.subject or any(p.words for p in pattern.preps):
            return False
        if not all(alt in self.rules.function_words for el in pattern.words for word in el for alt in word):
            return False
        origin = pattern.origin
        lemmas = set(self.lemma_of(verb))
        return origin not in lemmas and bool(lemmas & self.rules.non_event_defaults)

    def _labour_strike(self, verb: Any, m: Match) -> str | None:
        """"Nurses are striking over pay", "doctors struck for better pay": a strike verb's default (no pattern) with
        no object or "at" target, whose subjects are all named and none an armed force (``armed_sectors``), is a
        labour strike (``labour_strike_code``); "jets struck overnight" and "struck the base" stay attacks."""
        if m.pattern is not None or not set(self.lemma_of(verb)) & self.rules.strike_verbs:
            return None
        if any(c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in ("at", "on")) for c in verb.children):
            return None
        subjects, _ = self.subject_args(verb)
        if not subjects:
            return None
        armed = self.rules.armed_sectors
        for arg in subjects:
            code = (arg.actor.code or "").lstrip("-")
            if any(code[i : i + 3] in armed for i in range(0, len(code), 3)):
                return None
        return self.rules.labour_strike_code

    @staticmethod
    def _naming(verb: Any) -> bool:
        """An object and its predicate ("called China a pillar", "was called a pillar"). A predicate with no
        object beside it is the parser's reading of a plain object ("Obama called Putin": ``oprd`` Putin)."""
        deps = {c.dep_ for c in verb.children}
        return "oprd" in deps and bool(deps & {"dobj", "dative", "nsubjpass"})

    def _default_blocked(self, verb: Any, m: Match) -> bool:
        """Sense restrictions on a verb's default code (no pattern matched): very general verbs ("take", "give",
        "issue", "expect") have no default event, no verb's default applies to an abstract object
        ("take defensive actions", "took steps"), and a verb of the ``show_sense_verbs`` class is a physical act
        only without an object or a clause ("protesters demonstrated" is a protest; "it demonstrates how ...",
        "demonstrated its resolve" are not)."""
        lemmas = set(self.lemma_of(verb))
        if lemmas & self.rules.non_event_defaults:
            return True
        if lemmas & self.rules.naming_verbs and self._naming(verb):
            return True  # "called China a pillar", "called them indecent": naming, not a phone call
        if lemmas & self.rules.question_verbs and self._question(verb):
            return True  # "asked why ...", "he asked.": a question, not an appeal
        if lemmas & self.rules.opinion_verbs and self._opinion(verb):
            return True  # "agreed that there was a need", "she agrees.": holding a view, not an agreement
        if lemmas & self.rules.show_sense_verbs and any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
            return True
        if m.code[:2] in self.rules.verbal_roots:
            return False  # "threatened further action", "demanded action": verbal acts take abstract objects
        if any(c.dep_ == "dobj" and c.lower_ in self.rules.abstract_objects for c in verb.children):
            return True
        # "released the latest data", "the figures released by X", "a report was released": releasing or freeing
        # (``information_roots``) a document or information is publishing it ("seized documents" stays a seizure)
        if m.code[:2] not in self.rules.information_roots:
            return False
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            objects.append(verb.head)
        return any(singular(o.lower_) in self.rules.information_objects for o in objects)

    def _obligations(self, sent: Any, coded: dict[int, Coded]) -> None:
        """"X said Y must/should <act>": a demand even when the act itself is not in the lexicon (recoded later)."""
        speech = self.rules.speech_verbs
        for tok in sent:
            if tok.i in coded or tok.dep_ != "ccomp" or tok.pos_ not in ("VERB", "AUX"):
                continue
            if not any(a.dep_ == "aux" and a.lower_ in self.rules.obligation_aux for a in tok.children):
                continue
            if not set(self.lemma_of(tok.head)) & speech:
                continue
            coded[tok.i] = Coded(trigger=tok, code="100", weight=0.4, match=None, args_from=tok, construction=Construction.OBLIGATION, word=tok.head.lower_)
        # "X wants/wishes Y to <act>": an appeal to Y (the act is Y's, not X's)
        for tok in sent:
            if tok.pos_ != "VERB" or not set(self.lemma_of(tok)) & self.rules.appeal_desire_verbs:
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
                code = self.rules.appeal_codes.get(content.code[:2], "020") if content is not None else "020"
                coded[tok.i] = Coded(trigger=tok, code=code, weight=0.4, match=None, args_from=tok, target_tok=obj[0], construction=Construction.APPEAL,
                                     word=tok.lower_)
        # "X refused to <act>" where the act is not in the lexicon: still a rejection
        for tok in sent:
            if tok.i in coded or tok.pos_ != "VERB" or not ({tok.lower_} | set(self.lemma_of(tok))) & self.rules.refusal_verbs:
                continue
            inner = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
            if inner and inner[0].i not in coded and not ({inner[0].lower_} | set(self.lemma_of(inner[0])) | {inner[0].lemma_}) & self.rules.refusal_neutral_acts:
                coded[tok.i] = Coded(trigger=tok, code="120", weight=0.4, match=None, args_from=tok, construction=Construction.REFUSAL, word=tok.lower_)

    def _allegations(self, coded: dict[int, Coded]) -> None:
        """"X alleged/claimed that Y attacked Z": X accuses Y (112) besides the reported attack (PETRARCH's nesting)."""
        for c in list(coded.values()):
            if c.code[:2] < "14" or c.code[:2] in self.rules.reported_conflict_roots:
                continue  # reported violence is handled with the resolved speaker (DocumentCoder._reported_claim)
            # climb from the act to the clause a speech verb governs ("alleged that X helped to plan and carry out ...")
            tok, accused = c.trigger, []
            for _ in range(6):
                accused = accused or [x for x in tok.children if x.dep_ == "nsubj"]
                accused = accused or [p for a in tok.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
                if tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i and tok.dep_ != "ccomp":
                    tok = tok.head
                    continue
                break
            if tok.dep_ != "ccomp" or not accused or not set(self.lemma_of(tok.head)) & self.rules.allegation_verbs:
                continue
            gov = tok.head
            if gov.i in coded and coded[gov.i].construction is Construction.ALLEGATION:
                continue
            coded[gov.i] = Coded(trigger=gov, code="112", weight=0.4, match=None, args_from=gov, target_tok=accused[0], construction=Construction.ALLEGATION,
                                 word=gov.lower_, inner=c)

    def _adjunct_of_coded(self, tok: Any, coded: Mapping[int, Coded]) -> bool:
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
        return tok.head.lower_ == "by" or found.code[:2] in self.rules.charging_roots

    def _unrealized_acl(self, tok: Any) -> bool:
        """An infinitival clause on a noun names a plan, right or aim, not an act ("an attempt to" is an act)."""
        if tok.dep_ != "acl" or not any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children):
            return False
        return tok.head.lower_ not in self.rules.attempt_nouns

    def _governing_event(self, tok: Any, coded: Mapping[int, Coded]) -> Coded | None:
        """The request or appeal whose content ``tok`` is ("demanded that Y cancel", "asked Y to help",
        "pressure on Y to help"): the content is not an asserted event."""
        if tok.dep_ == "ccomp":
            head = coded.get(tok.head.i)
            if head is None or set(self.lemma_of(tok.head)) & self.rules.speech_verbs:
                return None
            return head
        if tok.dep_ in ("xcomp", "acl") and tok.head.i != tok.i:
            head = coded.get(tok.head.i)
            if head is not None and head.code[:2] in self.rules.request_roots and head.trigger.i != tok.i:
                return head
            if tok.dep_ == "acl" and tok.head.lower_ in self.rules.request_nouns:
                return coded.get(tok.head.head.i) or Coded(trigger=tok.head, code="100", weight=0.0, match=None, args_from=tok.head, construction=Construction.REQUEST_NOUN)
        return None

    def _own_object(self, verb: Any) -> bool:
        return any(
            p.dep_ == "poss" and p.lower_ in self.rules.own_possessives
            for c in verb.children
            if c.dep_ == "dobj"
            for p in c.children
        )

    @staticmethod
    def _has_joint_modifier(verb: Any) -> bool:
        return any(m.lower_ in ("joint", "combined", "bilateral", "multinational") for c in verb.children if c.dep_ == "dobj" for m in c.children)

    def _place_arg(self, pobj: Any, sources: list[Arg]) -> Arg | None:
        """The country of a place phrase ("Beijing", "the Gaza Strip", "Kenya's capital")."""
        head = pobj
        if pobj.pos_ != "PROPN":
            poss = [c for c in pobj.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
            if not poss:
                return None
            head = poss[0]
        words = [t for t in head.subtree if t.i <= head.i and t.dep_ in ("compound", "pobj", "poss") and t.pos_ == "PROPN"]
        if not words:
            return None
        start, end = words[0].idx, head.idx + len(head.text)
        country = self.place_country(self.analysis.text[start:end])
        if not country:
            return None
        return Arg(EventActor(text=self.analysis.text[start:end], code=country, start=start, end=end), country, ArgSource.LOCATION)

    def _location_target(self, verb: Any, sources: list[Arg]) -> Arg | None:
        """"US activists staged a protest in Beijing": an act at a place targets that place's country when no
        target actor is named (PETRARCH's and PLOVER's convention); at home it is a domestic event
        ("Sudan lifted the curfew in Darfur" -> SDN -> SDN)."""
        if self.place_country is None:
            return None
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        for obj in objects:
            # "attend the Beijing Olympics", "the Geneva talks": a place name modifying the object
            words = [t for t in obj.children if t.dep_ == "compound" and t.pos_ == "PROPN"]
            if words:
                start, end = words[0].idx, words[-1].idx + len(words[-1].text)
                country = self.place_country(self.analysis.text[start:end])
                if country:
                    return Arg(EventActor(text=self.analysis.text[start:end], code=country, start=start, end=end), country, ArgSource.LOCATION)
        # places in in/at phrases of the verb, then of its object, then one phrase deeper
        # ("responsibility for an attack at a mall in Kenya's capital")
        frontier, seen = [verb, *objects], set()
        for _ in range(3):
            nxt = []
            for holder in frontier:
                for prep in holder.children:
                    if prep.dep_ != "prep" or prep.i in seen:
                        continue
                    seen.add(prep.i)
                    for pobj in prep.children:
                        if pobj.dep_ != "pobj":
                            continue
                        nxt.append(pobj)
                        nxt.extend(c for c in pobj.children if c.dep_ == "acl")
                        if prep.lower_ not in self.rules.location_preps:
                            continue
                        found = self._place_arg(pobj, sources)
                        if found is not None:
                            return found
            frontier = nxt
        return None
