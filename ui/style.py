"""Page styles: the presentation mode for projectors (our own CSS, never user text)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.widgets import bound

PRESENTATION_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
[data-testid="stMetricValue"] {font-size: 3.2rem;}
[data-testid="stMetricLabel"] p {font-size: 1.4rem;}
.block-container {padding-top: 1.5rem; max-width: 100%;}
</style>
"""


def presentation(on: bool) -> None:
    if on:
        st.html(PRESENTATION_CSS)


def header(title: str, hides: str) -> DeltaGenerator:
    """The page's title with the Presentation mode toggle beside it (it hides `hides`);
    returns the column under the toggle, for the page's own buttons."""
    left, right = st.columns([4, 1])
    left.title(title)
    with right:
        bound(
            st.toggle,
            "Presentation mode",
            "presentation",
            help=f"Hides {hides} and enlarges numbers and charts for a projector.",
        )
    return right
