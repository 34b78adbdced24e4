"""KPI cards: the plan's headline numbers, their change since the last plan and vs greedy."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from planner import calibration as cal
from planner.audience import PEOPLE_METRICS
from planner.brief import Brief
from planner.forecast import GOAL_METRIC
from planner.plan import Plan, Status
from planner.simulate import NO_SPREAD, quantiles, spread_assumed
from planner.wording import (
    gap_words,
    kpi_number,
    metric_label,
    metric_noun,
    money,
    number,
    seconds_words,
    unit_money,
)

_PUBLISHED = (
    "published figures or assumptions (the Method page says which), each of which you can "
    "change under Content and assumptions in the sidebar"
)
# The goal's unit cost: label, results per unit (CPM: per 1,000 reached), where the rate is from.
COST_PER = {
    "engagement": (
        "Cost per engagement",
        1,
        "Spend / expected engagements. Engagements: real followers x each influencer's "
        "engagement rate (from the roster).",
    ),
    "reach": (
        "Cost per 1,000 people reached",
        1000,
        "Spend / people reached x 1,000 (each person once; the CPM in the Compare page is per "
        "1,000 of gross reach). Reach: real followers x the share who see a post (the "
        f"roster's reach_rate; where it has none, {cal.REACH_RATE_SOURCE}).",
    ),
    "clicks": (
        "Cost per click",
        1,
        "Spend / expected clicks. Clicks: reach x the click-through rate of each "
        "influencer's platform for a {fmt} ({ctr}): " + _PUBLISHED + ".",
    ),
    "conversions": (
        "Cost per conversion",
        1,
        "Spend / expected conversions. Conversions: reach x the click-through rate of each "
        "influencer's platform for a {fmt} ({ctr}) x the conversion rate of clicks of its tier "
        "({cvr}): " + _PUBLISHED + ".",
    ),
}


# How the people-counting goals remove duplicates (the goal card's help).
PEOPLE_HELP = (
    "Each person counts once. An audience lives in a cell: its country x its niche "
    "(US/food), across platforms. Within a cell of N people, audiences overlap at random, so "
    "influencers reaching r1, r2, ... there reach N x (1 - (1 - r1/N)(1 - r2/N)...) people. "
    "N is the brief's audience pool for the cell, else the country's social-media users x the "
    "share who follow influencers x a niche's share (an assumption: the Method page). Gross "
    "reach sums every influencer's reach; frequency = gross reach / people."
)
BAND_HELP = (
    "P10–P90: of 10,000 simulated campaigns, 8 in 10 land in this range (1 in 10 below P10, "
    "1 in 10 above P90). Each influencer's results vary by how much their recent posts varied "
    "(35% where the roster does not say: an assumption), and all posts on one platform can "
    "rise or fall together, e.g. after an algorithm change (Platform-wide swing, under Content "
    "and assumptions)."
)


def _change(now: float | None, before: float | None) -> str | None:
    if now is None or before is None or before == 0 or now == before:
        return None
    return f"{(now / before - 1):+.1%} since last plan"


def _vs_greedy(now: float | None, greedy: float | None, lower_is_better: bool = False) -> str:
    if not greedy:
        return "greedy baseline: no plan that keeps the rules"
    if not now:
        return "greedy baseline: " + (_dollars(greedy) if lower_is_better else kpi_number(greedy))
    gain = (greedy / now - 1) if lower_is_better else (now / greedy - 1)
    return f"{gain if abs(gain) >= 0.0005 else 0.0:+.1%} vs greedy baseline"  # not -0.0%


def _card(
    label: str,
    value: str,
    delta: str | None,
    note: str,
    color: str = "normal",
    help: str | None = None,
) -> None:
    st.metric(label, value, delta, delta_color=color, border=True, help=help)
    st.caption(note)


def _cost_per(totals: dict[str, float], metric: str) -> float | None:
    """Spend per unit of `metric` (per 1,000 for reach); None without a plan or a result."""
    if not totals.get(metric):
        return None
    return COST_PER[metric][1] * totals["cost"] / totals[metric]


def _dollars(x: float | None) -> str:
    return "–" if x is None else unit_money(x)


def _rates(brief: Brief) -> dict[str, str]:
    """The brief's rates in words: '1.80% instagram, 1.00% tiktok, ...' and by tier."""
    fmt = brief.content_format
    return {
        "ctr": ", ".join(f"{brief.ctr(p, fmt):.2%} {p}" for p in cal.PLATFORMS),
        "cvr": ", ".join(f"{brief.cvr(t):.2%} {t}" for t in brief.tier_bands),
    }


