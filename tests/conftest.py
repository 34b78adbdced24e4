"""Shared fixtures: tiny hand-made rosters and the committed 3000-row sample."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.roster.sample import generate_roster
from planner.roster.schema import load_roster, validate_roster
from tests.helpers.rosters import SAMPLE_CSV, make_roster


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
