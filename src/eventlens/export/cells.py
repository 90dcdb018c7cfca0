"""Values made safe for the file formats eventlens writes (docs/store.md, "Exports and hostile values").

* :func:`tsv_cell`: one line with no control characters (tab, carriage return and line feed included), so a TSV
  row always has its number of columns;
* :func:`defuse`: a spreadsheet formula neutralised: a text cell that starts with ``=``, ``+``, ``-``, ``@``
  (or a tab or carriage return before one) gets a leading apostrophe, which spreadsheets show as text and never
  evaluate; a number (``-5.0``, ``+3``) is left alone. ``--raw-cells`` keeps the values as stored;
* :func:`xml_text`: a string XML 1.0 can hold (GraphML, GEXF): characters XML forbids, and the line controls a
  parser would not give back as written, become spaces.
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TSV_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NOT_XML = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def defuse(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula (numbers are left alone)."""
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def tsv_cell(text: str, *, raw: bool = False) -> str:
    """A TSV field: control characters (tab, CR, LF among them) become spaces; formulas defused unless ``raw``."""
    text = _TSV_CONTROL.sub(" ", text)
    return text if raw else defuse(text)


def csv_cell(value: object, *, raw: bool = False) -> object:
    """A CSV field: text defused unless ``raw`` (quoting, line breaks included, is the CSV writer's job)."""
    return defuse(value) if isinstance(value, str) and not raw else value


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold, and tab/CR/LF/C1 controls, replaced by a space."""
    return _NOT_XML.sub(" ", text)
