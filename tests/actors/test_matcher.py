"""Actor matching rules, each on a tiny sentence parsed by the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.actors import dominant_country, mentions_for_token
from eventlens.model import Article
from eventlens.stages import build_pipeline


@pytest.fixture(scope="module")
def run():
    pipeline = build_pipeline(["segment", "actors"])

    def _run(text: str, *, date: str | None = None, keep_doc: bool = False):
        return pipeline(Article(text=text, date=date), keep_doc=keep_doc)

    return _run


def codes(analysis) -> dict[str, str]:
    return {m.text: m.code for m in analysis.actors}


def test_country_name(run) -> None:
    a = run("Iran rejected the proposal on Monday.")
    [m] = a.actors
    assert (m.text, m.code, m.kind, m.country) == ("Iran", "IRN", "country", "IRN")
    assert a.text[m.start : m.end] == "Iran"


def test_demonym(run) -> None:
    assert codes(run("The Iranian delegation left early."))["Iranian"] == "IRN"


def test_capital_as_subject_is_government(run) -> None:
    a = run("Tehran said the talks would continue.")
    [m] = a.actors
    assert (m.code, m.kind) == ("IRNGOV", "metonym")


def test_capital_as_location_is_not_an_actor(run) -> None:
    assert run("The talks were held in Tehran on Monday.").actors == []


def test_agent_attaches_to_demonym(run) -> None:
    got = codes(run("The Israeli government approved the plan."))
    assert got["The Israeli government"] == "ISRGOV"


def test_possessive_and_of_phrase(run) -> None:
    got = codes(run("Iran's foreign minister met the commander of the army of Israel."))
    assert got["Iran's foreign minister"] == "IRNGOV"
    assert any(code == "ISRMIL" for code in got.values())


def test_coordination_gives_one_mention_per_country(run) -> None:
    a = run("Hungarian and Romanian officials met in Vienna.")
    found = [(m.text, m.code) for m in a.actors]
    assert ("Hungarian", "HUNGOV") in found
    assert ("Romanian officials", "ROUGOV") in found


def test_mentions_for_token_returns_both_conjuncts(run) -> None:
    a = run("Hungarian and Romanian officials met in Vienna.", keep_doc=True)
    head = next(t for t in a.doc if t.text == "officials")
    assert sorted(m.code for m in mentions_for_token(a.actors, head)) == ["HUNGOV", "ROUGOV"]


def test_bare_agent_has_no_country(run) -> None:
    [m] = run("Police said two people were arrested.").actors[:1]
    assert (m.text, m.code, m.country, m.sector, m.kind) == ("Police", "COP", None, "COP", "agent")


def test_igo_and_ngo(run) -> None:
    got = codes(run("The United Nations and Amnesty International condemned the attack."))
    assert "IGOUNO" in got.values() and "NGOHRIAMN" in got.values()


def test_named_person_with_date_range(run) -> None:
    early = codes(run("Mahmoud Abbas met the envoy.", date="2003-06-01"))
    later = codes(run("Mahmoud Abbas met the envoy.", date="2004-01-01"))
    assert early["Mahmoud Abbas"] == "PSEGOV"
    assert later["Mahmoud Abbas"] == "PSEELI"


def test_city_acting_maps_to_its_country(run) -> None:
    got = codes(run("Qom has sent aid to Gaza."))
    assert got["Qom"] == "IRNGOV" and got["Gaza"] == "PSE"  # a city acting is its government (docs/annotation.md 2.3)


def test_organisation_located_by_in_phrase(run) -> None:
    got = codes(run("The Kabul Polytechnic University in Kabul offers scholarships."))
    assert any(code == "AFGEDU" for code in got.values())


def test_possessive_pronoun_resolves_to_subject(run) -> None:
    got = codes(run("Israel, facing threats from Gaza, acted to protect its citizens."))
    assert got["its citizens"] == "ISRCVL"


def test_pro_prefix_is_not_a_country(run) -> None:
    got = codes(run("Pro-Russia rebels attacked the town."))
    assert all(not code.startswith("RUS") for code in got.values())


def test_no_actors_in_plain_sentence(run) -> None:
    assert run("The weather was mild and the harvest was good.").actors == []


def test_random_capitalised_words_are_not_actors(run) -> None:
    assert run("Organization Of The Day: Blue Sky Bakery Opens.").actors == []


def test_user_file_via_stage(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("Blue Lantern Society\tGBRNGO\tactor\n", encoding="utf-8")
    pipeline = build_pipeline(["segment", "actors"], settings={"actors": {"extra_files": [str(extra)]}})
    a = pipeline(Article(text="The Blue Lantern Society criticised the plan."))
    assert [(m.text, m.code) for m in a.actors] == [("The Blue Lantern Society", "GBRNGO")]


def test_dominant_country(run) -> None:
    a = run("Iran and Iraq talked. Iran said police were ready.")
    assert dominant_country(a.actors) == "IRN"
