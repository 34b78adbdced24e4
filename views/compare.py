"""Compare: 2 to 4 scenarios side by side, readable on a projector."""

import streamlit as st

from ui import compare_view, style
from ui.widgets import bound, store

top_left, top_right = st.columns([4, 1])
top_left.title("Compare scenarios")
with top_right:
    bound(
        st.toggle,
        "Presentation mode",
        "presentation",
        help="Hides the sidebar and enlarges numbers and charts for a projector.",
    )
style.presentation(store()["presentation"])
compare_view.render()
