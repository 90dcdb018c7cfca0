"""The same-event rule: what makes two reports incompatible, what evidence makes them one event, and the clusterer."""

from __future__ import annotations

import dataclasses

from eventlens.dedup import Report, Settings, assign, compare
from eventlens.dedup.cluster import Candidate
from eventlens.dedup.evidence import features, stem
from eventlens.dedup.report import country_sector, report_id

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
                        (dict(target="LBN"), "actors"), (dict(date="2024-05-20"), "dates"), (dict(date=None), "dates")):
        match = same(base, dataclasses.replace(report("a2"), **change))
        assert not match.same and match.reason == f"incompatible {why}", change


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
    assert same(report(), report("a2", **weaker)).same
    assert not same(report(date=None), report("a2", date=None, **weaker)).same
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
