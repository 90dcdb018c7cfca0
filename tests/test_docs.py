"""Everything a user can set or call is documented, in the spirit of Datasette's ``test_docs.py`` (issue #18):
every field of the typed event rules (docs/events.md), every setting of every registered stage (docs/stages.md),
every CLI command and option (docs/cli.md, generated from ``--help`` and kept current) and every web API
endpoint (docs/web.md). Each check also fails on a documented name that no longer exists."""

from __future__ import annotations

import importlib.util
import inspect
import re
from dataclasses import fields
from pathlib import Path

import click
import pytest

from eventlens.cli import cli
from eventlens.events.rules import ClaimCodes, EventRules
from eventlens.stages import REGISTRY, stage_class

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _section(page: Path, heading: str) -> str:
    """The text of ``page`` under the markdown heading ``heading`` (up to the next heading of the same or a higher level)."""
    text = page.read_text(encoding="utf-8")
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, flags=re.M)
    assert match, f"{page.name} has no heading {heading!r}"
    level = len(match.group(1))
    end = re.search(rf"^#{{1,{level}}} ", text[match.end():], flags=re.M)
    return text[match.end(): match.end() + end.start()] if end else text[match.end():]


def _rows(text: str) -> list[list[str]]:
    """The cells of every markdown table row in ``text`` (header and separator rows included)."""
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines() if line.lstrip().startswith("|")]


def _code(cell: str) -> str | None:
    """The name in a cell that is exactly one code span (`` `name` ``), else None."""
    match = re.fullmatch(r"`([^`]+)`", cell)
    return match.group(1) if match else None


def _described(text: str) -> bool:
    """A description worth the name: a few words, not a placeholder."""
    words = re.findall(r"[A-Za-z]+", text)
    return len(words) >= 4 and not re.search(r"\b(TODO|TBD|FIXME|XXX)\b", text)


# ---- (a) the typed event rules --------------------------------------------------------------------------------------

def _rules_table() -> dict[str, list[str]]:
    rows = _rows(_section(DOCS / "events.md", "Rules (`rules.json`, `EventRules`)"))
    return {name: row[1:] for row in rows if (name := _code(row[0]))}


@pytest.mark.parametrize("name", [f.name for f in fields(EventRules)])
def test_every_rules_field_is_documented(name):
    table = _rules_table()
    assert name in table, f"EventRules.{name} has no row in docs/events.md's rules table"
    kind, what = table[name][0], table[name][-1]
    assert kind and _described(what), f"docs/events.md: the row of {name} needs its type and what it does"


def test_the_nested_claim_codes_are_documented():
    row = " ".join(_rules_table()["claim_codes"])
    for field in fields(ClaimCodes):
        assert f"`{field.name}`" in row, f"docs/events.md: claim_codes should name its field {field.name}"


def test_the_rules_table_names_only_real_fields():
    stale = set(_rules_table()) - {f.name for f in fields(EventRules)}
    assert not stale, f"docs/events.md documents rules fields that EventRules does not have: {sorted(stale)}"


# ---- (b) the stages' settings ---------------------------------------------------------------------------------------

def _settings() -> dict[tuple[str, str], object]:
    found = {}
    for stage in REGISTRY:
        for param in inspect.signature(stage_class(stage).__init__).parameters.values():
            if param.kind is inspect.Parameter.KEYWORD_ONLY:
                found[(stage, param.name)] = param.default
    return found


def _settings_table() -> dict[tuple[str, str], list[str]]:
    rows = _rows(_section(DOCS / "stages.md", "Settings"))
    return {(stage, name): row[2:] for row in rows if len(row) >= 4 and (stage := _code(row[0])) and (name := _code(row[1]))}


