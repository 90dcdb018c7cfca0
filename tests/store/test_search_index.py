"""The full-text index: the query language, the same selection as the query layer's filters, order and facets."""

from __future__ import annotations

import pytest

from eventlens.store import Store
from eventlens.store import facets as F
from eventlens.store import search as SE
from eventlens.store.params import QueryError
from eventlens.store.synthetic import sample_analysis


@pytest.mark.parametrize(("typed", "expr"), [
    ("Iran Israel", '("Iran") AND ("Israel")'),
    ("Iran OR Israel", '("Iran" OR "Israel")'),
    ('"sent aid" Gaza', '("sent aid") AND ("Gaza")'),
    ("aid -Egypt", '(("aid")) NOT ("Egypt")'),
    ("aid NOT Egypt wash*", '(("aid") AND ("wash"*)) NOT ("Egypt")'),
    ('NEAR(a b) "unbalanced', '("NEAR(a") AND ("b)") AND ("unbalanced")'),
    ("🙂 !!!", None),
])
def test_what_is_typed_becomes_a_quoted_fts5_query(typed, expr):
    assert SE.compile_query(typed) == expr


def test_a_search_of_exclusions_only_is_refused():
    with pytest.raises(QueryError, match="only exclusions"):
        SE.compile_query("-Egypt NOT Iran")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fts")
    path = folder / "s.duckdb"
    analyses = [sample_analysis(i, date=f"2024-{1 + i % 6:02d}-{1 + i % 27:02d}", source=("Wire", "Post")[i % 2]) for i in range(40)]
    for k, a in enumerate(analyses):
        for e in a.events:
            e.confidence = (k % 10) / 10
    with Store.open(path) as s:
        s.write_analyses(analyses)
    s = Store.open(path, read_only=True)
    index = SE.SearchIndex(path=SE.build_index(s.con.cursor(), SE.index_path(path, folder / "index")))
    yield s, index
    s.close()


FILTERS = [{}, {"actor": "IRN"}, {"source": "ISR", "target": "IRN", "direction": "either"}, {"source": "PSE"},
           {"type": "AID", "since": "2024-03", "until": "2024-05"}, {"quad": 3, "outlet": "wire"}, {"min_confidence": 0.55},
           {"place": "gaza"}, {"cameo": "07"}]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_the_index_selects_the_events_the_query_layer_selects(indexed, filters):
    store, index = indexed
    found = index.search("events", "sent OR criticised", filters, limit=1000, offset=0)
    expected = {(r["article_id"], r["idx"]) for r in F.search_events(store.con.cursor(), limit=1000, **filters)}
    assert {tuple(k) for k in found["keys"]} == expected and found["total"] == len(expected)
    assert found["order"] == "relevance"


def test_articles_words_filters_facets_and_order(indexed, monkeypatch):
    store, index = indexed
    found = index.search("articles", "Iran Israel", {"outlet": "Wire"}, limit=5, offset=0)
    assert found["total"] == 4 and len(found["keys"]) == 4  # the articles naming both, in the outlet
    assert {f["value"] for f in found["facets"]["outlet"]} == {"Wire"} and found["facets"]["type"]
    assert index.search("articles", '"sent aid to Israel"', {}, limit=50, offset=0)["total"] == 8
    monkeypatch.setattr(SE, "RANK_LIMIT", 3)
    newest = index.search("articles", "sent", {}, limit=10, offset=0)
    assert newest["order"] == "newest"
    dates = [store.con.cursor().execute("SELECT date FROM articles WHERE id = ?", [k[0]]).fetchone()[0] for k in newest["keys"]]
    assert dates == sorted(dates, reverse=True)
    monkeypatch.setattr(SE, "FACET_BUDGET_MS", 0)
    late = index.search("events", "sent", {}, limit=1, offset=0)
    assert late["facets_timed_out"] and late["total"] == 40  # counted, but the facets were out of time
