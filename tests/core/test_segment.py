from __future__ import annotations

from eventlens.model import Article
from eventlens.stages import build_pipeline
from eventlens.stages.segment import split_paragraphs


def test_paragraphs_split_on_line_breaks_and_blank_lines():
    text = "  One. Two.\n\nThree.\nFour.  \n"
    paras = split_paragraphs(text)
    assert [text[p.start:p.end] for p in paras] == ["One. Two.", "Three.", "Four."]
    assert [p.index for p in paras] == [0, 1, 2]


def test_sentences_never_cross_paragraphs():
    text = "Iran sent aid to Gaza on Monday\nIsrael held talks with Egypt. They agreed to meet again."
    analysis = build_pipeline(["segment"])(Article(text=text))
    assert len(analysis.paragraphs) == 2
    for sent in analysis.sentences:
        para = analysis.paragraphs[sent.paragraph]
        assert para.start <= sent.start < sent.end <= para.end
    assert [s.paragraph for s in analysis.sentences] == [0, 1, 1]
    assert analysis.meta["model"]["version"].startswith("3.8")


def test_pipe_gives_the_same_result_as_one_call_per_article():
    texts = ["Egypt met Jordan.\nThey agreed.", "France criticised Italy over migration policy."]
    pipeline = build_pipeline(["segment"])
    one = [pipeline(Article(text=t)).to_dict() for t in texts]
    many = [a.to_dict() for a in pipeline.pipe([Article(text=t) for t in texts])]
    for a, b in zip(one, many):
        a["meta"].pop("timings_s"), b["meta"].pop("timings_s", None)
    assert one == many


def test_text_over_the_parser_limit_is_an_input_error():
    import pytest

    from eventlens.errors import InputError
    from eventlens.model import Analysis
    from eventlens.stages.segment import Segmenter

    stage = Segmenter()
    text = "Officials met. " * (stage.nlp.max_length // 15 + 1)
    with pytest.raises(InputError, match="over the parser's"):
        stage(Analysis(article=Article(text=text, path="long.txt")))
