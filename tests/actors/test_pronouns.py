"""eventlens.actors.pronouns: speakers of quotations (participles, single quotes) and a "he"/"she" whose only
possible antecedent stands more than two sentences back."""

from __future__ import annotations

import pytest

from eventlens.actors.pronouns import quote_spans
from eventlens.model import Article
from eventlens.stages import build_pipeline


@pytest.fixture(scope="module")
def run():
    pipeline = build_pipeline(["segment", "actors"])
    return lambda text: pipeline(Article(text=text)).actors


def test_single_curly_quotes_are_quotations_and_apostrophes_are_not() -> None:
    text = "‘I don’t agree,’ she said. The workers’ union met."
    assert quote_spans(text, 0, len(text)) == [(0, 16)]
    assert quote_spans("He didn’t go.", 0, 13) == []


def test_a_participle_speech_verb_shares_its_head_verbs_subject(run) -> None:
    found = run("The mayor praised the new budget, saying, “I think it is time for a change.”")
    first = next(m for m in found if m.text == "I")
    assert first.rule == "pronoun:i->speaker:The mayor" and first.code.endswith("GOV")


def test_a_quotation_in_single_quotes_has_its_speaker(run) -> None:
    found = run("‘I have accepted the letter,’ the mayor said on Friday.")
    assert next(m for m in found if m.text == "I").rule == "pronoun:i->speaker:the mayor"


def test_he_takes_the_only_person_named_further_back(run) -> None:
    text = ("Interior Minister Bruno Le Roux announced the arrests on Sunday. The raids took place in Strasbourg and Marseille. "
            "The two suspects were held in Paris. Weapons were found in a flat. He said the arrests had averted an attack.")
    he = next(m for m in run(text) if m.text == "He")
    assert he.rule == "pronoun:he->Interior Minister Bruno Le Roux" and he.code.endswith("GOV")


def test_he_stays_unknown_when_several_people_stand_further_back(run) -> None:
    text = ("Interior Minister Bruno Le Roux met police chief Jean Dupont on Sunday. The raids took place in Strasbourg. "
            "The two suspects were held in Paris. Weapons were found in a flat. He said the arrests had averted an attack.")
    assert next(m for m in run(text) if m.text == "He").code == "---"
