"""``eventlens eval actors``: score actor coding on gold sentences.

Reads the PETRARCH validation XML (``PETR2_GSR_validation.xml``: gold
``sourcecode``/``targetcode`` per sentence) and the PLOVER gold JSON
(``PLOVER_GSR_CAMEO.json``, or any JSON list of records with ``text`` and
``source[]``/``target[]`` items holding ``actorText``, ``code`` and
``sector``). Only the ``segment`` and ``actors`` stages run.

Metrics, per gold actor with a known country (``---`` codes are counted apart):

* ``country_recall``: some mention in the sentence has the gold country
  (for IGO/NGO/IMG codes: the same organisation prefix, six letters when the
  gold gives them);
* ``code_recall``: some mention has the same country and the same first
  sector (no sector when the gold has none);
* ``span_country_recall``/``span_code_recall`` (gold with actor text only):
  the same, counting only mentions that overlap the gold actor's text;
* ``precision``: the share of mentions with a country whose country is among
  the sentence's gold actors. Gold lists only event participants, so this is
  a lower bound on true precision; compare it between versions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import ActorMention, Article
from .annotations import is_annotation_file
from .gold import LEGACY_COUNTRIES, LEGACY_SECTORS, is_xml, json_records, petrarch_sentences, record_text

_ORG_PREFIXES = ("IGO", "NGO", "IMG")
_MAX_EXAMPLES = 60


@dataclass(frozen=True, slots=True)
class GoldActor:
    """A gold actor: its text (may be empty), its country key and first sector."""

    text: str
    code: str
    country: str  # ISO3, an organisation prefix (IGO, IGOUNO ...), or "---"
    sector: str | None


@dataclass(slots=True)
class GoldSentence:
    id: str
    text: str
    date: str | None
    actors: list[GoldActor] = field(default_factory=list)


def gold_actor(text: str, code: str, sector: str | None = None) -> GoldActor:
    """Normalise a gold code (and PLOVER's separate sector) to a country key and a first sector; the gold's
    legacy codes are read as today's (``JAP`` -> ``JPN``, ``ITL`` -> ``ITA``, sector ``CIV`` -> ``CVL``)."""
    code = (code or "").strip().upper()
    if code[:3] in LEGACY_COUNTRIES:
        code = LEGACY_COUNTRIES[code[:3]] + code[3:]
    if code[3:6] in LEGACY_SECTORS:
        code = code[:3] + LEGACY_SECTORS[code[3:6]] + code[6:]
    sec = (sector or "").strip()
    if sec[:3].isalpha() and sec[:3].isupper():
        sec = LEGACY_SECTORS.get(sec[:3], sec[:3])
    else:
        sec = ""  # "***" and empty: unspecified
    if not code or code.startswith("-"):
        return GoldActor(text, code, "---", sec or (code[3:6] if len(code) >= 6 else None) or None)
    if code.startswith(_ORG_PREFIXES):
        return GoldActor(text, code, code[:6] if len(code) >= 6 else code[:3], sec or None)
    from ..actors import split_code

    country, rest = split_code(code)
    return GoldActor(text, code, country or code[:3], sec or rest or None)


def mention_country(m: ActorMention) -> str | None:
    """Country key of a mention: its ISO3 country, or its organisation code (IGO...)."""
    if m.country:
        return m.country
    if m.code and m.code.upper().startswith(_ORG_PREFIXES):
        return m.code.upper()
    return None


def country_matches(m: ActorMention, gold: GoldActor) -> bool:
    key = mention_country(m)
    if key is None or gold.country == "---":
        return False
    if gold.country.startswith(_ORG_PREFIXES):
        return key.startswith(gold.country)
    return key == gold.country


def code_matches(m: ActorMention, gold: GoldActor) -> bool:
    if not country_matches(m, gold):
        return False
    if gold.country.startswith(_ORG_PREFIXES):
        if gold.sector is None:
            return True
        code = m.code.upper()
        return gold.sector in {code[i : i + 3] for i in range(3, len(code), 3)}
    return (m.sector or None) == gold.sector


# ---------------------------------------------------------------- loading gold


def load_petrarch_xml(path: Path) -> list[GoldSentence]:
    """Sentences marked ``evaluate="true"`` with the codes of their ``<EventCoding>`` actors."""
    out: list[GoldSentence] = []
    for sent in petrarch_sentences(path):
        rec = GoldSentence(sent.id or str(len(out)), sent.text, sent.date)
        seen: set[str] = set()
        for coding in sent.codings:
            for key in ("sourcecode", "targetcode"):
                code = coding.get(key, "").strip()
                if code and code not in seen:
                    seen.add(code)
                    rec.actors.append(gold_actor("", code))
        if rec.actors:
            out.append(rec)
    return out


def load_json_records(path: Path) -> list[GoldSentence]:
    """Records with ``text`` and actor lists; records sharing a sentence are merged."""
    data = json_records(path, expected="text, source and target")
    merged: dict[str, GoldSentence] = {}
    for n, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("text"):
            continue
        text = record_text(item)
        rec = merged.setdefault(text, GoldSentence(str(item.get("id", n)), text, item.get("date")))
        for key in ("source", "target"):
            value = item.get(key)
            for actor in value if isinstance(value, list) else []:
                if not isinstance(actor, dict) or not actor.get("code"):
                    continue
                gold = gold_actor(str(actor.get("actorText") or ""), str(actor["code"]), actor.get("sector"))
                if gold not in rec.actors:
                    rec.actors.append(gold)
    return [r for r in merged.values() if r.actors]


def load_gold(path: Path) -> list[GoldSentence]:
    return load_petrarch_xml(path) if is_xml(path) else load_json_records(path)


# ---------------------------------------------------------------- scoring


def _span(text: str, phrase: str) -> tuple[int, int] | None:
    phrase = phrase.strip().strip(".")
    if not phrase:
        return None
    i = text.lower().find(phrase.lower())
    return (i, i + len(phrase)) if i >= 0 else None


def _ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 4) if total else None


