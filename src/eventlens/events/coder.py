"""Coding the events of one parsed document: triggers, arguments, codes, modality."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..actors.codes import sector_parts
from ..model import Analysis, Event, EventActor
from .arguments import ActorIndex
from .constructions import ConstructionRules
from .lexicon import Lexicon, Match, singular
from .modality import modality
from .rules import EventRules
from .tags import NO_SIDE, NOT_FOUND, Arg, ArgSource, Coded, Construction, Step, Via, Wrap, event_rule
from .tables import cameo_info

_SUBJ = ("nsubj", "csubj", "expl")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_MAX_BAG = 40


def _stems(word: str) -> tuple[str, ...]:
    """Candidate lemmas of a verb form the lexicon does not list ("renewed" -> renew); the parser has no lemmatizer."""
    if word.startswith("re-") and len(word) > 5:
        return (word, *_stems(word[3:]))  # "re-examine", "re-imposed": the base verb's senses
    out = [word]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            out.append(stem)
            if not repl and len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "stopped" -> stop
    return tuple(dict.fromkeys(out))


_DATE_ENTS = ("DATE", "TIME")


def _date_phrase(prep: Any) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in _DATE_ENTS for o in objects)


def _conditioned(verb: Any, rules: EventRules) -> bool:
    """The act governs an if/unless clause (it is made conditional), rather than sitting inside one."""
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
            return True
    return False


def _purpose_clause(verb: Any) -> bool:
    return verb.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children)


def _participle_modifier(verb: Any) -> bool:
    """A past participle modifying a noun ("civilians imprisoned for ...", "aliens ordered out"): a reduced passive."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


