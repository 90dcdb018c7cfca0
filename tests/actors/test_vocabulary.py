"""The declared sector vocabulary is the one the shipped agent entries use."""

from __future__ import annotations

from eventlens.actors.vocabulary import agent_sectors, country_codes, sector_codes


def test_declared_sectors_are_those_of_the_agent_entries() -> None:
    assert sector_codes() == agent_sectors()


def test_no_sector_is_a_country() -> None:
    assert not sector_codes() & country_codes()
