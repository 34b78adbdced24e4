"""Scenarios: the saved briefs and plans; open, rename, duplicate, delete, export, import."""

import streamlit as st

from ui import scenarios_view

st.title("Scenarios")
st.caption(
    "Each scenario keeps a brief and the plan it gave. Open one to plan from it, or put "
    "2 to 4 side by side on the Compare page."
)
scenarios_view.render()
