"""Sentiment toward a named target in a sentence (negative / neutral / positive).

A compact linear model (a blend of a multinomial logistic regression and
NB-weighted one-vs-rest logistic regressions, folded into one weight table)
over features read off the spaCy parse around the target: words of the sentence
and of a window around the target, the target's dependency role, governing word
and modifiers, VADER and pattern-lexicon valence sums for the sentence, the
window and the target's clause, the role crossed with the predicate's polarity,
negation, reported speech; plus an n-gram part (sentence bigrams with the target
marked, trigrams and character 4-grams near it) fitted apart and added in.
Weights are a versioned data file (``data/sentiment/targeted-v4.json``) trained
by ``training/train_targeted_sentiment.py`` on NewsMTSC ``train`` (MIT); they
are loaded once per process. No torch, no scikit-learn: scoring is a few
hundred dictionary look-ups per target.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import ResourceError
from .valence import token_pattern_valences, token_valences

LABELS = ("negative", "neutral", "positive")
MODEL_FILE = "targeted-v4.json"
WINDOW = 4
CHAR_WINDOW = 6
# features of the n-gram part of the model (fitted separately and blended in; see training/train_targeted_sentiment.py)
NGRAM_PREFIXES = ("bg=", "tg=", "chL=", "chR=")
_SPEECH = frozenset({"say", "said", "says", "tell", "told", "add", "added", "claim", "claimed", "argue", "argued", "write", "wrote",
                     "insist", "insisted", "accuse", "accused", "warn", "warned", "call", "called"})
_MODIFIER_DEPS = frozenset({"amod", "appos", "compound", "relcl", "acl", "nmod", "prep"})
_ARGUMENT_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "acomp", "xcomp", "ccomp", "prep", "agent"})
_UP_DEPS = frozenset({"prep", "agent", "pobj", "poss", "compound", "appos", "conj", "cc", "amod", "nmod", "dobj", "attr", "pcomp"})
_CLAUSE_HEAD_POS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class TargetSentiment:
    label: str
    score: float  # p(positive) - p(negative), -1..+1
    probs: tuple[float, float, float]
    rule: str = MODEL_FILE.removesuffix(".json")


def _bucket(value: float) -> str:
    if value <= -2.0:
        return "--"
    if value < -0.05:
        return "-"
    if value >= 2.0:
        return "++"
    if value > 0.05:
        return "+"
    return "0"


_NAMED = frozenset({"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC"})
_FUNCTION_TITLES = frozenset({"i", "i'm", "i've", "i'd", "i'll"})


def _word(tok: Any) -> str:
    """A token's feature form: lower-case word, or ``<TYPE>`` for words of names
    (people, groups, organisations, places), so that no actor's identity is a feature."""
    if tok.ent_type_ in _NAMED or tok.pos_ == "PROPN":
        return "<" + (tok.ent_type_ or "PROPN") + ">"
    if tok.is_title and not tok.is_sent_start and tok.lower_ not in _FUNCTION_TITLES:
        return "<CAP>"  # a capitalised word inside a sentence: most often a name the tagger missed
    return tok.lower_


def _target_root(tokens: list[Any]) -> Any:
    """The target's syntactic head: its first token whose head lies outside the target (or is itself)."""
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])


def _governor(root: Any) -> tuple[Any, str]:
    """The clause head that governs the target (``root``: :func:`_target_root`), and the path of relations up to it."""
    path = [root.dep_]
    node = root
    steps = 0
    while node.head.i != node.i and node.pos_ not in _CLAUSE_HEAD_POS and steps < 4:
        node = node.head
        steps += 1
        if node.pos_ in _CLAUSE_HEAD_POS:
            break
        path.append(node.dep_)
    return node, "/".join(path[:2])


