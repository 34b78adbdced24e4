"""Scenarios side by side: their KPIs with the differences, and who is in one and not another.

Pure functions over named plans (the first is the baseline the others are measured against);
the Compare page and its tests read these tables.
"""

from __future__ import annotations

import math

import pandas as pd

from planner.forecast import GOAL_METRIC
from planner.plan import Method, Plan, Status
from planner.wording import gap_words, metric_noun, money, number, unit_money

# (label, key in Plan.totals or a property, how to show it); the goal's own row comes first.
KPIS: tuple[tuple[str, str, str], ...] = (
    ("Budget", "budget", "money"),
    ("Spent", "cost", "money"),
    ("Influencers", "influencers", "count"),
    ("Expected engagements", "engagement", "count"),
    ("Expected people reached", "reach", "count"),
    ("Gross reach (people x times reached)", "gross_reach", "count"),
    ("Frequency (gross reach / people)", "frequency", "ratio"),
    ("Expected clicks", "clicks", "count"),
    ("Expected conversions", "conversions", "count"),
    ("Earned media value", "emv", "money"),
    ("Cost per engagement", "cost_per_engagement", "cents"),
    ("CPM (cost per 1,000 gross reach)", "cpm", "cents"),
)
RANGE_ROW = "P10–P90 of its goal (simulated)"
KPI_ROWS = ["Goal", RANGE_ROW, *(label for label, _, _ in KPIS), "Plan quality"]
MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
ROSTER_COLUMNS = ["handle", "name", "platform", "tier", "followers"]


def check_count(plans: dict[str, Plan]) -> None:
    if not MIN_SCENARIOS <= len(plans) <= MAX_SCENARIOS:
        raise ValueError(f"compare {MIN_SCENARIOS} to {MAX_SCENARIOS} scenarios, not {len(plans)}")


def kpi_values(plans: dict[str, Plan]) -> pd.DataFrame:
    """One row per KPI (label as index), one column per scenario, in the plans' order."""
    check_count(plans)
    data = {name: _numbers(plan) for name, plan in plans.items()}
    return pd.DataFrame(data, index=[label for label, _, _ in KPIS])


def _numbers(plan: Plan) -> list[float]:
    """The plan's value of each of KPIS (NaN where it has none)."""
    return [float(plan.totals.get(key, math.nan)) for _, key, _ in KPIS]


def kpi_table(plans: dict[str, Plan]) -> pd.DataFrame:
    """The KPIs as text for the screen: each scenario, then how it differs from the first.

    A difference reads "+$4.2k (+8.4%)"; a KPI the baseline lacks (0 or undefined) gives
    the absolute difference only.
    """
    values = kpi_values(plans)
    kinds = [kind for _, _, kind in KPIS]
    names = list(plans)
    base, first = values[names[0]], plans[names[0]]
    out = pd.DataFrame(index=KPI_ROWS)
    for i, name in enumerate(names):
        plan = plans[name]
        out[name] = kpi_text(plan)
        if i:
            diffs = [
                _difference(v, b, k) for v, b, k in zip(values[name], base, kinds, strict=True)
            ]
            goal = "same" if plan.brief.goal == first.brief.goal else "different"
            out[f"{name} vs {names[0]}"] = [goal, "", *diffs, ""]
    return out


def kpi_text(plan: Plan) -> list[str]:
    """One plan's KPIs as text, row by row of KPI_ROWS (the goal, the P10-P90 range of its
    result, KPIS, the plan's quality)."""
    shown = [_show(v, kind) for v, (_, _, kind) in zip(_numbers(plan), KPIS, strict=True)]
    metric = GOAL_METRIC[plan.brief.goal]
    band = plan.band(metric)
    spread = f"{metric_noun(metric)}: {number(band['p10'])}–{number(band['p90'])}"
    return [plan.brief.goal.value, spread, *shown, quality(plan)]


def quality(plan: Plan) -> str:
    """How close to the best possible the plan is, as the Plan page says it."""
    if plan.method == Method.GREEDY:
        return "greedy baseline"
    return "proven best" if plan.status == Status.OPTIMAL else gap_words(plan.gap)


def _show(value: float, kind: str) -> str:
    if math.isnan(value):
        return "–"
    if kind == "money":
        return money(value)
    if kind == "cents":
        return unit_money(value)
    if kind == "ratio":
        return f"{value:.2f}"
    return number(value)


def _difference(value: float, base: float, kind: str) -> str:
    if math.isnan(value) or math.isnan(base):
        return "–"
    delta = value - base
    if abs(delta) <= 1e-9 * max(abs(base), 1.0):
        return "same"
    sign = "+" if delta > 0 else "−"
    text = sign + _show(abs(delta), kind)
    if base:
        text += f" ({sign}{abs(delta) / abs(base):.1%})"
    return text


def roster_differences(plans: dict[str, Plan]) -> pd.DataFrame:
    """The influencers who are in some of the scenarios and not in all of them.

    One row per handle (its facts from the first scenario that has it), one True/False
    column per scenario; ordered by how many scenarios have the handle, most first, then by
    followers. Empty when every scenario picked the same people.
    """
    check_count(plans)
    facts = pd.concat([p.rows[ROSTER_COLUMNS] for p in plans.values()], ignore_index=True)
    facts = facts.drop_duplicates("handle").set_index("handle")
    facts["tier"] = facts["tier"].astype(str)
    member = pd.DataFrame(
        {name: facts.index.isin(p.rows["handle"]) for name, p in plans.items()},
        index=facts.index,
    )
    held = member.sum(axis=1)
    keep = held < len(plans)
    out = facts[keep].join(member[keep])
    out["_held"] = held[keep]
    out = out.sort_values(["_held", "followers"], ascending=[False, False], kind="stable")
    return out.drop(columns="_held").reset_index()


def overlap(plans: dict[str, Plan]) -> dict[str, int]:
    """How many influencers all scenarios share, and how many each has that no other has."""
    check_count(plans)
    sets = {name: set(p.rows["handle"]) for name, p in plans.items()}
    out = {"in every scenario": len(set.intersection(*sets.values()))}
    for name, handles in sets.items():
        others = set().union(*(s for n, s in sets.items() if n != name))
        out[f"only in {name}"] = len(handles - others)
    return out
