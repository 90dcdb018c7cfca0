"""Check an annotator's output file against its batch and the codebook (docs/annotation.md).

Usage::

    python training/annotation/validate.py /work/annot/out/A/b001.jsonl --batch /work/annot/batches/b001.jsonl
    python training/annotation/validate.py OUT1 OUT2 ... --batch-dir /work/annot/batches   # batch by file name
    python training/annotation/validate.py /work/annot/corrections/b005.jsonl --partial      # only the ids present

Prints ``FILE:LINE: error|warning: message`` lines and a summary; exits 1 when there is an error.
Standard library only; reads the project's CAMEO/PLOVER and actor tables from ``src/eventlens/data``.

``resolve_record`` / ``resolve_file`` turn annotations into character offsets (sentence offsets, and for
GWN/TR-News article offsets through the pool's whitespace map) for building the corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "eventlens" / "data"

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "negated")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# sector codes the codebook lists (docs/annotation.md, "Actor codes")
MAIN_SECTORS = frozenset(
    "GOV MIL COP JUD LEG OPP REB CVL BUS MED EDU HLH LAB AGR CRM REF REL NGO IGO ELI PTY SPY UAF "
    "MNC DEV ENV HRI MUS CHR JEW HIN BUD".split()
)
CODE_RE = re.compile(r"^(?:[A-Z]{3}|---)(?:[A-Z]{3})*$")
RECORD_KEYS = {"id", "actors", "events", "note"}
ACTOR_KEYS = {"text", "n", "code"}
EVENT_KEYS = {"trigger", "n", "cameo", "plover", "source", "target", "modality"}


# --------------------------------------------------------------------------- tables

def _rows(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    return {r[0]: r[2] if len(r) > 2 else "" for r in _rows(DATA / "events" / "cameo_codes.tsv")}


@lru_cache(maxsize=1)
def plover_map() -> dict[str, str]:
    """CAMEO code -> PLOVER type: plover_overrides.tsv first, then cameo2plover.tsv; 02x -> REQUEST."""
    out: dict[str, str] = {}
    for r in _rows(DATA / "events" / "cameo2plover.tsv"):
        if len(r) > 1 and r[1]:
            out.setdefault(r[0].strip(), r[1].strip())
    for r in _rows(DATA / "events" / "plover_overrides.tsv"):
        if len(r) > 1 and r[1]:
            out[r[0].strip()] = r[1].strip()
    for code in cameo_names():
        if code.startswith("02") and len(code) >= 3:
            out[code] = "REQUEST"
    return out


def expected_plover(cameo: str) -> str | None:
    return plover_map().get(cameo)


# First parts of src/eventlens/actors/codes.py NON_COUNTRY_PREFIXES that are organisation or religion prefixes,
# not regions (organisations are handled by actor_groups; religions stay sectors here).
_NON_REGION_PREFIXES = frozenset("IGO NGO IMG MNC INT UIS --- BUD CHR HIN JEW MUS MOS".split())
# fallback when codes.py cannot be read (same list as codes.py, version of 2025)
_REGIONS_FALLBACK = frozenset(
    "AFR ASA BLK CAS CAU CFR CRB EAF EEU EIN EUR LAM MEA MDT NAF NMR PGS SAF SAM SAS SCN SEA SOA WAF WEU WST".split()
)


@lru_cache(maxsize=1)
def region_prefixes() -> frozenset[str]:
    """Region codes that stand first in an actor code ("WST" the West, "EUR" Europe ...): the regions of
    ``NON_COUNTRY_PREFIXES`` in src/eventlens/actors/codes.py (read as text, so no package import)."""
    import ast

    path = REPO / "src" / "eventlens" / "actors" / "codes.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return _REGIONS_FALLBACK
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "NON_COUNTRY_PREFIXES" for t in node.targets):
            found = {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            regions = frozenset(x for x in found if re.fullmatch(r"[A-Z]{3}", x)) - _NON_REGION_PREFIXES
            return regions or _REGIONS_FALLBACK
    return _REGIONS_FALLBACK


@lru_cache(maxsize=1)
def actor_groups() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(country codes, other known first groups, known later groups) from the shipped tables."""
    countries = {r[1] for r in _rows(DATA / "geo" / "countries.tsv") if len(r) > 1 and re.fullmatch(r"[A-Z]{3}", r[1])}
    prefixes: set[str] = {"IGO", "NGO", "MNC", "IMG"}
    later: set[str] = set(MAIN_SECTORS)
    for name in ("named.tsv", "curated.tsv", "countries.tsv", "agents.tsv"):
        path = DATA / "actors" / name
        if not path.exists():
            continue
        for r in _rows(path):
            if len(r) < 3 or not CODE_RE.match(r[1]) or r[1].startswith("---"):
                continue
            groups = [r[1][i : i + 3] for i in range(0, len(r[1]), 3)]
            if r[2] == "agent":
                later.update(groups)
            else:
                prefixes.add(groups[0])
                later.update(groups[1:])
    return frozenset(countries), frozenset(prefixes), frozenset(later)


