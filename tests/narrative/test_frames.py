"""Frame lexicon scorer."""

from __future__ import annotations

from eventlens.narrative.frames import FRAMES, frame_scores, label, load_lexicon


def test_lexicon_covers_all_frames_but_other() -> None:
    lex = load_lexicon()
    covered = {f for table in (lex.words, lex.prefixes, lex.phrases) for entries in table.values() for f, _ in entries}
    assert covered == set(FRAMES) - {"other"}
    assert lex.version == "frames-v2"
    assert load_lexicon("frames-v1.tsv").version == "frames-v1"


def test_top_frame_words_prefixes_and_phrases() -> None:
    assert frame_scores("troops and missiles massed at the border".split())[0]["frame"] == "security_defense"
    assert frame_scores("the supreme court ruling on the statute".split())[0]["frame"] == "legality"
    assert frame_scores("the cat sat on the mat".split()) == [{"frame": "other", "score": 1.0}]


def test_scores_are_shares() -> None:
    out = frame_scores("inflation and unemployment hit the economy while police arrested suspects".split())
    assert sum(f["score"] for f in out) <= 1.0 + 1e-9
    assert label("security_defense") == "security and defence"


def test_prefixes_do_not_reach_other_words() -> None:
    lex = load_lexicon()
    # elect* used to match "electric", import* "important", euro* "europe", overwhelm* "overwhelmingly"
    for word in ("electric", "electricity", "important", "importance", "europe", "overwhelmingly", "subsidiary", "measured", "customs"):
        assert "political" not in lex.hits([word]) and "economic" not in lex.hits([word]) and "cultural_identity" not in lex.hits([word]), word
    assert lex.hits(["elected"]) == {"political": 1.0}
    assert lex.hits(["imports"]) == {"economic": 1.0}


def test_a_phrase_is_one_cue() -> None:
    lex = load_lexicon()
    # "first nations" is cultural identity; its word "nations" no longer also votes external regulation
    assert lex.hits("first nations schools".split()).get("external_regulation") is None
    assert lex.hits("the ruling party".split()) == {"political": 1.0}
    matches = lex.matches("the cost of living rose".split())
    assert [cue for _, cue, _ in matches] == ["cost of living"]


def test_broad_words_weigh_half() -> None:
    lex = load_lexicon()
    assert lex.hits(["residents"]) == {"quality_of_life": 0.5}
    # one broad word is still a cue (min_hits 0.5); nothing at all is "other"
    assert frame_scores(["residents"], lexicon=lex)[0]["frame"] == "quality_of_life"


def test_ties_go_to_more_distinct_cues_then_the_earlier_cue() -> None:
    lex = load_lexicon()
    # two distinct policy cues (1.0 each) against one economic cue of weight 2: equal weight, policy has more cues
    words = "the proposed levy and the interest rate".split()
    hits = lex.hits(words)
    assert hits["policy"] == hits["economic"] == 2.0
    assert frame_scores(words, lexicon=lex)[0]["frame"] == "policy"
    # one cue each: the frame named first in the paragraph wins, whatever the alphabet says
    words = "troops fired on protesters".split()
    assert lex.hits(words) == {"security_defense": 1.0, "public_opinion": 1.0}
    assert frame_scores(words, lexicon=lex)[0]["frame"] == "security_defense"
    assert frame_scores(list(reversed(words)), lexicon=lex)[0]["frame"] == "public_opinion"
    # precomputed hits give the same order
    assert frame_scores(words, lexicon=lex, hits=lex.hits(words)) == frame_scores(words, lexicon=lex)


def test_a_very_long_word_costs_no_more_than_the_longest_prefix_cue() -> None:
    import time

    lex = load_lexicon()
    assert lex.max_prefix == max(len(p) for p in lex.prefixes)
    junk = "militar" + "x" * 300_000  # a prefix cue's start; only the first max_prefix letters can matter
    started = time.perf_counter()
    assert lex.hits([junk]) == lex.hits([junk[: lex.max_prefix + 5]])
    assert time.perf_counter() - started < 1.0  # every prefix was tried before: quadratic, minutes for such a word
    assert lex.hits(["militarily"]) == {"security_defense": 1.0}  # prefixes still match normal words
