"""eventlens.actors.people: linking people to their earlier mentions (honorifics, chains of links, the
passage's country kept when the linked mention has none)."""

from __future__ import annotations

import pytest

from eventlens.actors.people import copy_linked, honorific_surname
from eventlens.model import ActorMention, Article
from eventlens.stages import build_pipeline


@pytest.fixture(scope="module")
def run():
    pipeline = build_pipeline(["segment", "actors"])
    return lambda text: pipeline(Article(text=text))


def _link(m: ActorMention, other: ActorMention) -> dict:
    return {**m.evidence, "same_as": {"text": other.text, "start": other.start, "end": other.end}}


def test_honorific_surname_reads_only_an_unresolved_honorific_and_name() -> None:
    mr = ActorMention(text="Mr. Hodge", start=0, end=9, code="CVL", kind="agent", rule="agent:Mr.")
    assert honorific_surname(mr) == "hodge"
    assert honorific_surname(ActorMention(text="Mr. Hodge", start=0, end=9, code="USAGOV", kind="actor", name="Tom Hodge")) is None
    assert honorific_surname(ActorMention(text="the mayor", start=0, end=9, code="GOV", kind="agent")) is None


def test_an_honorific_and_last_name_is_the_person_named_before(run) -> None:
    a = run("Acme Corp. chief executive Tom Hodge said the firm would appeal. Regulators said Mr. Hodge had misled investors.")
    hodge = next(m for m in a.actors if m.text == "Mr. Hodge")
    first = next(m for m in a.actors if m.text.endswith("Tom Hodge"))
    assert hodge.code == first.code and hodge.rule.startswith("person:same-name:")
    assert hodge.evidence["same_as"]["start"] == first.start


def test_another_first_name_is_another_person(run) -> None:
    a = run("Police Chief Ann Douglas met reporters. Later, Mary Douglas said the plan had failed, and Ms. Douglas left.")
    mary = next(m for m in a.actors if m.text == "Mary Douglas")
    assert not mary.rule.startswith("person:same-name:") and mary.code != "COP"
    a = run("Police Chief Ann Douglas met reporters. Ann Douglas said the plan had failed.")
    assert next(m for m in a.actors if m.text == "Ann Douglas").rule.startswith("person:same-name:")


def test_a_name_written_family_name_first_answers_to_it(run) -> None:
    a = run("Foreign Minister Wang Yi met reporters in Moscow. Wang said the talks went well.")
    later = [m for m in a.actors if m.text == "Wang"]
    assert later and later[0].rule.startswith("person:same-name:") and later[0].code.endswith("GOV")


def test_linked_people_follow_a_chain_of_links() -> None:
    full = ActorMention(text="Ann Douglas", start=0, end=11, code="USACOP", country="USA", sector="COP", kind="person", rule="person:name")
    mid = ActorMention(text="Ms. Douglas", start=20, end=31, code="CVL", kind="person", rule="person:same-name:Ann Douglas")
    mid = ActorMention(**{**_fields(mid), "evidence": _link(mid, full)})
    last = ActorMention(text="Douglas", start=40, end=47, code="CVL", kind="person", rule="person:same-name:Ms. Douglas")
    last = ActorMention(**{**_fields(last), "evidence": _link(last, mid)})
    out = copy_linked([last, full, mid])  # any order in, the same order out
    assert [m.text for m in out] == ["Douglas", "Ann Douglas", "Ms. Douglas"]
    assert out[0].code == out[2].code == "USACOP"


def test_a_linked_person_keeps_its_passage_country_when_the_first_mention_has_none() -> None:
    first = ActorMention(text="Campbell Paterson", start=0, end=17, code="CVL", kind="person", rule="person:name")
    later = ActorMention(text="Mr Paterson", start=30, end=41, code="AUSCVL", country="AUS", sector="CVL", kind="person",
                         rule="person:same-name:Campbell Paterson+context:article:AUS")
    later = ActorMention(**{**_fields(later), "evidence": _link(later, first)})
    out = copy_linked([first, later])
    assert out[1].code == "AUSCVL" and out[1].country == "AUS"
    gov = ActorMention(text="Campbell Paterson", start=0, end=17, code="GOV", kind="person", rule="person:apposition:the mayor")
    assert copy_linked([gov, ActorMention(**{**_fields(later), "evidence": _link(later, gov)})])[1].code == "AUSGOV"


def _fields(m: ActorMention) -> dict:
    return {f: getattr(m, f) for f in m.__dataclass_fields__}


@pytest.fixture(scope="module")
def placed():
    pipeline = build_pipeline(["segment", "places", "actors"])
    return lambda text: {m.text: m for m in pipeline(Article(text=text)).actors}


def test_a_conjunct_of_the_apposition_describes_the_name(placed) -> None:
    found = placed('"There is no one thing," said Kenneth Feld, chairman and CEO of Feld Entertainment.')
    assert found["Kenneth Feld"].code.endswith("BUS") and found["Kenneth Feld"].rule.startswith("person:apposition:")


def test_a_role_headed_by_an_institution_describes_the_name(placed) -> None:
    found = placed("The decision was defended by Jay Carney, the White House press secretary.")
    assert found["Jay Carney"].code == found["the White House press secretary"].code == "USAGOV"


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("The arrest was announced by Tim Gallagher, the special agent in charge of the FBI's Newark Division.", "Tim Gallagher", "USACOP"),
        ("The study was led by Alex Halderman, the director of the University of Michigan Center for Computer Security.", "Alex Halderman", "USAEDU"),
        ("The women were killed by Juan Ortiz, a 10-year veteran of the U.S. Border Patrol.", "Juan Ortiz", "USACOP"),
    ],
)
def test_a_role_of_an_organisation_in_apposition_gives_the_organisations_code(placed, text: str, name: str, code: str) -> None:
    person = placed(text)[name]
    assert person.code == code and person.rule.startswith("person:apposition-of:")


def test_religious_and_newsroom_titles_before_a_name(placed) -> None:
    assert placed("Cardinal Robert Sarah said the church must listen.")["Cardinal Robert Sarah"].sector == "REL"
    assert placed("The pope met the cardinals.")["the cardinals"].sector == "REL"
