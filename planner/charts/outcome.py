"""The range of outcomes: how 10,000 simulated campaigns of a plan spread (planner.simulate),
one outline per plan, its P10 and P90 named in the legend."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from planner.charts.compare import SCENARIO_COLORS
from planner.charts.style import INK, MUTED, fit, style
from planner.simulate import quantiles
from planner.wording import metric_noun, number

BINS = 40  # bars across the range the draws cover (their 0.5th to 99.5th percentile)
TAIL = 0.005  # the share of draws left off at each end, so one long tail keeps its scale


def outcome_distribution(
    draws: dict[str, np.ndarray], expected: dict[str, float], metric: str
) -> go.Figure:
    """Per named plan, the share of simulated campaigns at each result (a step outline), with
    its P10 to P90 in the legend; for one plan, lines at P10, the expected result and P90."""
    every = np.concatenate(list(draws.values()))
    low, high = np.quantile(every, [TAIL, 1 - TAIL])
    edges = np.linspace(low, high, BINS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    noun = metric_noun(metric)
    fig = go.Figure()
    colors = (INK,) if len(draws) == 1 else SCENARIO_COLORS  # Compare's, one per scenario
    bands = {name: quantiles(drawn) for name, drawn in draws.items()}
    for (name, drawn), color in zip(draws.items(), colors, strict=False):
        counts, _ = np.histogram(drawn, edges)  # the few beyond the range are left off
        p10, p90 = bands[name]["p10"], bands[name]["p90"]
        label = f"{name}: P10 {number(p10, compact=True)} – P90 {number(p90, compact=True)}"
        fig.add_scatter(
            x=centres, y=100 * counts / len(drawn), name=label, mode="lines",
            line=dict(color=color, width=2, shape="hvh"), fill="tozeroy",
            hovertemplate=f"%{{x:,.0f}} {noun}: %{{y:.1f}}% of campaigns<extra>{name}</extra>",
        )  # fmt: skip
    if len(draws) == 1:
        ((name, band),) = bands.items()
        for x, text, dash in (
            (band["p10"], "P10", "dot"),
            (expected[name], "Expected", "solid"),
            (band["p90"], "P90", "dot"),
        ):
            fig.add_vline(
                x=x, line=dict(color=MUTED, width=1.5, dash=dash),
                label=dict(text=text, textposition="end", textangle=0, yanchor="top"),
            )  # fmt: skip
    subtitle = (
        "10,000 simulated campaigns (the middle 99% drawn): 1 in 10 below P10, 1 in 10 above "
        "P90 (each influencer's own spread times a swing common to its platform)"
    )
    title = f"Range of outcomes: {noun}"
    style(fig, title, subtitle, f"{noun.capitalize()} in a simulated campaign", "Campaigns (%)")
    fig.update_xaxes(tickformat="~s")
    tallest = max((max(t.y) for t in fig.data), default=0.0)
    fig.update_yaxes(range=[0, tallest * 1.25])  # room for the lines' labels over the peak
    return fit(fig, legend="bottom", width="wide")
