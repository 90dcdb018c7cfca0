from __future__ import annotations

import pytest

from eventlens.geo.distance import MAX_ERROR_KM, error_auc, haversine_km


def test_haversine_known_distance() -> None:
    # Paris - London is about 344 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=3)
    assert haversine_km(10.0, 10.0, 10.0, 10.0) == 0.0


def test_antipode_is_max_error() -> None:
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(MAX_ERROR_KM, rel=1e-6)


def test_auc_bounds() -> None:
    assert error_auc([0.0, 0.0]) == 0.0
    assert error_auc([MAX_ERROR_KM]) == pytest.approx(1.0)
    assert 0.0 < error_auc([10.0, 1000.0]) < 1.0
    assert error_auc([]) == 0.0
