"""Great-circle distances and the error-curve summaries used to score geocoding."""

from __future__ import annotations

import math
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = math.pi * EARTH_RADIUS_KM  # half the circumference: the largest possible error


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def error_auc(errors_km: Sequence[float]) -> float:
    """Area under the curve of log errors, scaled to [0, 1]; lower is better.

    Each error ``e`` becomes ``ln(1 + e) / ln(1 + MAX_ERROR_KM)`` (0 for an exact
    hit, 1 for the antipode) and the AUC is their mean, i.e. the normalised
    area under the sorted log-error curve (Gritta et al. 2018).
    """
    if not errors_km:
        return 0.0
    top = math.log1p(MAX_ERROR_KM)
    return sum(math.log1p(min(e, MAX_ERROR_KM)) / top for e in errors_km) / len(errors_km)
