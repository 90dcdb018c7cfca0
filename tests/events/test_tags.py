"""Typed rule tags: the audit strings are rendered from fields, never parsed back."""

from __future__ import annotations

from eventlens.events.tags import Arg, ArgSource, Coded, Construction, Step, Via, Wrap, event_rule
from eventlens.model import EventActor

IRN = EventActor(text="Iran", code="IRN", start=0, end=4)


def _coded(**kw) -> Coded:
    return Coded(trigger=None, code=kw.pop("code", "190"), weight=1.0, match=None, args_from=None, **kw)


def test_trigger_rules_render_from_their_fields():
    row = _coded(basis="cameo:physical_conflict:attack")
    assert row.rule == "cameo:physical_conflict:attack" and row.construction is None
    light = _coded(construction=Construction.LIGHT, word="held", basis="el:noun:talks")
    assert light.rule == "light:held+el:noun:talks"
    assert _coded(construction=Construction.UNDERGO, word="came", basis="fire").rule == "undergo:came+under+fire"
    assert _coded(construction=Construction.APPEAL, word="wants").rule == "appeal:wants"
    fold = _coded(construction=Construction.FOLD, word="agreed", inner=light)
    assert fold.rule == "fold:agreed+light:held+el:noun:talks"
    assert fold.recoded("036", Construction.FUTURE_INTENT).rule == "future-intent:fold:agreed+light:held+el:noun:talks"
    reported = _coded(code="112", construction=Construction.REPORTED_ACCUSATION, word="said", inner=row)
    assert reported.rule == "reported-accusation:said+190:cameo:physical_conflict:attack"


def test_argument_flags_render_and_drive_confidence():
    plain = Arg(IRN, "IRN", ArgSource.MENTION)
    assert plain.how == "mention" and not plain.inferred
    ctx = Arg(IRN, "IRN", ArgSource.MENTION, context=True)
    assert ctx.how == "mention+context" and ctx.placed_by_context and ctx.inferred
    issued = Arg(IRN, "IRN", ArgSource.REFERENCE, "it").as_issuer()
    assert issued.how == "document-issuer:reference:it" and issued.inferred and not issued.placed_by_context
    attached = Arg(IRN, None, ArgSource.PHRASE, "of", attached="paragraph")
    assert attached.how == "of-phrase+agent-attach:paragraph" and attached.placed_by_context


def test_sides_render_with_their_outer_steps():
    assert str(Via(Step.PREP, "with").within(Wrap.OBJECT)) == "object-prep-with"
    assert str(Via(Step.INHERIT, "xcomp").within(Wrap.ACL)) == "acl-xcomp-inherit"
    assert str(Via(Step.OBJECT, "dobj")) == "dobj" and str(Via(Step.NONE)) == "none"
    src = Arg(IRN, "IRN", ArgSource.MENTION)
    rule = event_rule(_coded(basis="cameo:x"), src, Via(Step.NSUBJ), None, Via(Step.NONE))
    assert rule == "cameo:x|src:nsubj/mention|tgt:none"