@pytest.mark.parametrize(("stage", "setting"), list(_settings()))
def test_every_stage_setting_is_documented_with_its_default(stage, setting):
    table = _settings_table()
    assert (stage, setting) in table, f"docs/stages.md: no row for the {stage} stage's setting {setting}"
    default, what = table[(stage, setting)][0], table[(stage, setting)][-1]
    assert default == f"`{_settings()[(stage, setting)]!r}`", f"docs/stages.md: {stage}.{setting} defaults to {_settings()[(stage, setting)]!r}"
    assert _described(what), f"docs/stages.md: say what {stage}.{setting} does"


def test_the_settings_table_names_only_real_settings():
    stale = set(_settings_table()) - set(_settings())
    assert not stale, f"docs/stages.md documents settings the stages do not take: {sorted(stale)}"


def test_every_registered_stage_is_described():
    rows = _rows((DOCS / "stages.md").read_text(encoding="utf-8").split("## Settings")[0])
    described = {_code(row[0]) for row in rows}
    assert set(REGISTRY) <= described, f"docs/stages.md: stages without a row: {sorted(set(REGISTRY) - described)}"


# ---- (c) the command line -------------------------------------------------------------------------------------------

def _reference_script():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _visible_commands() -> dict[str, click.Command]:
    return {name: command for name, command in cli.commands.items() if not command.hidden}


def test_the_cli_reference_is_current():
    expected = _reference_script().reference()
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == expected, "docs/cli.md is out of date: run python scripts/cli_reference.py"


@pytest.mark.parametrize("name", sorted(_visible_commands()))
def test_every_command_and_option_is_in_the_reference_with_help(name):
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    section = reference.split(f"\n## eventlens {name}\n", 1)
    assert len(section) == 2, f"docs/cli.md has no section for eventlens {name}"
    body = section[1].split("\n## ", 1)[0]
    for param in _visible_commands()[name].params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help and _described(param.help), f"eventlens {name} {param.opts[0]}: its help says nothing"
            assert all(opt in body for opt in param.opts), f"docs/cli.md: eventlens {name} lacks {param.opts}"


@pytest.mark.parametrize("name", sorted(_visible_commands()))
def test_every_command_is_described_in_the_readme_or_a_topic_page(name):
    prose = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *DOCS.glob("*.md")] if p.name != "cli.md")
    assert f"eventlens {name}" in prose, f"no page but the generated reference mentions eventlens {name}"


def test_the_readme_links_the_cli_reference():
    assert "docs/cli.md" in (ROOT / "README.md").read_text(encoding="utf-8")


# ---- (d) the web API ------------------------------------------------------------------------------------------------

def _api_routes() -> set[str]:
    from eventlens.web import api

    found = set()
    for route in api.routes():
        for method in sorted(route.methods - {"HEAD"}):
            found.add(f"{method} {re.sub(r'{[^}]*}', '{}', route.path)}")
    return found


def _documented_endpoints() -> set[str]:
    rows = _rows(_section(DOCS / "web.md", "JSON API"))
    found = set()
    for row in rows:
        match = re.fullmatch(r"`(GET|POST|PUT|DELETE) (/api/[^`?\s]*)[^`]*`", row[0])
        if match and _described(" ".join(row[1:]) + " " + match.group(2).replace("/", " ")):
            found.add(f"{match.group(1)} {re.sub(r'{[^}]*}', '{}', match.group(2))}")
    return found


def test_every_list_endpoint_is_a_route():
    from eventlens.web.endpoints import LIST_ENDPOINTS

    assert {f"GET {e.path}" for e in LIST_ENDPOINTS} <= _api_routes()


@pytest.mark.parametrize("endpoint", sorted(_api_routes()))
def test_every_api_endpoint_is_documented(endpoint):
    assert endpoint in _documented_endpoints(), f"docs/web.md's JSON API table has no row for {endpoint}"


def test_the_api_table_names_only_real_endpoints():
    stale = _documented_endpoints() - _api_routes()
    assert not stale, f"docs/web.md documents endpoints the app does not serve: {sorted(stale)}"
