"""Geoparsing: an offline GeoNames-based gazetteer, toponym recognition and disambiguation.

* :mod:`.index` compiles the gazetteer into a compact index; :mod:`.cache` keeps it on disk and loads it once per process.
* :mod:`.recognize` finds toponym and demonym spans in a spaCy ``Doc``.
* :mod:`.resolve` picks a gazetteer record for each span from the article's evidence.
* :mod:`.distance` holds great-circle distance and error-curve helpers.
"""

from .distance import haversine_km
from .cache import load_gazetteer
from .index import Gazetteer

__all__ = ["Gazetteer", "haversine_km", "load_gazetteer"]
