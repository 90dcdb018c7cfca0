"""``eventlens eval geoparse``: score the places stage on a geoparsing gold corpus.

Reads both XML styles of the geoparsing benchmarks:

* GeoWebNews (``GWN.xml``): ``<toponym>`` with ``<start>/<end>``, a pragmatic
  ``<type>`` and ``<latitude>/<longitude>``;
* TR-News / LGL style: ``<toponym>`` with ``<start>/<end>``, ``<phrase>`` and a
  ``<gaztag>`` carrying GeoNames ``<lat>/<lon>``.

What is counted (see ``docs/geoparsing.md``): in GeoWebNews, the toponym
types of the pragmatic taxonomy (literal: Literal, Mixed, Coercion,
Embedded_Literal, Literal_Modifier; associative: Metonymic,
Non_Literal_Modifier, Embedded_Non_Lit, Demonym) are gold toponyms; expressions
(Literal_Expression, Non_Lit_Expression), Non_Toponym, Homonym and Language
are not. In TR-News every toponym is gold. Recognition is exact span match.
Resolution is scored on gold toponyms with coordinates that were recognised;
a recognised mention without coordinates counts as the largest possible error.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..geo.distance import MAX_ERROR_KM, error_auc, haversine_km
from ..model import Analysis, Article
from .metrics import f1 as f1_score
from .metrics import ratio

GWN_COUNTED = frozenset({
    "Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier",
    "Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym",
})


@dataclass(slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    type: str = ""


@dataclass(slots=True)
class GoldDoc:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def _align(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    """The gold offsets, moved to the nearest exact occurrence of the phrase when they are off by a few characters."""
    if text[start:end] == phrase:
        return start, end
    best = None
    for delta in range(1, 40):
        for s in (start - delta, start + delta):
            if 0 <= s and text[s : s + len(phrase)] == phrase:
                best = (s, s + len(phrase))
                break
        if best:
            return best
    return None


def read_corpus(path: Path, *, limit: int | None = None) -> list[GoldDoc]:
    """Gold documents from a GWN- or TR-News-style XML file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(str(path), f"not a readable geoparsing XML file ({exc})") from exc
    docs: list[GoldDoc] = []
    for article in root.iter("article"):
        if limit is not None and len(docs) >= limit:
            break
        text = article.findtext("text") or ""
        doc = GoldDoc(text=text)
        for t in article.iter("toponym"):
            gaztag = t.find("gaztag")
            ttype = (t.findtext("type") or "").strip()
            phrase = t.findtext("extractedName") if t.find("extractedName") is not None else t.findtext("phrase")
            if t.find("type") is not None and ttype not in GWN_COUNTED:
                continue
            try:
                start, end = int(t.findtext("start") or ""), int(t.findtext("end") or "")
            except ValueError:
                continue
            span = _align(text, start, end, phrase or text[start:end])
            if span is None:
                continue
            if gaztag is not None:
                lat, lon = _float(gaztag.findtext("lat")), _float(gaztag.findtext("lon"))
            else:
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            doc.toponyms.append(GoldToponym(span[0], span[1], text[span[0] : span[1]], lat, lon, ttype))
        docs.append(doc)
    if not docs:
        raise InputError(str(path), "no <article> elements found; expected GeoWebNews or TR-News XML")
    return docs


def score(golds: list[GoldDoc], predictions: list[list[Any]]) -> dict[str, Any]:
    """Recognition and resolution figures for predicted places (objects with start, end, lat, lon)."""
    n_gold = n_pred = tp = 0
    errors: list[float] = []
    for gold, preds in zip(golds, predictions):
        spans = {(g.start, g.end): g for g in gold.toponyms}
        n_gold += len(spans)
        seen: set[tuple[int, int]] = set()
        for p in preds:
            key = (p.start, p.end)
            if key in seen:
                continue
            seen.add(key)
            n_pred += 1
            g = spans.get(key)
            if g is None:
                continue
            tp += 1
            if g.lat is None or g.lon is None:
                continue
            if p.lat is None or p.lon is None:
                errors.append(MAX_ERROR_KM)
            else:
                errors.append(haversine_km(g.lat, g.lon, p.lat, p.lon))
    precision, recall = ratio(tp, n_pred), ratio(tp, n_gold)
    f1 = f1_score(precision, recall)
    return {
        "n_docs": len(golds),
        "n_gold": n_gold,
        "n_predicted": n_pred,
        "n_correct_spans": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "n_resolved": len(errors),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "mean_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else 0.0,
        "auc": round(error_auc(errors), 4),
    }


def evaluate(*, data: Path, limit: int | None = None) -> dict[str, Any]:
    """Run segment + places over the gold articles and score them."""
    from ..stages import build_pipeline

    golds = read_corpus(Path(data), limit=limit)
    pipeline = build_pipeline(("segment", "places"))
    began = time.perf_counter()
    predictions: list[list[Any]] = []
    places_s = 0.0
    for gold in golds:
        analysis: Analysis = pipeline(Article(text=gold.text))
        places_s += analysis.meta["timings_s"].get("places", 0.0)
        predictions.append(analysis.places)
    result = score(golds, predictions)
    result["data"] = str(data)
    result["seconds"] = round(time.perf_counter() - began, 2)
    result["places_seconds"] = round(places_s, 3)
    return result


def render(result: dict[str, Any]) -> str:
    """A plain-text table of the figures."""
    rows = [
        ("documents", result.get("n_docs")),
        ("gold toponyms", result["n_gold"]),
        ("predicted", result["n_predicted"]),
        ("precision", f"{result['precision']:.3f}"),
        ("recall", f"{result['recall']:.3f}"),
        ("F1", f"{result['f1']:.3f}"),
        ("resolved (scored)", result["n_resolved"]),
        ("accuracy@161km", f"{result['acc161']:.3f}"),
        ("mean error km", result["mean_km"]),
        ("median error km", result["median_km"]),
        ("AUC (lower is better)", f"{result['auc']:.3f}"),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"geoparse: {result.get('data', '')}"]
    lines += [f"  {k.ljust(width)}  {v}" for k, v in rows]
    return "\n".join(lines)
