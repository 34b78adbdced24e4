"""Influencer campaign planner: the domain (roster, brief, forecast, optimizer, export).

Never imports Streamlit: the pages in ../pages render what this package computes.
"""
