"""Scenarios side by side: KPI differences, roster differences and the overlaid charts."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.brief import Brief
from planner.charts import compare as compare_charts
from planner.comparison import RANGE_ROW, kpi_table, kpi_values, overlap, roster_differences
from planner.optimize.optimizer import Planner
from tests.helpers.rosters import make_roster


@pytest.fixture(scope="module")
def plans(small_roster: pd.DataFrame) -> dict:
    base = Brief.parse({"budget": 20_000})
    less = base.with_budget(16_000)
    micro = Brief.parse({"budget": 20_000, "tier_rules": {"micro": {"min_share": 0.6}}})
    return {
        "Base": Planner(small_roster, base).plan(),
        "20% less": Planner(small_roster, less).plan(),
        "Mostly micro": Planner(small_roster, micro).plan(),
    }


def test_kpis_are_the_plans_totals_in_order(plans):
    values = kpi_values(plans)
    assert list(values.columns) == ["Base", "20% less", "Mostly micro"]
    for name, plan in plans.items():
        assert values.at["Spent", name] == pytest.approx(plan.totals["cost"])
        assert values.at["Expected engagements", name] == pytest.approx(plan.objective)
        assert values.at["Influencers", name] == len(plan.rows)


def test_differences_are_measured_against_the_first_scenario():
    roster = make_roster(
        [{"handle": f"h{i}", "followers": 20_000, "cost_per_post": 1_000} for i in range(6)]
    )
    # Each costs $1,250: the fee and the default running cost of $250.
    four, two = (Planner(roster, Brief.parse({"budget": b})).plan() for b in (5_000, 2_500))
    table = kpi_table({"Four": four, "Two": two})
    assert table.at["Budget", "Four"] == "$5,000"
    assert table.at["Budget", "Two vs Four"] == "−$2,500 (−50.0%)"
    assert table.at["Influencers", "Two vs Four"] == "−2 (−50.0%)"
    assert table.at["Cost per engagement", "Two vs Four"] == "same"
    assert table.at["Goal", "Two vs Four"] == "same"
    assert table.at["Plan quality", "Four"] == "proven best"
    band = four.band("engagement")  # the goal's simulated range, as the KPI line shows it
    assert table.at[RANGE_ROW, "Four"] == f"engagements: {band['p10']:,.0f}–{band['p90']:,.0f}"
    assert list(table.columns) == ["Four", "Two", "Two vs Four"]


def test_roster_differences_list_who_is_in_one_and_not_the_other():
    rows = [
        {"handle": "a", "followers": 50_000, "cost_per_post": 1_000, "engagement_rate": 0.05},
        {"handle": "b", "followers": 40_000, "cost_per_post": 1_000, "engagement_rate": 0.04},
        {"handle": "c", "followers": 30_000, "cost_per_post": 1_000, "engagement_rate": 0.03},
    ]
    roster = make_roster(rows)
    # Each costs $1,250: the fee and the default running cost of $250.
    one = Planner(roster, Brief.parse({"budget": 1_250})).plan()  # a
    two = Planner(roster, Brief.parse({"budget": 2_500})).plan()  # a, b
    other = Planner(roster, Brief.parse({"budget": 1_250, "excluded": ["a", "b"]})).plan()  # c
    plans = {"One": one, "Two": two, "Other": other}
    diff = roster_differences(plans)
    # most shared first (a is in two scenarios), then by followers
    assert diff["handle"].tolist() == ["a", "b", "c"]
    assert diff.set_index("handle")[["One", "Two", "Other"]].to_dict("index") == {
        "a": {"One": True, "Two": True, "Other": False},
        "b": {"One": False, "Two": True, "Other": False},
        "c": {"One": False, "Two": False, "Other": True},
    }
    assert diff["followers"].tolist() == [50_000, 40_000, 30_000]
    assert overlap(plans) == {
        "in every scenario": 0,
        "only in One": 0,
        "only in Two": 1,
        "only in Other": 1,
    }
    assert roster_differences({"Two": two, "Same": two}).empty


def test_one_or_five_scenarios_are_refused(plans):
    with pytest.raises(ValueError, match="compare 2 to 4 scenarios, not 1"):
        kpi_table({"Base": plans["Base"]})
    five = {f"S{i}": plans["Base"] for i in range(5)}
    with pytest.raises(ValueError, match="not 5"):
        compare_charts.spend_by_tier(five)


def test_charts_draw_one_series_per_scenario_with_the_plans_numbers(plans):
    spend = compare_charts.spend_by_tier(plans)
    assert [t.name for t in spend.data] == list(plans)
    for trace, plan in zip(spend.data, plans.values(), strict=True):
        assert sum(trace.y) == pytest.approx(plan.totals["cost"])
    results = compare_charts.expected_results(plans)
    engagement = [t for t in results.data if t.xaxis == "x"]
    assert [t.y[0] for t in engagement] == pytest.approx([p.objective for p in plans.values()])
    assert engagement[0].error_y.array[0] > 0
    cpe = compare_charts.cost_per_engagement(plans)
    for trace, plan in zip(cpe.data, plans.values(), strict=True):
        assert trace.x[0] == "All tiers"
        assert trace.y[0] == pytest.approx(plan.totals["cost_per_engagement"])