def _sentence_features(doc: Any, start: int, end: int, sent: Any, valences: Any, feats: dict[str, float]) -> None:
    """The words of the sentence outside the target, and its VADER valence sums scaled by its length."""
    s0, s1 = sent.start, sent.end
    pos_sum = neg_sum = 0.0
    for i in range(s0, s1):
        tok = doc[i]
        if tok.is_punct or tok.is_space or start <= i < end:
            continue
        feats["w=" + _word(tok)] = 1.0
        v = valences[i]
        if v > 0:
            pos_sum += v
        elif v < 0:
            neg_sum += v
    n = max(1, s1 - s0)
    feats["s_pos"] = pos_sum / math.sqrt(n)
    feats["s_neg"] = neg_sum / math.sqrt(n)
    feats["s_bal=" + _bucket(pos_sum + neg_sum)] = 1.0


def _window_features(doc: Any, start: int, end: int, sent: Any, valences: Any, feats: dict[str, float]) -> None:
    """The words within ``WINDOW`` tokens left and right of the target (and the nearest one), and their valence sums."""
    s0, s1 = sent.start, sent.end
    wpos = wneg = 0.0
    sides = (("l", range(start - 1, max(s0, start - WINDOW) - 1, -1)), ("r", range(end, min(s1, end + WINDOW))))
    for side, indices in sides:  # nearest word first on each side
        for offset, i in enumerate(indices, 1):
            lemma = _word(doc[i])
            feats[f"{side}={lemma}"] = 1.0
            if offset == 1:
                feats[f"{side}1={lemma}"] = 1.0
            v = valences[i]
            wpos += max(v, 0.0)
            wneg += min(v, 0.0)
    feats["win_pos"] = wpos / 2.0
    feats["win_neg"] = wneg / 2.0


def _clause_features(start: int, end: int, sent: Any, head: Any, path: str, valences: Any, feats: dict[str, float]) -> None:
    """The governing clause (``head`` and its subtree, less the target): its dependents, valence sums and balance,
    crossed with the target's ``path`` of relations up to it, the governor's own valence, and negation."""
    s0, s1 = sent.start, sent.end
    cpos = cneg = 0.0
    negated = False
    for tok in head.subtree:
        if tok.i < s0 or tok.i >= s1 or start <= tok.i < end:
            continue
        if tok.dep_ == "neg":
            negated = True
        v = valences[tok.i]
        cpos += max(v, 0.0)
        cneg += min(v, 0.0)
        if tok.head.i == head.i and not tok.is_punct:
            feats["c=" + tok.dep_ + ":" + _word(tok)] = 1.0
    feats["cl_pos"] = cpos / 2.0
    feats["cl_neg"] = cneg / 2.0
    feats["cl_bal=" + _bucket(cpos + cneg)] = 1.0
    feats["cl_bal|path=" + _bucket(cpos + cneg) + "|" + path] = 1.0
    hv = valences[head.i]
    if hv:
        feats["gov_val|path=" + _bucket(hv) + "|" + path] = 1.0
    if negated:
        feats["negated"] = 1.0
        feats["negated|cl_bal=" + _bucket(cpos + cneg)] = 1.0


def features(doc: Any, start: int, end: int, *, sentence: Any | None = None) -> dict[str, float]:
    """Features of the target at tokens ``[start, end)`` of ``doc`` (within ``sentence`` when given)."""
    sent = sentence if sentence is not None else doc[start].sent
    valences = token_valences(doc)
    tokens = list(doc[start:end]) or [doc[start]]
    feats: dict[str, float] = {"bias": 1.0}
    _sentence_features(doc, start, end, sent, valences, feats)
    _window_features(doc, start, end, sent, valences, feats)
    # dependency role and governing clause
    root = _target_root(tokens)
    head, path = _governor(root)
    feats["path=" + path] = 1.0
    hl = _word(head)
    feats["gov=" + hl] = 1.0
    feats["gov|path=" + hl + "|" + path] = 1.0
    _clause_features(start, end, sent, head, path, valences, feats)
    # quotes: is the target speaking, or spoken about?
    if any(q in sent.text for q in ('"', "\u201c", "\u201d")):
        feats["quote"] = 1.0
    if head.lower_ in {"say", "tell", "add", "claim", "argue", "write", "accuse", "insist"}:
        feats["speech|path=" + path] = 1.0
    if tokens[0].pos_ == "PRON":  # target kind
        feats["pron"] = 1.0
    _lexicon_features(doc, start, end, sent, head, feats)
    _structure_features(doc, start, end, root, feats)
    _ngram_features(doc, start, end, sent, feats)
    _char_features(doc, start, end, sent, feats)
    return feats


