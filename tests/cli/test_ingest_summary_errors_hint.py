"""The ingest/recode summary says where the quarantined records are listed, by file and reason."""

from __future__ import annotations

from eventlens.cli.ingest import summary_line
from eventlens.engine.runner import Summary


def test_quarantined_records_point_to_eventlens_errors():
    line = summary_line(Summary(read=3, added=1, quarantined=2, seconds=1.0, run_id="r"))
    assert "2 quarantined, each listed with its file and reason by 'eventlens errors'" in line
    assert "eventlens errors" not in summary_line(Summary(read=1, added=1, seconds=1.0, run_id="r"))
