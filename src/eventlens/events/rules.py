"""The event coder's word lists (``data/events/rules.json``) as one typed, frozen object.

Every key of ``rules.json`` is one field of :class:`EventRules`; the comment on a field says what it
does and where it is checked (module and function; "before"/"after" where the order matters).
Unordered word classes are frozensets, preference orders tuples, code tables read-only mappings.
The words a back-reference is made of (pronouns, "the city", person nouns) are not here: the actors
stage and the event argument finder share them (:mod:`eventlens.actors.reference`).
:func:`load_rules` reads and validates the file once per process; an unknown key, a missing key or
a value of the wrong type is a :class:`~eventlens.errors.ConfigError` naming the key.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import ConfigError, ResourceError

Table = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ClaimCodes:
    """Codes of reported violence (assemble.reported_claim)."""

    same_side: str  # "the army said it struck ...": a claim of one's own side's act (015)
    other_side: str  # "Israel said a mortar was fired at it from Gaza": an accusation of the side named (112)


@dataclass(frozen=True, slots=True)
class EventRules:
    """One field per key of ``rules.json`` (see the module docstring and docs/events.md)."""

    # ---- the file ------------------------------------------------------------------------------------
    version: str  # data version, recorded in meta.rules.events.rules
    source: str  # provenance of the lists (not read by the coder)
    # ---- finding triggers (triggers.py) -------------------------------------------------------------
    complement_deps: frozenset[str]  # dependency labels whose words form a verb's complement bag (match_verb)
    clause_deps: frozenset[str]  # labels not walked into when collecting a verb's words: clauses are their own events (word_bag)
    not_triggers: frozenset[str]  # verb-tagged prepositions ("according to", "following"): never triggers (find_triggers, first check)
    transparent_verbs: frozenset[str]  # aspectual verbs folding looks through ("prepared to resume shelling") (fold_infinitives)
    speech_verbs: frozenset[str]  # verbs of saying: reported speech (modality), "X said" alone is not an event (find_triggers), obligations, governing_event
    # ---- folding "X agreed/wants/refused to <act>" (constructions.fold, checked in this order) -----------
    refusal_verbs: frozenset[str]  # "refused/declined to <act>": a rejection (fold, first; fold_infinitives; constructions.obligations)
    refusal_neutral_acts: frozenset[str]  # "refused to comment": no event (fold, obligations)
    intent_verbs: frozenset[str]  # "agreed/pledged to <act>": an intent (fold; fold_infinitives also folds their purpose clauses)
    desire_verbs: frozenset[str]  # "wants/seeks/threatens to <act>": an intent or threat (fold; fold_infinitives)
    intent_adjectives: frozenset[str]  # "is willing/ready to <act>": an intent (fold); "it is willing to" is no expletive "it" (arguments)
    attempt_verbs: frozenset[str]  # "attempted to assassinate": the attack itself (fold, after intents)
    readiness_verbs: frozenset[str]  # "the army prepared to attack": 152, readiness, not yet the attack (fold, after attempts)
    # ---- recoding tables (constructions.fold, assemble.recode): a *_full table (full code) before its root table ----
    intent_codes: Table  # root -> intent code (03x) of an announced or folded cooperative act
    intent_codes_full: Table  # full code -> intent code, checked before intent_codes
    threat_codes: Table  # root -> threat code (13x) of an announced, folded or conditional hostile act
    demand_codes: Table  # root -> demand code (10x) of "X said Y must <act>"
    demand_codes_full: Table  # full code -> demand code, checked before demand_codes
    reject_codes: Table  # root -> rejection code (12x) of a refused or announced-not act
    reject_codes_full: Table  # full code -> rejection code, checked before reject_codes
    # ---- modality (modality.py) ------------------------------------------------------------------------
    future_aux: frozenset[str]  # auxiliaries of the future ("will"): future (checked after hypothetical_aux); modal in opinion
    hypothetical_aux: frozenset[str]  # auxiliaries of possibility ("could", "must"): hypothetical (checked first); modal in opinion
    hypothetical_marks: frozenset[str]  # clause marks ("if", "unless") making the act hypothetical (after the auxiliaries)
    future_governors: frozenset[str]  # "plans/is set to attack": future (after future_aux, per governing verb)
    negators: frozenset[str]  # governing words that negate the act ("without", "never") (modality.negated)
    obligation_aux: frozenset[str]  # "must/should": under a speech verb a demand (recode; constructions.obligations; modal in opinion)
    # ---- arguments (roles.py, places.py, arguments.py) ------------------------------------------------
    target_preps: tuple[str, ...]  # ordered: prepositions whose object is the target, tried after a pattern's own tgt prepositions (roles.target_args)
    np_preps: tuple[str, ...]  # ordered: of/in/from-phrases naming the actor of a non-actor noun ("the army of Israel") (ActorIndex.resolve_np)
    location_preps: tuple[str, ...]  # ordered: prepositions of a place phrase giving a location target (places.location_target)
    group_nouns: frozenset[str]  # source heads that take actors from their modifiers and of-phrases even when strict (ActorIndex)
    stative_passive_verbs: frozenset[str]  # "was involved in": a passive whose subject acts (roles.subject_args, source_override)
    document_nouns: frozenset[str]  # "a statement issued by X": a document subject speaks for its issuer (roles.subject_args)
    own_possessives: frozenset[str]  # "recalled its ambassador": an object the source owns is not the target (sides)
    attack_nouns: frozenset[str]  # "killed in Israeli shelling": the attack noun names the attacker of an agentless passive (roles)
    # ---- sides of an event (sides.py, assemble.py) ----------------------------------------------------
    symmetric_codes: frozenset[str]  # joint acts: coordinated sources pair both ways, "held talks with Y" both directions
    joint_codes: Table  # code -> joint code (062) when two countries' forces act together or "joint" (sides)
    instrument_object_codes: frozenset[str]  # codes whose object is the source's own force ("deployed troops to Mali") (sides)
    self_directed_codes: frozenset[str]  # an agentless passive of these codes ("were withdrawn") is the subject's own act (sides)
    target_required_codes: frozenset[str]  # codes that need a target or place (visits): else no event (sides, after location)
    partner_required_roots: frozenset[str]  # roots whose verb default needs a second side (sides.needs_partner)
    partner_verbs: frozenset[str]  # verbs whose default or preposition-only pattern needs a second side (sides.needs_partner)
    receiver_verbs: frozenset[str]  # "received a warning from X": the from-phrase acts (sides; constructions.light_verb)
    undergo_verbs: frozenset[str]  # receiver verbs whose subject undergoes the act: no event without a from-phrase (sides)
    request_roots: frozenset[str]  # roots of requests: "demanded that Y ..." targets Y (sides); their content is not asserted (governing_event)
    # ---- reported violence (assemble.reported_claim) ---------------------------------------------------
    reported_conflict_roots: frozenset[str]  # roots of reported violence recoded as the speaker's claim (assemble; skipped by allegations)
    reporting_sectors: frozenset[str]  # speaker sectors (media) whose report stays a report of the act
    allegation_verbs: frozenset[str]  # "alleged that Y attacked": 112 besides the act (constructions.allegations); claim verbs (assemble)
    claim_codes: ClaimCodes  # codes of a reported claim (same side) and accusation (other side)
    # ---- constructions (constructions.py) --------------------------------------------------------------
    light_verbs: frozenset[str]  # "opened a hearing": a light verb takes its event noun's code (light_verb)
    halt_verbs: frozenset[str]  # "suspended talks": halting an exchange (light_verb)
    halt_codes: Table  # code, then root, of the halted noun -> 16x (light_verb)
    participation_verbs: frozenset[str]  # "participated in the protests": the event named (light_verb)
    under_idiom_verbs: frozenset[str]  # "came/fell under fire": the subject undergoes the noun's act (under_idiom)
    under_idiom_codes: Table  # noun -> code of the "under" idiom (under_idiom)
    weapon_modifiers: frozenset[str]  # "came under heavy/rocket fire": shooting, coded as "attack" (under_idiom)
    appeal_desire_verbs: frozenset[str]  # "X wants Y to <act>": an appeal to Y (obligations)
    appeal_codes: Table  # root of the wanted act -> appeal code (02x), else 020 (obligations)
    request_nouns: frozenset[str]  # "pressure on Y to <act>": the content is not asserted (governing_event)
    attempt_nouns: frozenset[str]  # "an attempt to <act>" is an act; other "noun to <act>" plans are not (unrealized_acl)
    charging_roots: frozenset[str]  # roots of accusations and punishments whose for/of-clause is the charge (adjunct_of_coded)
    # ---- sense restrictions on a verb's default code (constructions.default_blocked, checked in this order) --
    non_event_defaults: frozenset[str]  # very general verbs without a default event ("take", "give"); also borrowed_pattern
    naming_verbs: frozenset[str]  # "called China a pillar": naming, not a call (after non_event_defaults)
    question_verbs: frozenset[str]  # "asked why": a question, not an appeal (after naming)
    opinion_verbs: frozenset[str]  # "agreed that there was a need": a view, not an agreement (after questions)
    show_sense_verbs: frozenset[str]  # "demonstrated its resolve": showing, a protest only without object or clause (after opinions)
    verbal_roots: frozenset[str]  # roots of verbal acts, which take abstract objects (before abstract_objects)
    abstract_objects: frozenset[str]  # "took steps": an abstract object blocks the default (after verbal_roots)
    information_roots: frozenset[str]  # roots of release/free codes checked against information_objects (last)
    information_objects: frozenset[str]  # "released the data": publishing, not freeing (last)
    function_words: frozenset[str]  # a borrowed pattern made only of these is not taken by a general verb (borrowed_pattern)
    # ---- labour strikes (constructions.labour_strike) --------------------------------------------------
    strike_verbs: frozenset[str]  # verbs of striking whose default may be a labour strike
    armed_sectors: frozenset[str]  # subject sectors that make a strike an attack
    labour_strike_code: str  # code of a labour strike (143)


def _as_words(key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"rules.json: {key} must be a list of strings, got {type(value).__name__}")
    return value


def _as_table(key: str, value: Any) -> Table:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ConfigError(f"rules.json: {key} must be an object of strings, got {type(value).__name__}")
    return MappingProxyType(dict(value))


def _convert(key: str, kind: str, value: Any) -> Any:
    if kind == "str":
        if not isinstance(value, str):
            raise ConfigError(f"rules.json: {key} must be a string, got {type(value).__name__}")
        return value
    if kind == "frozenset[str]":
        return frozenset(_as_words(key, value))
    if kind == "tuple[str, ...]":
        return tuple(_as_words(key, value))  # a preference order: a frozenset's order changes with the hash seed
    if kind == "Table":
        return _as_table(key, value)
    if kind == "ClaimCodes":
        table = _as_table(key, value)
        wanted = {f.name for f in fields(ClaimCodes)}
        if set(table) != wanted:
            raise ConfigError(f"rules.json: {key} must have exactly the keys {sorted(wanted)}, got {sorted(table)}")
        return ClaimCodes(**table)
    raise AssertionError(f"EventRules.{key}: unsupported field type {kind}")


def parse_rules(raw: Mapping[str, Any]) -> EventRules:
    """Validate and convert the parsed ``rules.json`` object (``ConfigError`` naming the key on any mismatch)."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"rules.json must hold an object, got {type(raw).__name__}")
    kinds = {f.name: str(f.type) for f in fields(EventRules)}
    unknown = sorted(set(raw) - set(kinds))
    if unknown:
        raise ConfigError(f"rules.json: unknown key {unknown[0]!r} (not a field of EventRules)")
    missing = [k for k in kinds if k not in raw]
    if missing:
        raise ConfigError(f"rules.json: missing key {missing[0]!r}")
    return EventRules(**{k: _convert(k, kind, raw[k]) for k, kind in kinds.items()})


@functools.lru_cache(maxsize=1)
def load_rules() -> EventRules:
    """The packaged ``rules.json``, read and validated once per process."""
    try:
        raw = json.loads(resources.files("eventlens.data.events").joinpath("rules.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError) as exc:
        raise ResourceError(f"event rules file rules.json is missing or invalid: {exc}") from exc
    return parse_rules(raw)
