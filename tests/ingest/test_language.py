"""The English check: other languages and encoded data get a warning; English, short texts and headlines do not."""

from __future__ import annotations

import json
import random
import string

from eventlens.ingest import Record, read_corpus
from eventlens.ingest.language import MIN_WORDS, english_share, english_warning

ENGLISH = (
    "The foreign ministers of the two countries met on Monday in the capital to discuss the border dispute. "
    "They said that the talks had been useful and that both sides would return to the table after the elections, "
    "although neither government gave a date for the next round of meetings."
)
# written for this test in the style of a Spanish news paragraph
SPANISH = (
    "Los ministros de exteriores de los dos países se reunieron el lunes en la capital para hablar de la disputa "
    "fronteriza. Dijeron que las conversaciones habían sido útiles y que ambas partes volverán a la mesa después de "
    "las elecciones, aunque ningún gobierno dio una fecha para la próxima ronda de reuniones."
)


def test_english_reads_as_english_and_spanish_does_not():
    assert english_share(ENGLISH)[0] > 0.2
    assert english_warning(ENGLISH) == ""
    assert english_share(SPANISH)[0] < 0.03
    warning = english_warning(SPANISH)
    assert "does not read as English" in warning and "words" in warning


def test_encoded_data_is_not_english():
    rng = random.Random(3)
    blob = " ".join("".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(76)) for _ in range(30))
    assert english_warning(blob) != ""


def test_short_texts_are_not_judged():
    headline = "Iran, Iraq sign oil deal; Israel, Jordan talks resume in Amman"
    assert english_share(headline)[1] < MIN_WORDS and english_warning(headline) == ""
    assert english_warning(" ".join(SPANISH.split()[: MIN_WORDS - 1])) == ""


def test_ingest_lists_the_warning_and_keeps_the_article(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in (("es", SPANISH), ("en", ENGLISH))) + "\n", encoding="utf-8")
    records = [r for r in read_corpus([path]) if isinstance(r, Record)]
    assert [r.position for r in records] == ["line 1", "line 2"]
    assert "does not read as English" in records[0].warning and records[1].warning == ""


def test_analyze_text_carries_the_warning_in_meta():
    from eventlens import api

    assert "does not read as English" in " ".join(api.analyze_text(text=SPANISH).meta.get("warnings", []))
    assert not api.analyze_text(text=ENGLISH).meta.get("warnings")
