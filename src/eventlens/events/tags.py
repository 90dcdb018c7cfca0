"""Typed rule tags: which rule coded a trigger, how each side and each actor of an event was found.

Control flow reads these fields (``coded.construction is Construction.UNDERGO``, ``arg.placed_by_context``);
the audit string of an event (``Event.rule``) is rendered from them once, when the event is built
(:func:`event_rule`), and never parsed back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from ..model import EventActor
from .lexicon import Match


class Construction(Enum):
    """A rule that coded or recoded a trigger; the value is its tag in ``Event.rule``."""

    LIGHT = "light"  # light verb + event noun: "<tag>:<verb>+<noun rule>"
    HALT = "halt"  # halting verb + event noun
    UNDERGO = "undergo"  # "came under fire from X": "undergo:<verb>+under+<noun>"
    LABOUR_STRIKE = "labour-strike"  # "<tag>:<verb>"
    OBLIGATION = "obligation"  # "<tag>:<speech verb>"
    APPEAL = "appeal"  # "<tag>:<verb>"
    REFUSAL = "refusal"  # "<tag>:<verb>"
    REQUEST_NOUN = "request-noun"  # "pressure on Y to ...": the content's governor (never an event)
    FOLD = "fold"  # "agreed to <act>": "fold:<outer verb>+<inner rule>"
    ALLEGATION = "allegation"  # "alleged that Y attacked": "allegation:<verb>+<inner rule>"
    JOINT = "joint"  # a joint show of force: "joint:<inner rule>"
    REPORTED_ACCUSATION = "reported-accusation"  # "<tag>:<speech verb>+<inner code>:<inner rule>"
    REPORTED_CLAIM = "reported-claim"  # same shape
    # recodings of an announced act (assemble.recode): "<tag>:<inner rule>"
    CONDITIONAL_THREAT = "conditional-threat"
    ANNOUNCED_REFUSAL = "announced-refusal"
    DEMAND = "demand"
    FUTURE_INTENT = "future-intent"
    FUTURE_THREAT = "future-threat"


_WORD_ONLY = frozenset({Construction.LABOUR_STRIKE, Construction.OBLIGATION, Construction.APPEAL, Construction.REFUSAL})
_WORD_AND_INNER = frozenset({Construction.FOLD, Construction.ALLEGATION})
_REPORTED = frozenset({Construction.REPORTED_ACCUSATION, Construction.REPORTED_CLAIM})


@dataclass(frozen=True, slots=True, kw_only=True)
class Coded:
    """A trigger with its code, before actors are paired up."""

    trigger: Any
    code: str
    weight: float
    match: Match | None
    args_from: Any  # the token whose complements give the target (the trigger or a folded xcomp)
    target_tok: Any = None  # an explicit target phrase ("wants Y to ..." -> Y), or the noun of an "under" idiom
    construction: Construction | None = None  # None: the lexicon row (or noun trigger, or model) named by ``basis``
    word: str = ""  # the word a construction names (light verb, speech verb, governing verb)
    basis: str = ""  # the lexicon row's or noun trigger's rule; the noun of an "under" idiom
    inner: Coded | None = None  # the coded trigger a construction wraps (fold, allegation, joint, recodings, reported)

    @property
    def rule(self) -> str:
        """The audit tag of this trigger (the part of ``Event.rule`` before the first ``|``)."""
        c = self.construction
        if c is None:
            return self.basis
        if c is Construction.LIGHT or c is Construction.HALT:
            return f"{c.value}:{self.word}+{self.basis}"
        if c is Construction.UNDERGO:
            return f"{c.value}:{self.word}+under+{self.basis}"
        if c in _WORD_ONLY:
            return f"{c.value}:{self.word}"
        if c is Construction.REQUEST_NOUN:
            return c.value
        assert self.inner is not None, c
        if c in _WORD_AND_INNER:
            return f"{c.value}:{self.word}+{self.inner.rule}"
        if c in _REPORTED:
            return f"{c.value}:{self.word}+{self.inner.code}:{self.inner.rule}"
        return f"{c.value}:{self.inner.rule}"

    def recoded(self, code: str, construction: Construction) -> Coded:
        """This trigger under another code, the wrapping construction recorded."""
        return Coded(trigger=self.trigger, code=code, weight=self.weight, match=self.match, args_from=self.args_from,
                     construction=construction, inner=self)


class ArgSource(Enum):
    """How the argument finder reached an actor from a noun phrase; the value is its tag."""

    MENTION = "mention"  # the phrase is an actor mention
    MENTION_CONJ = "mention-conj"  # a mention coordinated with it
    MENTION_MODIFIER = "mention+modifier"  # a country-less mention merged with its country modifier
    MODIFIER = "modifier"  # an actor modifying a noun that is none ("Israeli shelling")
    APPOS = "appos"  # an apposition
    PHRASE = "phrase"  # an of/in/from... phrase: "<prep>-phrase"
    REFERENCE = "reference"  # a pronoun or "the city" resolved here: "reference:<word>"
    DOCUMENT_ISSUED_IN = "document-issued-in"  # the country a document was issued in
    LOCATION = "location"  # a place phrase's country (location targets)


@dataclass(frozen=True, slots=True)
class Arg:
    """One resolved actor of an event argument."""

    actor: EventActor
    country: str | None
    source: ArgSource
    word: str = ""  # the preposition of a PHRASE, the pronoun or noun of a REFERENCE
    antecedent: bool = False  # a pronoun the actors stage resolved, named by its antecedent ("+antecedent")
    context: bool = False  # the actors stage gave the mention its passage's country ("+context")
    issuer: bool = False  # found as the issuer of a document subject ("document-issuer:")
    attached: str | None = None  # the scope (sentence, paragraph, article) the coder took a country from ("+agent-attach:")

    @property
    def placed_by_context(self) -> bool:
        """The argument's country comes from its passage, not from the text about it."""
        return self.context or self.attached is not None

    @property
    def inferred(self) -> bool:
        """Placed by context or reached through a reference: such an event loses confidence."""
        return self.placed_by_context or self.source is ArgSource.REFERENCE

    @property
    def how(self) -> str:
        """The audit tag of this actor (``.../<how>`` in ``Event.rule``)."""
        base = {ArgSource.PHRASE: f"{self.word}-phrase", ArgSource.REFERENCE: f"reference:{self.word}"}.get(self.source, self.source.value)
        parts = ["document-issuer:" if self.issuer else "", base]
        parts += ["+antecedent" if self.antecedent else "", "+context" if self.context else ""]
        parts.append(f"+agent-attach:{self.attached}" if self.attached else "")
        return "".join(parts)

    def as_issuer(self) -> Arg:
        return replace(self, issuer=True)


