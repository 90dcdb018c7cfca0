"""The same-event rule: what makes two reports incompatible, what evidence makes them one event, and the clusterer."""

from __future__ import annotations

import dataclasses

import pytest

from eventlens.dedup import RULE_VERSION, Report, Settings, assign, compare
from eventlens.dedup.cluster import Candidate
from eventlens.dedup.evidence import features, stem
from eventlens.dedup.model import SIGNALS, load_model, model_from
from eventlens.dedup.report import country_sector, report_id
from eventlens.dedup.rule import signals
from eventlens.dedup.words import Stated, stated_dates
from eventlens.errors import ResourceError

RAID = "Israeli troops raided the Jenin refugee camp on Tuesday, killing three gunmen, the army said."
RAID2 = "The army said troops raided the Jenin camp on Tuesday and killed three gunmen."
OTHER = "Israeli troops raided a village near Hebron, arresting two teenagers."


JENIN = dict(lat=32.46, lon=35.30, loc_how="sentence")
HEBRON = dict(lat=31.53, lon=35.10, loc_how="sentence")


def report(article="a1", idx=0, *, evidence=RAID, trigger="raided", source="ISRMIL", target="PSEREB", cameo="190",
           date="2024-05-07", source_text="Israeli troops", target_text="gunmen", **kw) -> Report:
    return Report(article_id=article, idx=idx, source=source, target=target, cameo=cameo, date=date, evidence=evidence,
                  trigger=trigger, trigger_at=evidence.find(trigger), source_text=source_text, target_text=target_text, **kw)


def other(article="a3", **kw) -> Report:
    return report(article, evidence=OTHER, target_text="two teenagers", **HEBRON, **kw)


def feats(r: Report):
    return features(evidence=r.evidence, trigger=r.trigger, trigger_at=r.trigger_at, source_text=r.source_text,
                    target_text=r.target_text)


def same(a: Report, b: Report, settings: Settings = Settings()):
    return compare(a, b, feats(a), feats(b), settings)


def test_two_outlets_reporting_one_raid_are_one_event():
    assert same(report(), report("a2", evidence=RAID2)).same


def test_identical_sentences_score_highest_and_another_raid_elsewhere_is_another_event():
    assert same(report(), report("a2")).score > same(report(), report("a2", evidence=RAID2)).score
    assert same(report(**JENIN), other()).reason == "incompatible locations"  # Jenin and Hebron, 100 km apart


def test_incompatible_reports_never_merge():
    base = report()
    for change, why in ((dict(cameo="111"), "CAMEO root"), (dict(negated=True), "negation"), (dict(source="ISRGOV"), "actors"),
                        (dict(target="LBN"), "actors"), (dict(date="2024-05-20"), "dates")):
        match = same(base, dataclasses.replace(report("a2"), **change))
        assert not match.same and match.reason == f"incompatible {why}", change


def test_an_undated_report_can_match_a_dated_one_but_the_unchecked_window_counts_against_it():
    dated, undated = same(report(), report("a2", evidence=RAID2)), same(report(), report("a2", evidence=RAID2, date=None))
    assert undated.reason.startswith("evidence") and undated.score < dated.score
    assert same(report(), report("a2", date=None)).reason == "identical sentence"


def test_a_code_without_a_sector_is_compatible_with_one():
    assert same(report(), report("a2", source="ISR")).same
    assert country_sector("IGOUNODEV") == ("IGO", "UNO") and country_sector(None) == ("", "")


def test_places_separate_material_events_read_in_their_sentence_only():
    near = dict(lat=32.47, lon=35.31, loc_how="sentence")
    assert same(report(**JENIN), report("a2", evidence=RAID2, **near)).same
    said = dict(cameo="111", evidence="Israel condemned the raid.", trigger="condemned", target=None)
    assert same(report(**JENIN, **said), report("a2", **HEBRON, **said)).same  # a statement: where it was made does not matter
    assert same(report(**JENIN), report("a2", lat=31.53, lon=35.10, loc_how="article")).same  # an article's place is too loose


def test_two_undated_articles_need_stronger_evidence():
    weaker = dict(evidence=RAID2, source_text="The army", target_text="militants")
    dated, undated = same(report(), report("a2", **weaker)), same(report(date=None), report("a2", date=None, **weaker))
    assert undated.score < dated.score
    assert same(report(date=None), report("a2", date=None)).same  # the same sentence


