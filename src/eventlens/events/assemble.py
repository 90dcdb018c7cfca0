"""Events from a coded trigger and its sides: countries attached, pairs, modality, recoding, reported claims.

:func:`assemble` attaches countries to agent nouns that lack one (knowing the other side), pairs sources
with targets, reads negation and modality, recodes announced acts by CAMEO's conventions (:func:`recode`),
turns reported violence into the speaker's accusation or claim (:func:`reported_claim`) and builds the
:class:`~eventlens.model.Event` items with their audit string and confidence.
"""

from __future__ import annotations

from typing import Any

from ..actors.codes import sector_parts
from ..model import Event, EventActor
from .document import CoderContext, purpose_clause
from .modality import Modality, modality
from .roles import subject_args
from .tables import cameo_info
from .tags import Arg, Coded, Construction, Step, Via, event_rule

Pair = tuple[Arg | None, Arg | None]
_IN = Via(Step.PREP, "in")


def assemble(ctx: CoderContext, c: Coded, sent: Any, sources: list[Arg], s_via: Via, targets: list[Arg], t_via: Via) -> list[Event]:
    """The events of trigger ``c`` with these sides (one per source/target pair), or none."""
    sources, targets = _attach_countries(ctx, sent, sources, targets)
    pairs = _pairs(ctx, c, sources, targets, t_via)
    if not pairs:
        return []
    mod = modality(c.trigger, rules=ctx.rules, lemma_of=ctx.lemma_of, article_year=ctx.year)
    speaker_args = subject_args(ctx, mod.speaker_verb)[0] if mod.speaker_verb is not None else []
    auxes = {a.lower_ for a in c.trigger.children if a.dep_ in ("aux", "auxpass")}
    code, how = recode(ctx, c, mod.modality, auxes, under_speech=mod.speaker_verb is not None, negated=mod.negated)
    negated = mod.negated and how is not Construction.ANNOUNCED_REFUSAL  # the refusal itself is asserted
    if how is Construction.DEMAND and speaker_args:
        # the speaker demands; the would-be actor of the content is the target
        s_via, t_via = Via(Step.SPEAKER), Via(Step.DEMAND_CONTENT_SUBJECT)
        pairs = [(s, t) for s in speaker_args for t in sources if s.actor.code != t.actor.code]
        if not pairs:
            # "China said it must adopt countermeasures": an obligation on oneself is not a demand
            if c.construction is Construction.OBLIGATION:
                return []
            pairs = [(s, None) for s in speaker_args]
    if speaker_args and not negated and how is None and c.code[:2] in ctx.rules.reported_conflict_roots:
        claim = reported_claim(ctx, c, mod.speaker_verb, speaker_args[0], pairs, sent)
        if claim is not None:
            return claim
    if how is not None and code != c.code:
        c = c.recoded(code, how)
    speaker = speaker_args[0].actor if speaker_args else None
    return _events(ctx, c, sent, pairs, s_via, t_via, mod=mod, negated=negated, speaker=speaker)


def _attach_countries(ctx: CoderContext, sent: Any, sources: list[Arg], targets: list[Arg]) -> tuple[list[Arg], list[Arg]]:
    """Country-less agent nouns take a country, never the other side's (a source not its targets' countries,
    a target not from the sources' own mentions); a target that is one of the sources is dropped."""
    src_codes = [a.actor.code for a in sources]
    sources = [ctx.index.attach_country(a, sentence=sent, avoid=[t.country for t in targets]) for a in sources]
    targets = [ctx.index.attach_country(a, sentence=sent, avoid=[], avoid_at=[s.actor.start for s in sources]) for a in targets]
    targets = [t for t in targets if t.actor.code not in src_codes or not sources]
    return sources, targets


def _pairs(ctx: CoderContext, c: Coded, sources: list[Arg], targets: list[Arg], t_via: Via) -> list[Pair]:
    """Source/target pairs: each source with each other target; a joint act's sources with each other."""
    symmetric = c.code in ctx.rules.symmetric_codes
    if targets and sources:
        pairs: list[Pair] = [(s, t) for s in sources for t in targets if s.actor.code != t.actor.code]
        if c.code[:2] == "04" and symmetric and t_via.step is Step.PREP and t_via.word == "with" and c.construction is Construction.LIGHT:
            # "X held talks with Y": a joint act named by its noun has both sides acting; "X met with Y"
            # stays X's act, as the CAMEO verb dictionary codes it (only patterns marked [a:b] code both)
            pairs += [(t, s) for s, t in pairs]
        return pairs
    if sources and len(sources) > 1 and symmetric:
        return [(s, t) for s in sources for t in sources if s.actor.code != t.actor.code]
    if sources:
        return [(s, None) for s in sources]
    return [(None, t) for t in targets]


