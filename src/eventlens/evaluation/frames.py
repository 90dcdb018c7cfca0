"""Per-frame precision/recall of the frame lexicon on a labelled TSV (``frame<TAB>text``).

The default data is eventlens's own dev set (``data/frames/dev-v1.tsv``,
150 paragraphs written by the team). The prediction is the top-scoring frame.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..narrative.frames import FRAMES, frame_scores, load_lexicon
from .lines import text_lines
from .metrics import label_prf


def default_data() -> Path:
    return Path(str(resources.files("eventlens.data").joinpath("frames", "dev-v1.tsv")))


def read_rows(data: Path, limit: int | None = None) -> list[tuple[str, str]]:
    rows = []
    for number, line in enumerate(text_lines(Path(data)), 1):
        if not line.strip() or line.startswith("#") or line.startswith("frame\t"):
            continue
        frame, _, text = line.partition("\t")
        if frame not in FRAMES or not text:
            raise InputError(str(data), f"line {number}: expected a known frame, a tab and the text")
        rows.append((frame, text))
        if limit and len(rows) >= limit:
            break
    if not rows:
        raise InputError(str(data), "no labelled paragraphs: expected lines of a frame name, a tab and the text")
    return rows


def content_words(text: str) -> frozenset[str]:
    """Lower-case alphabetic words of three letters or more that are not spaCy stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOP_WORDS)


def closest_overlap(text: str, reference: Sequence[frozenset[str]]) -> float:
    """Highest content-word Jaccard overlap of ``text`` with any reference paragraph."""
    words = content_words(text)
    return max((len(words & r) / len(words | r) for r in reference if words | r), default=0.0)


def distinct_rows(rows: Sequence[tuple[str, str]], *, reference: Sequence[Path], max_overlap: float = 0.2) -> list[tuple[str, str]]:
    """The rows whose closest overlap with every paragraph of the ``reference`` files is below ``max_overlap``
    (drops near-copies of paragraphs a lexicon was tuned on)."""
    ref = [content_words(text) for path in reference for _, text in read_rows(path)]
    return [row for row in rows if closest_overlap(row[1], ref) < max_overlap]


def evaluate(*, data: Path | None = None, limit: int | None = None, distinct_from: Sequence[Path] = (),
             max_overlap: float = 0.2) -> dict[str, Any]:
    """Per-frame precision/recall of the top frame. ``distinct_from``: score only the paragraphs that are
    not near-copies (content-word Jaccard >= ``max_overlap``) of a paragraph in these files."""
    from ..nlp import load_spacy

    rows = read_rows(data or default_data(), limit)
    n_read = len(rows)
    if distinct_from:
        rows = distinct_rows(rows, reference=distinct_from, max_overlap=max_overlap)
    lexicon = load_lexicon()
    nlp = load_spacy()
    gold, pred = [], []
    ties = 0
    for (frame, _), doc in zip(rows, nlp.pipe([t for _, t in rows], batch_size=64)):
        words = [t.lower_ for t in doc if not (t.is_punct or t.is_space)]
        gold.append(frame)
        hits = lexicon.hits(words)  # one lexicon pass serves the prediction and the tie count
        pred.append(frame_scores(words, lexicon=lexicon, hits=hits)[0]["frame"])
        weights = sorted(hits.values(), reverse=True)
        ties += len(weights) > 1 and abs(weights[0] - weights[1]) < 1e-9
    per = {}
    for frame in FRAMES:
        precision, recall, _, n_gold = label_prf(gold, pred, frame)
        per[frame] = {"precision": round(precision, 3), "recall": round(recall, 3), "n_gold": n_gold}
    n = len(gold)
    return {
        "paragraphs_read": n_read,
        "paragraphs": n,
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / n, 3) if n else 0.0,
        "macro_precision": round(sum(v["precision"] for v in per.values()) / len(per), 3),
        "macro_recall": round(sum(v["recall"] for v in per.values()) / len(per), 3),
        "per_frame": per,
        "ties": ties,
        "excluded_near_copies": n_read - n,
        "lexicon": lexicon.version,
    }


def render(result: dict[str, Any]) -> str:
    excluded = f" ({result['excluded_near_copies']} near-copies left out)" if result.get("excluded_near_copies") else ""
    lines = [f"frames ({result['lexicon']}) on {result['paragraphs']} paragraphs{excluded}: accuracy {result['accuracy']:.3f}, "
             f"macro P {result['macro_precision']:.3f}, macro R {result['macro_recall']:.3f}", f"{'frame':22} {'P':>6} {'R':>6} {'gold':>4}"]
    for frame, row in result["per_frame"].items():
        lines.append(f"{frame:22} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['n_gold']:>4}")
    return "\n".join(lines)