def score(records: list[GoldSentence], mentions: list[list[ActorMention]]) -> dict[str, Any]:
    """Metrics for mention lists aligned with gold sentences."""
    n = Counter()
    misses: list[dict[str, Any]] = []
    wrong: Counter[str] = Counter()
    for rec, found in zip(records, mentions):
        for gold in rec.actors:
            if gold.country == "---":
                n["unknown_country"] += 1
                continue
            n["gold"] += 1
            c_hit = any(country_matches(m, gold) for m in found)
            k_hit = any(code_matches(m, gold) for m in found)
            n["country_hit"] += c_hit
            n["code_hit"] += k_hit
            span = _span(rec.text, gold.text) if gold.text else None
            if span is not None:
                near = [m for m in found if m.start < span[1] and span[0] < m.end]
                n["span_gold"] += 1
                n["span_country_hit"] += any(country_matches(m, gold) for m in near)
                n["span_code_hit"] += any(code_matches(m, gold) for m in near)
            if not k_hit and len(misses) < _MAX_EXAMPLES:
                misses.append({"id": rec.id, "gold": f"{gold.text or '?'}={gold.country}{gold.sector or ''}", "country_found": c_hit, "text": rec.text[:300], "mentions": [f"{m.text}={m.code}" for m in found]})
        for m in found:
            key = mention_country(m)
            if key is None:
                n["no_country"] += 1
                continue
            n["mentions"] += 1
            if any(country_matches(m, g) for g in rec.actors):
                n["mention_ok"] += 1
            else:
                wrong[f"{m.text}={m.code} ({m.rule})"] += 1
    return {
        "n_sentences": len(records),
        "n_gold": n["gold"],
        "n_gold_unknown_country": n["unknown_country"],
        "country_recall": _ratio(n["country_hit"], n["gold"]),
        "code_recall": _ratio(n["code_hit"], n["gold"]),
        "n_gold_with_text": n["span_gold"],
        "span_country_recall": _ratio(n["span_country_hit"], n["span_gold"]),
        "span_code_recall": _ratio(n["span_code_hit"], n["span_gold"]),
        "n_mentions": n["mentions"],
        "n_mentions_without_country": n["no_country"],
        "precision": _ratio(n["mention_ok"], n["mentions"]),
        "misses": misses,
        "unmatched_mentions": dict(wrong.most_common(40)),
    }


def evaluate(*, data: Path, limit: int | None = None, split: str | None = None, shared: str | Path | None = None) -> dict[str, Any]:
    """Run segment + actors over the gold sentences and score the mentions.

    The annotated news-event corpus (``data/annotations/events-v1.jsonl``) is scored by
    :mod:`eventlens.evaluation.actor_corpus` on ``split`` (default ``train``), its GPL texts read from ``shared``."""
    from ..stages import build_pipeline

    if is_annotation_file(Path(data)):
        from .actor_corpus import evaluate_corpus

        return evaluate_corpus(data=Path(data), split=split or "train", shared=shared, limit=limit)
    if split is not None or shared is not None:
        raise InputError(str(data), "--split and --shared apply to the annotated corpus (events-v1.jsonl), not to this gold file")
    records = load_gold(Path(data))
    if limit is not None:
        records = records[:limit]
    if not records:
        raise InputError(str(data), "no gold actors found (expected PETRARCH validation XML or a JSON list of records)")
    pipeline = build_pipeline(("segment", "actors"))
    mentions = [pipeline(Article(text=r.text, date=r.date)).actors for r in records]
    result = score(records, mentions)
    result["data"] = str(data)
    return result


def render(result: dict[str, Any]) -> str:
    """A plain-text report."""
    if "mention_recall" in result:
        from .actor_corpus import render_corpus

        return render_corpus(result)
    lines = [
        f"actors on {result.get('data', '?')}: {result['n_sentences']} sentences, {result['n_gold']} gold actors"
        f" (+{result['n_gold_unknown_country']} with unknown country, not scored)",
        f"country recall {result['country_recall']}   code recall {result['code_recall']}",
        f"on gold actor text ({result['n_gold_with_text']}): country recall {result['span_country_recall']}   code recall {result['span_code_recall']}",
        f"precision (mention country among gold actors) {result['precision']} over {result['n_mentions']} mentions"
        f" (+{result['n_mentions_without_country']} without a country)",
        "",
        "missed gold codes (first examples):",
    ]
    lines += [f"  {m['id']}: {m['gold']} country_found={m['country_found']} | {'; '.join(m['mentions'])}" for m in result["misses"][:25]]
    lines += ["", "mentions not among the gold actors (most frequent):"]
    lines += [f"  {k}  x{v}" for k, v in list(result["unmatched_mentions"].items())[:25]]
    return "\n".join(lines)
