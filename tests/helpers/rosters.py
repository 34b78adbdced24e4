"""Tiny hand-made rosters, and where the committed 3000-row sample lives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.roster.schema import validate_roster

SAMPLE_CSV = Path(__file__).resolve().parents[2] / "data" / "influencers.csv"


def make_roster(rows: list[dict]) -> pd.DataFrame:
    """A validated roster from a list of dicts; optional columns get their defaults.

    Each dict needs at least handle, followers and cost_per_post; platform, category and
    engagement_rate default to instagram, beauty and 0.02.
    """
    base = {"platform": "instagram", "category": "beauty", "engagement_rate": 0.02}
    return validate_roster(pd.DataFrame([{**base, **row} for row in rows]))
