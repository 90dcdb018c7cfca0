"""Tiny in-code gazetteer shared by the geo tests."""

from __future__ import annotations

import pytest

from eventlens.geo.index import Gazetteer, gazetteer_from_records

RECORDS = [
    {"name": "United States", "cc": "US", "fclass": "A", "fcode": "PCLI", "lat": 39.76, "lon": -98.5, "population": 327_000_000, "alts": ["U.S.", "America"]},
    {"name": "Egypt", "cc": "EG", "fclass": "A", "fcode": "PCLI", "lat": 27.0, "lon": 30.0, "population": 98_000_000},
    {"name": "Louisiana", "cc": "US", "admin1": "LA", "fclass": "A", "fcode": "ADM1", "lat": 31.0, "lon": -92.0, "population": 4_600_000, "abbrevs": ["La.", "LA"]},
    {"name": "Virginia", "cc": "US", "admin1": "VA", "fclass": "A", "fcode": "ADM1", "lat": 37.5, "lon": -78.9, "population": 8_500_000, "abbrevs": ["Va.", "VA"]},
    {"name": "Alexandria", "cc": "EG", "admin1": "06", "lat": 31.2, "lon": 29.92, "population": 5_000_000},
    {"name": "Alexandria", "cc": "US", "admin1": "LA", "lat": 31.31, "lon": -92.45, "population": 47_000},
    {"name": "Alexandria", "cc": "US", "admin1": "VA", "lat": 38.8, "lon": -77.05, "population": 155_000},
    {"name": "Cairo", "cc": "EG", "admin1": "11", "fcode": "PPLC", "lat": 30.06, "lon": 31.25, "population": 7_700_000},
    {"name": "Paris", "cc": "FR", "admin1": "11", "fcode": "PPLC", "lat": 48.85, "lon": 2.35, "population": 2_100_000},
    {"name": "Paris", "cc": "US", "admin1": "TX", "lat": 33.66, "lon": -95.55, "population": 25_000},
    {"name": "Dallas", "cc": "US", "admin1": "TX", "lat": 32.78, "lon": -96.8, "population": 1_300_000},
    {"name": "Qom", "cc": "IR", "admin1": "39", "fclass": "A", "fcode": "ADM1", "lat": 34.8, "lon": 50.9, "population": 1_000_000},
    {"name": "Qom", "cc": "IR", "admin1": "39", "lat": 34.64, "lon": 50.88, "population": 900_000},
    {"name": "Atlantic Ocean", "fclass": "H", "fcode": "OCN", "lat": 10.0, "lon": -25.0, "alts": ["Atlantic"]},
    {"name": "Atlantic", "cc": "US", "admin1": "IA", "lat": 41.4, "lon": -95.0, "population": 7_000},
    {"name": "France", "cc": "FR", "fclass": "A", "fcode": "PCLI", "lat": 46.0, "lon": 2.0, "population": 67_000_000},
    {"name": "Centre", "cc": "BF", "admin1": "03", "fclass": "A", "fcode": "ADM1", "lat": 12.35, "lon": -1.6, "population": 2_000_000},
    {"name": "Centre", "cc": "FR", "admin1": "24", "fclass": "A", "fcode": "ADM1", "lat": 47.5, "lon": 1.75, "population": 2_500_000},
    {"name": "West Coast", "cc": "NZ", "admin1": "12", "fclass": "A", "fcode": "ADM1", "lat": -42.45, "lon": 171.2, "population": 32_000},
]


@pytest.fixture(scope="session")
def tiny_gazetteer() -> Gazetteer:
    return gazetteer_from_records(RECORDS, iso3={"US": "USA", "EG": "EGY", "FR": "FRA", "IR": "IRN", "BF": "BFA", "NZ": "NZL"}, demonyms={"Egyptian": "Egypt"})
