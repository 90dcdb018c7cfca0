"""The query layer behind the analyst's workbench (issue 17): the filter model, continuous series,
pairs both ways, outlets, the actor lookup, roll-up and the full-text index."""

from __future__ import annotations

import pytest

from eventlens.model import ActorMention, Event, EventActor
from eventlens.store import Store
from eventlens.store import lookup as L
from eventlens.store import outlets as O
from eventlens.store import queries as Q
from eventlens.store import series as S
from eventlens.store.params import QueryError
from eventlens.store.synthetic import sample_analysis


def _analyses():
    out = []
    for i in range(12):  # January to June 2024, pairs IRN/ISR, ISR/PSE, ... (sample_analysis rotates five countries)
        a = sample_analysis(i, date=f"2024-{1 + i % 6:02d}-{1 + i:02d}", source="Example Wire" if i % 3 else "Harbour Post")
        for k, e in enumerate(a.events):
            e.confidence = 0.4 if k else 0.9
        out.append(a)
    gap = sample_analysis(60, date="2024-09-15", source="Gap Gazette")  # Iran and Israel again, after two empty months
    gap.events.append(Event(source=EventActor(text="the US", code="USAMIL"), target=EventActor(text="Iran", code="IRN"),
                            cameo="190", plover="ASSAULT", quad_class=4, goldstein=-10.0, paragraph=0, sentence=0, start=0, end=5,
                            confidence=0.7))
    gap.actors.append(ActorMention(text="the World Bank", start=0, end=3, code="IGOUNODEVWBK", name="World Bank", sentence=0))
    out.append(gap)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "wb.duckdb"
    with Store.open(path) as s:
        s.write_analyses(_analyses())
    with Store.open(path, read_only=True) as s:
        yield s


def test_a_series_runs_over_every_period_and_empty_ones_are_zero(store):
    rows = S.series(store, interval="month", actor="IRN")
    assert [r["period"] for r in rows] == [f"2024-{m:02d}" for m in range(1, 10)]
    assert [r["events"] for r in rows[6:8]] == [0, 0] and rows[6]["goldstein_mean"] is None
    assert rows[8]["events"] >= 1 and all(r["quad1"] + r["quad2"] + r["quad3"] + r["quad4"] == r["events"] for r in rows)
    assert all(r["share"] is None or 0 <= r["share"] <= 1 for r in rows) and rows[0]["all_events"] >= rows[0]["events"]


def test_intervals_weeks_quarters_and_the_asked_range(store):
    quarters = S.series(store, interval="quarter", since="2023-10", until="2024-12")
    assert [r["period"] for r in quarters] == ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert quarters[0]["events"] == 0 and sum(r["events"] for r in quarters) == Q.count_events(store)
    weeks = S.series(store, interval="week", since="2024-01-01", until="2024-01-31")
    assert weeks[0]["period"] == "2024-W01" and len(weeks) == 5
    with pytest.raises(QueryError, match="more than 5000 days"):
        S.series(store, interval="day", since="1900", until="2100")


def test_a_pair_is_shown_both_ways_on_one_axis(store):
    rows = S.pair_series(store, source="IRN", target="ISR", interval="month")
    ab = Q.count_events(store, source="IRN", target="ISR")
    ba = Q.count_events(store, source="ISR", target="IRN")
    assert sum(r["source_to_target"] for r in rows) == ab and sum(r["target_to_source"] for r in rows) == ba
    assert Q.count_events(store, source="IRN", target="ISR", direction="either") == ab + ba
    assert [r["period"] for r in rows][-1] == "2024-09" and rows[-3]["events"] == 0
    with pytest.raises(QueryError, match="needs both"):
        S.pair_series(store, source="IRN")


def test_min_confidence_and_sorting(store):
    assert Q.count_events(store, min_confidence=0.8) == len([1 for a in _analyses() for e in a.events if (e.confidence or 0) >= 0.8])
    rows = Q.dyads(store, sort="-goldstein_mean", limit=50)
    assert [r["goldstein_mean"] for r in rows] == sorted((r["goldstein_mean"] for r in rows), reverse=True)
    with pytest.raises(QueryError, match="sort must be one of"):
        Q.dyads(store, sort="evil; DROP")


def test_rollup_counts_sub_codes_under_their_country(store):
    plain = {(d["source"], d["target"]): d["events"] for d in Q.dyads(store, limit=None)}
    rolled = {(d["source"], d["target"]): d["events"] for d in Q.dyads(store, limit=None, rollup=True)}
    assert ("IRNGOV", "ISR") in plain and ("USAMIL", "IRN") in plain
    assert ("IRN", "ISR") in rolled and ("USA", "IRN") in rolled and not any(len(s) > 3 and s[:3] == "IRN" for s, _ in rolled)
    assert sum(plain.values()) == sum(rolled.values()) == Q.count_dyads(store, rollup=True)["events"]
    assert {a["code"] for a in Q.actors(store, rollup=True, limit=None)} >= {"IRN", "IGOUNODEVWBK"}  # not a country: kept


def test_outlets_coverage_and_attention(store):
    rows = {r["outlet"]: r for r in O.outlets(store, actor="IRN")}
    assert set(rows) == {"Example Wire", "Harbour Post", "Gap Gazette"}
    assert all(0 < r["share"] <= 1 and r["articles"] <= r["all_articles"] for r in rows.values())
    cover = O.coverage(store, actor="IRN", rollup=True)
    assert cover and {c["code"] for c in cover} == {"IRN"} and cover[0]["events"] >= cover[-1]["events"]
    att = O.attention(store, interval="month", top=2)
    assert {r["period"] for r in att} == {f"2024-{m:02d}" for m in range(1, 10)} and len({r["outlet"] for r in att}) == 2


@pytest.mark.parametrize(("typed", "code"), [("IRN", "IRN"), ("irn", "IRN"), ("Iran", "IRN"), ("iranian", "IRN"),
                                             ("United States", "USA"), ("united   states", "USA"), ("World Bank", "IGOUNODEVWBK"),
                                             ("XYZ", "XYZ")])
def test_actors_are_found_by_code_country_or_name(store, typed, code):
    assert L.resolve_actor(store, typed) == code


def test_an_unknown_name_is_refused_with_suggestions(store):
    with pytest.raises(QueryError) as exc:
        L.resolve_actor(store, "Isra", what="--actor")
    assert str(exc.value).startswith("--actor: no actor code or name matches 'Isra'") and "ISR" in str(exc.value)
    found = L.suggest_actors(store, "isr")
    assert found[0]["code"] == "ISR" and found[0]["kind"] == "country"
    assert L.resolve_filters(store, {"source": "Iran", "target": "ISR", "since": "2024"})[0] == {"source": "IRN", "target": "ISR", "since": "2024"}


def test_places_say_how_precise_their_point_is(store):
    rows = Q.places(store, limit=None)
    assert rows and all(r["precision"] in ("city", "admin1", "admin2", "region", "country", "unknown") for r in rows)
    assert Q.count_places(store)["rows"] == len(rows)
