"""Sides of an event (events.roles, events.sides, events.assemble), on tiny parsed sentences."""

from __future__ import annotations

from eventlens.events import build_coder
from eventlens.events.tags import ArgSource, Step, Via

IRN = ("Iran", "IRN", "IRN", "country")
IRQ = ("Iraq", "IRQ", "IRQ", "country")


def _verb(analysis, word):
    return next(t for t in analysis.doc if t.text == word)


def test_subject_and_object(analyse):
    analysis = analyse("Iran attacked Iraq.", [IRN, IRQ])
    coder = build_coder().document(analysis)
    sources, s_via = coder.subject_args(_verb(analysis, "attacked"))
    targets, t_via = coder.target_args(_verb(analysis, "attacked"), None)
    assert [a.actor.code for a in sources] == ["IRN"] and s_via == Via(Step.NSUBJ)
    assert [a.actor.code for a in targets] == ["IRQ"] and t_via == Via(Step.OBJECT, "dobj")
    assert sources[0].source is ArgSource.MENTION


def test_passive_agent_is_the_source(analyse):
    events = build_coder().code(analyse("Iraq was attacked by Iran.", [IRQ, IRN]))
    assert [(e.source.code, e.target.code) for e in events] == [("IRN", "IRQ")]
    assert "|src:passive-agent/mention|tgt:passive-subject/mention" in events[0].rule


def test_pronoun_names_its_antecedent(analyse):
    events = build_coder().code(analyse("Iran said it will send aid to Iraq.", [IRN, IRQ]))
    (e,) = events
    assert e.source.text == "Iran" and "src:nsubj/reference:it" in e.rule and e.cameo.startswith("03")


def test_agent_noun_takes_a_country_that_is_not_the_other_side(analyse):
    text = "In Iran, police arrested protesters from Iraq."
    (e,) = build_coder().code(analyse(text, [IRN, ("police", "COP", None, "agent"), IRQ]))
    assert e.source.code == "IRNCOP" and e.target.code == "IRQ" and "+agent-attach:sentence" in e.rule


def test_location_target_needs_the_place_lookup(analyse):
    text = "Iranian activists staged a protest in Beijing."
    actors = [("Iranian activists", "IRNACT", "IRN", "agent")]
    (e,) = build_coder().code(analyse(text, actors))
    assert e.target is not None and e.target.code == "CHN" and "tgt:location/location" in e.rule
