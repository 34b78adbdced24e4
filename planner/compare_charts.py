"""Plotly figures that lay 2 to 4 scenarios over each other, one colour per scenario.

Scenario colours (Paul Tol's "muted" set) differ from the tier colours, because here the
tiers are on the x axis and the colour tells the scenarios apart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.charts import _money, _noun, _num, _style
from planner.comparison import check_count
from planner.plan import Plan

SCENARIO_COLORS = ("#332288", "#CC6677", "#117733", "#DDAA33")
RESULT_METRICS = ("engagement", "reach", "clicks", "conversions")


def _tiers(plans: dict[str, Plan]) -> list[str]:
    return list(dict.fromkeys(str(t) for p in plans.values() for t in p.brief.tier_bands))


def _legend(fig: go.Figure, *, below: bool = False) -> go.Figure:
    """The scenarios' legend in a row above the plot area, or below it (where subplot titles
    take the space above)."""
    y, anchor = (-0.04, "top") if below else (1.0, "bottom")
    return fig.update_layout(
        showlegend=True,
        barmode="group",
        legend=dict(orientation="h", x=0, y=y, yanchor=anchor, title_text=""),
        margin=dict(t=140),
    )


def spend_by_tier(plans: dict[str, Plan]) -> go.Figure:
    """Spend per tier, one bar per scenario in each tier."""
    check_count(plans)
    tiers = _tiers(plans)
    fig = go.Figure()
    for color, (name, plan) in zip(SCENARIO_COLORS, plans.items(), strict=False):
        spend = [plan.spend_by_tier.get(t, 0.0) for t in tiers]
        fig.add_bar(
            x=tiers, y=spend, name=name, marker_color=color,
            text=[_money(v) if v else "" for v in spend], textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>{name}</b><br>%{{x}}: $%{{y:,.0f}}<extra></extra>",
        )  # fmt: skip
    _style(fig, "Spend by tier", "Where each scenario puts its money", "Tier", "Spend ($)")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    return _legend(fig)


def expected_results(plans: dict[str, Plan]) -> go.Figure:
    """Expected engagements (with the 90% band), reach, clicks and conversions per scenario."""
    check_count(plans)
    titles = [_noun(m).capitalize() for m in RESULT_METRICS]
    fig = make_subplots(rows=1, cols=len(RESULT_METRICS), subplot_titles=titles)
    names = list(plans)
    for col, metric in enumerate(RESULT_METRICS, start=1):
        for color, name in zip(SCENARIO_COLORS, names, strict=False):
            totals = plans[name].totals
            value = totals[metric]
            error = None
            if metric == "engagement":
                error = dict(
                    type="data", symmetric=False, color="#6b7280",
                    array=[totals["engagement_high"] - value],
                    arrayminus=[value - totals["engagement_low"]],
                )  # fmt: skip
            fig.add_bar(
                x=[name], y=[value], name=name, legendgroup=name, showlegend=col == 1,
                marker_color=color, error_y=error, text=[_num(value)],
                textposition="inside", insidetextanchor="middle",  # clear of the whisker
                hovertemplate=f"<b>{name}</b><br>%{{y:,.0f}} {_noun(metric)}<extra></extra>",
                row=1, col=col,
            )  # fmt: skip
        fig.update_xaxes(showticklabels=False, row=1, col=col)
    fig.update_yaxes(tickformat="~s", rangemode="tozero")
    subtitle = "Expected totals; the whisker on engagements is the 90% band"
    _style(fig, "Expected result", subtitle, "", "")
    return _legend(fig, below=True)


def cost_per_engagement(plans: dict[str, Plan]) -> go.Figure:
    """Cost per expected engagement overall and per tier, per scenario (lower is better)."""
    check_count(plans)
    groups = ["All tiers", *_tiers(plans)]
    fig = go.Figure()
    for color, (name, plan) in zip(SCENARIO_COLORS, plans.items(), strict=False):
        rows = plan.rows.assign(tier=plan.rows["tier"].astype(str))
        by_tier = rows.groupby("tier")[["cost", "expected_engagement"]].sum()
        cost = [plan.totals["cost"], *(by_tier["cost"].get(t, 0.0) for t in groups[1:])]
        eng = [
            plan.totals["engagement"],
            *(by_tier["expected_engagement"].get(t, 0.0) for t in groups[1:]),
        ]
        per = [c / e if e > 0 else np.nan for c, e in zip(cost, eng, strict=True)]
        fig.add_bar(
            x=groups, y=per, name=name, marker_color=color,
            text=["" if np.isnan(v) else f"${v:.3f}" for v in per], textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>{name}</b><br>%{{x}}: $%{{y:.4f}} per engagement<extra></extra>",
        )  # fmt: skip
    subtitle = "Lower is better; a tier a scenario does not use has no bar"
    _style(fig, "Cost per engagement", subtitle, "", "$ per expected engagement")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickprefix="$", rangemode="tozero")
    return _legend(fig)
