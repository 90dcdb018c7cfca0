"""Background IDF and word normalisation for lexical cohesion."""

from __future__ import annotations

from eventlens.narrative.cohesion import add_token, load_idf, merged, normalise


def test_normalise() -> None:
    assert normalise("States") == "state"
    assert normalise("policies") == "policy"
    assert normalise("Iran's") == "iran"
    assert normalise("crisis") == "crisis" and normalise("press") == "press" and normalise("bus") == "bus"


def test_idf_table_weighs_rare_words_more() -> None:
    idf = load_idf()
    assert idf.version == "idf-v1"
    assert len(idf.table) > 5000
    said, unseen = idf.table["said"], idf.unseen
    assert said < idf.table.get("missile", unseen) <= unseen
    weights = idf.weigh({"said": 1, "zzqx": 2})
    assert weights["zzqx"] > weights["said"]


def test_add_token_counts_content_words_and_names() -> None:
    terms: dict[str, float] = {}
    names: dict[str, float] = {}
    add_token(terms, names, lower="missiles", pos="NOUN", is_stop=False, ent_type="")
    add_token(terms, names, lower="tehran", pos="PROPN", is_stop=False, ent_type="GPE")
    add_token(terms, names, lower="the", pos="DET", is_stop=True, ent_type="")
    assert terms == {"missile": 1.0, "tehran": 1.0}
    assert names == {"tehran": 1.0}
    assert merged([{"a": 1.0}, {"a": 2.0, "b": 1.0}]) == {"a": 3.0, "b": 1.0}


def test_add_token_counts_numbers_and_dates() -> None:
    terms: dict[str, float] = {}
    names: dict[str, float] = {}
    numbers: dict[str, float] = {}
    add_token(terms, names, lower="37", pos="NUM", is_stop=False, ent_type="CARDINAL", numbers=numbers)
    add_token(terms, names, lower="tuesday", pos="PROPN", is_stop=False, ent_type="DATE", numbers=numbers)
    assert numbers == {"37": 1.0, "tuesday": 1.0}
    assert "37" not in terms and "tuesday" in terms and not names
