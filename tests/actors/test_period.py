"""An undated story's time, read from its titled people (eventlens.actors.period)."""

from __future__ import annotations

from eventlens import api

TWO_TITLES = "Vice President Mike Pence met President Donald Trump at the White House. Pence said the talks went well."


def test_two_offices_in_the_text_date_the_story() -> None:
    analysis = api.analyze_text(text=TWO_TITLES)
    # both hold a GOV role from 2017-01-20 to 2021-01-19 (Trump again from 2025): the latest day both agree on
    assert analysis.meta["role_date"]["date"] == "2021-01-19"
    assert [c["text"] for c in analysis.meta["role_date"]["from"]] == ["Vice President Mike Pence", "President Donald Trump"]
    # so a bare "Pence" is the vice president of the story, not the ELI he is now
    assert {m.text: m.code for m in analysis.actors}["Pence"] == "USAGOV"


def test_one_title_alone_dates_nothing() -> None:
    # one title is often a look back ("President Bill Clinton signed NAFTA" in a later story)
    assert "role_date" not in api.analyze_text(text="President Bill Clinton signed the deal. Pence agreed.").meta


def test_a_clue_that_spans_decades_does_not_count() -> None:
    # President Assad's GOV rows run 2000-2024: with Trump's title there is still only one clue
    text = "President Bashar al-Assad met President Donald Trump."
    assert "role_date" not in api.analyze_text(text=text).meta


def test_a_dated_article_keeps_its_date() -> None:
    analysis = api.analyze_text(text=TWO_TITLES, date="2023-06-01")
    assert "role_date" not in analysis.meta
    assert {m.text: m.code for m in analysis.actors}["Pence"] == "USAELI"


def test_the_setting_turns_it_off() -> None:
    from eventlens.model import Article
    from eventlens.stages import build_pipeline

    analysis = build_pipeline(["segment", "actors"], settings={"actors": {"role_dates": False}})(Article(text=TWO_TITLES))
    assert "role_date" not in analysis.meta


def test_an_out_of_office_word_counts_only_in_its_own_sentence() -> None:
    # "ousted" ends the sentence before: Trump is not read as out of office, and the two offices date the story
    text = "The governor was ousted. President Donald Trump met Vice President Mike Pence."
    assert api.analyze_text(text=text).meta["role_date"]["date"] == "2021-01-19"


def test_a_senator_before_a_president_is_not_the_presidents_title() -> None:
    text = "The senator said President Donald Trump met Vice President Mike Pence."
    assert api.analyze_text(text=text).meta["role_date"]["date"] == "2021-01-19"


def test_two_offices_held_today_date_nothing() -> None:
    # roles held now are what an undated story gets anyway: only ended roles date a story, and here only one is
    from eventlens.actors.period import role_date
    from eventlens.actors.dictionary import load_dictionary
    from eventlens.actors.matcher import lower_texts
    from eventlens.actors.matching import match
    from eventlens.nlp import load_spacy

    doc = load_spacy()("President Donald Trump met Secretary of State Marco Rubio.")
    lowers = lower_texts(doc)
    hits = match(doc, load_dictionary(), None, lowers=lowers)
    assert role_date(doc, hits, dictionary=load_dictionary(), lowers=lowers) is None
