"""Departure scoring on profiles built in code: flags, passages, reasons, symmetry."""

from __future__ import annotations

import random

import pytest

from eventlens.narrative.departure import (
    Profile,
    block_features,
    block_probabilities,
    candidate_blocks,
    choose_blocks,
    cosine,
    load_settings,
    passage_reasons,
    passages,
    score_paragraphs,
    standout,
)
from eventlens.narrative.departure import _dot_products


def _host(code: str) -> Profile:
    return Profile(
        focus={code: 3.0, "PSE": 1.0},
        frames={"cultural_identity": 3.0, "quality_of_life": 1.0},
        stance={code: (0.1, 2)},
        terms={"festival": 2, "music": 1, "heritage": 2, "poetry": 1, "village": 1, "celebrate": 1},
        names={"qom": 1},
        n_words=60,
    )


def _insert(code: str) -> Profile:
    return Profile(
        focus={code: 4.0},
        frames={"security_defense": 4.0, "political": 1.0},
        stance={code: (0.7, 3)},
        terms={"troops": 2, "border": 2, "missile": 1, "defence": 2, "deploy": 1},
        names={"golan": 1, "haifa": 1},
        n_words=60,
    )


def _article(host: str, insert: str, at: tuple[int, ...] = (4, 5), n: int = 10) -> list[Profile]:
    return [_insert(insert) if i in at else _host(host) for i in range(n)]


def test_cosine() -> None:
    assert cosine({"a": 1.0}, {"a": 2.0}) == 1.0
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    assert cosine({}, {"a": 1.0}) == 0.0


def test_dot_products_equal_the_pairwise_dots() -> None:
    """The postings build of the Gram matrix (outer products for common words) equals dot by dot."""
    rng = random.Random(7)
    vectors: list[dict[str, float]] = [{}]
    for n in range(60):
        vector = {f"w{rng.randrange(80)}": rng.random() for _ in range(rng.randrange(1, 15))}
        if n % 3:
            vector["said"] = rng.random()  # in 40 vectors: added as one outer product
        vectors.append(vector)
    vectors.append({"only": 2.0})
    gram = _dot_products(vectors)
    for i, a in enumerate(vectors):
        for j, b in enumerate(vectors):
            assert gram[i][j] == pytest.approx(sum(v * b.get(k, 0.0) for k, v in a.items()), abs=1e-12)


def test_inserted_block_is_one_passage_with_reasons() -> None:
    profiles = _article("IRN", "ISR")
    scored = score_paragraphs(profiles)
    assert [i for i, s in enumerate(scored) if s.flagged] == [4, 5]
    blocks = passages(scored)
    assert blocks == [[4, 5]]
    reasons = passage_reasons(profiles, blocks[0], scored=scored)
    text = " | ".join(reasons)
    assert "focus moves from IRN/PSE to ISR" in text
    assert "security and defence" in text and "cultural identity" in text
    assert "tone toward ISR +0.7" in text
    # names the rest never uses, as the text writes them when the stage passes their forms
    assert "names not used elsewhere in the article: golan, haifa" in text
    written = " | ".join(passage_reasons(profiles, blocks[0], scored=scored, name_forms={"golan": "Golan", "haifa": "Haifa"}))
    assert "names not used elsewhere in the article: Golan, Haifa" in written


def test_uniform_article_is_not_flagged() -> None:
    scored = score_paragraphs([_host("IRN") for _ in range(8)])
    assert not any(s.flagged for s in scored)


def test_symmetry_flag_follows_the_passage_not_the_actor() -> None:
    a = score_paragraphs(_article("IRN", "ISR"))
    b = score_paragraphs(_article("ISR", "IRN"))  # roles swapped
    assert [s.flagged for s in a] == [s.flagged for s in b]
    assert [s.score for s in a] == [s.score for s in b]
    moved = score_paragraphs(_article("ISR", "IRN", at=(2,)))
    assert [i for i, s in enumerate(moved) if s.flagged] == [2]


def test_short_articles_are_not_scored() -> None:
    assert not any(s.flagged for s in score_paragraphs(_article("IRN", "ISR", at=(1,), n=3)))


def test_most_of_article_departing_is_not_a_passage() -> None:
    profiles = [_insert("ISR") if i % 2 else _host("IRN") for i in range(8)]
    assert not any(s.flagged for s in score_paragraphs(profiles))