def headline(plan: Plan, previous: Plan | None, greedy: Plan | None) -> None:
    metric = GOAL_METRIC[plan.brief.goal]
    t, p = plan.totals, (previous.totals if previous else {})
    g = greedy.totals if greedy and not greedy.violations else {}
    label, _, source = COST_PER[metric]
    unit_cost = _cost_per(t, metric)
    brief = plan.brief
    cards = [
        (
            metric_label(metric),
            kpi_number(t[metric]),
            _change(t[metric], p.get(metric)),
            _vs_greedy(t[metric], g.get(metric)),
            "normal",
            PEOPLE_HELP if metric in PEOPLE_METRICS else None,
        ),
        (
            "Spend",
            money(t["cost"]),
            _change(t["cost"], p.get("cost")),
            f"of {money(plan.brief.budget)} budget ({t['cost'] / plan.brief.budget:.1%}), "
            f"{money(t['running_cost'])} of it running cost",
            "off",
        ),
        (
            label,
            _dollars(unit_cost),
            _change(unit_cost, _cost_per(p, metric)),
            _vs_greedy(unit_cost, _cost_per(g, metric), lower_is_better=True),
            "inverse",
            source.format(fmt=brief.content_format, **_rates(brief)),
        ),
        (
            "Earned media value",
            money(t["emv"]),
            _change(t["emv"], p.get("emv")),
            f"{unit_money(t['emv_per_dollar'])} per $1 · {_vs_greedy(t['emv'], g.get('emv'))}",
            "normal",
        ),
    ]
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        with column:
            _card(*card)


def tiers(plan: Plan, previous: Plan | None, greedy: Plan | None) -> None:
    """Influencers per tier, with the change since the last plan and greedy's count."""
    before = previous.count_by_tier if previous else {}
    baseline = greedy.count_by_tier if greedy else {}
    for column, (tier, n) in zip(
        st.columns(len(plan.count_by_tier)), plan.count_by_tier.items(), strict=True
    ):
        change = n - before[tier] if tier in before and n != before[tier] else None
        with column:
            _card(
                f"{tier.capitalize()} influencers",
                f"{n:,}",
                f"{change:+,d} since last plan" if change else None,
                f"greedy baseline: {baseline.get(tier, 0):,}",
                "off",
            )


def render(plan: Plan, previous: Plan | None, greedy: Plan | None) -> DeltaGenerator:
    """The KPI cards and the plan's summary line, its P10-P90 range still to come: the caller
    fills it in with `show_range` once the charts are sent (drawing 10,000 outcomes takes
    10-50 ms that the slider's charts need not wait for)."""
    headline(plan, previous, greedy)
    tiers(plan, previous, greedy)
    line = st.empty()
    _summary(line, plan, "P10–P90 of the goal: drawing…")
    return line


def show_range(line: DeltaGenerator, plan: Plan, draws: np.ndarray) -> None:
    """The summary line again, with the goal's P10-P90 over its simulated outcomes (`draws`)."""
    metric = GOAL_METRIC[plan.brief.goal]
    band = quantiles(draws)
    assumed = (
        f" (each influencer's spread assumed at {cal.RATE_CV.value:.0%}: {NO_SPREAD})"
        if spread_assumed(plan.rows)
        else ""
    )
    _summary(
        line,
        plan,
        f"P10–P90 of {metric_noun(metric)}: {number(band['p10'], compact=True)}–"
        f"{number(band['p90'], compact=True)}{assumed}",
    )


def _summary(line: DeltaGenerator, plan: Plan, band: str) -> None:
    t = plan.totals
    frequency = "–" if math.isnan(t["frequency"]) else f"{t['frequency']:.2f}"
    line.markdown(
        f"**{t['influencers']:,.0f} influencers**, {t['posts']:,.0f} posts · "
        f"{kpi_number(t['reach'])} people reached once each, {kpi_number(t['gross_reach'])} "
        f"gross reach (frequency {frequency}) · {band} · {_solver_words(plan)}",
        help=f"{PEOPLE_HELP}\n\n{BAND_HELP}",
    )


def _solver_words(plan: Plan) -> str:
    """'proven best plan, solved in 70 ms' or 'best plan found in 0.25 s, within 0.8% of the
    best possible'."""
    if plan.status == Status.OPTIMAL:
        return f"proven best plan, solved in {plan.solve_seconds * 1000:.0f} ms"
    return f"best plan found in {seconds_words(plan.solve_seconds)}, {gap_words(plan.gap)}"
