"""Dated roles of people in the hand-curated dictionary: well-formed, without overlaps, chosen by the article date."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

from eventlens import api


def _person_rows() -> dict[str, list[tuple[str, str, str]]]:
    text = resources.files("eventlens.data.actors").joinpath("curated.tsv").read_text(encoding="utf-8")
    rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3 or parts[2] != "person":
            continue
        parts += [""] * (6 - len(parts))
        rows[parts[0].lower()].append((parts[1], parts[3], parts[4]))
    return rows


def test_dated_roles_are_ordered_and_do_not_overlap():
    rows = _person_rows()
    assert len(rows) > 200
    for phrase, roles in rows.items():
        spans = sorted((start or "0000-00-00", end or "9999-99-99") for _, start, end in roles)
        for start, end in spans:
            assert start <= end, (phrase, start, end)
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end < start, f"{phrase}: roles overlap ({end} >= {start})"


def test_the_article_date_chooses_the_role():
    text = "In Washington, Donald Trump met President Zelensky."
    codes = {d: {m.text: m.code for m in api.analyze_text(text=text, date=d).actors} for d in ("2014-05-01", "2018-05-01", "2022-05-01", "2025-05-01")}
    assert [codes[d]["Donald Trump"] for d in sorted(codes)] == ["USABUS", "USAGOV", "USAELI", "USAGOV"]
    assert codes["2022-05-01"]["President Zelensky"] == "UKRGOV"
    # without these rows (the Phoenix dictionaries end about 2015) the sentence placed him in Syria (SYRGOV)
    assert "SYR" not in {m.code[:3] for m in api.analyze_text(text="President Donald Trump spoke about Syria.", date="2018-04-04").actors
                         if m.text.endswith("Trump")}


def test_a_curated_one_word_name_as_subject_counts_even_when_tagged_as_a_noun():
    # the tagger reads sentence-initial "Trump" here as a common noun
    actors = {m.text: m.code for m in api.analyze_text(text="Trump met Macron in Paris.", date="2019-03-01").actors}
    assert actors == {"Trump": "USAGOV", "Macron": "FRAGOV"}
    assert not api.analyze_text(text="Trump cards were played in the last round.", date="2019-03-01").actors
