"""Shipped actor dictionary files (see docs/actors.md)."""
