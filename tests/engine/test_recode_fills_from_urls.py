"""Recoding a store fills the outlets and dates its records' URLs carry (issue 17)."""

from __future__ import annotations

from eventlens.engine.api import recode
from eventlens.engine.work import PipelineSpec
from eventlens.model import Analysis, Article
from eventlens.store import Store


def test_recode_gives_stored_articles_the_outlet_and_date_of_their_url(tmp_path):
    path = tmp_path / "s.duckdb"
    bare = Article(text="Officials met in Vienna on Monday.", url="https://www.harbourpost.example/2026/03/10/talks.html")
    kept = Article(text="Officials met in Oslo.", url="https://x.example/2026/01/02/a", source="Own Name", date="2026-01-05")
    with Store.open(path) as store:
        store.write_analyses([Analysis(article=bare), Analysis(article=kept)])
        recode(store=store, spec=PipelineSpec(stages=("segment",)))
        rows = dict((r[0], r[1:]) for r in store.con.execute("SELECT url, source, date FROM articles").fetchall())
    assert rows[bare.url] == ("harbourpost.example", "2026-03-10")
    assert rows[kept.url] == ("Own Name", "2026-01-05")
