"""Frame lexicon scorer."""

from __future__ import annotations

from eventlens.narrative.frames import FRAMES, frame_scores, label, load_lexicon


def test_lexicon_covers_all_frames_but_other() -> None:
    lex = load_lexicon()
    covered = {f for table in (lex.words, lex.prefixes, lex.phrases) for entries in table.values() for f, _ in entries}
    assert covered == set(FRAMES) - {"other"}
    assert lex.version == "frames-v1"


def test_top_frame_words_prefixes_and_phrases() -> None:
    assert frame_scores("troops and missiles massed at the border".split())[0]["frame"] == "security_defense"
    assert frame_scores("the supreme court ruling on the statute".split())[0]["frame"] == "legality"
    assert frame_scores("the cat sat on the mat".split()) == [{"frame": "other", "score": 1.0}]


def test_scores_are_shares() -> None:
    out = frame_scores("inflation and unemployment hit the economy while police arrested suspects".split())
    assert sum(f["score"] for f in out) <= 1.0 + 1e-9
    assert label("security_defense") == "security and defence"
