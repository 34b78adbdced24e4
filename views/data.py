"""Roster data: bring your own roster, see how it is read and which rows have problems."""

import streamlit as st

from ui import upload_view

st.title("Roster data")
upload_view.render()
