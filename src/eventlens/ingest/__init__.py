"""Reading inputs into :class:`~eventlens.model.Article` objects.

* :mod:`.document`  one document (text, Markdown, HTML) from a file, stdin or bytes
* :mod:`.records`   corpora: files, folders, globs, JSONL/JSON/CSV/TSV tables and RSS/Atom feeds, gzipped or not
* :mod:`.formats`   the record formats' parsers
* :mod:`.sniff`     telling formats apart from their first bytes
* :mod:`.dates`     the one date rule for record fields and HTML metadata
* :mod:`.language`  the "does this read as English" check
"""

from .document import article_from_bytes, decode_bytes, read_article
from .items import FieldMap, FileEnd, Quarantined, Record
from .records import check_options, estimate_records, expand_paths, read_corpus

__all__ = [
    "FieldMap",
    "FileEnd",
    "Quarantined",
    "Record",
    "article_from_bytes",
    "check_options",
    "decode_bytes",
    "estimate_records",
    "expand_paths",
    "read_article",
    "read_corpus",
]
