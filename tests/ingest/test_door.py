"""Text is normalised once at the door; special files, wide encodings and hostile bytes are refused or read right."""

from __future__ import annotations

import os

import pytest

from eventlens.errors import InputError
from eventlens.ingest.document import MAX_CHARS, article_from_bytes, at_the_door, read_article, read_regular_file
from eventlens.ingest.normalise import clean_field, normalise_text
from eventlens.ingest.records import read_corpus
from eventlens.model import Article, content_hash


def test_normalise_keeps_every_offset_and_says_what_changed():
    text, note = normalise_text("Iran\ud800 said\x0bno.\x07 Iraq\u2028agreed.\x85")
    assert len(text) == len("Iran\ud800 said\x0bno.\x07 Iraq\u2028agreed.\x85")
    assert text == "Iran\ufffd said\nno.  Iraq\nagreed.\n"
    assert "1 lone surrogate replaced by U+FFFD" in note and "3 line-break control characters" in note
    assert "1 control character replaced by a space" in note
    assert normalise_text("Plain\ttext\nhere.") == ("Plain\ttext\nhere.", "")


def test_clean_field_is_one_safe_line():
    assert clean_field("Title\r\n=cmd\x1b[31m\ud800") == "Title  =cmd [31m\ufffd"


def test_a_lone_surrogate_hashes_and_is_replaced_at_the_door():
    raw = "Iran and Iraq met in Baghdad. \ud800."
    assert content_hash(raw)  # no UnicodeEncodeError
    notes: list[str] = []
    article = at_the_door(Article(text=raw), notes=notes)
    assert article.text == raw.replace("\ud800", "\ufffd") and article.id == content_hash(article.text)
    assert notes and "lone surrogate" in notes[0]


def test_the_character_limit_is_named():
    with pytest.raises(InputError, match="over the 1,000,000-character limit"):
        at_the_door(Article(text="a" * (MAX_CHARS + 1)))


def test_utf32_with_a_mark_reads_as_text():
    for codec in ("utf-32", "utf-32-be", "utf-16-be"):
        data = ("\ufeff" if codec != "utf-32" else "") + "Iran and Iraq signed a trade deal in Baghdad."
        assert article_from_bytes(data.encode(codec)).text == "Iran and Iraq signed a trade deal in Baghdad."


def test_binary_after_a_utf16_mark_is_refused():
    data = b"\xff\xfe" + bytes((i * 37 + 11) % 256 for i in range(4000))
    with pytest.raises(InputError, match="binary data|invalid UTF-16"):
        article_from_bytes(data)
    junk = b"\xff\xfe" + "".join(chr(0xE000 + i % 3000) for i in range(500)).encode("utf-16-le")
    with pytest.raises(InputError, match="binary data, not text: it starts with a UTF-16 byte-order mark"):
        article_from_bytes(junk)


def test_size_message_is_exact():
    with pytest.raises(InputError) as info:
        article_from_bytes(b"x" * 2049, max_bytes=2048)
    assert info.value.reason == "too large: 2,049 bytes, over the 2,048-byte (0.00195312 MiB) limit"


def test_special_files_are_refused(tmp_path):
    for dev in ("/dev/zero", "/dev/null"):
        if os.path.exists(dev):
            with pytest.raises(InputError, match="is a character device, not a regular file"):
                read_article(dev)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        read_regular_file(str(fifo), 100)  # returns at once: nothing blocks on a FIFO with no writer
    items = list(read_corpus([str(fifo), "/dev/zero"]))
    assert [i.reason for i in items if hasattr(i, "reason")][:2] == [
        "is a FIFO (named pipe), not a regular file; eventlens reads only regular files",
        "is a character device, not a regular file; eventlens reads only regular files"]


def test_deeply_nested_html_is_still_read():
    body = "<p>Iran and Iraq signed a trade deal in Baghdad on Monday, officials said. Both sides welcomed it.</p>"
    html = "<html><body>" + "<div>" * 400 + body + "</div>" * 400 + "</body></html>"
    assert "Iran and Iraq signed" in article_from_bytes(html.encode(), kind="html").text