def test_candidate_blocks_respect_length_and_share() -> None:
    blocks = candidate_blocks(10, max_block=3, max_share=0.4)
    assert (0, 0) in blocks and (7, 9) in blocks and all(b - a <= 2 for a, b in blocks)
    assert all(b - a + 1 <= 2 for a, b in candidate_blocks(5, max_block=3, max_share=0.4))


def test_choose_blocks_takes_strongest_without_overlap() -> None:
    strength = {(2, 3): 3.0, (3, 3): 2.0, (6, 6): 1.5, (8, 8): 0.9}
    assert choose_blocks(strength, n=10, settings={"max_passage_share": 0.4}) == [(2, 3), (6, 6)]
    assert choose_blocks(strength, n=10, settings={"max_passage_share": 0.2}) == [(2, 3)]


def test_inserted_block_scores_far_above_host_paragraphs() -> None:
    scored = score_paragraphs(_article("IRN", "ISR", at=(3, 4)))
    inside = min(scored[i].score for i in (3, 4))
    assert all(s.score < inside for i, s in enumerate(scored) if i not in (3, 4))
    assert scored[3].components["lexical"] > 0.5 and scored[3].components["focus"] > 0.5


def _plain(i: int, **extra: object) -> Profile:
    """A host paragraph that shares the article's vocabulary and names."""
    base: dict[str, object] = {"terms": {"festival": 2, "music": 1, "heritage": 1, f"word{i}": 1}, "names": {"qom": 1}, "n_words": 40, "sentences": 2}
    base.update(extra)
    return Profile(**base)  # type: ignore[arg-type]


def _block(profiles: list[Profile], block: tuple[int, int]) -> dict[str, float]:
    return block_features(profiles)[block]


def test_orphans_are_one_word_people_nobody_introduces() -> None:
    profiles = [_plain(i) for i in range(8)]
    profiles[5] = _plain(5, people=[("smith",)])
    assert _block(profiles, (5, 5))["orphans"] == 0.5
    profiles[2] = _plain(2, people=[("john", "smith")])  # introduced in full elsewhere: not an orphan
    assert _block(profiles, (5, 5))["orphans"] == 0.0


def test_cast_missing_is_relative_to_the_typical_paragraph() -> None:
    profiles = [_plain(i) for i in range(8)]
    profiles[4] = _plain(4, names={"haifa": 1})
    assert _block(profiles, (4, 4))["cast"] == 1.0
    assert _block(profiles, (2, 2))["cast"] == 0.0


def test_features_do_not_depend_on_which_actor_is_named() -> None:
    assert block_features(_article("IRN", "ISR")) == block_features(_article("ISR", "IRN"))


def test_sentence_length_gap_is_in_units_of_the_article_spread() -> None:
    profiles = [_plain(i) for i in range(8)]  # 20 words per sentence
    profiles[3] = _plain(3, n_words=120, sentences=2)  # 60 words per sentence
    assert _block(profiles, (3, 3))["sentence_length"] == 1.0  # 40 words per sentence above the rest, spread floor 3
    assert _block(profiles, (6, 6))["sentence_length"] < 0.7  # 20 vs the rest's 25.7


def test_retold_paragraph_echoes_a_distant_one() -> None:
    profiles = [_plain(i) for i in range(8)]
    profiles[1] = _plain(1, terms={"earthquake": 2, "magnitude": 1, "struck": 1})
    profiles[6] = _plain(6, terms={"earthquake": 2, "magnitude": 1, "struck": 1})
    assert _block(profiles, (6, 6))["echo"] > _block(profiles, (3, 3))["echo"]


def test_standout_is_a_z_score_among_the_article_blocks() -> None:
    rel = standout({(0, 0): 1.0, (1, 1): 1.0, (2, 2): 1.0, (3, 3): 5.0})
    assert rel[(3, 3)] == pytest.approx(3 ** 0.5) and rel[(0, 0)] == pytest.approx(-(3 ** -0.5))
    assert standout({(0, 0): 2.0, (1, 1): 2.0}) == {(0, 0): 0.0, (1, 1): 0.0}  # no spread: nothing stands out
    assert standout({}) == {}


def test_same_block_model_score_counts_more_where_it_stands_out() -> None:
    settings = load_settings()
    w = settings["standout"]["weights"]
    assert w["logit"] > 0 and w["standout"] > 0
    feats = block_features(_article("IRN", "ISR"))
    probs = block_probabilities(feats, settings=settings)
    assert max(probs, key=probs.get) == (4, 5)
    one_stage = block_probabilities(feats, settings={k: v for k, v in settings.items() if k != "standout"})
    assert set(one_stage) == set(probs) and one_stage != probs
