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
