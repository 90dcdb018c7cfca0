"""Hostile inputs for ``eventlens.analyze`` (hypothesis strategies) and the checks every answer must pass.

Used by ``tests/limits/test_fuzz.py`` (a small run in CI) and ``bench/fuzz.py`` (>= 10,000 inputs).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

import eventlens
from eventlens.errors import EventlensError

NAMES = ["Iran", "Iraq", "Israel", "Gaza", "Hamas", "the United Nations", "Egypt's army", "Tehran", "Washington",
         "Russia", "Ukraine", "Kyiv", "NATO", "the European Union", "Beijing", "Saudi Arabia", "officials", "rebels"]
WORDS = ["sent", "aid", "to", "attacked", "met", "accused", "said", "in", "on", "Monday", "the", "talks", "not",
         "will", "troops", "protest", "and", "of", "killed", "signed", "a", "deal", ",", ".", ";", "\"", "(", ")"]
SPECIALS = ["\ud800", "\udfff", "\x00", "\x1b[31m", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\ufeff", "\r", "\r\n",
            "\t", "\u200b", "\u202e", "\ufffe", "\U0001F600", "e\u0301", "ﬁ", "İ", "ß", "<p>", "</div>", "&amp;", "=cmd|",
            "\n\n", "\n", " ", "..." , "U.S.", "Mr.", "—", "‘", "”"]


def _join(parts: list[str]) -> str:
    return " ".join(parts)


def texts() -> st.SearchStrategy[str]:
    """Short and long, broken and adversarial texts (up to about 100 KB)."""
    token = st.one_of(st.sampled_from(NAMES), st.sampled_from(WORDS), st.sampled_from(SPECIALS),
                      st.text(st.characters(codec=None, categories=None), max_size=8))
    prose = st.lists(token, min_size=1, max_size=400).map(_join)
    raw = st.text(st.characters(codec=None, categories=None), min_size=1, max_size=2000)
    def one_word_paragraphs(most: int) -> st.SearchStrategy[str]:
        return st.tuples(st.sampled_from(["Iran.", "word", "x", "Gaza", "—"]), st.integers(1, most)).map(
            lambda t: "\n\n".join([t[0]] * t[1]))

    def one_long_sentence(most: int) -> st.SearchStrategy[str]:
        return st.tuples(st.sampled_from(NAMES), st.integers(1, most)).map(lambda t: ", ".join([t[0]] * t[1]) + " met.")

    def repeated(most: int) -> st.SearchStrategy[str]:
        return st.tuples(prose, st.integers(1, most)).map(lambda t: (t[0] + "\n") * t[1])

    small = [prose, raw, one_word_paragraphs(200), one_long_sentence(200), repeated(10)]
    large = [one_word_paragraphs(6000), one_long_sentence(4000), repeated(300)]  # up to 100 KB, seconds each
    # about one input in twelve is large, so a run of 10,000 takes under an hour on two busy cores
    return st.one_of(*(small * 6), *large).map(lambda s: s[:100_000])


def metadata() -> st.SearchStrategy[dict[str, Any]]:
    value = st.one_of(st.none(), st.text(st.characters(codec=None, categories=None), max_size=40))
    date = st.one_of(st.none(), st.sampled_from(["2024-02-29", "2023-02-29", "2024-13-01", "yesterday", "", "2024-1-1"]))
    return st.fixed_dictionaries({"title": value, "source": value, "url": value, "date": date})


@dataclass
class Tally:
    """What a fuzz run found."""

    inputs: int = 0
    analysed: int = 0
    refused: int = 0  # typed EventlensError (InputError for empty or over-limit text)
    untyped: list[str] = field(default_factory=list)
    offset_violations: list[str] = field(default_factory=list)
    slowest_s: float = 0.0  # wall time (inflated when other processes hold the cores)
    slowest_chars: int = 0
    slowest_cpu_s: float = 0.0  # CPU time of the slowest input by CPU: the cost itself
    slowest_cpu_input: str = ""
    reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "analysed": self.analysed, "refused": self.refused,
                "untyped_exceptions": len(self.untyped), "offset_violations": len(self.offset_violations),
                "slowest_s": round(self.slowest_s, 2), "slowest_chars": self.slowest_chars,
                "slowest_cpu_s": round(self.slowest_cpu_s, 2), "slowest_cpu_input": self.slowest_cpu_input,
                "examples": (self.untyped + self.offset_violations)[:5], "refusals": self.reasons}


def spans(data: dict[str, Any]) -> list[tuple[str, int, int, str | None]]:
    """(where, start, end, the text the item says it covers or None) of every span in an analysis's JSON."""
    out: list[tuple[str, int, int, str | None]] = []
    for key in ("paragraphs", "sentences", "passages"):
        out += [(key, d["start"], d["end"], None) for d in data.get(key) or []]
    for key in ("actors", "places"):
        out += [(key, d["start"], d["end"], d.get("text")) for d in data.get(key) or []]
    for e in data.get("events") or []:
        out.append(("event", e["start"], e["end"], None))
        if e.get("trigger_start") is not None:
            out.append(("trigger", e["trigger_start"], e["trigger_end"], e.get("trigger")))
        for side in ("source", "target"):
            actor = e.get(side) or {}
            if actor.get("start") is not None:
                out.append((f"event {side}", actor["start"], actor["end"], None))
    return out


def check_one(text: str, meta: dict[str, Any], tally: Tally) -> None:
    """Analyse one input and record the outcome: analysed (offsets checked, JSON valid), refused, or untyped."""
    tally.inputs += 1
    began, cpu = time.perf_counter(), time.process_time()
    try:
        analysis = eventlens.analyze(text, **meta)
    except EventlensError as exc:
        tally.refused += 1
        key = type(exc).__name__ + ": " + str(getattr(exc, "reason", exc)).split(":")[0][:60]
        tally.reasons[key] = tally.reasons.get(key, 0) + 1
        return
    except Exception as exc:  # noqa: BLE001 - what the fuzz run counts
        tally.untyped.append(f"{type(exc).__name__}: {exc} on {text[:80]!r}")
        return
    finally:
        took, used = time.perf_counter() - began, time.process_time() - cpu
        if took > tally.slowest_s:
            tally.slowest_s, tally.slowest_chars = took, len(text)
        if used > tally.slowest_cpu_s:
            tally.slowest_cpu_s, tally.slowest_cpu_input = used, f"{len(text):,} characters: {text[:40]!r}"
    tally.analysed += 1
    data = analysis.to_dict()
    json.dumps(data)  # every string in it is valid Unicode
    body = analysis.article.text
    for where, start, end, said in spans(data):
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(body)):
            tally.offset_violations.append(f"{where} [{start}, {end}) outside 0..{len(body)} in {text[:60]!r}")
        elif said is not None and where != "places" and body[start:end] != said:
            tally.offset_violations.append(f"{where} [{start}, {end}) reads {body[start:end]!r}, says {said!r}")
