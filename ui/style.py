"""Page styles: the presentation mode for projectors (our own CSS, never user text)."""

from __future__ import annotations

import streamlit as st

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
