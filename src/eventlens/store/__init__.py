"""The DuckDB store (schema in ``schema.sql``, documented in ``docs/store.md``) and its query layer."""

from .migrations import CURRENT_VERSION
from .store import WARNING, FileDone, QuarantineRow, Store

__all__ = ["CURRENT_VERSION", "WARNING", "FileDone", "QuarantineRow", "Store"]
