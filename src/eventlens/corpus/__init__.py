"""Reading corpora: files, folders, globs, JSONL/CSV tables and RSS/Atom feeds, gzipped or not."""

from .read import (
    FieldMap,
    FileEnd,
    Quarantined,
    Record,
    check_options,
    estimate_records,
    expand_paths,
    read_corpus,
)

__all__ = ["FieldMap", "FileEnd", "Quarantined", "Record", "check_options", "estimate_records", "expand_paths", "read_corpus"]