def check_code(code: Any) -> tuple[list[str], list[str]]:
    """(errors, warnings) for one actor code."""
    if not isinstance(code, str) or not CODE_RE.match(code):
        return [f"code {code!r} is not of the form CCC[SSS...] (country/---/IGO... then 3-letter sectors)"], []
    countries, prefixes, later = actor_groups()
    groups = [code[i : i + 3] for i in range(0, len(code), 3)]
    errors: list[str] = []
    warnings: list[str] = []
    first = groups[0]
    regions = region_prefixes()
    if first == "---" and len(groups) > 1 and groups[1] in regions:
        errors.append(f"code {code!r}: a region stands first, without '---': write {code[3:]!r} "
                      f"(codebook 2.3, v1.2: 'the West' -> WST, 'European leaders' -> EURGOV)")
    if first != "---" and first not in countries and first not in prefixes and first not in regions:
        if first in MAIN_SECTORS or first in later:
            errors.append(f"code {code!r} starts with a sector; put the country (or ---) first, e.g. ---{code}")
        else:
            errors.append(f"code {code!r}: unknown country/prefix {first!r}")
    elif first in MAIN_SECTORS and first not in countries and first not in ("IGO", "NGO", "MNC"):
        warnings.append(f"code {code!r} starts with {first!r}, a sector code; is the country missing?")
    for g in groups[1:]:
        if g == "---":
            errors.append(f"code {code!r}: '---' only stands first")
        elif g not in later:
            warnings.append(f"code {code!r}: unknown sector {g!r}")
    return errors, warnings


# --------------------------------------------------------------------------- spans

def find_nth(text: str, sub: str, n: int) -> int:
    """Start of the n-th (1-based) occurrence of sub in text, overlapping occurrences counted; -1 if none."""
    if not sub or n < 1:
        return -1
    pos = -1
    for _ in range(n):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            return -1
    return pos


def occurrences(text: str, sub: str) -> int:
    count, pos = 0, text.find(sub)
    while pos >= 0 and sub:
        count += 1
        pos = text.find(sub, pos + 1)
    return count


def cuts_word(text: str, start: int, end: int) -> bool:
    """True when the span [start, end) begins or ends inside a word (e.g. "he" inside "the")."""
    return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < len(text) and text[end].isalnum() and text[end - 1].isalnum()
    )


def display_to_raw(offset: int, ws_map: list[list[int]] | None) -> int:
    """Map an offset in the displayed sentence (whitespace runs collapsed) to an offset in the raw sentence."""
    base_d, base_r = 0, 0
    for d, r in ws_map or []:
        if d > offset:
            break
        base_d, base_r = d, r
    return base_r + (offset - base_d)


# --------------------------------------------------------------------------- validation

class Report:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, line: int, msg: str) -> None:
        self.errors.append(f"{self.path}:{line}: error: {msg}")

    def warn(self, line: int, msg: str) -> None:
        self.warnings.append(f"{self.path}:{line}: warning: {msg}")


def read_jsonl(path: Path, report: Report | None = None) -> list[tuple[int, Any]]:
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((no, json.loads(line)))
        except json.JSONDecodeError as exc:
            if report is None:
                raise
            report.error(no, f"not valid JSON ({exc.msg} at column {exc.colno})")
    return out


