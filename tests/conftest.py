"""Shared fixtures: tiny hand-made rosters and the committed 3000-row sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.roster.sample import generate_roster
from planner.roster.schema import load_roster, validate_roster

SAMPLE_CSV = Path(__file__).resolve().parent.parent / "data" / "influencers.csv"


def make_roster(rows: list[dict]) -> pd.DataFrame:
    """A validated roster from a list of dicts; optional columns get their defaults.

    Each dict needs at least handle, followers and cost_per_post; platform, category and
    engagement_rate default to instagram, beauty and 0.02.
    """
    base = {"platform": "instagram", "category": "beauty", "engagement_rate": 0.02}
    return validate_roster(pd.DataFrame([{**base, **row} for row in rows]))


@pytest.fixture(scope="session")
def roster_builder():
    """`make_roster` as a fixture, for tests that prefer injection to imports."""
    return make_roster


@pytest.fixture(scope="session")
def sample_roster() -> pd.DataFrame:
    """The committed 3000-row sample, loaded and validated. Do not modify it."""
    return load_roster(SAMPLE_CSV)


@pytest.fixture(scope="session")
def small_roster() -> pd.DataFrame:
    """A 300-row synthetic roster (seed 11): big enough to be realistic, fast to solve."""
    return validate_roster(generate_roster(300, 11))


@pytest.fixture(scope="session", autouse=True)
def scenario_db(tmp_path_factory: pytest.TempPathFactory):
    """App tests save scenarios to a throwaway SQLite file, never to the repository's var/."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_DB_PATH", str(tmp_path_factory.mktemp("db") / "scenarios.db"))
        patch.delenv("PLANNER_DB_URL", raising=False)
        yield
