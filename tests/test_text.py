"""ui.text.literal: user text (handles, file names, cells, scenario names) goes through
Streamlit's Markdown and must come out as the very text the user wrote, never as markup.

CommonMark reads a backslash before any ASCII punctuation as that character, plain; so the
text shown is `literal(text)` with each such backslash dropped (`shown` below). Every case
checks both: the exact escaped form Streamlit receives, and that it shows the original.
"""

from __future__ import annotations

import re

import pytest

from ui.text import literal

ASCII_PUNCTUATION = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""


def shown(markdown: str) -> str:
    """The text CommonMark shows for backslash escapes: the escaped character itself."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # Markdown emphasis, code, headings, quotes, links, images, tables, strikethrough.
        ("**bold** _it_ `code` ~~gone~~", r"\*\*bold\*\* \_it\_ \`code\` \~\~gone\~\~"),
        ("# Title", r"\# Title"),
        ("> quoted", r"\> quoted"),
        ("[click](http://x.example)", r"\[click\]\(http\://x.example\)"),
        ("![pic](x.png)", r"!\[pic\]\(x.png\)"),
        ("a|b|c", r"a\|b\|c"),
        ("snake_case_handle", r"snake\_case\_handle"),
        # HTML: tags, comments and scripts stay text.
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("<!-- hidden -->", r"\<!\-\- hidden \-\-\>"),
        # Streamlit's additions: $math$, :emoji: shortcodes, :colour[text], icons.
        ("$5 and $10", r"\$5 and \$10"),
        ("$x^2$", r"\$x^2\$"),
        (":smile: :red[alert] :material/home:", r"\:smile\: \:red\[alert\] \:material/home\:"),
        # Emoji and other scripts are text already: unchanged.
        ("🌸flower🌸 zoë_café 東京チャンネル", r"🌸flower🌸 zoë\_café 東京チャンネル"),
        ("👩\u200d💻 coder", "👩\u200d💻 coder"),
        # Spreadsheet formulas: a leading + or - would start a list; = and @ mean nothing.
        ('=HYPERLINK("http://x","click")', r'=HYPERLINK\("http\://x","click"\)'),
        ("+cmd|' /C calc'!A0", r"\+cmd\|' /C calc'!A0"),
        ("-2+3", r"\-2\+3"),
        ("@SUM(1+1)", r"@SUM\(1\+1\)"),
        # A backslash is escaped too, so it cannot escape what follows it.
        ("C:\\data\\*.csv", r"C\:\\data\\\*.csv"),
        ("trailing\\", "trailing\\\\"),
        # Plain text is left alone.
        ("plain text, 2.5% of $-free 1,200.", r"plain text, 2.5% of \$\-free 1,200."),
        # An ordered-list marker at the start: its dot or parenthesis; entities: their &.
        ("1. draft", r"1\. draft"),
        ("2024) Summer", r"2024\) Summer"),
        ("AT&amp;T", r"AT\&amp;T"),
    ],
)
def test_literal_escapes_markup_and_shows_the_text_as_written(text: str, escaped: str) -> None:
    assert literal(text) == escaped
    assert shown(literal(text)) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("one\ntwo", "one two"),
        ("one\r\ntwo\rthree", "one two three"),
        ("# one\n# two", r"\# one \# two"),  # no line can start a heading
    ],
)
def test_literal_puts_the_text_on_one_line(text: str, escaped: str) -> None:
    assert literal(text) == escaped


def test_literal_takes_a_number_as_its_text() -> None:
    assert literal(3.5) == "3.5"


def test_every_escape_is_one_commonmark_knows() -> None:
    """Only ASCII punctuation is escaped: a backslash before anything else is shown as a
    backslash, and would add one to the text."""
    out = literal("".join(chr(c) for c in range(32, 127)) + "é🌸")
    for escaped in re.findall(r"\\(.)", out):
        assert escaped in ASCII_PUNCTUATION


@pytest.mark.parametrize("text", ["- draft", "+ draft", "1. draft", "2024. Summer", "---"])
def test_a_leading_list_marker_or_rule_stays_text(text: str) -> None:
    out = literal(text)
    assert not re.match(r" {0,3}([-+*]|[0-9]{1,9}[.)])( |$)", out)  # a list item
    assert not re.fullmatch(r" {0,3}([-*_])( *\1){2,} *", out)  # a thematic break


@pytest.mark.parametrize("text", ["AT&amp;T", "&lt;b&gt;", "&#42;star&#42;"])
def test_an_entity_reference_stays_text(text: str) -> None:
    assert "&" not in literal(text).replace("\\&", "")