def sentence_target_features(doc: Any, start_char: int, end_char: int) -> dict[str, float]:
    """:func:`features` of the target at characters ``[start_char, end_char)`` of a one-sentence ``doc`` (the NewsMTSC
    setting shared by the trainer, the evaluation and the name-swap check); offsets inside a token widen to it, offsets
    that match no token fall back to the first token."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand") or doc[0:1]
    return features(doc, span.start, max(span.end, span.start + 1), sentence=doc[:])


def _lexicon_features(doc: Any, start: int, end: int, sent: Any, head: Any, feats: dict[str, float]) -> None:
    """Polarity and subjectivity sums of the pattern lexicon over the sentence, the window and the governing clause."""
    values = token_pattern_valences(doc)
    s0, s1 = sent.start, sent.end
    pos = neg = subj = 0.0
    for i in range(s0, s1):
        if start <= i < end:
            continue
        p, s = values[i]
        pos += max(p, 0.0)
        neg += min(p, 0.0)
        subj += s
    n = math.sqrt(max(1, s1 - s0))
    feats["p_s_pos"], feats["p_s_neg"], feats["p_s_subj"] = pos / n, neg / n, subj / n
    pos = neg = subj = 0.0
    for i in [*range(max(s0, start - WINDOW), start), *range(end, min(s1, end + WINDOW))]:
        p, s = values[i]
        pos += max(p, 0.0)
        neg += min(p, 0.0)
        subj += s
    feats["p_w_pos"], feats["p_w_neg"], feats["p_w_subj"] = pos, neg, subj
    pos = neg = 0.0
    for tok in head.subtree:
        if s0 <= tok.i < s1 and not start <= tok.i < end:
            p = values[tok.i][0]
            pos += max(p, 0.0)
            neg += min(p, 0.0)
    feats["p_c_pos"], feats["p_c_neg"] = pos, neg
    feats["p_c_bal=" + _bucket(2 * (pos + neg))] = 1.0


def _structure_features(doc: Any, start: int, end: int, root: Any, feats: dict[str, float]) -> None:
    """The target's modifiers and their polarity, its role crossed with the predicate's and the other arguments'
    polarity, speaker (subject of a speech verb) and reported-clause position."""
    valences = token_valences(doc)
    pattern = token_pattern_valences(doc)

    def polarity(tok: Any) -> float:
        return valences[tok.i] + 2 * pattern[tok.i][0]

    tokens = list(doc[start:end]) or [doc[start]]
    ids = set(range(start, end))
    role = root.dep_
    for tok in tokens:
        for child in tok.children:
            if child.i not in ids and child.dep_ in _MODIFIER_DEPS:
                feats["mod=" + child.dep_ + ":" + _word(child)] = 1.0
                value = sum(polarity(x) for x in child.subtree if x.i not in ids)
                feats["modval=" + child.dep_ + ":" + _bucket(value)] = 1.0
    if role == "appos":
        feats["appos_of=" + _word(root.head)] = 1.0
    head = root.head
    hv = polarity(head)
    feats["role|predval=" + role + "|" + _bucket(hv)] = 1.0
    if head.pos_ in _CLAUSE_HEAD_POS:
        other = 0.0
        for child in head.children:
            if child.i != root.i and child.i not in ids and child.dep_ in _ARGUMENT_DEPS:
                other += sum(valences[x.i] for x in child.subtree if x.i not in ids)
        feats["role|argval=" + role + "|" + _bucket(other)] = 1.0
        feats["role|pred|arg=" + role + "|" + _bucket(hv) + "|" + _bucket(other)] = 1.0
        if role == "nsubj" and head.lower_ in _SPEECH:
            said = sum(valences[x.i] for child in head.children if child.dep_ in ("ccomp", "xcomp", "dobj") for x in child.subtree)
            feats["speaker_says=" + _bucket(said)] = 1.0
        if role in ("dobj", "pobj", "nsubjpass") and head.lower_ in _SPEECH:
            feats["spoken_to_about"] = 1.0
    node = root
    for _ in range(6):
        if node.head.i == node.i:
            break
        if node.dep_ == "ccomp" and node.head.lower_ in _SPEECH:
            feats["in_reported"] = 1.0
            break
        node = node.head


def _ngram_features(doc: Any, start: int, end: int, sent: Any, feats: dict[str, float]) -> None:
    """Word bigrams of the sentence (the target as ``<T>``, names as their type) and trigrams within 4 words of it."""
    seq: list[str] = []
    for i in range(sent.start, sent.end):
        tok = doc[i]
        if start <= i < end:
            if not seq or seq[-1] != "<T>":
                seq.append("<T>")
            continue
        if tok.is_punct and tok.text not in ",;:":
            continue
        seq.append(_word(tok))
    for a, b in itertools.pairwise(seq):
        feats["bg=" + a + "_" + b] = 1.0
    at = seq.index("<T>") if "<T>" in seq else 0
    win = seq[max(0, at - 4) : at + 5]
    for a, b, c in zip(win, win[1:], win[2:]):
        feats["tg=" + a + "_" + b + "_" + c] = 1.0


def _char_features(doc: Any, start: int, end: int, sent: Any, feats: dict[str, float]) -> None:
    """Character 4-grams of the words (4+ letters, not names) within ``CHAR_WINDOW`` tokens left/right of the target."""
    for i in range(max(sent.start, start - CHAR_WINDOW), min(sent.end, end + CHAR_WINDOW)):
        if start <= i < end:
            continue
        word = _word(doc[i])
        if word.startswith("<") or len(word) < 4:
            continue
        prefix = "chL=" if i < start else "chR="
        marked = "^" + word + "$"
        for j in range(len(marked) - 3):
            feats[prefix + marked[j : j + 4]] = 1.0


def split_features(feats: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """(main features, n-gram features): the two parts the trainer fits separately; ``bias`` is in both."""
    main: dict[str, float] = {}
    ngram: dict[str, float] = {"bias": 1.0}
    for name, value in feats.items():
        (ngram if name.startswith(NGRAM_PREFIXES) else main)[name] = value
    return main, ngram


@dataclass(frozen=True, slots=True)
class LinearModel:
    weights: Mapping[str, tuple[float, float, float]]
    version: str

    def probs(self, feats: Mapping[str, float]) -> tuple[float, float, float]:
        z = [0.0, 0.0, 0.0]
        get = self.weights.get
        for name, value in feats.items():
            w = get(name)
            if w is not None:
                z[0] += w[0] * value
                z[1] += w[1] * value
                z[2] += w[2] * value
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return (e[0] / total, e[1] / total, e[2] / total)

    def predict(self, feats: Mapping[str, float]) -> TargetSentiment:
        p = self.probs(feats)
        label = LABELS[max(range(3), key=p.__getitem__)]
        return TargetSentiment(label=label, score=round(p[2] - p[0], 4), probs=p, rule=self.version)


@functools.lru_cache(maxsize=2)
def load_model(name: str = MODEL_FILE) -> LinearModel:
    """The trained weights (``eventlens/data/sentiment/<name>``), read once per process."""
    try:
        raw = resources.files("eventlens.data").joinpath("sentiment", name).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise ResourceError(
            f"targeted sentiment model {name} is missing or unreadable in eventlens/data/sentiment; "
            "rebuild it with training/train_targeted_sentiment.py"
        ) from exc
    weights = {k: (float(v[0]), float(v[1]), float(v[2])) for k, v in data["weights"].items()}
    return LinearModel(weights=MappingProxyType(weights), version=str(data.get("version", name)))


def target_sentiment(doc: Any, start: int, end: int, *, model: LinearModel | None = None) -> TargetSentiment:
    """Sentiment toward the target at tokens ``[start, end)`` of ``doc``."""
    model = model or load_model()
    return model.predict(features(doc, start, end))