def check_record(rec: Any, sentence: str, line: int, rep: Report) -> None:
    if not isinstance(rec, dict):
        rep.error(line, "line is not a JSON object")
        return
    for k in sorted(set(rec) - RECORD_KEYS):
        rep.warn(line, f"unexpected field {k!r}")
    actors = rec.get("actors")
    events = rec.get("events")
    if not isinstance(actors, list):
        rep.error(line, "'actors' must be a list")
        actors = []
    if not isinstance(events, list):
        rep.error(line, "'events' must be a list")
        events = []
    if "note" in rec and not isinstance(rec["note"], str):
        rep.error(line, "'note' must be a string")
    seen_spans: dict[tuple[int, int], int] = {}
    for i, a in enumerate(actors):
        where = f"actor {i}"
        if not isinstance(a, dict):
            rep.error(line, f"{where}: not an object")
            continue
        for k in sorted(ACTOR_KEYS - set(a)):
            rep.error(line, f"{where}: missing {k!r}")
        for k in sorted(set(a) - ACTOR_KEYS):
            rep.warn(line, f"{where}: unexpected field {k!r}")
        text, n = a.get("text"), a.get("n", 1)
        if not isinstance(text, str) or not text.strip():
            rep.error(line, f"{where}: 'text' must be a non-empty string")
        elif not isinstance(n, int) or isinstance(n, bool) or n < 1:
            rep.error(line, f"{where}: 'n' must be an integer >= 1")
        else:
            pos = find_nth(sentence, text, n)
            if pos < 0:
                k = occurrences(sentence, text)
                rep.error(line, f"{where}: {text!r} occurrence {n} not in the sentence" + (f" (it occurs {k}x)" if k else ""))
            else:
                if cuts_word(sentence, pos, pos + len(text)):
                    nxt = [k for k in range(n + 1, occurrences(sentence, text) + 1)
                           if not cuts_word(sentence, find_nth(sentence, text, k), find_nth(sentence, text, k) + len(text))]
                    rep.error(line, f"{where}: {text!r} occurrence {n} cuts a word"
                              + (f"; did you mean n={nxt[0]}?" if nxt else ""))
                if text != text.strip():
                    rep.warn(line, f"{where}: {text!r} has leading/trailing spaces")
                key = (pos, pos + len(text))
                if key in seen_spans:
                    rep.warn(line, f"{where}: same span as actor {seen_spans[key]}")
                seen_spans[key] = i
        if "code" in a:
            errs, warns = check_code(a.get("code"))
            for m in errs:
                rep.error(line, f"{where}: {m}")
            for m in warns:
                rep.warn(line, f"{where}: {m}")
    names = cameo_names()
    for j, e in enumerate(events):
        where = f"event {j}"
        if not isinstance(e, dict):
            rep.error(line, f"{where}: not an object")
            continue
        for k in sorted(EVENT_KEYS - set(e) - {"n"}):
            rep.error(line, f"{where}: missing {k!r}")
        for k in sorted(set(e) - EVENT_KEYS):
            rep.warn(line, f"{where}: unexpected field {k!r}")
        trig, n = e.get("trigger"), e.get("n", 1)
        if not isinstance(trig, str) or not trig.strip():
            rep.error(line, f"{where}: 'trigger' must be a non-empty string")
        elif not isinstance(n, int) or isinstance(n, bool) or n < 1:
            rep.error(line, f"{where}: 'n' must be an integer >= 1")
        elif find_nth(sentence, trig, n) < 0:
            rep.error(line, f"{where}: trigger {trig!r} occurrence {n} not in the sentence")
        else:
            p0 = find_nth(sentence, trig, n)
            if cuts_word(sentence, p0, p0 + len(trig)):
                nxt = [k for k in range(n + 1, occurrences(sentence, trig) + 1)
                       if not cuts_word(sentence, find_nth(sentence, trig, k), find_nth(sentence, trig, k) + len(trig))]
                rep.error(line, f"{where}: trigger {trig!r} occurrence {n} cuts a word"
                          + (f"; did you mean n={nxt[0]}?" if nxt else ""))
        cameo = e.get("cameo")
        if not isinstance(cameo, str) or not re.fullmatch(r"\d{3,4}", cameo):
            rep.error(line, f"{where}: cameo {cameo!r} must be a string of 3 or 4 digits")
        elif cameo not in names:
            rep.error(line, f"{where}: cameo {cameo!r} is not in cameo_codes.tsv")
        elif cameo[:2] == "01":
            rep.error(line, f"{where}: cameo {cameo!r}: public statements (01x) are not events; leave them out")
        elif not ("02" <= cameo[:2] <= "20"):
            rep.error(line, f"{where}: cameo {cameo!r}: root must be 02-20")
        else:
            want = expected_plover(cameo)
            got = e.get("plover")
            if want is None:
                rep.error(line, f"{where}: cameo {cameo!r} has no PLOVER type in the tables")
            elif got != want:
                rep.error(line, f"{where}: plover {got!r} does not match cameo {cameo} ({names[cameo]}): expected {want!r}")
        if e.get("plover") not in PLOVER_TYPES:
            rep.error(line, f"{where}: plover {e.get('plover')!r} is not one of the 16 PLOVER types")
        if e.get("modality") not in MODALITIES:
            rep.error(line, f"{where}: modality {e.get('modality')!r} not in {'|'.join(MODALITIES)}")
        roles = {}
        for role in ("source", "target"):
            v = e.get(role)
            if v is None:
                roles[role] = None
            elif isinstance(v, bool) or not isinstance(v, int) or not (0 <= v < len(actors)):
                rep.error(line, f"{where}: {role} {v!r} is not an index into actors (0..{len(actors) - 1}) or null")
                roles[role] = None
            else:
                roles[role] = v
        if roles.get("source") is not None and roles.get("source") == roles.get("target"):
            rep.error(line, f"{where}: source and target are the same actor ({roles['source']})")
        if "source" in e and "target" in e and e.get("source") is None and e.get("target") is None:
            rep.error(line, f"{where}: no source and no target; an event needs at least one actor (else it is not an event)")
    keyset = [(ev.get("trigger"), ev.get("n", 1), ev.get("cameo"), ev.get("source"), ev.get("target"))
              for ev in events if isinstance(ev, dict)]
    if len(keyset) != len(set(map(repr, keyset))):
        rep.warn(line, "duplicate event (same trigger, code, source and target)")


