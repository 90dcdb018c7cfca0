"""Triggers and construction rules (events.triggers, events.constructions), on tiny parsed sentences."""

from __future__ import annotations

from eventlens.events import build_coder
from eventlens.events.tags import Construction

IRN = ("Iran", "IRN", "IRN", "country")
IRQ = ("Iraq", "IRQ", "IRQ", "country")


def _triggers(analyse, text, actors=(IRN, IRQ)):
    analysis = analyse(text, list(actors))
    coder = build_coder().document(analysis)
    return [c for sent in analysis.doc.sents for c in coder.triggers(sent)]


def test_lexicon_match_is_a_plain_trigger(analyse):
    (c,) = _triggers(analyse, "Iran attacked Iraq.")
    assert (c.trigger.text, c.code, c.construction) == ("attacked", "190", None)
    assert c.rule.startswith("cameo:")


def test_infinitive_is_folded_into_its_governor(analyse):
    (c,) = _triggers(analyse, "Iran agreed to send aid to Iraq.")
    assert c.trigger.text == "agreed" and c.construction is Construction.FOLD and c.code.startswith("03")
    assert c.inner is not None and c.inner.trigger.text == "send" and c.args_from is c.inner.trigger


def test_light_verb_and_under_idiom_are_constructions(analyse):
    (light,) = _triggers(analyse, "Iran held talks with Iraq.")
    assert light.construction is Construction.LIGHT and light.word == "held" and light.code.startswith("04")
    (under,) = _triggers(analyse, "The convoy came under fire from Iraq.", (IRQ,))
    assert under.construction is Construction.UNDERGO and under.target_tok.text == "fire"


def test_refusal_to_comment_is_no_event(analyse):
    assert _triggers(analyse, "Iran refused to comment on Iraq.") == []


def test_match_verb_reads_the_complements(analyse):
    analysis = analyse("Iran sent humanitarian aid to Iraq.", [IRN, IRQ])
    coder = build_coder().document(analysis)
    verb = next(t for t in analysis.doc if t.text == "sent")
    assert coder.match_verb(verb).code == "073"
