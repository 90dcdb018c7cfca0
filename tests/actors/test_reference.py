"""Back-references (actors.reference): one set of words, shared primitives, both resolvers."""

from __future__ import annotations

import pytest

from eventlens.actors.context import country_by_scope
from eventlens.actors.reference import (
    Candidate,
    Gender,
    PronounClass,
    agrees,
    expletive_it,
    noun_gender,
    number_agrees,
    pronoun,
    pronoun_class,
    reference_noun,
    reference_words,
)
from eventlens.events import load_rules
from eventlens.model import Article
from eventlens.stages import build_pipeline


@pytest.fixture(scope="module")
def run():
    pipeline = build_pipeline(["segment", "actors"])
    return lambda text: pipeline(Article(text=text), keep_doc=True)


def test_pronoun_table():
    assert reference_words() is reference_words()
    assert pronoun_class("he") is PronounClass.MALE and pronoun_class("her") is PronounClass.FEMALE
    assert pronoun_class("their") is PronounClass.PLURAL and pronoun_class("its") is PronounClass.NEUTER
    assert pronoun_class("the city") is PronounClass.NEUTER and pronoun("minister") is None
    assert pronoun("its").dependent and not pronoun("itself").dependent and not pronoun("theirs").dependent
    assert "possessive" in pronoun("his").forms and "possessive" not in pronoun("hers").forms


def test_reference_nouns_say_which_resolver_takes_them():
    city = reference_noun("city")
    assert city.kinds == ("city", "capital") and city.in_arguments
    assert reference_noun("town").kinds == ("city",) and not reference_noun("town").in_arguments
    assert reference_noun("government").kinds == () and reference_noun("government").in_arguments


def test_the_words_live_once():
    rules = load_rules()
    for moved in ("pronouns", "male_pronouns", "person_nouns", "reference_nouns", "be_forms"):
        assert not hasattr(rules, moved)


def test_gender_and_expletive_it(run):
    doc = run("The spokeswoman said it is crucial to act. It is willing to talk.").doc
    tokens = {t.text: t for t in doc}
    assert noun_gender(tokens["spokeswoman"]) is Gender.FEMALE and noun_gender(tokens["act"]) is None
    first_it, second_it = [t for t in doc if t.lower_ == "it"]
    assert expletive_it(first_it, normalised=True) and expletive_it(first_it, normalised=False)
    assert expletive_it(second_it, normalised=True)
    assert not expletive_it(second_it, normalised=True, unless_acomp=frozenset({"willing"}))


def test_agreement():
    assert number_agrees("agent", True, plural_pronoun=True) and not number_agrees("country", False, plural_pronoun=True)
    minister = Candidate(kind="agent", text="the minister", gender=Gender.PERSON, plural=False, coordinated=False)
    iran = Candidate(kind="country", text="iran", gender=None, plural=False, coordinated=False)
    assert agrees(minister, PronounClass.MALE) and not agrees(minister, PronounClass.NEUTER)
    assert agrees(iran, PronounClass.NEUTER) and not agrees(iran, PronounClass.PLURAL)
    assert agrees(iran, PronounClass.PLURAL, same_sentence=True)  # "The US said they ..."


def test_actors_stage_resolves_pronouns_and_possessors(run):
    a = run("Iran rejected the offer. It said its army would stay.")
    found = {m.text: (m.code, m.kind) for m in a.actors}
    assert found["It"] == ("IRN", "pronoun") and found["its army"] == ("IRNMIL", "pronoun")
    assert [m.text for m in run("It is crucial to act, Iran said.").actors] == ["Iran"]  # an expletive refers to nothing


def test_one_scope_rule_for_country_attachment():
    first = lambda scope, countries: countries[0]  # noqa: E731
    assert country_by_scope({"sentence": ["IRN"], "article": ["USA"]}, choose=first) == ("sentence", "IRN")
    assert country_by_scope({"sentence": [], "paragraph": ["IRQ", "IRN"]}, choose=first) == ("paragraph", "IRQ")
    assert country_by_scope({"sentence": ["IRN", "IRQ"], "article": ["USA"]}, choose=lambda s, c: None) is None  # ambiguous stops
    assert country_by_scope({}, choose=first) is None
