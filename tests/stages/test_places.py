from __future__ import annotations

import pytest

from eventlens.errors import ConfigError
from eventlens.geo.distance import haversine_km
from eventlens.model import Analysis, Article
from eventlens.stages import build_pipeline
from eventlens.stages.places import Geoparser


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline(("segment", "places"))


def _places(pipeline, text: str):
    return pipeline(Article(text=text)).places


def test_stage_contract() -> None:
    stage = Geoparser()
    assert stage.name == "places"
    assert stage.requires == ("doc", "sentences")
    assert stage.provides == ("places",)
    with pytest.raises(ConfigError):
        Geoparser(min_population=7)
    with pytest.raises(ConfigError):
        stage(Analysis(article=Article(text="x")))


def test_toponyms_and_demonyms_with_offsets(pipeline) -> None:
    text = "Iranian officials met in Cairo on Monday, then flew to the Gaza Strip."
    places = _places(pipeline, text)
    by_text = {p.text: p for p in places}
    assert by_text["Iranian"].kind == "demonym" and by_text["Iranian"].country == "IRN"
    assert by_text["Cairo"].country == "EGY" and by_text["Cairo"].feature_class == "P"
    assert by_text["Gaza Strip"].country == "PSE"
    for p in places:
        assert text[p.start : p.end] == p.text
        assert p.rule and p.sentence == 0
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180


def test_comma_pattern_in_real_text(pipeline) -> None:
    places = _places(pipeline, "The plant in Alexandria, Louisiana, closed last year.")
    alex = next(p for p in places if p.text == "Alexandria")
    assert alex.country == "USA" and alex.admin1 == "Louisiana"


def test_no_places_in_placeless_text(pipeline) -> None:
    assert _places(pipeline, "The committee voted to postpone the decision until further notice.") == []


def test_seed_article_places(pipeline, seed_text: str) -> None:
    places = _places(pipeline, seed_text)
    qom = [p for p in places if p.text.startswith("Qom")]
    gaza = [p for p in places if p.text == "Gaza"]
    assert qom and gaza
    assert all(haversine_km(p.lat, p.lon, 34.6401, 50.8764) < 25 for p in qom)
    assert all(haversine_km(p.lat, p.lon, 31.5017, 34.4668) < 25 for p in gaza)
    for p in places:  # nothing outside the Middle East (a generous box)
        assert 12 <= p.lat <= 42 and 25 <= p.lon <= 63, (p.text, p.name, p.lat, p.lon)


def test_us_county_resolves_to_its_state_by_context(pipeline) -> None:
    places = _places(pipeline, "Deputies in Orange County, Florida, searched the lake near Orlando.")
    county = next(p for p in places if p.text == "Orange County")
    assert county.feature_code == "ADM2" and county.country == "USA" and county.admin1 == "Florida"
    assert haversine_km(county.lat, county.lon, 28.5, -81.4) < 60


def test_county_inside_an_organisation_name(pipeline) -> None:
    places = _places(pipeline, "The Marathon County Sheriff's Office said the road in Wausau, Wisconsin, reopened.")
    assert any(p.text == "Marathon County" and p.admin1 == "Wisconsin" for p in places)


def test_canadian_abbreviation_after_a_comma_steers_the_town(pipeline) -> None:
    places = _places(pipeline, "Police in London, Ont., said the man was arrested on Tuesday.")
    london = next(p for p in places if p.text == "London")
    assert london.country == "CAN"


def test_embedded_country_alias_and_demonym(pipeline) -> None:
    text = "The U.S. Department of Justice and the Syrian Observatory for Human Rights both commented."
    by_text = {p.text: p for p in _places(pipeline, text)}
    assert by_text["U.S."].country == "USA" and by_text["U.S."].rule.startswith("gazetteer:embedded")
    assert by_text["Syrian"].kind == "demonym" and by_text["Syrian"].country == "SYR"


def test_the_is_never_part_of_a_gazetteer_match(pipeline) -> None:
    text = "Officials said The New York office would close."
    assert all(not p.text.startswith("The ") for p in _places(pipeline, text))


def test_street_takes_the_point_of_the_town_named_before_it(pipeline) -> None:
    text = "Firefighters in Winnipeg, Manitoba, battled a blaze overnight. Crews closed Portage Avenue and Main Street for hours."
    places = _places(pipeline, text)
    streets = [p for p in places if p.feature_code == "ST"]
    assert {p.text for p in streets} == {"Portage Avenue", "Main Street"}
    for p in streets:
        assert p.country == "CAN" and p.rule.startswith("pattern:street;resolve:container(Winnipeg)")
        assert haversine_km(p.lat, p.lon, 49.9, -97.1) < 25
        assert text[p.start : p.end] == p.text


def test_st_before_a_name_is_saint_not_a_street(pipeline) -> None:
    places = _places(pipeline, "The team flew from Chicago to St. Louis on Friday.")
    assert not any(p.feature_code == "ST" for p in places)


def test_a_street_without_any_town_is_left_out(pipeline) -> None:
    assert not any(p.feature_code == "ST" for p in _places(pipeline, "He walked down Maple Street alone."))


def test_capitalised_division_word_is_part_of_the_name(pipeline) -> None:
    places = _places(pipeline, "Gunmen attacked a village in Benue State, Nigeria, on Monday.")
    assert any(p.text == "Benue State" and p.feature_code == "ADM1" and p.country == "NGA" for p in places)
    assert not any(p.text == "Colorado State" for p in _places(pipeline, "He studied at Colorado State University in Fort Collins."))
    assert not any(p.text == "Ohio State" for p in _places(pipeline, "Michigan beat Ohio State on Saturday in Ann Arbor."))


def test_demonym_inside_an_organisation_name(pipeline) -> None:
    places = _places(pipeline, "A spokesman for the Nigerian Armed Forces denied the report.")
    assert any(p.text == "Nigerian" and p.kind == "demonym" and p.country == "NGA" for p in places)


def test_unknown_building_takes_the_point_of_its_town(pipeline) -> None:
    text = "Flights from Dulles International Airport near Washington were delayed."
    places = _places(pipeline, text)
    building = next(p for p in places if p.text == "Dulles International Airport")
    assert building.feature_code == "BLDG" and building.country == "USA"  # no town before it: the first one after
    assert building.rule == "pattern:facility;resolve:container(Washington)"


def test_dateline_in_capitals(pipeline) -> None:
    places = _places(pipeline, "TORRINGTON, Conn. - A man was charged on Friday after a crash downtown.")
    town = next(p for p in places if p.text == "TORRINGTON")
    assert town.rule.startswith("pattern:dateline") and town.admin1 == "Connecticut"


def test_small_untagged_town_only_after_a_locative_preposition() -> None:
    from eventlens.geo.cache import load_gazetteer
    from eventlens.geo.recognize import Recognizer
    from eventlens.stages.segment import Segmenter

    nlp = Segmenter().nlp
    recognize = Recognizer(load_gazetteer())

    def untagged(text: str):
        doc = nlp(text)
        doc.ents = []  # as if spaCy had missed the name
        return [m for m in recognize(doc) if m.text == "Bellmore"]

    hits = untagged("The fire started in Bellmore late on Friday.")
    assert hits and hits[0].rule == "gazetteer"  # a town of ~16k people, after "in"
    assert not untagged("Officials told Bellmore residents to stay home.")