def _events(ctx: CoderContext, c: Coded, sent: Any, pairs: list[Pair], s_via: Via, t_via: Via, *,
            mod: Modality, negated: bool, speaker: EventActor | None) -> list[Event]:
    info = cameo_info(c.code)
    base = 0.85 if (c.match and c.match.pattern is not None) else 0.65
    analysis = ctx.analysis
    sidx = analysis.sentence_of(c.trigger.idx)
    sentence = analysis.sentences[sidx] if analysis.sentences else None
    events = []
    for s, t in pairs:
        penalty = sum(0.1 for a in (s, t) if a and a.inferred) + (0.1 if t_via == _IN else 0.0)
        events.append(
            Event(
                source=s.actor if s else None,
                target=t.actor if t else None,
                cameo=c.code,
                plover=info.plover,
                quad_class=info.quad_class,
                goldstein=info.goldstein,
                paragraph=sentence.paragraph if sentence else analysis.paragraph_of(c.trigger.idx),
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
                rule=event_rule(c, s, s_via, t, t_via),
                confidence=round(max(0.2, base - penalty), 2),
            )
        )
    return events


def _conditioned(verb: Any) -> bool:
    """The act governs an if/unless clause (it is made conditional), rather than sitting inside one."""
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
            return True
    return False


def recode(ctx: CoderContext, c: Coded, mode: str, auxes: set[str], *, under_speech: bool, negated: bool = False) -> tuple[str, Construction | None]:
    """CAMEO conventions, checked in this order: an announced conditional hostile act is a threat (13x), an
    announced refusal a rejection (12x), "X said Y must do Z" a demand (10x), an announced future cooperative
    act an intent (03x), an announced attack a threat (13x). The construction is None when nothing applies."""
    rules, root = ctx.rules, c.code[:2]
    if under_speech and mode in ("future", "hypothetical") and "12" <= root and root != "13" and not negated and _conditioned(c.trigger):
        # "X said it will boycott the elections unless ...": an announced conditional act is a threat (13x);
        # the writer's own speculation ("Iran could attack if talks fail") is not
        return rules.threat_codes.get(root, "130"), Construction.CONDITIONAL_THREAT
    if negated and root <= "08" and root not in ("01", "02") and (under_speech or mode == "future") and not purpose_clause(c.trigger):
        return rules.reject_codes_full.get(c.code) or rules.reject_codes.get(root, "120"), Construction.ANNOUNCED_REFUSAL
    if under_speech and auxes & rules.obligation_aux:
        return rules.demand_codes_full.get(c.code) or rules.demand_codes.get(root, c.code), Construction.DEMAND
    if mode == "future" and under_speech and c.construction is not Construction.FOLD:
        if root <= "08" and root not in ("01", "02", "03"):
            return rules.intent_codes_full.get(c.code) or rules.intent_codes.get(root, "030"), Construction.FUTURE_INTENT
        if root in rules.threat_codes:
            return rules.threat_codes[root], Construction.FUTURE_THREAT
    return c.code, None


def reported_claim(ctx: CoderContext, c: Coded, verb: Any, speaker: Arg, pairs: list[Pair], sent: Any) -> list[Event] | None:
    """"Israel said a mortar was fired at it from Gaza", "the US claimed ISIL attacked Iraq": the sentence
    evidences a statement about violence, not the violence itself. The speaker accuses the side it names
    (112), or claims its own side's act (015, only with a claim verb: "the army said it struck ..." stays
    the strike). A news outlet's report stays a report of the act. ``None`` keeps the act."""
    if speaker.country is None or speaker.placed_by_context:
        return None  # "officials said", "medics said": an unplaced speaker accuses no one
    if c.trigger.i < verb.i:
        return None  # "Tanks shelled the town, officials said": a trailing attribution cites a source for the act
    if set(sector_parts(speaker.actor.code or "")) & ctx.rules.reporting_sectors:
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
    codes = ctx.rules.claim_codes
    if others:
        new = Coded(trigger=verb, code=codes.other_side, weight=c.weight, match=None, args_from=verb,
                    construction=Construction.REPORTED_ACCUSATION, word=verb.lower_, inner=c)
        return assemble(ctx, new, sent, [speaker], Via(Step.SPEAKER), others, Via(Step.REPORTED_ACT_SOURCE))
    if not ctx.lemmas(verb) & ctx.rules.allegation_verbs:
        return None
    targets = list({t.actor.code or t.actor.text: t for _, t in pairs if t is not None}.values())
    new = Coded(trigger=verb, code=codes.same_side, weight=c.weight, match=None, args_from=verb,
                construction=Construction.REPORTED_CLAIM, word=verb.lower_, inner=c)
    return assemble(ctx, new, sent, [speaker], Via(Step.SPEAKER), targets, Via(Step.REPORTED_ACT_TARGET))
