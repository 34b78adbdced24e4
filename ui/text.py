"""User text (file names, handles, cells of an uploaded file, scenario names) shown through
Streamlit's Markdown exactly as written."""

from __future__ import annotations

import re

# Markdown, HTML, entities (&amp;), list markers and rules (- + ---) and Streamlit's
# additions ($math$, :emoji:, :red[colour]) start with these; a backslash before any ASCII
# punctuation shows it as written (CommonMark).
_MARKUP = re.compile(r"[\\`*_\[\]()<>#|~$:&+-]")
# An ordered-list marker at the start of the text ("1. ", "2024) "): its dot or parenthesis.
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


def literal(text: str) -> str:
    """`text` with every character that Markdown would read as markup escaped, on one line."""
    escaped = _MARKUP.sub(lambda m: "\\" + m[0], " ".join(str(text).splitlines()))
    return _ORDERED.sub(r"\1\\\2", escaped)


def count_words(count: float, noun: str) -> str:
    """'1 influencer', '2,561 influencers'."""
    return f"{count:,.0f} {noun}{'' if round(count) == 1 else 's'}"
