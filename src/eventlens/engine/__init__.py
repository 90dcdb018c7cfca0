"""Engines that run the pipeline over a corpus into a store: local (processes) and Dask."""

from .api import check_engine, ingest, recode
from .pool import Budget
from .runner import Summary
from .work import PipelineSpec

__all__ = ["Budget", "PipelineSpec", "Summary", "check_engine", "ingest", "recode"]
