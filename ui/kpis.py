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
        return "greedy baseline: no plan"
    gain = (greedy / now - 1) if lower_is_better else (now / greedy - 1)
    return f"{gain:+.1%} vs greedy baseline"


def render(plan: Plan, previous: Plan | None, greedy: Plan | None) -> None:
    metric = GOAL_METRIC[plan.brief.goal]
    t, p = plan.totals, (previous.totals if previous else {})
    g = greedy.totals if greedy and not greedy.violations else {}
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
            f"${t['cost_per_engagement']:.3f}",
            _change(t["cost_per_engagement"], p.get("cost_per_engagement")),
            _vs_greedy(t["cost_per_engagement"], g.get("cost_per_engagement"), True),
            "inverse",
        ),
        (
            "Earned media value",
            f"${t['emv']:,.0f}",
            _change(t["emv"], p.get("emv")),
            f"${t['emv_per_dollar']:.2f} per $1 spent",
            "normal",
        ),
    ]
    for col, (label, value, delta, note, color) in zip(st.columns(len(cards)), cards, strict=True):
        with col:
            st.metric(label, value, delta, delta_color=color, border=True)
            st.caption(note)
    counts = " · ".join(f"{tier} **{n}**" for tier, n in plan.count_by_tier.items())
    band = f"{_num(t['engagement_low'])}–{_num(t['engagement_high'])}"
    st.markdown(
        f"**{t['influencers']} influencers**, {t['posts']} posts: {counts}  \n"
        f"90% band for engagements: {band} · "
        f"{plan.status} plan, within {plan.gap:.2%} of the best possible · "
        f"solved in {plan.solve_seconds * 1000:.0f} ms"
    )
