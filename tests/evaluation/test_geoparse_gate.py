"""Evaluation gate: the places stage on the shared geoparsing corpora, with pinned floors.

Measured (segment + places, full files, see docs/geoparsing.md): GeoWebNews P 0.902 R 0.782
F1 0.838, acc@161 0.936; TR-News P 0.896 R 0.904 F1 0.900, acc@161 0.910. Floors sit just below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.evaluation.geoparse import evaluate, read_corpus, render, score

FLOORS = {
    "GWN.xml": {"f1": 0.825, "recall": 0.77, "acc161": 0.925, "precision": 0.89},
    "TR-News.xml": {"f1": 0.89, "recall": 0.89, "acc161": 0.90, "precision": 0.885},
}


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_geoparse_floors(shared_dir: Path, name: str) -> None:
    result = evaluate(data=shared_dir / "data" / "geoparsing" / name)
    for key, floor in FLOORS[name].items():
        assert result[key] >= floor, f"{name}: {key} {result[key]} < {floor}\n{render(result)}"
    assert {"n_gold", "n_predicted", "precision", "recall", "f1", "n_resolved", "acc161", "mean_km", "median_km", "auc"} <= set(result)


def test_reads_both_formats_and_scores(tmp_path: Path) -> None:
    gwn = tmp_path / "gwn.xml"
    gwn.write_text(
        "<articles><article><text>Rain in Paris and some city folk.</text><toponyms>"
        "<toponym><extractedName>Paris</extractedName><type>Literal</type><start>8</start><end>13</end>"
        "<latitude>48.85</latitude><longitude>2.35</longitude></toponym>"
        "<toponym><extractedName>city</extractedName><type>Literal_Expression</type><start>23</start><end>27</end></toponym>"
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    tr = tmp_path / "tr.xml"
    tr.write_text(
        "<articles><article><text><![CDATA[ Turkish police in Ankara.]]></text><toponyms>"
        "<toponym><phrase>Ankara</phrase><start>18</start><end>24</end>"  # off by one: realigned
        "<gaztag geonameid='323786'><lat>39.92</lat><lon>32.85</lon></gaztag></toponym>"
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    (g,) = read_corpus(gwn)
    assert [(t.text, t.lat) for t in g.toponyms] == [("Paris", 48.85)]  # expressions are not toponyms
    (t,) = read_corpus(tr)
    assert t.toponyms[0].text == "Ankara" and t.text[t.toponyms[0].start : t.toponyms[0].end] == "Ankara"

    class P:
        def __init__(self, start: int, end: int, lat: float | None, lon: float | None) -> None:
            self.start, self.end, self.lat, self.lon = start, end, lat, lon

    result = score([g], [[P(8, 13, 48.86, 2.35), P(0, 4, None, None)]])
    assert result["precision"] == 0.5 and result["recall"] == 1.0 and result["acc161"] == 1.0
    assert result["median_km"] < 5


def test_quick_run_on_written_corpus(tmp_path: Path) -> None:
    data = tmp_path / "mini.xml"
    data.write_text(
        "<articles><article><text>Officials in Cairo said Egypt would help.</text><toponyms>"
        "<toponym><extractedName>Cairo</extractedName><type>Literal</type><start>13</start><end>18</end>"
        "<latitude>30.06</latitude><longitude>31.25</longitude></toponym>"
        "<toponym><extractedName>Egypt</extractedName><type>Metonymic</type><start>24</start><end>29</end>"
        "<latitude>27.0</latitude><longitude>30.0</longitude></toponym>"
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    result = evaluate(data=data)
    assert result["f1"] == 1.0 and result["acc161"] == 1.0
    assert "accuracy@161km" in render(result)
