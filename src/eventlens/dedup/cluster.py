"""Incremental clustering: each new report joins the event of its best matching report, or starts one.

Reports are taken in order (date, article, position). A new report is compared with the reports
already clustered that share its blocking key (source country, target country, CAMEO root) and whose
dates are within the window, or that are undated or in its own article (an undated report: with the
most recent of its block); it joins the event of the best match the rule calls the same event (the
highest same-event probability), else it starts an event whose id is its own
:func:`~eventlens.dedup.report.report_id`. An event one of whose compared reports conflicts with
the new one (other sectors, places apart) is not joined, even through another report of it: no chain
of reports without a place or a sector joins two raids in two towns, or the army and the government. Nothing already clustered moves: a new article never
re-clusters the store, and :mod:`eventlens.store.clusters` rebuilds from scratch only on request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .evidence import Features, features
from .report import Report
from .rule import Settings, compare

_CONFLICTS = frozenset({"incompatible actors", "incompatible locations", "incompatible negation"})
MAX_CANDIDATES = 400  # compared per new report (the most recent in its block), so a busy dyad stays cheap


@dataclass(slots=True)
class Candidate:
    """A report already in an event."""

    event_id: int
    report: Report
    feats: Features | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    report: Report
    event_id: int
    score: float | None  # the evidence score it joined with; None when it started the event


def _feats(r: Report) -> Features:
    return features(evidence=r.evidence, trigger=r.trigger, trigger_at=r.trigger_at, source_text=r.source_text,
                    target_text=r.target_text)


def order(r: Report) -> tuple[str, str, int]:
    """The clustering order: date (undated last), article, position."""
    return (r.date or "9999", r.article_id, r.idx)


def assign(new: Iterable[Report], candidates: Iterable[Candidate], settings: Settings = Settings()) -> list[Assignment]:
    """Events for ``new`` reports, given the clustered ``candidates`` of their blocks; new reports become
    candidates for the ones after them."""
    blocks: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for c in candidates:
        blocks[c.report.key].append(c)
    out: list[Assignment] = []
    for report in sorted(new, key=order):
        block = blocks[report.key]
        mine = _feats(report)
        scores: dict[int, float] = {}
        vetoed: set[int] = set()
        for cand in _nearby(block, report, settings):
            if cand.feats is None:
                cand.feats = _feats(cand.report)
            match = compare(report, cand.report, mine, cand.feats, settings)
            if match.reason in _CONFLICTS:
                vetoed.add(cand.event_id)
            elif match.same and match.score > scores.get(cand.event_id, float("-inf")):
                scores[cand.event_id] = match.score
        best = max(((v, k) for k, v in scores.items() if k not in vetoed), default=None)
        event_id = best[1] if best else report.id
        out.append(Assignment(report, event_id, best[0] if best else None))
        block.append(Candidate(event_id, report, mine))
    return out


def _nearby(block: Sequence[Candidate], report: Report, settings: Settings) -> list[Candidate]:
    """The candidates worth comparing: same article, dated within the window, or either undated (the model
    counts the unchecked window against them); newest first, at most :data:`MAX_CANDIDATES`."""
    day = report.day
    near = []
    for c in reversed(block):
        other = c.report
        if other.article_id == report.article_id:
            near.append(c)
        elif day is not None and other.day is not None:
            if abs((other.day - day).days) <= settings.window_days:
                near.append(c)
        else:
            near.append(c)  # one or both undated: the window cannot be checked
        if len(near) >= MAX_CANDIDATES:
            break
    return near
