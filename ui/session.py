"""Cached calls into planner/: one Planner per roster and brief structure, one plan per budget.

A budget change re-uses the cached Planner, whose solver re-starts from its last basis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner.brief import Brief, BriefError
from planner.charts import plan as charts
from planner.charts import style as chart_style
from planner.forecast import GOAL_METRIC
from planner.optimize.diagnose import InfeasibleBriefError
from planner.optimize.mixes import OPTIMAL_MIX, alternatives
from planner.optimize.optimizer import OPTIMAL_GAP, Planner, SolverTimeLimitError
from planner.plan import Plan, better_of
from planner.roster.schema import load_roster
from ui.state import DEFAULTS
from ui.widgets import store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"
SAMPLE_KEY = "sample"
TIME_LIMIT = DEFAULTS["time_limit"]  # solver seconds, unless the caller says otherwise
UPLOADED = "uploaded_roster"  # session_state: the Upload in use; absent while the sample is
ADOPTED_PLAN = "goal_seek_plan"  # session_state: the goal seek's plan adopted on the frontier


@st.cache_data(show_spinner=False)
def sample_roster() -> pd.DataFrame:
    return load_roster(SAMPLE)


@dataclass(frozen=True)
class Upload:
    """A roster read from a user's file; `key` names its content for the caches below."""

    key: str
    name: str
    roster: pd.DataFrame

    @classmethod
    def of(cls, name: str, roster: pd.DataFrame) -> Upload:
        rows = pd.util.hash_pandas_object(roster, index=False).to_numpy().tobytes()
        digest = hashlib.sha256(rows + ",".join(roster.columns).encode()).hexdigest()
        return cls(f"upload:{digest[:16]}", name, roster)


def current_roster() -> tuple[str, pd.DataFrame]:
    """The roster in use and its cache key: the uploaded one, or else the sample."""
    upload = st.session_state.get(UPLOADED)
    return (upload.key, upload.roster) if upload else (SAMPLE_KEY, sample_roster())


def _structure(brief: Brief) -> str:
    return brief.model_dump_json(exclude={"budget"})


@st.cache_resource(max_entries=24, show_spinner=False)
def _planner(roster_key: str, structure: str, _roster: pd.DataFrame) -> Planner:
    brief = Brief.model_validate_json(structure)
    return Planner(_roster, brief)


@st.cache_data(max_entries=512, show_spinner=False)
def _plan(
    roster_key: str,
    structure: str,
    budget: float,
    _roster: pd.DataFrame,
    method: str,
    time_limit: float = TIME_LIMIT,
) -> Plan:
    planner = _planner(roster_key, structure, _roster)
    if method == "greedy":
        return planner.greedy(budget)
    return planner.plan(budget, time_limit=time_limit)


def plan(
    roster_key: str, roster: pd.DataFrame, brief: Brief, time_limit: float = TIME_LIMIT
) -> Plan:
    """The live plan within `time_limit` solver seconds (raises InfeasibleBriefError with what
    to change, or SolverTimeLimitError when no plan was found in time)."""
    return _plan(roster_key, _structure(brief), brief.budget, roster, "live", time_limit)


def shown_plan(roster_key: str, roster: pd.DataFrame, brief: Brief) -> Plan:
    """The plan the app shows, draws and saves for `brief`: the live plan within the Plan
    page's time limit, or the goal seek's plan adopted for this brief when it reaches more
    (the live plan at that budget may fall a little short of the target). Raises as `plan`."""
    live = plan(roster_key, roster, brief, float(store()["time_limit"]))
    adopted = st.session_state.get(ADOPTED_PLAN)
    return live if adopted is None else better_of(live, adopted, optimal_gap=OPTIMAL_GAP)


def greedy(roster_key: str, roster: pd.DataFrame, brief: Brief) -> Plan:
    return _plan(roster_key, _structure(brief), brief.budget, roster, "greedy")


def candidates(roster_key: str, roster: pd.DataFrame, brief: Brief) -> pd.DataFrame:
    return _planner(roster_key, _structure(brief), roster).cands


def mix_plans(
    roster_key: str, roster: pd.DataFrame, brief: Brief, time_limit: float = TIME_LIMIT
) -> dict[str, Plan | None]:
    """Micro only, macro and mega only, and the optimal mix; None where impossible (or where
    no plan was found in time)."""
    out: dict[str, Plan | None] = {}
    for name, alt in alternatives(brief).items():
        try:
            out[name] = plan(roster_key, roster, alt, time_limit)
        except (InfeasibleBriefError, SolverTimeLimitError, BriefError):
            out[name] = None
    return out


@st.cache_data(max_entries=256, show_spinner=False)
def _figures(
    roster_key: str,
    structure: str,
    budget: float,
    objective: float,
    _roster: pd.DataFrame,
    _shown: Plan,
    big: bool,
    time_limit: float,
) -> dict[str, go.Figure]:
    """The charts of `_shown` (told apart by brief, budget and objective: the live plan or an
    adopted one)."""
    brief = _shown.brief
    metric = GOAL_METRIC[brief.goal]
    cands = candidates(roster_key, _roster, brief)
    mixes = {**mix_plans(roster_key, _roster, brief, time_limit), OPTIMAL_MIX: _shown}
    figures = {
        "chart_budget": charts.budget_by_tier(_shown),
        "chart_scatter": charts.candidates_scatter(cands, _shown, metric),
        "chart_per_dollar": charts.result_per_dollar_by_tier(_shown, cands, metric),
        "chart_followers": charts.followers_distribution(_shown),
        "chart_mix": charts.mix_comparison(mixes, metric),
    }
    return {k: chart_style.apply_presentation(f, big) for k, f in figures.items()}


def figures(
    roster_key: str, roster: pd.DataFrame, shown: Plan, big: bool, time_limit: float = TIME_LIMIT
) -> dict[str, go.Figure]:
    """The Plan page's charts of the plan shown (cached: a budget seen before draws at once)."""
    brief = shown.brief
    return _figures(
        roster_key, _structure(brief), brief.budget, shown.objective, roster, shown, big, time_limit
    )
