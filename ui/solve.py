"""Cached calls into planner/: one Planner per roster and brief structure, one plan per budget.

A budget change re-uses the cached Planner, whose solver re-starts from its last basis.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner import charts
from planner.brief import Brief, BriefError
from planner.diagnose import InfeasibleBriefError
from planner.forecast import GOAL_METRIC
from planner.mixes import alternatives
from planner.optimizer import Planner
from planner.plan import Plan
from planner.roster import load_roster

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"
SAMPLE_KEY = "sample"


@st.cache_data(show_spinner=False)
def sample_roster() -> pd.DataFrame:
    return load_roster(SAMPLE)


def _structure(brief: Brief) -> str:
    return brief.model_dump_json(exclude={"budget"})


@st.cache_resource(max_entries=24, show_spinner=False)
def _planner(roster_key: str, structure: str, _roster: pd.DataFrame) -> Planner:
    brief = Brief.model_validate_json(structure)
    return Planner(_roster, brief)


@st.cache_data(max_entries=512, show_spinner=False)
def _plan(
    roster_key: str, structure: str, budget: float, _roster: pd.DataFrame, method: str
) -> Plan:
    planner = _planner(roster_key, structure, _roster)
    return planner.greedy(budget) if method == "greedy" else planner.plan(budget)


def plan(roster_key: str, roster: pd.DataFrame, brief: Brief) -> Plan:
    """The live plan (raises InfeasibleBriefError with what to change)."""
    return _plan(roster_key, _structure(brief), brief.budget, roster, "live")


def greedy(roster_key: str, roster: pd.DataFrame, brief: Brief) -> Plan:
    return _plan(roster_key, _structure(brief), brief.budget, roster, "greedy")


def candidates(roster_key: str, roster: pd.DataFrame, brief: Brief) -> pd.DataFrame:
    return _planner(roster_key, _structure(brief), roster).cands


def mix_plans(roster_key: str, roster: pd.DataFrame, brief: Brief) -> dict[str, Plan | None]:
    """Micro only, macro and mega only, and the optimal mix; None where impossible."""
    out: dict[str, Plan | None] = {}
    for name, alt in alternatives(brief).items():
        try:
            out[name] = plan(roster_key, roster, alt)
        except (InfeasibleBriefError, BriefError):
            out[name] = None
    return out


@st.cache_data(max_entries=256, show_spinner=False)
def _figures(
    roster_key: str, structure: str, budget: float, _roster: pd.DataFrame, big: bool
) -> dict[str, go.Figure]:
    brief = Brief.model_validate_json(structure).with_budget(budget)
    plan_ = plan(roster_key, _roster, brief)
    metric = GOAL_METRIC[brief.goal]
    cands = candidates(roster_key, _roster, brief)
    figures = {
        "chart_budget": charts.budget_by_tier(plan_),
        "chart_scatter": charts.candidates_scatter(cands, plan_, metric),
        "chart_per_dollar": charts.result_per_dollar_by_tier(plan_, cands, metric),
        "chart_followers": charts.followers_distribution(plan_),
        "chart_mix": charts.mix_comparison(mix_plans(roster_key, _roster, brief), metric),
    }
    return {k: charts.apply_presentation(f) if big else f for k, f in figures.items()}


def figures(roster_key: str, roster: pd.DataFrame, brief: Brief, big: bool) -> dict[str, go.Figure]:
    """The Plan page's charts for this brief (cached: a budget seen before draws at once)."""
    return _figures(roster_key, _structure(brief), brief.budget, roster, big)
