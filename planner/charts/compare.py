"""Plotly figures that lay 2 to 4 scenarios over each other, one colour per scenario.

Scenario colours (Paul Tol's "muted" set) differ from the tier colours, because here the
tiers are on the x axis and the colour tells the scenarios apart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.charts.style import fit, style
from planner.comparison import check_count
from planner.plan import Plan
from planner.wording import metric_noun, money, number, unit_money

SCENARIO_COLORS = ("#332288", "#CC6677", "#117733", "#DDAA33")
# Grouped bars carry their value as text up to this many bars; more would be too narrow for
# text a room can read, and the hover and the axis tell the values instead.
MAX_LABELLED_BARS = 10
MIN_LABEL_PX = 12  # a bar label that would be smaller is hidden (16 px when presenting)
HOVER_NOTE = " · hover a bar for its value"  # the subtitle's note when bars carry no text
RESULT_METRICS = ("engagement", "reach", "clicks", "conversions")


def _tiers(plans: dict[str, Plan]) -> list[str]:
    return list(dict.fromkeys(str(t) for p in plans.values() for t in p.brief.tier_bands))


def _legend(fig: go.Figure, *, below: bool = False) -> go.Figure:
    """The scenarios' legend in a row under the subtitle, or under the plot (where subplot
    titles take the space above); `fit` leaves room for it."""
    fig.update_layout(barmode="group")
    if below:
        return fit(fig, legend="bottom", width="full", subplot_titles=True)
    return fit(fig, legend="top")


def _labelled(n_bars: int) -> bool:
    """Whether grouped bars get their value as text (see MAX_LABELLED_BARS)."""
    return n_bars <= MAX_LABELLED_BARS


def _bar_text(fig: go.Figure) -> go.Figure:
    """Level bar labels, all one size, hidden where a bar is too narrow to hold them legibly."""
    fig.update_traces(textangle=0, selector=dict(type="bar"))
    return fig.update_layout(uniformtext=dict(minsize=MIN_LABEL_PX, mode="hide"))


def spend_by_tier(plans: dict[str, Plan]) -> go.Figure:
    """Spend per tier, one bar per scenario in each tier."""
    check_count(plans)
    tiers = _tiers(plans)
    labelled = _labelled(len(tiers) * len(plans))
    fig = go.Figure()
    for color, (name, plan) in zip(SCENARIO_COLORS, plans.items(), strict=False):
        spend = [plan.spend_by_tier.get(t, 0.0) for t in tiers]
        text = [money(v, compact=True) if v else "" for v in spend] if labelled else None
        fig.add_bar(
            x=tiers, y=spend, name=name, marker_color=color, text=text, textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>{name}</b><br>%{{x}}: $%{{y:,.0f}}<extra></extra>",
        )  # fmt: skip
    subtitle = "Where each scenario puts its money" + ("" if labelled else HOVER_NOTE)
    style(fig, "Spend by tier", subtitle, "Tier", "Spend ($)")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    return _legend(_bar_text(fig))


def expected_results(plans: dict[str, Plan]) -> go.Figure:
    """Expected engagements, reach, clicks and conversions per scenario, each with a whisker
    from its P10 to its P90 (planner.simulate)."""
    check_count(plans)
    titles = [metric_noun(m).capitalize() for m in RESULT_METRICS]
    fig = make_subplots(rows=1, cols=len(RESULT_METRICS), subplot_titles=titles)
    names = list(plans)
    for col, metric in enumerate(RESULT_METRICS, start=1):
        for color, name in zip(SCENARIO_COLORS, names, strict=False):
            value = plans[name].totals[metric]
            band = plans[name].band(metric)
            error = dict(
                type="data", symmetric=False, color="#6b7280",
                array=[max(0.0, band["p90"] - value)],
                arrayminus=[max(0.0, value - band["p10"])],
            )  # fmt: skip
            fig.add_bar(
                x=[name], y=[value], name=name, legendgroup=name, showlegend=col == 1,
                marker_color=color, error_y=error, text=[number(value, compact=True)],
                textposition="inside", insidetextanchor="middle",  # clear of the whisker
                hovertemplate=f"<b>{name}</b><br>%{{y:,.0f}} {metric_noun(metric)}<extra></extra>",
                row=1, col=col,
            )  # fmt: skip
        fig.update_xaxes(showticklabels=False, row=1, col=col)
    fig.update_yaxes(tickformat="~s", rangemode="tozero")
    subtitle = "Expected totals; each whisker runs from P10 to P90 of 10,000 simulated campaigns"
    style(fig, "Expected result", subtitle, "", "")
    return _legend(_bar_text(fig), below=True)


def cost_per_engagement(plans: dict[str, Plan]) -> go.Figure:
    """Cost per expected engagement overall and per tier, per scenario (lower is better)."""
    check_count(plans)
    groups = ["All tiers", *_tiers(plans)]
    labelled = _labelled(len(groups) * len(plans))
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
        text = ["" if np.isnan(v) else unit_money(v) for v in per] if labelled else None
        fig.add_bar(
            x=groups, y=per, name=name, marker_color=color, text=text, textposition="outside",
            cliponaxis=False,
            hovertemplate=f"<b>{name}</b><br>%{{x}}: $%{{y:.4f}} per engagement<extra></extra>",
        )  # fmt: skip
    subtitle = "Lower is better; a tier a scenario does not use has no bar"
    subtitle += "" if labelled else HOVER_NOTE
    style(fig, "Cost per engagement", subtitle, "", "$ per expected engagement")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickprefix="$", rangemode="tozero")
    return _legend(_bar_text(fig))