class Step(Enum):
    """The last step that found an event's side; the value is its tag."""

    NOT_FOUND = ""  # a preposition search that found nothing
    NONE = "none"
    NSUBJ = "nsubj"
    RELCL = "relcl"
    DOCUMENT_ISSUER = "document-issuer"
    STATIVE_PASSIVE = "stative-passive"
    XCOMP_OBJECT = "xcomp-object"
    PCOMP_OBJECT = "pcomp-object"
    INHERIT = "inherit"  # "<dep>-inherit": the governing verb's subject
    ACL_POSS = "acl-poss"
    ACL = "acl"
    PREP = "prep"  # "prep-<word>"
    OBJECT = "object"  # "<dep>": dobj, dative, attr, oprd
    PARTICIPLE_HEAD = "participle-head"
    PASSIVE_SUBJECT = "passive-subject"
    PASSIVE_AGENT = "passive-agent"
    PASSIVE_ATTACK_NOUN = "passive-attack-noun"
    PASSIVE_FIRED_FROM = "passive-fired-from"
    PASSIVE_NO_AGENT = "passive-no-agent"
    PASSIVE_SELF_DIRECTED = "passive-self-directed"
    UNDERGO_FROM = "undergo-from"
    RECEIVER_FROM = "receiver-from"
    APPEAL_OBJECT = "appeal-object"
    REQUEST_CONTENT_SUBJECT = "request-content-subject"
    DEMAND_CONTENT_SUBJECT = "demand-content-subject"
    LOCATION = "location"
    SPEAKER = "speaker"
    REPORTED_ACT_SOURCE = "reported-act-source"
    REPORTED_ACT_TARGET = "reported-act-target"
    NOMINAL = "nominal"


class Wrap(Enum):
    """A step taken before the last one ("object-prep-to": the target is in a phrase of the object)."""

    ACL = "acl"
    OBJECT = "object"
    NESTED = "nested"
    XCOMP = "xcomp"
    PROTEST_AIM = "protest-aim"
    RECEIVER = "receiver"
    UNDERGO = "undergo"


@dataclass(frozen=True, slots=True)
class Via:
    """How one side of an event (its sources or its targets) was found."""

    step: Step
    word: str = ""  # the preposition of PREP, the dependency label of OBJECT and INHERIT
    outer: tuple[Wrap, ...] = ()  # earlier steps, outermost first

    def within(self, wrap: Wrap) -> Via:
        """This side, reached through one more step taken before it."""
        return Via(self.step, self.word, (wrap, *self.outer))

    def __str__(self) -> str:
        if self.step is Step.PREP:
            base = f"prep-{self.word}"
        elif self.step is Step.INHERIT:
            base = f"{self.word}-inherit"
        elif self.step is Step.OBJECT:
            base = self.word
        else:
            base = self.step.value
        return "".join(f"{w.value}-" for w in self.outer) + base


NOT_FOUND = Via(Step.NOT_FOUND)
NO_SIDE = Via(Step.NONE)


def event_rule(coded: Coded, source: Arg | None, s_via: Via, target: Arg | None, t_via: Via) -> str:
    """The audit string of one event: the trigger's rule, then how its source and its target were found."""
    src = f"src:{s_via}/{source.how}" if source else "src:none"
    tgt = f"tgt:{t_via}/{target.how}" if target else "tgt:none"
    return f"{coded.rule}|{src}|{tgt}"
