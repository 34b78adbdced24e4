"""Influencer campaign planner: routes to the pages; the work is in planner/ and ui/."""

import streamlit as st

st.set_page_config(
    page_title="Influencer campaign planner", page_icon=":material/campaign:", layout="wide"
)
st.navigation(
    [
        st.Page("pages/plan.py", title="Plan", icon=":material/insights:", default=True),
        st.Page("pages/roster.py", title="Roster", icon=":material/groups:"),
        st.Page("pages/method.py", title="Method", icon=":material/menu_book:"),
    ]
).run()
