"""The query parameter table shared by the CLI and the web API."""

from __future__ import annotations

import pytest

from eventlens.store.params import (
    FILTERS,
    PARAMS,
    QueryError,
    option_label,
    parse_query,
)


def check(query, **kw):
    kw = {"allowed": FILTERS["timeline"], "default_limit": 100, "max_limit": 10_000, "max_offset": None} | kw
    return parse_query(query, **kw)


def test_values_are_parsed_and_blank_ones_dropped():
    filters, page = check({"actor": " irn ", "quad": "2", "since": "2024-05", "text": "  ", "limit": "7", "offset": "3"})
    # an actor stays as typed: 'irn' is resolved against the store (eventlens.store.lookup), which may know it as a name
    assert filters == {"actor": "irn", "quad": 2, "since": "2024-05"}
    assert (page.limit, page.offset) == (7, 3)
    assert check({})[1].limit == 100


@pytest.mark.parametrize(("query", "word"), [
    ({"limit": "0"}, "--limit must be >= 1"),
    ({"limit": "10001"}, "--limit must be <= 10000"),
    ({"offset": "-2"}, "--offset must be >= 0"),
    ({"actor": "IRN;"}, "--actor must be an actor code"),
    ({"actor": "<b>"}, "--actor must be an actor code"),
    ({"min_confidence": "1.5"}, "--min_confidence must be between 0 and 1"),
    ({"direction": "both"}, "--direction must be one of one, either"),
    ({"since": "2024-02-30"}, "--since is not a real date"),
    ({"interval": "fortnight"}, "--interval must be one of"),
    ({"frame": "economic"}, "unknown parameter(s): frame"),
])
def test_bad_values_raise_query_error_naming_the_option(query, word):
    with pytest.raises(QueryError) as exc:
        check(query, label=option_label)
    assert word in str(exc.value) and exc.value.exit_code == 2


def test_offset_bound_is_optional():
    assert check({"offset": "5000000"})[1].offset == 5_000_000
    with pytest.raises(QueryError):
        check({"offset": "5000000"}, max_offset=1_000_000)


def test_every_filter_is_a_declared_parameter():
    assert {p for names in FILTERS.values() for p in names} <= set(PARAMS)
