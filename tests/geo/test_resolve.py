"""One tiny fixture per disambiguation rule."""

from __future__ import annotations

import spacy

from eventlens.geo.index import Gazetteer
from eventlens.geo.recognize import Mention
from eventlens.geo.resolve import Resolver

NLP = spacy.blank("en")


def _mentions(gaz: Gazetteer, text: str, names: list[str]):
    doc = NLP(text)
    out = []
    for name in names:
        start = text.index(name)
        span = doc.char_span(start, start + len(name))
        demonym = gaz.demonym(name)
        out.append(Mention(start=start, end=start + len(name), text=name, kind="demonym" if demonym is not None else "toponym",
                           rule="test", candidates=gaz.lookup(name), demonym_of=demonym, tok_start=span.start, tok_end=span.end))
    return out, doc


def _resolve(gaz: Gazetteer, text: str, names: list[str]):
    mentions, doc = _mentions(gaz, text, names)
    return [(gaz.record(r.record) if r.record is not None else None, r) for r in Resolver(gaz)(mentions, doc)]


def test_population_prior_alone(tiny_gazetteer: Gazetteer) -> None:
    (rec, res), = _resolve(tiny_gazetteer, "Crowds gathered in Alexandria.", ["Alexandria"])
    assert rec.cc == "EG"
    assert 0.5 < res.confidence <= 1.0


def test_comma_pattern_with_division_name(tiny_gazetteer: Gazetteer) -> None:
    rec, res = _resolve(tiny_gazetteer, "He lives in Alexandria, Louisiana, now.", ["Alexandria", "Louisiana"])[0]
    assert (rec.cc, rec.admin1) == ("US", "LA")
    assert "comma" in res.rule


def test_comma_pattern_with_ap_abbreviation(tiny_gazetteer: Gazetteer) -> None:
    rec, _ = _resolve(tiny_gazetteer, "A fire in Alexandria, Va. on Monday.", ["Alexandria"])[0]
    assert (rec.cc, rec.admin1) == ("US", "VA")


def test_country_context_from_other_toponyms(tiny_gazetteer: Gazetteer) -> None:
    results = _resolve(tiny_gazetteer, "Across the United States, Paris and Dallas voted.", ["United States", "Paris", "Dallas"])
    assert results[1][0].cc == "US"
    assert "country_context" in results[1][1].rule


def test_country_context_from_demonym(tiny_gazetteer: Gazetteer) -> None:
    results = _resolve(tiny_gazetteer, "Egyptian officials met in Alexandria.", ["Egyptian", "Alexandria"])
    assert results[0][0].name == "Egypt" and results[0][1].rule == "demonym"
    assert results[1][0].cc == "EG"


def test_feature_type_prefers_ocean_over_small_town(tiny_gazetteer: Gazetteer) -> None:
    (rec, _), = _resolve(tiny_gazetteer, "Storms over the Atlantic grew.", ["Atlantic"])
    assert rec.name == "Atlantic Ocean"


def test_city_preferred_over_its_namesake_division(tiny_gazetteer: Gazetteer) -> None:
    (rec, res), = _resolve(tiny_gazetteer, "Clerics in Qom said so.", ["Qom"])
    assert rec.kind == "city"
    assert "city_over_division" in res.rule


def test_one_sense_per_discourse(tiny_gazetteer: Gazetteer) -> None:
    text = "Paris is calm. Residents of Paris, Texas and Dallas spoke."
    mentions, doc = _mentions(tiny_gazetteer, text, ["Paris"])
    second = text.index("Paris", 10)
    span = doc.char_span(second, second + 5)
    mentions.append(Mention(start=second, end=second + 5, text="Paris", kind="toponym", rule="test",
                            candidates=tiny_gazetteer.lookup("Paris"), tok_start=span.start, tok_end=span.end))
    out = Resolver(tiny_gazetteer)(mentions, doc)
    assert out[0].record == out[1].record


def test_no_candidates_is_unresolved(tiny_gazetteer: Gazetteer) -> None:
    doc = NLP("Nowhere Town")
    m = Mention(start=0, end=12, text="Nowhere Town", kind="toponym", rule="test", candidates=(), tok_start=0, tok_end=2)
    (res,) = Resolver(tiny_gazetteer)([m], doc)
    assert res.record is None and res.rule == "unresolved"


def test_untagged_town_does_not_steer_other_mentions(tiny_gazetteer: Gazetteer) -> None:
    # "Dallas" found only by gazetteer matching (rule "gazetteer") must not pull "Paris" to Texas.
    text = "Dallas said Paris was calm."
    mentions, doc = _mentions(tiny_gazetteer, text, ["Dallas", "Paris"])
    mentions[0].rule = "gazetteer"
    out = Resolver(tiny_gazetteer)(mentions, doc)
    assert tiny_gazetteer.record(out[1].record).country == "FRA"
    mentions[0].rule = "ner:GPE"  # the same town tagged by NER is evidence
    out = Resolver(tiny_gazetteer)(mentions, doc)
    assert tiny_gazetteer.record(out[1].record).country == "USA"


def test_a_word_of_direction_or_government_needs_the_articles_support(tiny_gazetteer: Gazetteer) -> None:
    # "the Centre" of an Indian story is its central government: name, type and population alone resolve nothing
    (rec, res), = _resolve(tiny_gazetteer, "The court told the Centre to act.", ["Centre"])
    assert rec is None and res.rule == "unresolved:generic-name"
    # with the country named in the article it is that country's region
    results = _resolve(tiny_gazetteer, "In France, the Centre region voted.", ["France", "Centre"])
    assert results[1][0].cc == "FR" and "country_context" in results[1][1].rule


def test_a_word_of_direction_is_no_evidence_for_itself(tiny_gazetteer: Gazetteer) -> None:
    # the one region called "West Coast" must not vote for its own country: an American story's West Coast
    # stays unresolved
    results = _resolve(tiny_gazetteer, "Leaders on the West Coast met in Dallas.", ["West Coast", "Dallas"])
    assert results[0][0] is None and results[1][0].cc == "US"
