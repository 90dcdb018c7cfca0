"""The actor dictionary: file format, loader errors, lookup and code helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventlens.actors import combine, load_dictionary, split_code
from eventlens.actors.dictionary import data_headers
from eventlens.errors import ConfigError


def test_combine_and_split_code() -> None:
    assert combine("PSE", "EDU") == "PSEEDU"
    assert combine(None, "COP") == "COP"
    assert combine("IGOUNO", "MIL") == "IGOUNOMIL"
    assert combine("EGYOPPMUS", "OPP") == "EGYOPPMUS"
    assert split_code("ISRGOV") == ("ISR", "GOV")
    assert split_code("COP") == (None, "COP")
    assert split_code("IGOUNO") == (None, None)
    assert split_code("IRN") == ("IRN", None)


def test_shipped_files_have_version_and_source() -> None:
    headers = data_headers()
    for name in ("curated.tsv", "countries.tsv", "named.tsv", "agents.tsv"):
        assert headers[name].get("version"), name
        assert headers[name].get("source"), name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hungarian officials", "HUNGOV"),
        ("the United Nations", "IGOUNO"),
        ("Iran's foreign minister", "IRNGOV"),
        ("the army of Israel", "ISRMIL"),
        ("police", "COP"),
        ("Palestinian students", "PSEEDU"),
        ("Gaza residents", "PSECVL"),
        ("France", "FRA"),
        ("Amnesty International", "NGOHRIAMN"),
        ("Kenya's transport minister", "KENGOV"),  # not GOVMED as in Phoenix: MED is media
        ("the Ministry of Transport of Ghana", "GHAGOV"),
        ("Nigeria's information minister", "NGAGOVMED"),  # information ministries stay media ones
    ],
)
def test_lookup_composes_codes(text: str, code: str) -> None:
    entry = load_dictionary().lookup(text)
    assert entry is not None and entry.code == code


def test_lookup_of_nothing_codable() -> None:
    assert load_dictionary().lookup("a sunny afternoon") is None


def test_named_person_resolved_by_date() -> None:
    d = load_dictionary()
    assert d.lookup("Mahmoud Abbas", date="2004-01-01").code == "PSEELI"  # between his terms
    assert d.lookup("Mahmoud Abbas", date="2003-06-01").code == "PSEGOV"
    assert d.lookup("Mahmoud Abbas").code == "PSEGOV"  # most recent role


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("# version: 1\nBlue Lantern Society\tGBRNGO\tactor\nIran\tXXX\tcountry\n", encoding="utf-8")
    d = load_dictionary([str(extra)])
    assert d.lookup("the Blue Lantern Society").code == "GBRNGO"
    assert d.lookup("Iran").code == "XXX"
    assert load_dictionary().lookup("Iran").code == "IRN"  # the default dictionary is untouched


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("Foo\tGBR\n", "line 1"),
        ("# ok\nFoo\tGBR\tplanet\n", "line 2: unknown kind"),
        ("Foo\tGB1\tactor\n", "not a CAMEO-style code"),
        ("Foo\tGBR\tperson\t2020-13\n", "'from' date"),
        ("Foo\tGBR\tperson\t2013-02-30\n", "'from' date"),  # eight digits, but no day of the calendar
        ("Foo\tGBR\tperson\t2013-01-01\t0000\n", "'to' date"),
    ],
)
def test_bad_user_file_names_file_and_line(tmp_path: Path, content: str, fragment: str) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_dictionary([str(bad)])
    assert "bad.tsv" in str(err.value) and fragment in str(err.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_dictionary([str(tmp_path / "nope.tsv")])


def test_shipped_generated_rows_are_valid() -> None:
    """The fast loader trusts generated files; check every row against the strict parser."""
    from importlib import resources

    from eventlens.actors.dictionary import DATA_PACKAGE, SHIPPED_FILES, read_entries

    for name in SHIPPED_FILES:
        lines = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8").splitlines()
        body = [line for line in lines if line and not line.startswith("#")]
        _, rows = read_entries(lines, origin=name, pretokenized=False) if name == "curated.tsv" else (None, None)
        if rows is None:
            from eventlens.actors.dictionary import _parse_row

            for number, line in enumerate(body, start=1):
                _parse_row(line, origin=name, number=number, pretokenized=True)


def test_sector_parts_reads_every_sector_of_a_code():
    from eventlens.actors.codes import sector_parts

    assert sector_parts("USAGOVMED") == ("GOV", "MED")
    assert sector_parts("IGOUNOMED") == ("MED",)
    assert sector_parts("IRN") == () and sector_parts("") == ()


_SAME_CODE_PEOPLE = """
from eventlens.actors.dictionary import ActorDictionary, ActorEntry
d = ActorDictionary()
for first in ("ann", "bea", "cat", "dee", "eve", "fay"):
    name = f"{first.title()} Roe"
    d.add((first, "roe"), (ActorEntry(phrase=name, code="USAELI", kind="person", name=name, source="test"),))
d.index_surnames()
print(d.person_by_surname("roe").name)
"""


def test_a_last_name_shared_by_people_of_one_code_gives_the_same_person_in_every_process() -> None:
    # the people of one last name are a set, whose order follows Python's per-process string hashes
    import os
    import subprocess
    import sys

    names = {subprocess.run([sys.executable, "-c", _SAME_CODE_PEOPLE], check=True, capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(6)}
    assert names == {"Ann Roe"}
