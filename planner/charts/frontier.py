"""The budget frontier's figure: expected result against budget for each series."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.charts.style import (
    INK,
    MUTED,
    TIER_COLORS,
    fit,
    style,
)
from planner.optimize.frontier import FrontierPoint
from planner.optimize.mixes import BEST_MIX
from planner.rules import ignoring
from planner.wording import metric_label, metric_noun, money, number

BOUND = "Bound: no plan keeping the brief's rules does better"  # the shaded band's top
FRONTIER_SERIES = {
    "optimal": (BEST_MIX, INK, "solid"),
    "greedy": ("Greedy baseline", MUTED, "dash"),
    "micro": ("Micro only", TIER_COLORS["micro"], "solid"),
    "macro": ("Macro & mega only", TIER_COLORS["macro"], "solid"),
}


def budget_frontier(
    points: list[FrontierPoint],
    metric: str,
    budget: float,
    seek: tuple[float, float] | None = None,
    ignores: dict[str, list[str]] | None = None,
) -> go.Figure:
    """Expected result against budget for each series; a band up to the bound no plan can
    beat; a line at the current budget; `seek`: (budget, result) of the goal seek's plan;
    `ignores`: per alternative's label, the brief's rules it ignores (said in its legend entry).

    A series has no point where it has no plan (the line breaks there)."""
    x = [p.budget for p in points]
    noun = metric_noun(metric)
    hover = f"$%{{x:,.0f}}: %{{y:,.0f}} {noun}<extra>%{{fullData.name}}</extra>"
    fig = go.Figure()
    # The other series first, so that where they meet it (greedy often does) the best mix's
    # line is drawn over them; the legend still lists it first (legendrank).
    for name in ("greedy", "micro", "macro"):
        label, color, dash = FRONTIER_SERIES[name]
        label = ignoring(label, (ignores or {}).get(label, []))
        fig.add_scatter(
            x=x, y=[getattr(p, name) for p in points], name=label, mode="lines+markers",
            line=dict(color=color, width=2, dash=dash), marker=dict(size=5),
            hovertemplate=hover,
        )  # fmt: skip
    label, color, dash = FRONTIER_SERIES["optimal"]
    optimal = [p.optimal for p in points]
    fig.add_scatter(
        x=x, y=optimal, name=label, mode="lines+markers", hovertemplate=hover,
        line=dict(color=color, width=3, dash=dash), marker=dict(size=7), legendrank=1,
    )  # fmt: skip
    fig.add_scatter(  # filled down to the optimal line: the room a better plan could have
        x=x, y=[p.bound for p in points], name=BOUND, mode="lines",
        line=dict(color=MUTED, width=1.5, dash="dot"), fill="tonexty",
        fillcolor="rgba(107, 114, 128, 0.15)", hovertemplate=hover, legendrank=2,
    )  # fmt: skip
    fig.add_vline(
        x=budget, line=dict(color=INK, width=1.5, dash="dash"),
        label=dict(
            text=f"Now: {money(budget, compact=True)}", textposition="end", textangle=0,
            xanchor="left",
            yanchor="top", padding=6,
        ),  # level, inside the plot area: rotated, it ran up into the subtitle
    )  # fmt: skip
    if seek is not None:
        fig.add_scatter(
            x=[seek[0]], y=[seek[1]], name="Least budget for the target", mode="markers",
            marker=dict(symbol="star", size=16, color=TIER_COLORS["mega"], line_width=1),
            hovertemplate=f"Least budget $%{{x:,.0f}}: %{{y:,.0f}} {noun}<extra></extra>",
        )  # fmt: skip
    known = [(b, v) for b, v in zip(x, optimal, strict=True) if v is not None]
    subtitle = "No plan keeps every rule at these budgets"
    if known:
        (b0, v0), (b1, v1) = known[0], known[-1]
        first = f"{number(v0, compact=True)} {noun} at {money(b0, compact=True)}"
        last = f"{number(v1, compact=True)} at {money(b1, compact=True)}"
        subtitle = f"Best plan: {first}, {last}; the shaded band reaches the bound"
    style(fig, "What each budget buys", subtitle, "Budget ($, log scale)", metric_label(metric))
    fig.update_xaxes(type="log", tickprefix="$", tickformat="~s")
    fig.update_yaxes(tickformat="~s", rangemode="tozero")
    fig.update_layout(hovermode="x unified")
    return fit(fig, legend="bottom", width="wide")