def validate(out_path: Path, batch_path: Path, partial: bool = False) -> Report:
    """Check an output file against its batch. ``partial``: the file holds only some of the batch's
    sentences (a corrections file): check those records, in batch order, and do not ask for the rest."""
    rep = Report(str(out_path))
    batch = [r for _, r in read_jsonl(batch_path)]
    recs = read_jsonl(out_path, rep)
    ids = [r.get("id") if isinstance(r, dict) else None for _, r in recs]
    by_id = {r["id"]: r for r in batch}
    position = {r["id"]: i for i, r in enumerate(batch)}
    last_pos = -1
    seen: set[str] = set()
    for k, (line, rec) in enumerate(recs):
        rid = ids[k]
        if rid not in by_id:
            rep.error(line, f"id {rid!r} is not in the batch {batch_path.name}")
            continue
        if rid in seen:
            rep.error(line, f"id {rid!r} appears more than once")
            continue
        seen.add(rid)
        if partial:
            pos = position[rid]
            if pos < last_pos:
                rep.error(line, f"out of order: {rid!r} (batch position {pos + 1}) comes after batch position {last_pos + 1}")
            last_pos = max(last_pos, pos)
        elif k < len(batch) and batch[k]["id"] != rid:
            rep.error(line, f"out of order: line holds {rid!r}, batch position {k + 1} is {batch[k]['id']!r}")
        check_record(rec, by_id[rid]["text"], line, rep)
    missing = [r["id"] for r in batch if r["id"] not in seen]
    if missing and not partial:
        rep.error(len(recs) + 1 if recs else 1, f"{len(missing)} batch id(s) missing, first: {missing[:3]}")
    return rep


# --------------------------------------------------------------------------- offsets

