"""``eventlens eval actors`` on the annotated news-event corpus (``data/annotations/events-v1.jsonl``).

Each article is analysed whole (``segment``, ``places``, ``actors``), as production does; the mentions
that start inside an annotated sentence are compared with every actor mention the annotator marked
there (docs/annotation.md, section 2).

Matching: a predicted mention and a gold mention match when their character spans overlap; pairs are
made one to one, largest overlap first. Then:

* ``mention_recall``: matched gold mentions / gold mentions;
* ``mention_precision``: matched predicted mentions / predicted mentions;
* ``code_precision``: over matched pairs, the predicted code is right: the same **country key** and the
  same **first sector** (no sector on both sides counts as the same). The country key is the ISO3
  country, a region (``WST``, ``EUR`` ...), ``---`` for an unknown country, or for organisation codes
  (``IGO``, ``NGO``, ``IMG``, ``MNC``) the organisation (the first six letters, three when that is all
  there is), whose sector is then the next three letters. A gold country written ``---`` matches any
  predicted country; a predicted ``---`` matches only a gold ``---``;
* ``country_precision``: over matched pairs whose prediction states a country key (not ``---``), the
  share that is right (gold ``---`` matches any);
* ``country_recall``: over matched pairs whose gold states a country key, the share predicted;
* per predicted ``kind`` and per gold class (``pronoun``, ``name``: a capitalised word after the
  first, ``description``: the rest), the same figures.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..actors.codes import NON_COUNTRY_PREFIXES, ORGANISATION_PREFIXES, is_country, is_sector
from ..actors.reference import pronoun
from ..errors import InputError
from ..model import ActorMention, Article
from .annotations import AnnotatedSentence, GoldActor, read_annotations

# Mention kinds the actors stage marks as no actor of their own (a country named as a place: "in Tehran").
NOT_ACTORS = frozenset({"place"})
_MAX_EXAMPLES = 40
_MEASURES = ("gold", "pred", "matched", "code_ok", "code_ok_wild", "country_stated", "country_ok", "gold_country", "country_found")


def code_key(code: str | None) -> tuple[str, str | None]:
    """``(country key, first sector)`` of a code as this evaluation compares them (see the module doc)."""
    code = (code or "").strip().upper()
    if not code or code.startswith("-"):
        rest = code.lstrip("-")
        return "---", rest[:3] or None
    if code.startswith(ORGANISATION_PREFIXES):
        key = code[:6] if len(code) >= 6 else code[:3]
        return key, code[len(key) : len(key) + 3] or None
    if is_sector(code[:3]) and not is_country(code[:3]) and code[:3] not in NON_COUNTRY_PREFIXES:
        return "---", code[:3]  # a sector alone ("COP"): the country is unknown
    return code[:3], code[3:6] or None


def country_ok(predicted: str, gold: str) -> bool:
    """Whether a predicted country key is right for a gold one (gold ``---`` matches any)."""
    return gold == "---" or predicted == gold


def gold_class(text: str) -> str:
    """``pronoun``, ``name`` (a capitalised word after the first) or ``description``."""
    words = text.split()
    if len(words) == 1 and pronoun(words[0].lower()) is not None:
        return "pronoun"
    if any(w[:1].isupper() for w in words[1:]) or (len(words) == 1 and words[0][:1].isupper() and words[0].lower() not in ("police",)):
        return "name"
    return "description"


@dataclass(frozen=True, slots=True)
class Pair:
    gold: GoldActor | None
    pred: ActorMention | None


def align(gold: Sequence[GoldActor], pred: Sequence[ActorMention]) -> list[Pair]:
    """One-to-one pairs of overlapping spans, largest overlap first; unmatched items paired with None."""
    candidates = sorted(
        ((min(g.end, p.end) - max(g.start, p.start), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
         if p.start < g.end and g.start < p.end),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[Pair] = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append(Pair(gold[gi], pred[pi]))
    pairs += [Pair(g, None) for gi, g in enumerate(gold) if gi not in used_g]
    pairs += [Pair(None, p) for pi, p in enumerate(pred) if pi not in used_p]
    return pairs


class _Tally:
    """Counts per group (overall, per predicted kind, per gold class)."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, groups: Iterable[str], measure: str, value: int = 1) -> None:
        for group in groups:
            self.counts[group][measure] += value

    def figures(self, group: str) -> dict[str, Any]:
        c = self.counts[group]
        return {
            "n_gold": c["gold"], "n_predicted": c["pred"], "n_matched": c["matched"],
            "mention_recall": _ratio(c["matched"], c["gold"]), "mention_precision": _ratio(c["matched"], c["pred"]),
            "code_precision": _ratio(c["code_ok"], c["matched"]),
            "code_precision_unknown_as_wildcard": _ratio(c["code_ok_wild"], c["matched"]),
            "country_precision": _ratio(c["country_ok"], c["country_stated"]), "n_country_stated": c["country_stated"],
            "country_recall": _ratio(c["country_found"], c["gold_country"]),
        }


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _score_pair(tally: _Tally, pair: Pair, groups: list[str]) -> bool:
    """Counts one matched pair; True when its code is right."""
    assert pair.gold is not None and pair.pred is not None
    g_country, g_sector = code_key(pair.gold.code)
    p_country, p_sector = code_key(pair.pred.code)
    tally.add(groups, "matched")
    right_country = country_ok(p_country, g_country)
    code_right = right_country and g_sector == p_sector
    tally.add(groups, "code_ok", int(code_right))
    tally.add(groups, "code_ok_wild", int((right_country or p_country == "---") and g_sector == p_sector))
    if p_country != "---":
        tally.add(groups, "country_stated")
        tally.add(groups, "country_ok", int(right_country))
    if g_country != "---":
        tally.add(groups, "gold_country")
        tally.add(groups, "country_found", int(p_country == g_country))
    return code_right