class DocumentCoder(ConstructionRules):
    """Codes every sentence of one analysis; built per document, cheap."""

    def __init__(
        self,
        analysis: Analysis,
        *,
        lexicon: Lexicon,
        rules: EventRules,
        index: ActorIndex,
        nominal: bool = True,
        place_country: Callable[[str], str | None] | None = None,
    ) -> None:
        self.place_country = place_country
        self.analysis = analysis
        self.lexicon = lexicon
        self.rules = rules
        self.index = index
        self.nominal = nominal
        self.year: int | None = None
        date = analysis.article.date or ""
        if len(date) >= 4 and date[:4].isdigit():
            self.year = int(date[:4])
        self._lemma_cache: dict[str, tuple[str, ...]] = {}

    # ---- words ------------------------------------------------------------
    def lemma_of(self, tok: Any) -> tuple[str, ...]:
        word = tok.lower_
        got = self._lemma_cache.get(word)
        if got is None:
            got = self.lexicon.lemmas(word) or _stems(word)
            self._lemma_cache[word] = got
        return got

    def _bag(self, roots: Iterable[Any], *, skip: frozenset[int] = frozenset()) -> tuple[frozenset[str], dict[str, set[str]]]:
        words: set[str] = set()
        preps: dict[str, set[str]] = {}
        clause = self.rules.clause_deps
        stack = [(r, None, 0) for r in roots]
        count = 0
        while stack and count < _MAX_BAG:
            tok, prep, depth = stack.pop()
            if tok.i in skip:
                continue
            count += 1
            low = tok.lower_
            if tok.ent_type_ in _DATE_ENTS:
                low = ""  # "on March 28", "in May": a date's words select no pattern (march, may)
            elif tok.dep_ == "prep" and _date_phrase(tok):
                continue  # "called on Monday" is not "called on X"
            if low:
                words.add(low)
                words.add(singular(low))
            if tok.dep_ in ("prep", "agent", "dative") and tok.pos_ == "ADP":
                depth += 1
                preps.setdefault(low, set())
                prep = low
            elif prep is not None and low:
                preps[prep].add(low)
                preps[prep].add(singular(low))
            for c in tok.children:
                if depth >= 1 and c.dep_ == "prep":
                    continue  # "at the start of a regional trip": a phrase inside a phrase does not select a pattern
                if c.dep_ not in clause and c.dep_ not in ("xcomp",) + _SUBJ and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
                    stack.append((c, prep, depth))  # a coordinated verb is its own event: its words are not this verb's
        return frozenset(words), preps

    def match_verb(self, verb: Any) -> Match | None:
        passive = any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
        comp_roots = [
            c
            for c in verb.children
            if (c.dep_ in self.rules.complement_deps and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))) or (passive and c.dep_ in _PASS_SUBJ)
        ]
        complement, preps = self._bag(comp_roots)
        subj_roots = [c for c in verb.children if c.dep_ in _SUBJ]
        if passive and not subj_roots:
            # the logical subject of a passive is its agent ("demolished by a protester")
            subj_roots = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        subject, _ = self._bag(subj_roots) if subj_roots else (frozenset(), {})
        fpreps = {k: frozenset(v) for k, v in preps.items()}
        direct = frozenset(c.lower_ for c in verb.children if c.dep_ in ("prep", "agent", "dative"))
        best: Match | None = None
        for lemma in self.lemma_of(verb):
            found = self.lexicon.match(lemma, subject=subject, complement=complement, preps=fpreps, direct=direct)
            if found is not None and (best is None or found.weight > best.weight):
                best = found
        return best

    # ---- arguments --------------------------------------------------------
    def subject_args(self, verb: Any, depth: int = 0) -> tuple[list[Arg], Via]:
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                if verb.dep_ == "relcl" and c.tag_ in ("WP", "WDT", "WP$"):
                    return self.index.resolve_np(verb.head, strict=True), Via(Step.RELCL)
                found = self.index.resolve_np(c, strict=True)
                if not found and c.lower_ in self.rules.document_nouns:
                    issuer = self._document_issuer(c)
                    if issuer:
                        return issuer, Via(Step.DOCUMENT_ISSUER)
                return found, Via(Step.NSUBJ)
        if self._stative_passive(verb):
            for c in verb.children:
                if c.dep_ in _PASS_SUBJ:
                    return self.index.resolve_np(c, strict=True), Via(Step.STATIVE_PASSIVE)
        if depth > 4:
            return [], NO_SIDE
        dep = verb.dep_
        head = verb.head
        if head.i == verb.i:
            return [], NO_SIDE
        if dep in ("xcomp", "conj", "advcl") or (dep == "pcomp"):
            # controllers: "urged X to do" -> X does; otherwise the governing subject
            if dep == "xcomp":
                for c in head.children:
                    if c.dep_ == "dobj":
                        found = self.index.resolve_np(c)
                        if found:
                            return found, Via(Step.XCOMP_OBJECT)
            target = head.head if dep == "pcomp" else head
            if dep == "pcomp" and head.lower_ in ("for", "of"):
                # "jailed X for helping ...", "accused X of making ...": the object (or passive subject) did it
                for c in target.children:
                    if c.dep_ in ("dobj",) + _PASS_SUBJ:
                        found = self.index.resolve_np(c)
                        return found, Via(Step.PCOMP_OBJECT)
            found, how = self.subject_args(target, depth + 1)
            if not found and dep in ("xcomp", "conj"):
                passive = [c for c in target.children if c.dep_ in _PASS_SUBJ]
                if passive and dep == "conj" and verb.tag_ == "VBN":
                    return [], NO_SIDE  # "were killed or wounded": the people wounded did not wound
                if passive:
                    return self.index.resolve_np(passive[0]), Via(Step.INHERIT, dep)
            return found, Via(Step.INHERIT, dep) if found else how
        if dep == "relcl":
            return self.index.resolve_np(head, strict=True), Via(Step.RELCL)
        if dep == "acl":
            poss = [c for c in head.children if c.dep_ == "poss"]
            if poss:
                return self.index.resolve_np(poss[0]), Via(Step.ACL_POSS)
            if verb.tag_ == "VBG":
                found = self.index.resolve_np(head)
                if found or head.head.i == head.i or head.dep_ not in ("dobj", "attr") or head.lower_ not in self.rules.document_nouns:
                    return found, Via(Step.ACL)
                # "X issued a declaration demanding ...": the document speaks for the one who issued it
                found, how = self.subject_args(head.head, depth + 1)
                return found, how.within(Wrap.ACL)
            found, how = self.subject_args(head.head, depth + 1) if head.head.i != head.i else ([], NO_SIDE)
            return found, how.within(Wrap.ACL)
        if dep == "acomp" or head.pos_ == "AUX":
            return self.subject_args(head, depth + 1)
        return [], NO_SIDE

    def _document_issuer(self, noun: Any) -> list[Arg]:
        """"A report released by X", "a statement issued in Kigali": a document speaks for its issuer, or for
        the country it was issued in when no issuer is named."""
        for clause in noun.children:
            if clause.dep_ != "acl" or clause.tag_ != "VBN":
                continue
            found, _ = self._prep_args(clause, ("by",))
            if not found:
                for c in clause.children:
                    if c.dep_ == "agent":
                        found = [a for p in c.children if p.dep_ == "pobj" for a in self.index.resolve_np(p)]
            if found:
                return [a.as_issuer() for a in found]
            if self.place_country is not None:
                for prep in clause.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("in", "from"):
                        for pobj in prep.children:
                            place = self._place_arg(pobj, []) if pobj.dep_ == "pobj" else None
                            if place is None and pobj.dep_ == "pobj":
                                mods = self.index.resolve_np(pobj)  # "the Rwandan capital"
                                place = next((a for a in mods if a.country), None)
                            if place is not None:
                                return [Arg(place.actor, place.country, ArgSource.DOCUMENT_ISSUED_IN)]
        return []

    def _prep_args(self, tok: Any, wanted: Iterable[str]) -> tuple[list[Arg], Via]:
        for prep_word in wanted:
            for c in tok.children:
                if c.dep_ in ("prep", "dative") and c.lower_ == prep_word:
                    for pobj in c.children:
                        if pobj.dep_ in ("pobj", "pcomp"):
                            found = self.index.resolve_np(pobj)
                            if found:
                                return found, Via(Step.PREP, prep_word)
        return [], NOT_FOUND

    def _stative_passive(self, verb: Any) -> bool:
        """"was involved in talks": a passive without an agent whose subject is the actor."""
        if not any(c.dep_ in _PASS_SUBJ for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
            return False
        return any(lem in self.rules.stative_passive_verbs for lem in self.lemma_of(verb))

    def target_args(self, verb: Any, match: Match | None) -> tuple[list[Arg], Via]:
        if _participle_modifier(verb):
            # "the civilians imprisoned for ...": the modified noun underwent the act
            found = self.index.resolve_np(verb.head)
            if found:
                return found, Via(Step.PARTICIPLE_HEAD)
        for c in verb.children:
            if c.dep_ in _PASS_SUBJ and not self._stative_passive(verb):
                found = self.index.resolve_np(c)
                if found:
                    return found, Via(Step.PASSIVE_SUBJECT)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
        for c in objects:
            if c.dep_ == "dative" and c.pos_ == "ADP":
                continue
            found = self.index.resolve_np(c)
            if found:
                return found, Via(Step.OBJECT, c.dep_)
        preps = [p.prep for p in (match.pattern.preps if match and match.pattern else ()) if p.role == "tgt"]
        found, how = self._prep_args(verb, preps + list(self.rules.target_preps))
        if found:
            return found, how
        holders = objects + [c for c in verb.children if c.dep_ in _PASS_SUBJ]
        for c in holders:
            found, how = self._prep_args(c, self.rules.target_preps)
            if found:
                return found, how.within(Wrap.OBJECT)
        # one level deeper: "advised against travel to Tunisia", "evidence against Russia was presented"
        inner = [p for p in verb.children if p.dep_ == "prep"] + [p for c in holders for p in c.children if p.dep_ == "prep"]
        for prep in inner:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found, how = self._prep_args(pobj, self.rules.target_preps)
                    if found:
                        return found, how.within(Wrap.NESTED)
        return [], NO_SIDE

    def source_override(self, verb: Any, match: Match | None) -> tuple[list[Arg], Via] | None:
        """Passive agents ("attacked by X") and patterns marking the source in a phrase ("received X from Y")."""
        passive = any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children) or _participle_modifier(verb)
        if passive:
            for c in verb.children:
                if c.dep_ == "agent":
                    for pobj in c.children:
                        if pobj.dep_ == "pobj":
                            return self.index.resolve_np(pobj, strict=True), Via(Step.PASSIVE_AGENT)
            if any(lem in self.rules.stative_passive_verbs for lem in self.lemma_of(verb)):
                return None
            found = self._attack_noun_source(verb)
            if found:
                return found, Via(Step.PASSIVE_ATTACK_NOUN)
            if match is not None and match.code[:2] in ("18", "19", "20"):
                # "a mortar bomb was fired at Israel from the Gaza Strip": the origin of the fire names the attacker
                found, _ = self._prep_args(verb, ("from",))
                if found:
                    return found, Via(Step.PASSIVE_FIRED_FROM)
            return [], Via(Step.PASSIVE_NO_AGENT)
        if match and match.pattern:
            src_preps = [p.prep for p in match.pattern.preps if p.role == "src"]
            if src_preps:
                found, how = self._prep_args(verb, src_preps)
                if found:
                    return found, how
        return None

    # ---- triggers ---------------------------------------------------------
    def triggers(self, sent: Any) -> list[Coded]:
        coded: dict[int, Coded] = {}
        for tok in sent:
            if tok.pos_ != "VERB" and not (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lower_ not in ("is", "are", "was", "were", "be", "been")):
                continue
            if tok.lower_ in self.rules.not_triggers and tok.dep_ in ("prep", "case", "mark", "advmod"):
                continue  # "according to", "following": prepositions tagged as verbs
            under = self._under_idiom(tok)
            if under is not None:
                coded[tok.i] = under
                continue
            m = self.match_verb(tok)
            if m is not None and m.pattern is not None and self._borrowed_pattern(tok, m):
                m = None  # "struggling with homelessness" is not "battle with": a general verb takes only its own patterns
            light = self._light_verb(tok, m)
            if light is not None:
                coded[tok.i] = light
                continue
            if m is None or not m.code or (m.pattern is None and self._default_blocked(tok, m)):
                continue
            labour = self._labour_strike(tok, m)
            if labour is not None:
                coded[tok.i] = Coded(trigger=tok, code=labour, weight=m.weight, match=None, args_from=tok, construction=Construction.LABOUR_STRIKE, word=tok.lower_)
                continue
            coded[tok.i] = Coded(trigger=tok, code=m.code, weight=m.weight, match=m, args_from=tok, basis=m.rule)
        self._obligations(sent, coded)
        # fold "agreed to provide", "is willing to send", "wants to attack" into one event
        for i in sorted(coded, reverse=True):
            inner = coded.get(i)
            if inner is None:
                continue
            # "vowed to attack" (xcomp), also parsed as an infinitival adverbial clause ("have sworn to fight")
            if inner.trigger.dep_ != "xcomp" and not (
                _purpose_clause(inner.trigger)
                and set(self.lemma_of(inner.trigger.head)) & (self.rules.intent_verbs | self.rules.desire_verbs | self.rules.refusal_verbs)
            ):
                continue
            outer = inner.trigger.head
            # "prepared to resume shelling", "vowed to continue fighting": look through aspectual verbs
            while (
                outer.i not in coded
                and outer.dep_ == "xcomp"
                and outer.head.i != outer.i
                and set(self.lemma_of(outer)) & self.rules.transparent_verbs
            ):
                outer = outer.head
            new = self._fold(outer, coded[outer.i].match if outer.i in coded else None, inner)
            if new is None:
                continue
            coded[outer.i] = Coded(trigger=outer, code=new, weight=inner.weight, match=inner.match, args_from=inner.trigger,
                                   construction=Construction.FOLD, word=outer.lower_, inner=inner)
            del coded[i]
        out = []
        speech = self.rules.speech_verbs
        self._allegations(coded)
        for c in list(coded.values()):
            gov = self._governing_event(c.trigger, coded)
            if gov is not None:
                # "X demanded that Y cancel ...": the governing verb is the event, not the content
                del coded[c.trigger.i]
        for c in coded.values():
            if c.code == "---":
                continue
            if self._unrealized_acl(c.trigger):
                continue  # "efforts to counter X", "plans to sell arms", "the right to fire": not an asserted act
            if self._adjunct_of_coded(c.trigger, coded):
                continue  # "deepen ties by promoting ...", "jailed X for helping ...": means and charges, not new acts
            if c.match is not None and c.match.pattern is None and set(self.lemma_of(c.trigger)) & speech:
                if any(ch.dep_ in ("ccomp", "parataxis") for ch in c.trigger.children) or c.code.startswith("01"):
                    continue  # the reported content is the event; "X said" alone is not coded
            out.append(c)
        return out

    def recode(self, c: Coded, mode: str, auxes: set[str], under_speech: bool, negated: bool = False) -> tuple[str, Construction | None]:
        """CAMEO conventions: an announced future cooperative act is an intent (03x), an announced attack a threat (13x),
        "X said Y must do Z" a demand (10x)."""
        root = c.code[:2]
        if under_speech and mode in ("future", "hypothetical") and "12" <= root and root != "13" and not negated and _conditioned(c.trigger, self.rules):
            # "X said it will boycott the elections unless ...": an announced conditional act is a threat (13x);
            # the writer's own speculation ("Iran could attack if talks fail") is not
            return self.rules.threat_codes.get(root, "130"), Construction.CONDITIONAL_THREAT
        if negated and root <= "08" and root not in ("01", "02") and (under_speech or mode == "future") and not _purpose_clause(c.trigger):
            return self.rules.reject_codes_full.get(c.code) or self.rules.reject_codes.get(root, "120"), Construction.ANNOUNCED_REFUSAL
        if under_speech and auxes & self.rules.obligation_aux:
            return self.rules.demand_codes_full.get(c.code) or self.rules.demand_codes.get(root, c.code), Construction.DEMAND
        if mode == "future" and under_speech and c.construction is not Construction.FOLD:
            if root <= "08" and root not in ("01", "02", "03"):
                return self.rules.intent_codes_full.get(c.code) or self.rules.intent_codes.get(root, "030"), Construction.FUTURE_INTENT
            if root in self.rules.threat_codes:
                return self.rules.threat_codes[root], Construction.FUTURE_THREAT
        return c.code, None

    # ---- events -----------------------------------------------------------
    def code_sentence(self, sent: Any) -> list[Event]:
        events: list[Event] = []
        used: set[int] = set()
        for c in self.triggers(sent):
            events.extend(self._events_for(c, sent, used))
        if self.nominal:
            events.extend(self._nominal(sent, used))
        # one statement reporting two acts by the same side is one accusation
        seen: set[tuple[Any, ...]] = set()
        unique = []
        for e in events:
            key = (e.source.code if e.source else None, e.target.code if e.target else None, e.cameo, e.trigger_start)
            if key not in seen:
                seen.add(key)
                unique.append(e)
        return unique

    def _events_for(self, c: Coded, sent: Any, used: set[int]) -> list[Event]:
        verb, args_tok = c.trigger, c.args_from
        if c.construction is Construction.UNDERGO:
            # "the convoy came under attack from rebels": the from-phrase acts on the subject; unnamed, no event
            sources, _ = self._undergo_sides(c)
            targets, t_how = self.subject_args(verb)
            if not sources:
                return []
            return self._assemble(c, sent, sources, Via(Step.UNDERGO_FROM), targets, t_how.within(Wrap.UNDERGO))
        override = self.source_override(args_tok, c.match)
        if override is not None:
            sources, s_how = override
            if s_how.step is Step.PREP:
                targets, t_how = self.subject_args(args_tok)
            else:
                targets, t_how = self.target_args(args_tok, c.match)
        else:
            sources, s_how = self.subject_args(verb)
            targets, t_how = self.target_args(args_tok, c.match)
        verb_lemmas = set(self.lemma_of(verb))
        if verb_lemmas & self.rules.receiver_verbs and sources:
            # "Obama faces pressure from Congress", "Iran received a warning from the UN": the from-phrase acts
            holders = [verb, *[ch for ch in verb.children if ch.dep_ == "dobj"]]
            for holder in holders:
                found, _ = self._prep_args(holder, ("from",))
                if found:
                    sources, s_how, targets, t_how = found, Via(Step.RECEIVER_FROM), sources, s_how.within(Wrap.RECEIVER)
                    break
            else:
                if verb_lemmas & self.rules.undergo_verbs and c.code[:2] >= "10":
                    return []  # "Iran faces pressure": the subject undergoes it; who acts is not said
        for ch in args_tok.children:
            if ch.dep_ in ("dobj", "attr"):
                used.update(t.i for t in ch.subtree)
        if s_how == Via(Step.PASSIVE_NO_AGENT) and c.code in self.rules.self_directed_codes:
            # "the guerrillas have been demobilized", "troops were withdrawn from X": the side that retreats acts
            sources, s_how = targets, Via(Step.PASSIVE_SELF_DIRECTED)
            targets, t_how = self._prep_args(args_tok, ("from", "out"))
        if not sources:
            return []
        if c.target_tok is not None:
            targets, t_how = self.index.resolve_np(c.target_tok), Via(Step.APPEAL_OBJECT)
        if t_how == Via(Step.OBJECT, "dobj") and targets and self._own_object(args_tok):
            # "recalled its ambassador to Moscow": the source's own people are not the target
            targets, t_how = self._prep_args(next(ch for ch in args_tok.children if ch.dep_ == "dobj"), self.rules.target_preps)
            if not targets:
                targets, t_how = self._prep_args(args_tok, self.rules.target_preps)
            if not targets and c.code[:2] == "07":
                return []  # "to protect its citizens", "fed its own troops": care for one's own is not aid to anyone
        if t_how == Via(Step.OBJECT, "dobj") and c.code in self.rules.instrument_object_codes and all(t.country is None for t in targets):
            # "deployed troops to Mali", "mobilized reservists": the object is the source's own force, not the target
            targets, t_how = self._prep_args(args_tok, self.rules.target_preps)
        if not targets:
            # "threatened to cut off electricity to X", "offered to hand over to X": an act announced in an
            # uncoded infinitive still names whom it is aimed at
            for clause in args_tok.children:
                if clause.dep_ == "xcomp" and clause.pos_ in ("VERB", "AUX"):
                    found, how = self.target_args(clause, None)
                    if found:
                        targets, t_how = found, how.within(Wrap.XCOMP)
                        break
        if not targets and c.code[:2] in self.rules.request_roots:
            # "demanded that the US cancel plans", "insisted that Y grant ...": the one asked to act is the target
            for clause in args_tok.children:
                if clause.dep_ == "ccomp":
                    found, how = self.subject_args(clause)
                    if found and how == Via(Step.NSUBJ):
                        targets, t_how = found, Via(Step.REQUEST_CONTENT_SUBJECT)
                        break
        if not targets and c.code[:2] == "14":
            # "began a hunger strike to protest against Sweden's decision", "blocked roads to press demands on X":
            # the aim of a protest names its target
            objects = [ch for ch in args_tok.children if ch.dep_ == "dobj"]
            for aim in [*args_tok.children, *[x for o in objects for x in o.children]]:
                if aim.dep_ in ("advcl", "relcl", "acl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in aim.children):
                    targets, t_how = self.target_args(aim, None)
                    t_how = t_how.within(Wrap.PROTEST_AIM)
                    break
        joint = self.rules.joint_codes.get(c.code)
        if joint and (len({a.country for a in sources if a.country}) >= 2 or self._has_joint_modifier(args_tok)):
            # "French and Egyptian warships launched war games", "joint exercises": military cooperation
            c = c.recoded(joint, Construction.JOINT)
        if not targets and not (len(sources) > 1 and c.code in self.rules.symmetric_codes):
            found = self._location_target(args_tok, sources)
            if found is not None:
                targets, t_how = [found], Via(Step.LOCATION)
        if not targets and c.code in self.rules.target_required_codes and not (len(sources) > 1 and c.code in self.rules.symmetric_codes):
            return []  # "travelling to the airport": a visit needs someone or somewhere foreign to visit
        own = {a.actor.code for a in sources}
        joint_sides = len({a.actor.code or a.actor.text for a in sources}) > 1 and c.code in self.rules.symmetric_codes
        if not joint_sides and not [t for t in targets if t.actor.code not in own] and self._needs_partner(c):
            return []  # "residents huddling indoors", "officials helped create the program": no second side
        return self._assemble(c, sent, sources, s_how, targets, t_how)

    def _needs_partner(self, c: Coded) -> bool:
        """A verb's default code (no pattern matched) of cooperation or aid (``partner_required_roots``), or the default
        or a preposition-only pattern of a verb of ``partner_verbs`` (arrive, come to, travel, call) is an act between
        two sides: with no second side named it is the verb's everyday sense ("police arrived", "helps people attend",
        "when it comes to ...", "customers calling")."""
        if c.match is None or c.construction is not None:  # a construction, or no lexicon row
            return False
        pattern = c.match.pattern
        if pattern is None and c.code[:2] in self.rules.partner_required_roots:
            return True
        if pattern is not None and (pattern.words or pattern.subject or any(p.words for p in pattern.preps)):
            return False
        return bool(set(self.lemma_of(c.trigger)) & self.rules.partner_verbs)

    def _assemble(self, c: Coded, sent: Any, sources: list[Arg], s_how: Via, targets: list[Arg], t_how: Via) -> list[Event]:
        src_codes = [a.actor.code for a in sources]
        sources = [self.index.attach_country(a, sentence=sent, avoid=[t.country for t in targets]) for a in sources]
        targets = [self.index.attach_country(a, sentence=sent, avoid=[], avoid_at=[s.actor.start for s in sources]) for a in targets]
        targets = [t for t in targets if t.actor.code not in src_codes or not sources]
        pairs: list[tuple[Arg | None, Arg | None]] = []
        if targets and sources:
            pairs = [(s, t) for s in sources for t in targets if s.actor.code != t.actor.code]
            if c.code[:2] == "04" and c.code in self.rules.symmetric_codes and t_how.step is Step.PREP and t_how.word == "with" and c.construction is Construction.LIGHT:
                # "X held talks with Y": a joint act named by its noun has both sides acting; "X met with Y"
                # stays X's act, as the CAMEO verb dictionary codes it (only patterns marked [a:b] code both)
                pairs += [(t, s) for s, t in pairs]
        elif sources and len(sources) > 1 and c.code in self.rules.symmetric_codes:
            pairs = [(s, t) for s in sources for t in sources if s.actor.code != t.actor.code]
        elif sources:
            pairs = [(s, None) for s in sources]
        else:
            pairs = [(None, t) for t in targets]
        if not pairs:
            return []
        mod = modality(c.trigger, rules=self.rules, lemma_of=self.lemma_of, article_year=self.year)
        speaker: EventActor | None = None
        speaker_args: list[Arg] = []
        if mod.speaker_verb is not None:
            speaker_args, _ = self.subject_args(mod.speaker_verb)
            if speaker_args:
                speaker = speaker_args[0].actor
        auxes = {a.lower_ for a in c.trigger.children if a.dep_ in ("aux", "auxpass")}
        code, how = self.recode(c, mod.modality, auxes, mod.speaker_verb is not None, mod.negated)
        negated = mod.negated and how is not Construction.ANNOUNCED_REFUSAL  # the refusal itself is asserted
        if how is Construction.DEMAND and speaker_args:
            # the speaker demands; the would-be actor of the content is the target
            targets, t_how = sources, Via(Step.DEMAND_CONTENT_SUBJECT)
            sources, s_how = speaker_args, Via(Step.SPEAKER)
            pairs = [(s, t) for s in sources for t in targets if s.actor.code != t.actor.code]
            if not pairs:
                # "China said it must adopt countermeasures": an obligation on oneself is not a demand
                if c.construction is Construction.OBLIGATION:
                    return []
                pairs = [(s, None) for s in sources]
        if speaker_args and not negated and how is None and c.code[:2] in self.rules.reported_conflict_roots:
            claim = self._reported_claim(c, mod.speaker_verb, speaker_args[0], pairs, sent)
            if claim is not None:
                return claim
        if code != c.code:
            assert how is not None
            c = c.recoded(code, how)
        info = cameo_info(c.code)
        base = 0.85 if (c.match and c.match.pattern is not None) else 0.65
        sidx = self.analysis.sentence_of(c.trigger.idx)
        sentence = self.analysis.sentences[sidx] if self.analysis.sentences else None
        events = []
        for s, t in pairs:
            penalty = sum(0.1 for a in (s, t) if a and a.inferred) + (0.1 if t_how == Via(Step.PREP, "in") else 0.0)
            events.append(
                Event(
                    source=s.actor if s else None,
                    target=t.actor if t else None,
                    cameo=c.code,
                    plover=info.plover,
                    quad_class=info.quad_class,
                    goldstein=info.goldstein,
                    paragraph=sentence.paragraph if sentence else self.analysis.paragraph_of(c.trigger.idx),
                    sentence=sidx,
                    start=sentence.start if sentence else sent.start_char,
                    end=sentence.end if sentence else sent.end_char,
                    trigger=c.trigger.text,
                    trigger_start=c.trigger.idx,
                    trigger_end=c.trigger.idx + len(c.trigger.text),
                    negated=negated,
                    modality=mod.modality,
                    speaker=speaker,
                    plover_mode=info.plover_mode,
                    rule=event_rule(c, s, s_how, t, t_how),
                    confidence=round(max(0.2, base - penalty), 2),
                )
            )
        return events

    def _reported_claim(self, c: Coded, verb: Any, speaker: Arg, pairs: list[tuple[Arg | None, Arg | None]], sent: Any) -> list[Event] | None:
        """"Israel said a mortar was fired at it from Gaza", "the US claimed ISIL attacked Iraq": the sentence
        evidences a statement about violence, not the violence itself. The speaker accuses the side it names
        (112), or claims its own side's act (015, only with a claim verb: "the army said it struck ..." stays
        the strike). A news outlet's report stays a report of the act. ``None`` keeps the act."""
        if speaker.country is None or speaker.placed_by_context:
            return None  # "officials said", "medics said": an unplaced speaker accuses no one
        if c.trigger.i < verb.i:
            return None  # "Tanks shelled the town, officials said": a trailing attribution cites a source for the act
        if set(sector_parts(speaker.actor.code or "")) & set(self.rules.reporting_sectors):
            return None
        accused: dict[str, Arg] = {}
        for s, _ in pairs:
            if s is not None:
                accused.setdefault(s.actor.code or s.actor.text, s)
        if not accused:
            return None

        def same_side(a: Arg) -> bool:
            # a country the text does not state ("Kurdish militants" placed in Turkey by context) is no side
            return a.actor.code == speaker.actor.code or (a.country is not None and a.country == speaker.country and not a.placed_by_context)

        others = [a for a in accused.values() if not same_side(a)]
        codes = self.rules.claim_codes
        if others:
            new = Coded(trigger=verb, code=codes.other_side, weight=c.weight, match=None, args_from=verb,
                        construction=Construction.REPORTED_ACCUSATION, word=verb.lower_, inner=c)
            return self._assemble(new, sent, [speaker], Via(Step.SPEAKER), others, Via(Step.REPORTED_ACT_SOURCE))
        if not set(self.lemma_of(verb)) & set(self.rules.allegation_verbs):
            return None
        targets = list({t.actor.code or t.actor.text: t for _, t in pairs if t is not None}.values())
        new = Coded(trigger=verb, code=codes.same_side, weight=c.weight, match=None, args_from=verb,
                    construction=Construction.REPORTED_CLAIM, word=verb.lower_, inner=c)
        return self._assemble(new, sent, [speaker], Via(Step.SPEAKER), targets, Via(Step.REPORTED_ACT_TARGET))

    def _nominal(self, sent: Any, used: set[int]) -> list[Event]:
        out: list[Event] = []
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in used:
                continue
            trig = self.lexicon.nouns.get(tok.lower_)
            if trig is None:
                continue
            sources: list[Arg] = []
            targets: list[Arg] = []
            both: list[Arg] = []
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in trig.roles:
                    role = trig.roles[c.lower_]
                    for pobj in c.children:
                        if pobj.dep_ == "pobj":
                            found = self.index.resolve_np(pobj)
                            {"src": sources, "tgt": targets, "both": both}[role].extend(found)
                elif c.dep_ in ("poss", "amod", "compound"):
                    m = self.index.mention_at(c)
                    if m is not None:
                        sources.extend(self.index.resolve_np(c))
            if len(both) >= 2:
                sources, targets = both, []
            if not (sources and (targets or len(sources) >= 2)):
                continue
            coded = Coded(trigger=tok, code=trig.code, weight=1.0, match=None, args_from=tok, basis=trig.rule)
            out.extend(self._assemble(coded, sent, sources, Via(Step.NOMINAL), targets, Via(Step.NOMINAL)))
        return out

    def code(self) -> list[Event]:
        events: list[Event] = []
        for sent in self.analysis.doc.sents:
            events.extend(self.code_sentence(sent))
        return events
