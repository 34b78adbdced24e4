"""Cached calls into planner/: one Planner per roster and brief structure, one plan per budget.

A budget change re-uses the cached Planner, whose solver re-starts from its last basis.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from planner.brief import Brief, BriefError
from planner.diagnose import InfeasibleBriefError
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
