"""An article a stage refuses as bad input (InputError: e.g. over the parser's length limit) is quarantined
with that reason alone, not 'analysis failed: InputError: file#position: ...'; the rest of the batch is stored."""

from __future__ import annotations

from eventlens.engine import PipelineSpec, ingest
from eventlens.engine import work
from eventlens.errors import InputError
from eventlens.pipeline import Pipeline
from eventlens.store import Store
from eventlens.store import queries as Q


class _Refuse:
    name = "refuse"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, analysis):
        if "overlong" in analysis.article.text:
            raise InputError(analysis.article.path, "too long: 9 characters, over the parser's 8-character limit")
        return analysis


def test_a_stage_refusal_is_quarantined_in_its_own_words(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("Egypt hosted talks in Cairo.")
    (tmp_path / "in" / "long.txt").write_text("An overlong article.")
    monkeypatch.setattr(work.PipelineSpec, "build", lambda self: Pipeline([_Refuse()]))
    with Store.open(tmp_path / "s.duckdb") as store:
        summary = ingest([tmp_path / "in"], store=store, spec=PipelineSpec(stages=("segment",)), chunk_size=8,
                             isolate=False)  # the monkeypatched pipeline lives in this process
        assert (summary.added, summary.quarantined) == (1, 1)
        (row,) = Q.errors(store)
    assert row["file"].endswith("long.txt") and row["stage"] == "analyse"
    assert row["reason"] == "too long: 9 characters, over the parser's 8-character limit"
