"""The network view's picture depends on the dyads only, not on the order the store returns them in."""

from __future__ import annotations

import random
from types import SimpleNamespace

from eventlens.web.graph import network_view


def _service(rows: list[dict]) -> SimpleNamespace:
    return SimpleNamespace(rows=lambda kind, **f: list(rows), source=SimpleNamespace(call=lambda name, codes: {}))


def _dyads() -> list[dict]:
    codes = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG"]
    rows = []
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            rows.append({"source": a, "target": b, "events": 1 + (ord(a[0]) + ord(b[0])) % 3, "goldstein_mean": 0.0})
    return rows


def test_the_same_dyads_in_any_order_draw_the_same_picture() -> None:
    rows = _dyads()
    first = network_view(_service(rows), {"edges": 12})
    for seed in range(3):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        again = network_view(_service(shuffled), {"edges": 12})
        assert again["nodes"] == first["nodes"] and again["edges"] == first["edges"] and again["communities"] == first["communities"]
    assert first["totals"]["edges_drawn"] == 12 and first["totals"]["hidden"]["by_limit"] == len(rows) - 12
