"""Build the candidate event pairs for the same-event (deduplication) annotation, docs/dedup-annotation.md.

Usage (from the repository root; needs ../shared and the base install)::

    python training/annotation/dedup_pairs.py analyse --out /work/annot/dedup   # eventlens over GWN + TR-News
    python training/annotation/dedup_pairs.py build --out /work/annot/dedup     # pairs, frozen split, batches
    python training/annotation/dedup_pairs.py corpus --out /work/annot/dedup \\
        --labels /work/annot/dedup/out/A --second /work/annot/dedup/out/B       # data/annotations/dedup-pairs-v1.jsonl

Everything written under ``--out`` holds corpus text (GeoWebNews and TR-News are GPL-3.0) and stays
OUTSIDE the repository. What ships (``data/annotations/dedup-pairs-v1.jsonl`` and the frozen test
split ``data/annotations/dedup-test-split.tsv``) holds document ids, character offsets, sha256 hashes
of the sentences and the event codes eventlens gave each report, never text.

Candidates are pairs of event reports coded by eventlens in the 318 articles, chosen *without* the
deduplication rule: every pair of reports that share the CAMEO root and are in the same article or share
at least one actor country, sampled in strata (same article / other article; both countries equal /
one equal) so that hard negatives and cross-article pairs are present. Every random choice is an
ordering by sha256 of a fixed seed and the pair id, so the same inputs give the same pairs anywhere.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from build_pool import normalize_ws, read_geo_articles  # noqa: E402

from eventlens.shared_data import add_shared_argument, shared_from_args  # noqa: E402

SEED = "eventlens-dedup-pairs-v1"
SPLIT_SEED = "eventlens-dedup-split-v1"
TEST_FRACTION = 0.40
BATCH_SIZE = 50
QUOTAS = {"same-article/same-key": 130, "same-article/other-key": 50, "cross/related-articles": 100, "cross/same-key": 110,
          "cross/one-country": 40}
RELATED = 0.18  # tf-idf cosine of two articles' words above which they are "related" (often one story)
SECOND_SHARE = 0.12
_URL_DAY = [re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/"), re.compile(r"(20\d\d)-(\d\d)-(\d\d)"), re.compile(r"(?<![0-9])(20\d\d)(\d\d)(\d\d)(?![0-9])"),
            re.compile(r"/(20\d\d)/([a-z]{3})/(\d\d)/")]
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_TR_DATE = [re.compile(r"([A-Z][a-z]{2,8})\.? (\d{1,2}),? (\d{4})"), re.compile(r"(\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4})"),
            re.compile(r"^(\d{4})-(\d\d)-(\d\d)"), re.compile(r"(\d{4}) ([A-Z][a-z]{2}) (\d{1,2})"),
            re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")]


def hkey(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(y: int, m: int, d: int) -> str | None:
    import datetime as dt

    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int | None:
    return _MONTHS.get(name[:3].lower())


def article_date(corpus: str, raw_date: str, link: str) -> str | None:
    """The article's day: TR-News ``dltime`` in its many forms, GeoWebNews the day in its URL (else None)."""
    if corpus == "gwn":
        for i, rx in enumerate(_URL_DAY):
            m = rx.search(link)
            if m:
                month = _month(m.group(2)) if i == 3 else int(m.group(2))
                if month and (day := _iso(int(m.group(1)), month, int(m.group(3)))):
                    return day
        return None
    text = raw_date.replace("DEC.", "Dec").replace("APRIL", "April")
    for i, rx in enumerate(_TR_DATE):
        m = rx.search(text)
        if not m:
            continue
        if i == 0 and _month(m.group(1)):
            return _iso(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        if i == 1 and _month(m.group(2)):
            return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if i == 2:
            return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if i == 3 and _month(m.group(2)):
            return _iso(int(m.group(1)), _month(m.group(2)), int(m.group(3)))
        if i == 4:
            return _iso(int(m.group(3)), int(m.group(1)), int(m.group(2)))  # 11/28/2016: US order (a day over 12 says so)
    return None


def _articles(shared: Path) -> list[dict[str, Any]]:
    import xml.etree.ElementTree as ET

    out = []
    for corpus, name in (("gwn", "GWN.xml"), ("trnews", "TR-News.xml")):
        path = shared / "data" / "geoparsing" / name
        root = ET.parse(path).getroot()
        links = {}
        for i, a in enumerate(root.iter("article")):
            doc = a.get("file") if corpus == "gwn" else a.get("docid")
            links[f"{corpus}-{doc if doc is not None else i}"] = (
                " ".join((a.findtext("link") or a.findtext("url") or "").split()),
                " ".join((a.findtext("domain") or "").split()))
        for art in read_geo_articles(path, corpus):
            link, domain = links[art["doc"]]
            outlet = domain or re.sub(r"^https?://(www\.)?", "", link).split("/")[0]
            raw_date = art["date"]
            if corpus == "trnews":
                raw_date = " ".join((root.find(f".//article[@docid='{art['doc'].split('-', 1)[1]}']").findtext("dltime") or "").split())
            out.append(art | {"corpus": corpus, "url": link, "outlet": outlet, "day": article_date(corpus, raw_date, link)})
    return out


def analyse(args: argparse.Namespace) -> int:
    """Run eventlens over every article; write the events with their sentences (corpus text: outside the repo)."""
    import eventlens
    from eventlens.api import default_pipeline
    from eventlens.model import Article
    from eventlens.shared_data import require_shared

    pipeline = default_pipeline()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n_events = 0
    with (out / "analyses.jsonl").open("w", encoding="utf-8") as fh:
        for art in _articles(require_shared(args.shared, near=REPO, needs="data/geoparsing")):
            analysis = pipeline(Article(text=art["text"], title=art["title"], date=art["day"], source=art["outlet"], url=art["url"]))
            sentences = {s.index: (s.start, s.end) for s in analysis.sentences}
            events = []
            for i, e in enumerate(analysis.events):
                s, t = sentences.get(e.sentence, (e.start, e.end))
                events.append({"idx": i, "sentence": [s, t], "trigger": [e.trigger_start, e.trigger_end],
                               "source": e.source.code if e.source else None, "target": e.target.code if e.target else None,
                               "source_span": [e.source.start, e.source.end] if e.source else None,
                               "target_span": [e.target.start, e.target.end] if e.target else None,
                               "cameo": e.cameo, "plover": e.plover, "quad_class": e.quad_class, "goldstein": e.goldstein,
                               "negated": e.negated, "modality": e.modality, "paragraph": e.paragraph,
                               "location": e.location, "confidence": e.confidence})
            n_events += len(events)
            fh.write(json.dumps({k: art[k] for k in ("doc", "corpus", "title", "url", "outlet", "day", "text")}
                                | {"events": events}, ensure_ascii=False) + "\n")
    print(f"analysed; {n_events} events, eventlens {eventlens.__version__}", file=sys.stderr)
    return 0


def _country(code: str | None) -> str:
    return (code or "")[:3]


def _stratum(a: dict[str, Any], b: dict[str, Any], related: set[tuple[str, str]]) -> str | None:
    """Which stratum a pair of reports belongs to, or None when it is no candidate (different CAMEO root, or
    other, unrelated articles with no actor country in common)."""
    if a["cameo"][:2] != b["cameo"][:2]:
        return None
    same_key = (_country(a["source"]), _country(a["target"])) == (_country(b["source"]), _country(b["target"]))
    if a["doc"] == b["doc"]:
        return "same-article/same-key" if same_key else "same-article/other-key"
    if (a["doc"], b["doc"]) in related or (b["doc"], a["doc"]) in related:
        return "cross/related-articles"
    if same_key and (a["source"] or a["target"]):
        return "cross/same-key"
    shared = {_country(a["source"]), _country(a["target"])} & {_country(b["source"]), _country(b["target"])} - {""}
    return "cross/one-country" if shared else None


def _reports(analyses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for art in analyses:
        for e in art["events"]:
            if e["trigger"][0] is None:
                continue
            out.append(e | {"doc": art["doc"], "corpus": art["corpus"], "day": art["day"], "outlet": art["outlet"]})
    return out


def pair_id(a: dict[str, Any], b: dict[str, Any]) -> str:
    return f"{a['doc']}:{a['trigger'][0]}-{a['trigger'][1]}|{b['doc']}:{b['trigger'][0]}-{b['trigger'][1]}"


def related_articles(analyses: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Pairs of articles whose words (title and text, tf-idf weighted) have a cosine of at least :data:`RELATED`:
    mostly two reports of one story. Article-level only: it knows nothing of the events or the dedup rule."""
    import math

    stop = set("the a an of to in and for on with by at from that this is was were be been are as it its his her their "
               "they he she said says will would has have had not but or who which after over more than".split())
    counts = {a["doc"]: collections.Counter(w for w in re.findall(r"[a-z]{3,}", (a["title"] + " " + a["text"]).lower())
                                            if w not in stop) for a in analyses}
    df = collections.Counter(w for c in counts.values() for w in c)
    n = len(counts)
    vectors = {}
    for doc, c in counts.items():
        v = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[doc] = {w: x / norm for w, x in v.items()}
    out = set()
    for d1, d2 in itertools.combinations(sorted(vectors), 2):
        a, b = vectors[d1], vectors[d2]
        if len(a) > len(b):
            a, b = b, a
        if sum(x * b.get(w, 0.0) for w, x in a.items()) >= RELATED:
            out.add((d1, d2))
    return out


def _candidates(reports: list[dict[str, Any]], related: set[tuple[str, str]]) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    strata: dict[str, list] = collections.defaultdict(list)
    by_root: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in reports:
        by_root[r["cameo"][:2]].append(r)
    for group in by_root.values():
        for a, b in itertools.combinations(sorted(group, key=lambda r: (r["doc"], r["trigger"][0])), 2):
            if a["doc"] == b["doc"] and a["sentence"] == b["sentence"]:
                continue  # two codings of one sentence: the coder's business, not deduplication's
            stratum = _stratum(a, b, related)
            if stratum:
                strata[stratum].append((a, b))
    return strata


def _select(strata: dict[str, list]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Up to QUOTAS[stratum] pairs per stratum, in hash order, at most 3 pairs per report (diversity) except
    between related articles (all of those, the rare cross-article reports of one story)."""
    chosen: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    ids: set[str] = set()  # a trigger coded as two events (two targets) is one report here: its pairs once
    for stratum, quota in QUOTAS.items():
        used: collections.Counter[str] = collections.Counter()
        taken = 0
        for a, b in sorted(strata.get(stratum, []), key=lambda p: hkey(SEED, stratum, pair_id(*p))):
            if pair_id(a, b) in ids:
                continue
            ka, kb = f"{a['doc']}:{a['trigger'][0]}", f"{b['doc']}:{b['trigger'][0]}"
            if stratum != "cross/related-articles" and (used[ka] >= 3 or used[kb] >= 3):
                continue
            used[ka] += 1
            used[kb] += 1
            chosen.append((stratum, a, b))
            ids.add(pair_id(a, b))
            taken += 1
            if taken >= quota:
                break
    return chosen


def is_test(pid: str) -> bool:
    return int(hkey(SPLIT_SEED, pid)[:12], 16) / float(16 ** 12) < TEST_FRACTION


def _side(r: dict[str, Any], text: str) -> dict[str, Any]:
    s, e = r["sentence"]
    loc = r.get("location") or {}
    return {"corpus": r["corpus"], "doc": r["doc"], "sentence": [s, e], "sha256": sha256(text[s:e]), "trigger": r["trigger"],
            "date": r["day"], "outlet": r["outlet"],
            "event": {"source": r["source"], "target": r["target"], "cameo": r["cameo"], "plover": r["plover"],
                      "quad_class": r["quad_class"], "goldstein": r["goldstein"], "negated": r["negated"], "modality": r["modality"],
                      "location": ({k: loc.get(k) for k in ("name", "country", "lat", "lon", "geonameid", "how")} if loc else None),
                      "source_span": r["source_span"], "target_span": r["target_span"], "paragraph": r["paragraph"],
                      "idx": r["idx"]}}


def _shown(r: dict[str, Any], art: dict[str, Any]) -> dict[str, Any]:
    """What the annotator sees of one report: title, date, outlet, two sentences of context, the sentence with
    its trigger in [[double brackets]] (no codes: the judgement is about the text, not the coder)."""
    text = art["text"]
    s, e = r["sentence"]
    ts, te = r["trigger"]
    marked = text[s:ts] + "[[" + text[ts:te] + "]]" + text[te:e]
    before = text[max(0, s - 400):s]
    return {"title": art["title"], "date": art["day"], "outlet": art["outlet"],
            "context": normalize_ws(before)[0][-400:], "sentence": normalize_ws(marked)[0]}


def build(args: argparse.Namespace) -> int:
    out = Path(args.out)
    analyses = [json.loads(line) for line in (out / "analyses.jsonl").read_text(encoding="utf-8").splitlines()]
    by_doc = {a["doc"]: a for a in analyses}
    strata = _candidates(_reports(analyses), related_articles(analyses))
    chosen = _select(strata)
    pool, split_rows = [], []
    for stratum, a, b in chosen:
        pid = pair_id(a, b)
        split = "test" if is_test(pid) else "dev"
        side_a, side_b = _side(a, by_doc[a["doc"]]["text"]), _side(b, by_doc[b["doc"]]["text"])
        pool.append({"id": pid, "split": split, "stratum": stratum, "a": side_a, "b": side_b,
                     "shown": {"a": _shown(a, by_doc[a["doc"]]), "b": _shown(b, by_doc[b["doc"]])}})
        if split == "test":
            split_rows.append((pid, hkey(side_a["sha256"], side_a["trigger"], side_b["sha256"], side_b["trigger"])))
    # annotation order: hash order, so strata and splits are mixed in every batch
    pool.sort(key=lambda p: hkey(SEED, "order", p["id"]))
    (out / "batches").mkdir(exist_ok=True)
    with (out / "pool.jsonl").open("w", encoding="utf-8") as fh:
        for p in pool:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    for i in range(0, len(pool), BATCH_SIZE):
        with (out / "batches" / f"d{i // BATCH_SIZE + 1:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for p in pool[i:i + BATCH_SIZE]:
                fh.write(json.dumps({"id": p["id"], "a": p["shown"]["a"], "b": p["shown"]["b"]}, ensure_ascii=False) + "\n")
    second = [p for p in pool if int(hkey(SEED, "second", p["id"])[:12], 16) / float(16 ** 12) < SECOND_SHARE]
    with (out / "batches" / "second.jsonl").open("w", encoding="utf-8") as fh:
        for p in second:
            fh.write(json.dumps({"id": p["id"], "a": p["shown"]["a"], "b": p["shown"]["b"]}, ensure_ascii=False) + "\n")
    lines = [f"{pid}\t{h}" for pid, h in sorted(split_rows)]
    digest = sha256("\n".join(lines) + "\n")
    split_file = Path(args.split_file)
    split_file.write_text(
        "# eventlens same-event pairs: the frozen test split (pair id, sha256 of its two sentence hashes and triggers)\n"
        f"# frozen before any pair was labelled or the deduplication rule tuned; sha256 of the lines below: {digest}\n"
        + "\n".join(lines) + "\n", encoding="utf-8")
    counts = collections.Counter((p["stratum"], p["split"]) for p in pool)
    summary = {"pairs": len(pool), "candidates_per_stratum": {k: len(v) for k, v in strata.items()},
               "chosen": {f"{s}/{sp}": n for (s, sp), n in sorted(counts.items())}, "second_annotation": len(second),
               "test_digest": digest}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))
    return 0


def corpus(args: argparse.Namespace) -> int:
    """Join the pool with the labels into the shipped corpus (offsets and hashes, no text)."""
    out = Path(args.out)
    pool = [json.loads(line) for line in (out / "pool.jsonl").read_text(encoding="utf-8").splitlines()]
    labels = _labels(Path(args.labels))
    second = _labels(Path(args.second)) if args.second else {}
    adjudicated = _labels(Path(args.adjudicated)) if args.adjudicated else {}
    rows = []
    for p in sorted(pool, key=lambda p: p["id"]):
        if p["id"] not in labels:
            continue
        label = adjudicated.get(p["id"], labels[p["id"]])
        note = {"first": labels[p["id"]]["label"]}
        if p["id"] in second:
            note["second"] = second[p["id"]]["label"]
        if p["id"] in adjudicated:
            note["adjudicated"] = True
        rows.append({"id": p["id"], "split": p["split"], "stratum": p["stratum"], "a": p["a"], "b": p["b"],
                     "label": label["label"], "annotation": note})
    target = Path(args.target)
    with target.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labelled pairs -> {target}", file=sys.stderr)
    return 0


def _labels(folder: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else [folder]
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if r.get("label") not in ("same", "different"):
                    raise SystemExit(f"{f}: pair {r.get('id')}: label must be 'same' or 'different', got {r.get('label')!r}")
                found[r["id"]] = r
    return found


def check(args: argparse.Namespace) -> int:
    """Check a label file against its batch: one object per pair, same order, a known label."""
    batch = [json.loads(line)["id"] for line in Path(args.batch).read_text(encoding="utf-8").splitlines() if line.strip()]
    problems = []
    rows = [line for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(rows) != len(batch):
        problems.append(f"{len(rows)} labels for {len(batch)} pairs")
    for n, (line, pid) in enumerate(zip(rows, batch), start=1):
        try:
            r = json.loads(line)
        except ValueError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        if r.get("id") != pid:
            problems.append(f"line {n}: id {r.get('id')!r}, the batch has {pid!r} here")
        if r.get("label") not in ("same", "different"):
            problems.append(f"line {n}: label must be 'same' or 'different', got {r.get('label')!r}")
        if not isinstance(r.get("note", ""), str):
            problems.append(f"line {n}: note must be text")
    for p in problems:
        print(p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def agreement(args: argparse.Namespace) -> int:
    """Cohen's kappa and raw agreement between two judges on the pairs both labelled; with ``--record``, also
    written as JSON (per split, the disagreements, and the pairs either judge noted as unsure)."""
    first, second = _labels(Path(args.first)), _labels(Path(args.second))
    both = sorted(set(first) & set(second))
    if not both:
        raise SystemExit("no pair is labelled by both judges")
    result = _kappa([(first[i]["label"], second[i]["label"]) for i in both])
    disagreements = [i for i in both if first[i]["label"] != second[i]["label"]]
    print(json.dumps(result | {"disagreements": disagreements}, indent=2))
    if args.record:
        pool = {p["id"]: p for p in map(json.loads, (Path(args.out) / "pool.jsonl").read_text(encoding="utf-8").splitlines())}
        splits = {s: _kappa([(first[i]["label"], second[i]["label"]) for i in both if pool[i]["split"] == s]) for s in ("dev", "test")}
        unsure = [{"id": i, "label": first[i]["label"], "first_note": first[i].get("note", ""), "second_note": second[i].get("note", "")}
                  for i in both if "unsure" in (first[i].get("note", "") + second[i].get("note", "")).lower()]
        record = {"codebook": "docs/dedup-annotation.md", "first": str(args.first), "second": str(args.second)} | result | {
            "by_split": splits, "disagreements": [{"id": i, "first": first[i]["label"], "second": second[i]["label"]} for i in disagreements],
            "adjudication": "none needed: no disagreement" if not disagreements else f"{len(disagreements)} pairs for a third reading (out/adjudicated.jsonl)",
            "unsure_agreed": unsure}
        Path(args.record).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _kappa(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Raw agreement and Cohen's kappa of two judges' ``same``/``different`` labels."""
    if not pairs:
        return {"pairs": 0}
    agree = sum(x == y for x, y in pairs) / len(pairs)
    p_same = [sum(x == "same" for x, _ in pairs) / len(pairs), sum(y == "same" for _, y in pairs) / len(pairs)]
    chance = p_same[0] * p_same[1] + (1 - p_same[0]) * (1 - p_same[1])
    kappa = (agree - chance) / (1 - chance) if chance < 1 else 1.0
    return {"pairs": len(pairs), "agreement": round(agree, 3), "kappa": round(kappa, 3),
            "same_first": sum(x == "same" for x, _ in pairs), "same_second": sum(y == "same" for _, y in pairs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("analyse", "build", "corpus", "check", "agreement"))
    parser.add_argument("file", nargs="?", help="check: the label file")
    parser.add_argument("--batch", help="check: the batch the label file answers")
    parser.add_argument("--first", default="/work/annot/dedup/out/A")
    add_shared_argument(parser)
    parser.add_argument("--out", default="/work/annot/dedup")
    parser.add_argument("--split-file", default=str(REPO / "data" / "annotations" / "dedup-test-split.tsv"))
    parser.add_argument("--labels", default="/work/annot/dedup/out/A")
    parser.add_argument("--second", default=None)
    parser.add_argument("--adjudicated", default=None)
    parser.add_argument("--record", default=None, help="agreement: also write the result as JSON here")
    parser.add_argument("--target", default=str(REPO / "data" / "annotations" / "dedup-pairs-v1.jsonl"))
    args = parser.parse_args(argv)
    if args.step in ("analyse", "build", "corpus"):  # the steps that read the GPL-3.0 texts
        args.shared = str(shared_from_args(parser, args.shared, near=REPO))
    return {"analyse": analyse, "build": build, "corpus": corpus, "check": check, "agreement": agreement}[args.step](args)


if __name__ == "__main__":
    sys.exit(main())