def test_the_clusterer_joins_the_best_event_and_never_moves_a_report():
    first, second, third = report(**JENIN), report("a2", evidence=RAID2), other()
    placed = assign([first, second, third], [])
    assert [p.event_id for p in placed] == [first.id, first.id, third.id]
    assert placed[0].score is None and placed[1].score > 0
    later = assign([report("a4", evidence=RAID2, date="2024-05-08")], [Candidate(first.id, first), Candidate(third.id, third)])
    assert later[0].event_id == first.id
    assert report_id("a1", 0) == first.id


def test_stems():
    assert stem("visited") == stem("visit") == "visit" and stem("shooting") == "shoot" and stem("carried") == "carry"


def test_triggers_match_by_lemma_and_synonym_set():
    postponed, postpone = (features(evidence=f"The league {w} three games.", trigger=w, trigger_at=11, source_text="The league",
                                    target_text="") for w in ("postponed", "postpone"))
    assert postponed.lemmas & postpone.lemmas and stem("postponed") != stem("postpone")  # the crude stem missed it
    accuses = report(evidence="Britain accuses Russia of the poisoning.", trigger="accuses", source="GBR", target="RUS", cameo="112",
                     source_text="Britain", target_text="Russia")
    blamed = report("a2", evidence="The British government blamed Russia for the nerve agent attack.", trigger="blamed",
                    source="GBRGOV", target="RUS", cameo="112", source_text="The British government", target_text="Russia")
    assert signals(accuses, blamed, feats(accuses), feats(blamed))["trigger"] == 1.0


SENTENCED = "Police arrested him in May 2017, and a court sentenced him to 30 days."
SENTENCED2 = "In December 2017, a court convicted him and sentenced him to six years."


def test_different_stated_dates_and_a_hypothetical_act_count_against_one_event():
    may, december = (report(f"a{i}", evidence=e, trigger="sentenced", source="AZEJUD", target=None, cameo="172",
                            source_text="a court", target_text="") for i, e in enumerate((SENTENCED, SENTENCED2)))
    assert signals(may, december, feats(may), feats(december))["dates"] == 1.0
    moved = dataclasses.replace(december, evidence=SENTENCED2.replace("In December 2017", "In May 2017"),
                                trigger_at=SENTENCED2.replace("In December 2017", "In May 2017").find("sentenced"))
    assert same(may, december).score < same(may, moved).score
    should = report("a2", evidence="Israel should raid the Jenin camp, the minister said.", modality="hypothetical")
    assert signals(report(), should, feats(report()), feats(should))["hypothetical"] == 1.0
    assert same(report(), should).score < same(report(), dataclasses.replace(should, modality="asserted")).score


def test_stated_dates():
    assert stated_dates("On March 21, 2018, the committee met on Tuesday.") == Stated(frozenset({3}), frozenset({2018}), frozenset({"tuesday"}))
    assert stated_dates("Theresa May said the $2018 budget was fine.") == Stated()  # a name and an amount, no date
    assert Stated(months=frozenset({5})).conflicts(Stated(months=frozenset({12})))
    assert not Stated(months=frozenset({5})).conflicts(Stated(years=frozenset({2017})))


def test_an_identical_sentence_is_one_event_only_for_the_same_trigger():
    two = "Israeli troops raided the camp and shot two gunmen."
    raid = report(evidence=two, trigger="raided", cameo="190")
    shot = report("a2", evidence=two, trigger="shot", cameo="190")
    assert same(raid, dataclasses.replace(raid, article_id="a2")).reason == "identical sentence"
    assert same(raid, shot).reason.startswith("evidence")


def test_the_shipped_model_and_a_broken_record():
    model = load_model()
    assert model.version == RULE_VERSION and set(model.weights) == set(SIGNALS) and 0 < model.threshold < 1
    assert model.weights["hypothetical"] < 0 and model.weights["dates"] < 0 and model.weights["trigger"] > 0
    assert model.meta["dev_cv"]["precision"] >= 0.9  # the threshold rule of training/fit_dedup.py
    with pytest.raises(ResourceError, match="not a valid model record"):
        model_from({"version": "x", "weights": {"colour": 1.0}, "bias": 0, "threshold": 0.5}, where="test")
    with pytest.raises(ResourceError, match="not a probability"):
        model_from({"version": "x", "weights": {}, "bias": 0, "threshold": 2}, where="test")
    custom = Settings(model=model_from({"version": "x", "weights": {}, "bias": 5.0, "threshold": 0.5}, where="test"))
    assert same(report(), report("a3", evidence=OTHER, target_text="two teenagers"), custom).same  # a model that calls every compatible pair one event
