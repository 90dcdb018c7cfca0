"""Departure scoring on profiles built in code: flags, passages, reasons, symmetry."""

from __future__ import annotations

from eventlens.narrative.departure import Profile, cosine, passage_reasons, passages, score_paragraphs


def _host(code: str) -> Profile:
    return Profile(
        focus={code: 3.0, "PSE": 1.0},
        frames={"cultural_identity": 3.0, "quality_of_life": 1.0},
        stance={code: (0.1, 2)},
        words={"festival": 2, "music": 1, "heritage": 2, "poetry": 1, "village": 1},
        n_words=60,
    )


def _insert(code: str) -> Profile:
    return Profile(
        focus={code: 4.0},
        frames={"security_defense": 4.0, "political": 1.0},
        stance={code: (0.7, 3)},
        words={"troops": 2, "border": 2, "missile": 1, "defence": 2},
        n_words=60,
    )


def _article(host: str, insert: str, at: tuple[int, ...] = (4, 5), n: int = 10) -> list[Profile]:
    return [_insert(insert) if i in at else _host(host) for i in range(n)]


def test_cosine() -> None:
    assert cosine({"a": 1.0}, {"a": 2.0}) == 1.0
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0
    assert cosine({}, {"a": 1.0}) == 0.0


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