def score(sentences: Sequence[AnnotatedSentence], predictions: Sequence[Sequence[ActorMention]]) -> dict[str, Any]:
    """The figures of the module doc for predicted mentions aligned with the corpus sentences."""
    tally = _Tally()
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for sent, found in zip(sentences, predictions):
        for pair in align(sent.actors, found):
            g_text = sent.article[pair.gold.start : pair.gold.end] if pair.gold else ""
            groups = ["all"]
            if pair.gold is not None:
                groups.append(f"gold:{gold_class(g_text)}")
                tally.add(groups, "gold")
            if pair.pred is not None:
                groups.append(f"kind:{pair.pred.kind}")
                tally.add([g for g in groups if not g.startswith("gold:")], "pred")
            if pair.gold is None:
                spurious[f"{pair.pred.text}={pair.pred.code} [{pair.pred.kind}]"] += 1
            elif pair.pred is None:
                missed[f"{g_text}={pair.gold.code}"] += 1
            elif not _score_pair(tally, pair, groups):
                wrong[f"{pair.pred.text}={pair.pred.code} gold {pair.gold.code} [{pair.pred.kind}:{pair.pred.rule}]"] += 1
                if len(examples) < _MAX_EXAMPLES:
                    examples.append({"id": sent.id, "gold": f"{g_text}={pair.gold.code}", "predicted": f"{pair.pred.text}={pair.pred.code}",
                                     "rule": pair.pred.rule, "sentence": sent.text[:240]})
    result = {"n_sentences": len(sentences), **tally.figures("all")}
    result["by_kind"] = {g.split(":", 1)[1]: tally.figures(g) for g in sorted(tally.counts) if g.startswith("kind:")}
    result["by_gold_class"] = {g.split(":", 1)[1]: tally.figures(g) for g in sorted(tally.counts) if g.startswith("gold:")}
    result["wrong_codes"] = dict(wrong.most_common(40))
    result["missed"] = dict(missed.most_common(40))
    result["spurious"] = dict(spurious.most_common(40))
    result["wrong_examples"] = examples
    return result


def _articles(sentences: Sequence[AnnotatedSentence]) -> dict[tuple[str, str], str]:
    """The distinct texts to analyse: one per GPL article, one per NewsMTSC sentence."""
    out: dict[tuple[str, str], str] = {}
    for s in sentences:
        out.setdefault(s.article_key, s.article)
    return out


def predict(sentences: Sequence[AnnotatedSentence], *, pipeline: Any = None) -> tuple[list[list[ActorMention]], dict[str, float]]:
    """The mentions the actors stage finds in each sentence (each article analysed once), and seconds by stage."""
    from ..stages import build_pipeline

    pipeline = pipeline or build_pipeline(("segment", "places", "actors"))
    texts = _articles(sentences)
    keys = list(texts)
    seconds: Counter[str] = Counter()
    by_article: dict[tuple[str, str], list[ActorMention]] = {}
    began = time.perf_counter()
    for key, analysis in zip(keys, pipeline.pipe(Article(text=texts[k]) for k in keys)):
        by_article[key] = analysis.actors
    seconds["total"] = time.perf_counter() - began
    out = []
    for s in sentences:
        mentions = by_article[s.article_key]
        out.append([m for m in mentions if s.start <= m.start < s.end and m.kind not in NOT_ACTORS])
    return out, dict(seconds)


def evaluate_corpus(*, data: Path, split: str | None = "train", shared: str | Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Score the actors stage on one split of the annotated corpus."""
    sentences = list(read_annotations(Path(data), shared=shared, split=split))
    if limit is not None:
        sentences = sentences[:limit]
    if not sentences:
        raise InputError(str(data), f"no annotated sentences in split {split!r}")
    predictions, seconds = predict(sentences)
    result = score(sentences, predictions)
    result.update({"data": str(data), "split": split, "seconds": round(seconds["total"], 1)})
    return result


def render_corpus(result: dict[str, Any]) -> str:
    """A plain-text report."""
    lines = [
        f"actors on {result['data']} (split {result['split']}): {result['n_sentences']} sentences, "
        f"{result['n_gold']} gold mentions, {result['n_predicted']} predicted",
        f"mention recall {result['mention_recall']}   mention precision {result['mention_precision']}   (span overlap, one to one)",
        f"code precision {result['code_precision']} (country key + first sector; gold --- matches any)"
        f"   with a predicted --- as a wildcard too: {result['code_precision_unknown_as_wildcard']}",
        f"country precision {result['country_precision']} over {result['n_country_stated']} matched mentions with a country"
        f"   country recall {result['country_recall']}",
        "",
        f"{'group':<22} {'gold':>5} {'pred':>5} {'recall':>7} {'prec':>7} {'code P':>7} {'ctry P':>7} {'ctry R':>7}",
    ]
    for title, table in (("kind", result["by_kind"]), ("gold", result["by_gold_class"])):
        for name, f in table.items():
            lines.append(f"{title + ':' + name:<22} {f['n_gold']:>5} {f['n_predicted']:>5} {_fmt(f['mention_recall'])} {_fmt(f['mention_precision'])}"
                         f" {_fmt(f['code_precision'])} {_fmt(f['country_precision'])} {_fmt(f['country_recall'])}")
    for title, key in (("wrong codes (predicted, gold)", "wrong_codes"), ("missed gold mentions", "missed"), ("predicted, not marked by the annotator", "spurious")):
        lines += ["", f"{title}, most frequent:"]
        lines += [f"  {k}  x{v}" for k, v in list(result[key].items())[:20]]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return f"{value:>7.3f}" if value is not None else f"{'-':>7}"
