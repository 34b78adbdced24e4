"""User text (file names, handles, cells of an uploaded file, scenario names) shown through
Streamlit's Markdown exactly as written."""

from __future__ import annotations

import re

# Markdown, HTML and Streamlit's additions ($math$, :emoji:, :red[colour]) start with these;
# a backslash before any ASCII punctuation makes it plain (CommonMark).
_MARKUP = re.compile(r"[\\`*_\[\]()<>#|~$:]")


def literal(text: str) -> str:
    """`text` with every character that Markdown would read as markup escaped, on one line."""
    return _MARKUP.sub(lambda m: "\\" + m[0], " ".join(str(text).splitlines()))


def count_words(count: float, noun: str) -> str:
    """'1 influencer', '2,561 influencers'."""
    return f"{count:,.0f} {noun}{'' if round(count) == 1 else 's'}"
