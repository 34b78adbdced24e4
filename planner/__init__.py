"""Influencer campaign planner: the domain (roster, brief, forecast, optimizer, export).

Never imports Streamlit: the pages in ../views render what this package computes.
"""
