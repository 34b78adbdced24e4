"""The plan's outcome as a distribution: against the lognormal's closed form, the people
formula draw by draw, and fresh draws (P10-P90 holds 8 in 10 of them)."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from planner import calibration as cal
from planner.audience import PEOPLE_METRICS, cells
from planner.brief import Brief
from planner.forecast import METRICS
from planner.optimize.optimizer import Planner
from planner.simulate import QUANTILES, multipliers, outcome, row_cv, spread_assumed
from tests.helpers.rosters import make_roster


def _one(sd: float, shock: float) -> tuple:
    roster = make_roster(
        [{"handle": "a", "followers": 50_000, "cost_per_post": 500, "engagement_rate_sd": sd}]
    )
    brief = Brief(budget=10_000, platform_shock=shock)
    return Planner(roster, brief).plan(), brief


@pytest.mark.parametrize(("sd", "shock"), [(0.01, 0.0), (0.004, 0.3)])
def test_one_influencer_s_quantiles_are_the_lognormal_s(sd: float, shock: float):
    """Own factor and platform factor, both lognormal of mean 1: their product is lognormal
    with log-variance log(1 + cv1^2) + log(1 + cv2^2) and log-mean minus half of it."""
    plan, brief = _one(sd, shock)
    expected = plan.totals["engagement"]
    cv = sd / 0.02  # the rate's own coefficient of variation (make_roster: rate 2%)
    var = math.log1p(cv**2) + math.log1p(shock**2)
    drawn = outcome(plan.rows, brief).quantiles("engagement")
    for name, q in QUANTILES.items():
        exact = expected * math.exp(-var / 2 + math.sqrt(var) * NormalDist().inv_cdf(q))
        assert drawn[name] == pytest.approx(exact, rel=0.02), name


def test_the_draws_average_the_expected_totals_and_are_seeded(sample_roster):
    brief = Brief(budget=30_000, goal="reach")
    plan = Planner(sample_roster, brief).plan()
    drawn = outcome(plan.rows, brief)
    for metric in ("engagement", "emv"):  # summed: the mean of the draws is the expected total
        assert drawn.draws(metric).mean() == pytest.approx(plan.totals[metric], rel=0.01)
    for metric in PEOPLE_METRICS:  # people saturate, little at these sizes: close to it
        assert drawn.draws(metric).mean() == pytest.approx(plan.totals[metric], rel=0.02)
    again = outcome(plan.rows, brief)
    assert all(np.array_equal(drawn.draws(m), again.draws(m)) for m in METRICS)
    other = outcome(plan.rows, brief, seed=1)
    assert not np.array_equal(drawn.draws("engagement"), other.draws("engagement"))


def test_people_in_each_draw_follow_the_formula_row_by_row(sample_roster):
    """Every draw's people equal N (1 - prod(1 - r/N)) of that draw's results, computed one
    draw at a time by planner.audience."""
    brief = Brief(budget=20_000, goal="conversions")
    plan = Planner(sample_roster, brief).plan()
    draws = 50
    m = multipliers(plan.rows, brief, draws)
    drawn = outcome(plan.rows, brief, draws)
    where = cells(plan.rows, brief)
    for metric in PEOPLE_METRICS:
        expected = plan.rows[f"expected_{metric}"].to_numpy(float)
        exact = [where.people(m[d] * expected) for d in range(draws)]
        assert drawn.draws(metric) == pytest.approx(exact, rel=1e-5)  # float32


def test_a_platform_shock_moves_its_influencers_together():
    base = {"followers": 30_000, "cost_per_post": 300, "engagement_rate_sd": 1e-9}
    roster = make_roster(
        [
            {**base, "handle": h, "platform": p}
            for h, p in (("a", "tiktok"), ("b", "tiktok"), ("c", "youtube"))
        ]
    )
    brief = Brief(platform_shock=0.4)
    m = multipliers(roster, brief, 2_000)
    assert np.allclose(m[:, 0], m[:, 1], rtol=1e-6)  # one platform: one swing
    assert abs(np.corrcoef(m[:, 0], m[:, 2])[0, 1]) < 0.1  # another: its own
    assert np.std(m[:, 0]) == pytest.approx(0.4, rel=0.1)


def test_a_roster_without_its_own_spread_takes_the_assumed_one():
    roster = make_roster([{"handle": "a", "followers": 30_000, "cost_per_post": 300}])
    assert spread_assumed(roster)
    assert row_cv(roster).tolist() == [cal.RATE_CV.value]


@pytest.mark.parametrize("goal", ["engagement", "reach", "conversions"])
def test_p10_to_p90_holds_eight_in_ten_fresh_outcomes(sample_roster, goal: str):
    """Calibrated: the range from one set of draws holds 80% (within 2 points) of outcomes
    drawn afresh with another seed."""
    brief = Brief(budget=50_000, goal=goal)
    plan = Planner(sample_roster, brief).plan()
    band = plan.band(goal)
    fresh = outcome(plan.rows, brief, seed=7).draws(goal)
    inside = np.mean((fresh >= band["p10"]) & (fresh <= band["p90"]))
    assert inside == pytest.approx(0.8, abs=0.02)
    assert band["p10"] < plan.totals[goal] < band["p90"]


def test_an_empty_plan_has_a_range_of_nothing(sample_roster):
    brief = Brief(budget=1)  # no post fits
    plan = Planner(sample_roster, brief).plan()
    assert plan.rows.empty
    assert plan.band("engagement") == {"p10": 0.0, "p50": 0.0, "p90": 0.0}
    assert set(plan.summary()["totals"]) >= {f"{m}_{q}" for m in METRICS for q in QUANTILES}
