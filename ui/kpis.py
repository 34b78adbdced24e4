"""KPI cards: the plan's headline numbers, their change since the last plan and vs greedy."""

from __future__ import annotations

import streamlit as st

from planner.forecast import GOAL_METRIC
from planner.plan import Plan

LABELS = {
    "engagement": "Expected engagements",
    "reach": "Expected reach",
    "clicks": "Expected clicks",
    "conversions": "Expected conversions",
}


def _num(x: float) -> str:
    for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            return f"{x / div:.2f}{unit}"
    return f"{x:,.0f}"


def _change(now: float, before: float | None) -> str | None:
    if before is None or before == 0 or now == before:
        return None
    return f"{(now / before - 1):+.1%} since last plan"


def _vs_greedy(now: float, greedy: float | None, lower_is_better: bool = False) -> str:
    if not greedy:
        return "greedy baseline: no plan that keeps the rules"
    gain = (greedy / now - 1) if lower_is_better else (now / greedy - 1)
    return f"{gain:+.1%} vs greedy baseline"


def _card(label: str, value: str, delta: str | None, note: str, color: str = "normal") -> None:
    st.metric(label, value, delta, delta_color=color, border=True)
    st.caption(note)


def headline(plan: Plan, previous: Plan | None, greedy: Plan | None) -> None:
    metric = GOAL_METRIC[plan.brief.goal]
    t, p = plan.totals, (previous.totals if previous else {})
    g = greedy.totals if greedy and not greedy.violations else {}
    cpe = "cost_per_engagement"
    cards = [
        (
            LABELS[metric],
            _num(t[metric]),
            _change(t[metric], p.get(metric)),
            _vs_greedy(t[metric], g.get(metric)),
            "normal",
        ),
        (
            "Spend",
            f"${t['cost']:,.0f}",
            _change(t["cost"], p.get("cost")),
            f"of ${plan.brief.budget:,.0f} budget ({t['cost'] / plan.brief.budget:.1%})",
            "off",
        ),
        (
            "Cost per engagement",
            f"${t[cpe]:.3f}",
            _change(t[cpe], p.get(cpe)),
            _vs_greedy(t[cpe], g.get(cpe), lower_is_better=True),
            "inverse",
        ),
        (
            "Earned media value",
            f"${t['emv']:,.0f}",
            _change(t["emv"], p.get("emv")),
            f"${t['emv_per_dollar']:.2f} per $1 · {_vs_greedy(t['emv'], g.get('emv'))}",
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
                f"{n}",
                f"{change:+d} since last plan" if change else None,
                f"greedy baseline: {baseline.get(tier, 0)}",
                "off",
            )


def render(plan: Plan, previous: Plan | None, greedy: Plan | None) -> None:
    headline(plan, previous, greedy)
    tiers(plan, previous, greedy)
    t = plan.totals
    band = f"{_num(t['engagement_low'])}–{_num(t['engagement_high'])}"
    st.markdown(
        f"**{t['influencers']} influencers**, {t['posts']} posts · "
        f"90% band for engagements: {band} · "
        f"{plan.status} plan, within {plan.gap:.2%} of the best possible · "
        f"solved in {plan.solve_seconds * 1000:.0f} ms"
    )
