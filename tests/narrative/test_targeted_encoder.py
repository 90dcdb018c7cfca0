"""Targeted sentiment from the shared encoder: the neutral text it reads and the shipped model's head."""

from __future__ import annotations

import pytest

from eventlens.api import default_pipeline
from eventlens.encoder.masking import neutral_sentence
from eventlens.narrative.targeted_encoder import EncoderSentiment
from eventlens.model import Article
from eventlens.nlp import load_spacy


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


def test_names_are_replaced_by_their_kind(nlp) -> None:
    text = "Angela Merkel praised Emmanuel Macron in Paris on Monday."
    neutral = neutral_sentence(nlp(text)[:])
    low = neutral.text.lower()
    assert "merkel" not in low and "macron" not in low and "paris" not in low
    assert "praised" in low  # ordinary words stay
    a, z = neutral.span(0, len("Angela Merkel"))
    assert a < z  # the target's span maps into the neutral text


def test_neutral_text_is_the_same_whoever_the_actors_are(nlp) -> None:
    a = neutral_sentence(nlp("Iran condemned Israel.")[:])
    b = neutral_sentence(nlp("Israel condemned Iran.")[:])
    assert a.text == b.text
    assert a.span(0, 4) == b.span(0, 6)


def _analysis(text: str):
    return default_pipeline()(Article(text=text), keep_doc=True)


def _tone(text: str, name: str) -> float:
    analysis = _analysis(text)
    mentions = [m for m in analysis.actors if name in m.text]
    assert mentions, f"no actor mention of {name!r} in {[m.text for m in analysis.actors]}"
    return EncoderSentiment().score(analysis, mentions[:1])[0].score


def test_clear_praise_and_clear_abuse_differ() -> None:
    good = _tone("The charity praised the Red Cross for its brave and generous work saving flood victims.", "Red Cross")
    bad = _tone("Prosecutors said the Red Cross lied, stole millions and brutally abused its workers.", "Red Cross")
    assert good > bad


def test_scores_are_probabilities_and_repeatable() -> None:
    analysis = _analysis("Officials said the police had cleared the protesters of all charges.")
    scorer = EncoderSentiment()
    one = scorer.score(analysis, analysis.actors)
    again = scorer.score(analysis, analysis.actors)
    assert [r.score for r in one] == [r.score for r in again]
    assert all(abs(sum(r.probs) - 1.0) < 1e-4 and r.rule == scorer.version for r in one)
    assert scorer.score(analysis, []) == []


def test_a_name_and_its_article_are_one_word_however_the_parser_splits_them(nlp) -> None:
    # spaCy puts "The" inside the entity at a sentence start and outside it elsewhere: the neutral text,
    # and the word distances the event coder reads from it, must not tell the two apart
    from eventlens.encoder.masking import joins_previous

    a = nlp("Iran launched air strikes against the United States on Tuesday.")
    b = nlp("The United States launched air strikes against Iran on Tuesday.")
    assert neutral_sentence(a[:]).text == neutral_sentence(b[:]).text
    words_a = sum(not joins_previous(a, i) for i in range(len(a)))
    words_b = sum(not joins_previous(b, i) for i in range(len(b)))
    assert words_a == words_b
