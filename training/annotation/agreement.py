"""Inter-annotator agreement on the double-annotated sentences of the news-event corpus.

Two annotations of one sentence are compared in offsets (see ``validate.resolve_record``):

* events are paired by trigger: the same trigger span, else overlapping spans (one-to-one, greedy by
  overlap); an unpaired event is a detection disagreement;
* **detection**: F1 of one annotator's triggers against the other's (symmetric);
* **type**: Cohen's kappa over the PLOVER labels of every trigger either annotator marked, ``NONE`` for
  the side that did not mark it (so it counts detection disagreements as type disagreements);
  ``type_kappa_paired`` is the kappa over paired events only;
* **roles**: over paired events, the share whose source (and target) point at overlapping spans with the
  same actor code (both absent counts as agreement);
* **actors**: F1 of actor mention spans (overlap), and code agreement over overlapping mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_events(x: Sequence[dict[str, Any]], y: Sequence[dict[str, Any]]) -> list[tuple[int | None, int | None]]:
    """One-to-one pairs of event indices by trigger overlap (largest first); unpaired ones with None."""
    spans_x = [(e["trigger_start"], e["trigger_end"]) for e in x]
    spans_y = [(e["trigger_start"], e["trigger_end"]) for e in y]
    candidates = sorted(((_overlap(a, b) + (1000 if a == b else 0), i, j) for i, a in enumerate(spans_x)
                         for j, b in enumerate(spans_y) if _overlap(a, b) > 0), reverse=True)
    used_x: set[int] = set()
    used_y: set[int] = set()
    pairs: list[tuple[int | None, int | None]] = []
    for _, i, j in candidates:
        if i in used_x or j in used_y:
            continue
        # two events on one trigger (X->Y and Y->X): pair by direction where possible
        used_x.add(i)
        used_y.add(j)
        pairs.append((i, j))
    pairs += [(i, None) for i in range(len(x)) if i not in used_x]
    pairs += [(None, j) for j in range(len(y)) if j not in used_y]
    return pairs


def kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> float | None:
    """Cohen's kappa of two label sequences; None when there is nothing to compare."""
    n = len(labels_a)
    if n == 0:
        return None
    observed = sum(a == b for a, b in zip(labels_a, labels_b)) / n
    ca, cb = Counter(labels_a), Counter(labels_b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected >= 1.0 else (observed - expected) / (1.0 - expected)


def _same_actor(ex: dict[str, Any], ey: dict[str, Any], ax: Sequence[dict[str, Any]], ay: Sequence[dict[str, Any]], role: str) -> bool:
    i, j = ex.get(role), ey.get(role)
    if i is None or j is None:
        return i is None and j is None
    a, b = ax[i], ay[j]
    return _overlap((a["start"], a["end"]), (b["start"], b["end"])) > 0 and a["code"] == b["code"]


def compare(pairs_of_records: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Agreement figures over resolved record pairs (the same sentence annotated by two people)."""
    all_a: list[str] = []
    all_b: list[str] = []
    paired_a: list[str] = []
    paired_b: list[str] = []
    matched = unmatched = 0
    role_src = role_tgt = role_both = 0
    actor_match = actor_x = actor_y = code_same = 0
    modality_same = 0
    for rx, ry in pairs_of_records:
        ex, ey = rx["events"], ry["events"]
        for i, j in pair_events(ex, ey):
            all_a.append(ex[i]["plover"] if i is not None else "NONE")
            all_b.append(ey[j]["plover"] if j is not None else "NONE")
            if i is None or j is None:
                unmatched += 1
                continue
            matched += 1
            paired_a.append(ex[i]["plover"])
            paired_b.append(ey[j]["plover"])
            s = _same_actor(ex[i], ey[j], rx["actors"], ry["actors"], "source")
            t = _same_actor(ex[i], ey[j], rx["actors"], ry["actors"], "target")
            role_src += s
            role_tgt += t
            role_both += s and t
            modality_same += ex[i].get("modality") == ey[j].get("modality")
        ax, ay = rx["actors"], ry["actors"]
        actor_x += len(ax)
        actor_y += len(ay)
        used: set[int] = set()
        for a in ax:
            for k, b in enumerate(ay):
                if k not in used and _overlap((a["start"], a["end"]), (b["start"], b["end"])) > 0:
                    used.add(k)
                    actor_match += 1
                    code_same += a["code"] == b["code"]
                    break
    detection_f1 = 2 * matched / max(1, 2 * matched + unmatched)
    return {
        "sentences": len(pairs_of_records),
        "events_paired": matched,
        "events_unpaired": unmatched,
        "detection_f1": round(detection_f1, 4),
        "type_kappa": _round(kappa(all_a, all_b)),
        "type_kappa_paired": _round(kappa(paired_a, paired_b)),
        "type_agreement_paired": _round(sum(a == b for a, b in zip(paired_a, paired_b)) / max(1, matched)),
        "source_agreement": _round(role_src / max(1, matched)),
        "target_agreement": _round(role_tgt / max(1, matched)),
        "roles_agreement": _round(role_both / max(1, matched)),
        "modality_agreement": _round(modality_same / max(1, matched)),
        "actor_mention_f1": _round(2 * actor_match / max(1, actor_x + actor_y)),
        "actor_code_agreement": _round(code_same / max(1, actor_match)),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