def resolve_record(rec: dict[str, Any], row: dict[str, Any], pool_row: dict[str, Any] | None = None) -> dict[str, Any]:
    """Annotation -> offsets. ``start``/``end`` are offsets into the sentence as shown in the batch;
    with a pool row of GWN/TR-News also ``doc_start``/``doc_end`` into the article text (as
    ``eventlens.evaluation.geoparse`` reads it), and for NewsMTSC offsets into ``sentence_normalized``."""
    sent = row["text"]

    def span(text: str, n: int) -> dict[str, Any]:
        s = find_nth(sent, text, n)
        if s < 0:
            raise ValueError(f"{row['id']}: {text!r} occurrence {n} not found")
        out: dict[str, Any] = {"start": s, "end": s + len(text)}
        if pool_row is not None and "start" in pool_row:
            ws = pool_row.get("ws_map")
            out["doc_start"] = pool_row["start"] + display_to_raw(s, ws)
            out["doc_end"] = pool_row["start"] + display_to_raw(s + len(text), ws)
        return out

    actors = [dict(a, **span(a["text"], a.get("n", 1))) for a in rec.get("actors", [])]
    events = []
    for e in rec.get("events", []):
        sp = span(e["trigger"], e.get("n", 1))
        events.append(dict(e, trigger_start=sp["start"], trigger_end=sp["end"],
                           **({"trigger_doc_start": sp["doc_start"], "trigger_doc_end": sp["doc_end"]} if "doc_start" in sp else {})))
    out = {"id": rec["id"], "corpus": row.get("corpus"), "doc": row.get("doc"), "split": row.get("split"),
           "actors": actors, "events": events, "note": rec.get("note", "")}
    if pool_row is not None:
        for k in ("start", "end", "sha256", "primary_gid", "source_file"):
            if k in pool_row:
                out["sentence_" + k if k in ("start", "end") else k] = pool_row[k]
    return out


def resolve_file(out_path: Path, batch_path: Path, pool_path: Path | None = None) -> list[dict[str, Any]]:
    """Resolve a validated annotator file; raises ValueError on a span that cannot be found."""
    batch = {r["id"]: r for _, r in read_jsonl(batch_path)}
    pool = {r["id"]: r for _, r in read_jsonl(pool_path)} if pool_path else {}
    return [resolve_record(rec, batch[rec["id"]], pool.get(rec["id"])) for _, rec in read_jsonl(out_path)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Validate annotator output against its batch and docs/annotation.md.")
    ap.add_argument("files", nargs="+", type=Path, help="annotator output file(s), one JSON object per line")
    ap.add_argument("--batch", type=Path, help="the batch file (for a single output file)")
    ap.add_argument("--batch-dir", type=Path, default=Path("/work/annot/batches"),
                    help="where to find the batch of the same file name (default /work/annot/batches)")
    ap.add_argument("--quiet-warnings", action="store_true", help="print errors only")
    ap.add_argument("--partial", action="store_true",
                    help="the file holds only some sentences of the batch (e.g. /work/annot/corrections/bNNN.jsonl): "
                         "check the ids present, in batch order, and do not report missing ones")
    ap.add_argument("--resolve", type=Path, metavar="POOL", help="also print resolved offsets using pool.jsonl")
    args = ap.parse_args(argv)
    if args.batch and len(args.files) > 1:
        ap.error("--batch takes one output file; use --batch-dir for several")
    n_err = n_warn = 0
    for f in args.files:
        batch = args.batch or args.batch_dir / f.name
        if not batch.exists():
            print(f"{f}: error: batch file {batch} not found")
            n_err += 1
            continue
        rep = validate(f, batch, partial=args.partial)
        line_no = lambda m: int(m[len(str(f)) + 1 :].split(":", 1)[0])  # noqa: E731
        rep.errors.sort(key=line_no)
        rep.warnings.sort(key=line_no)
        for m in rep.errors:
            print(m)
        if not args.quiet_warnings:
            for m in rep.warnings:
                print(m)
        n_err += len(rep.errors)
        n_warn += len(rep.warnings)
        if args.resolve and not rep.errors:
            for r in resolve_file(f, batch, args.resolve):
                print(json.dumps(r, ensure_ascii=False))
    print(f"{len(args.files)} file(s): {n_err} error(s), {n_warn} warning(s)")
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main())
