"""Escape sequences hidden in article text, titles or stored values never reach a terminal as control codes."""

from __future__ import annotations

import io

from click.testing import CliRunner

from eventlens.cli import cli
from eventlens.cli.query import for_terminal


def test_the_text_report_shows_escapes_not_control_codes(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Iran sent aid to Gaza.\x1b]0;owned\x07 Officials in Cairo welcomed it.")
    result = CliRunner().invoke(cli, ["analyze", str(article), "--title", "Title \x1b[2J\x1b[31mred"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Title \\x1b[2J\\x1b[31mred" in result.output or "Title  [2J [31mred" in result.output


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_for_terminal_escapes_only_on_a_terminal():
    data = "a\x1b[31mb\tc\r\nd\x9be\rf"
    assert for_terminal(data, stream=_Tty()) == "a\\x1b[31mb\tc\r\nd\\x9be\\rf"  # CRLF kept, a lone CR shown
    assert for_terminal(data, stream=io.StringIO()) == data
