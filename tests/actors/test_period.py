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
    assert {m.text: m.code for m in api.analyze_text(text=TWO_TITLES).actors}["Pence"] == "USAGOV"


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
