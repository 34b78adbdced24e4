"""Plotly figures of a plan for the dashboard and the pitch: pure builders, no streamlit.

Each tier keeps one colour in every chart (`TIER_COLORS`, Okabe-Ito: colour-blind safe, cool
for small accounts to warm for big ones). Titles, margins and
projector sizes are planner/charts/style.py's.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.audience import PEOPLE_METRICS, cells
from planner.charts.style import (
    BAND_ROW,
    CHAR,
    INK,
    MUTED,
    fit,
    style,
    tier_color,
)
from planner.optimize.mixes import BEST_MIX
from planner.plan import Plan
from planner.rules import ignored
from planner.wording import metric_label, metric_noun, money, number

BIN_DECADES = 0.125  # followers histogram: 8 bins per tenfold
# Unchosen candidates drawn at most, as SVG dots; more are thinned by a seeded sample, which
# the subtitle states. bench.browser, a budget step on the sample (headless Chromium, no GPU):
# WebGL dots for all 2,700 unchosen took the Plan page's charts 1.31 s to redraw, SVG dots for
# a sample of 400, 0.92 s (same run; the minimal app 0.18 s).
MAX_FADED = 400


def _tier_sums(plan: Plan, column: str | None) -> dict[str, float]:
    """Per tier (band order): a column's sum over the plan, or the count when column is None."""
    if column is None:
        return {t: float(n) for t, n in plan.count_by_tier.items()}
    return _by_tier(plan, plan.rows[column])


def _tier_results(plan: Plan, metric: str) -> dict[str, float]:
    """Per tier (band order): the plan's expected result toward `metric`. A metric counted in
    people (reach, clicks, conversions) counts each person once: each influencer gets its part
    of its cells' people, as expected_people is of reach, so the tiers add up to the plan's
    total (the KPI card's), not to the gross sum."""
    if metric not in PEOPLE_METRICS:
        return _tier_sums(plan, f"expected_{metric}")
    rows = plan.rows
    parts = cells(rows, plan.brief).people_by_row(rows[f"expected_{metric}"].to_numpy(float))
    return _by_tier(plan, pd.Series(parts, index=rows.index))


def _by_tier(plan: Plan, values: pd.Series) -> dict[str, float]:
    sums = values.groupby(plan.rows["tier"], observed=False).sum()
    return {str(t): float(sums.get(t, 0.0)) for t in plan.brief.tier_bands}


def budget_by_tier(plan: Plan) -> go.Figure:
    """Spend per tier in band order, labelled with dollars and share of the spend."""
    spend = {t: v for t, v in plan.spend_by_tier.items() if v > 0}
    tiers, values = list(spend), list(spend.values())
    total = sum(values)
    shares = [v / total for v in values]
    counts = [plan.count_by_tier[t] for t in tiers]
    bar = go.Bar(
        x=tiers,
        y=values,
        marker_color=[tier_color(t) for t in tiers],
        text=[f"{money(v, compact=True)}<br>{s:.0%}" for v, s in zip(values, shares, strict=True)],
        textposition="outside",  # two short lines: one wide line was shrunk to fit the bar
        textangle=0,
        cliponaxis=False,
        customdata=np.column_stack([shares, counts]),
        hovertemplate="<b>%{x}</b><br>Spend: $%{y:,.0f}<br>Share of spend: %{customdata[0]:.1%}"
        "<br>Influencers: %{customdata[1]:,.0f}<extra></extra>",
    )
    fig = go.Figure(bar)
    spent, budget = money(total, compact=True), money(plan.brief.budget, compact=True)
    subtitle = f"{spent} spent of a {budget} budget"
    style(fig, "Budget by tier", subtitle, "Tier", "Spend ($)")
    fig.update_xaxes(type="category")
    return fit(fig.update_yaxes(tickprefix="$", tickformat="~s"))


def _dots(df: pd.DataFrame, tier: str, metric: str, fmt: str, chosen: bool) -> dict:
    """One tier's dots, chosen or not, as a trace's properties (the figure is made from them in
    one go: adding traces one at a time cost five times as long)."""
    per_dollar = df[metric] / df["unit_cost"]
    extra = "In the plan" if chosen else "Not chosen"
    size, opacity, outline = (10, 0.95, 1.2) if chosen else (5, 0.25, 0)
    marker = dict(
        color=tier_color(tier), size=size, opacity=opacity, line=dict(color=INK, width=outline)
    )
    return dict(
        type="scatter",
        x=df["unit_cost"].to_numpy(),
        y=df[metric].to_numpy(),
        mode="markers",
        name=tier if chosen else f"{tier} (not chosen)",
        legendgroup=tier,
        showlegend=chosen,
        marker=marker,
        customdata=np.column_stack([df["handle"], df["followers"], per_dollar]),
        hovertemplate=f"<b>@%{{customdata[0]}}</b> · {tier}<br>Followers: %{{customdata[1]:,.0f}}"
        f"<br>Cost per {fmt}: $%{{x:,.0f}}<br>{metric_label(metric)}: %{{y:,.1f}}"
        f"<br>{metric_noun(metric).capitalize()} per $: %{{customdata[2]:,.3~r}}"
        f"<extra>{extra}</extra>",
    )


def _tier_box(tier: str, group: pd.DataFrame, metric: str) -> tuple[dict, dict]:
    """The middle 80% of a tier's costs and results: a box and its label (an annotation, drawn
    over the dots: a shape's own label is drawn under them)."""
    (x0, x1), (y0, y1) = (group[c].quantile([0.1, 0.9]) for c in ("unit_cost", metric))
    color = tier_color(tier)
    box = dict(
        type="rect", x0=x0, x1=x1, y0=y0, y1=y1, name=tier, fillcolor=color, opacity=0.12,
        line_color=color, layer="below",
    )  # fmt: skip
    label = dict(
        x=math.log10(x1), y=math.log10(y1), text=f"<b>{tier}</b>", showarrow=False,
        xanchor="left", yanchor="bottom", font=dict(color=color, size=14),
        bgcolor="rgba(255, 255, 255, 0.85)", bordercolor=color, borderpad=2,
    )  # fmt: skip
    return box, label


def candidates_scatter(cands: pd.DataFrame, plan: Plan, metric: str) -> go.Figure:
    """Every candidate's one-post result against its cost (log-log), the chosen ones stand out.

    Candidates with no cost or no result cannot sit on log axes and are left out. Above
    MAX_FADED unchosen candidates, a seeded sample of them is drawn (every chosen one is), and
    the subtitle says so; the tier boxes are drawn from every candidate.
    """
    fmt = plan.brief.content_format
    df = cands[(cands["unit_cost"] > 0) & (cands[metric] > 0)]
    chosen = df["handle"].isin(plan.rows["handle"])
    faded = df[~chosen]
    sample = ""
    if len(faded) > MAX_FADED:
        sample = f"; faint dots: a sample of {MAX_FADED:,} of the {len(faded):,} not chosen"
        faded = faded.sample(MAX_FADED, random_state=0).sort_index()
    tiers = [str(t) for t in plan.brief.tier_bands]
    traces = [_dots(faded[faded["tier"] == tier], tier, metric, fmt, False) for tier in tiers]
    traces += [_dots(df[chosen & (df["tier"] == tier)], tier, metric, fmt, True) for tier in tiers]
    boxes = [
        _tier_box(t, df[df["tier"] == t], metric) for t in tiers if (df["tier"] == t).sum() >= 3
    ]
    fig = go.Figure(
        data=traces,
        layout=dict(shapes=[b for b, _ in boxes], annotations=[label for _, label in boxes]),
    )
    title = f"Who was chosen: {int(chosen.sum()):,} of {len(cands):,} candidates"
    subtitle = f"Outlined dots are in the plan; boxes span the middle 80% of each tier{sample}"
    y_title = f"{metric_label(metric)} per {fmt} (log scale)"
    style(fig, title, subtitle, f"Cost per {fmt} ($, log scale)", y_title)
    fig.update_xaxes(type="log", dtick=1, tickprefix="$", tickformat="~s")
    fig.update_yaxes(type="log", dtick=1, tickformat="~s")
    return fit(fig, legend="bottom")


def result_per_dollar_by_tier(plan: Plan, cands: pd.DataFrame, metric: str) -> go.Figure:
    """Per tier: the plan's result per dollar (bars) and the median candidate's (diamonds)."""
    result, cost = _tier_results(plan, metric), _tier_sums(plan, "cost")
    in_plan = [t for t in result if cost[t] > 0]
    rates = [result[t] / cost[t] for t in in_plan]
    ok = cands[cands["unit_cost"] > 0]
    medians = (ok[metric] / ok["unit_cost"]).groupby(ok["tier"], observed=True).median()
    median_tiers = [t for t in plan.brief.tier_bands if t in medians.index]
    order = [t for t in plan.brief.tier_bands if t in median_tiers or t in in_plan]
    noun = metric_noun(metric)
    fig = go.Figure()
    fig.add_bar(
        x=in_plan,
        y=rates,
        name="This plan",
        marker_color=[tier_color(t) for t in in_plan],
        text=[number(r, compact=True) for r in rates],
        textposition="outside",
        cliponaxis=False,
        customdata=[[result[t], cost[t]] for t in in_plan],
        hovertemplate=f"<b>%{{x}}</b> in this plan<br>%{{y:,.3~r}} {noun} per $"
        f"<br>{metric_label(metric)}: %{{customdata[0]:,.0f}}<br>Spend: $%{{customdata[1]:,.0f}}"
        "<extra></extra>",
    )
    fig.add_scatter(
        x=median_tiers,
        y=[float(medians[t]) for t in median_tiers],
        name="Median candidate",
        mode="markers",
        marker=dict(symbol="diamond", size=12, color=INK, line=dict(color="white", width=1.5)),
        hovertemplate=f"<b>%{{x}}</b>: median candidate<br>%{{y:,.3~r}} {noun} per $"
        "<extra></extra>",
    )
    title = f"{noun.capitalize()} per $ by tier"
    subtitle = "Bars: this plan · diamonds: the median candidate of the tier"
    style(fig, title, subtitle, "Tier", f"{metric_label(metric)} per $ spent")
    return fit(fig.update_xaxes(type="category", categoryorder="array", categoryarray=order))


def followers_distribution(plan: Plan) -> go.Figure:
    """Histogram of the chosen influencers' followers (log scale), stacked by tier.

    Plotly bins histograms linearly even on log axes, so bins are made here, BIN_DECADES
    wide, on a log10 axis labelled in followers; dashed lines mark where each tier starts.
    """
    step = BIN_DECADES
    rows = plan.rows
    logf = np.log10(rows["followers"].clip(lower=1).to_numpy(float))
    bands = {t: math.log10(v) for t, v in plan.brief.tier_bands.items() if v > 0}
    points = np.concatenate([logf, list(bands.values())])
    lo, hi = (math.floor(points.min() / step) * step, math.floor(points.max() / step + 1) * step)
    edges = np.arange(lo, hi + step / 2, step)
    fig, tallest = go.Figure(), np.zeros(len(edges) - 1)
    for tier in plan.brief.tier_bands:
        counts, _ = np.histogram(logf[(rows["tier"] == tier).to_numpy()], edges)
        tallest += counts
        keep = counts > 0
        if not keep.any():
            continue
        low, high = 10 ** edges[:-1][keep], 10 ** edges[1:][keep]
        fig.add_bar(
            x=edges[:-1][keep] + step / 2,
            y=counts[keep],
            width=step * 0.92,
            name=tier,
            legendgroup=tier,
            marker_color=tier_color(tier),
            customdata=np.column_stack(
                [[number(v, compact=True) for v in low], [number(v, compact=True) for v in high]]
            ),
            hovertemplate=f"<b>{tier}</b><br>%{{customdata[0]}}–%{{customdata[1]}} followers"
            "<br>%{y} influencers<extra></extra>",
        )
    starts = {f"{t} ≥ {number(10**x, compact=True)}": x for t, x in bands.items()}
    places = _band_rows(starts, lo, hi)
    for tier, x in bands.items():
        text = f"{tier} ≥ {number(10**x, compact=True)}"
        (row, anchor), color = places[text], tier_color(tier)
        fig.add_shape(
            type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(color=color, dash="dash")
        )
        fig.add_annotation(
            x=x, y=1, yref="paper", text=text, showarrow=False, xanchor=anchor,
            yanchor="bottom", xshift=3 if anchor == "left" else -3, yshift=row * BAND_ROW + 2,
            font=dict(color=color),
        )  # fmt: skip
    decades = range(math.floor(lo), math.ceil(hi) + 1)
    subtitle = f"{len(rows):,} influencers; dashed lines: where each tier starts"
    style(fig, "Followers of the chosen influencers", subtitle, "Followers (log scale)", "")
    ticks = [number(10**d, compact=True) for d in decades]
    fig.update_xaxes(range=[lo, hi], tickvals=list(decades), ticktext=ticks)
    fig.update_yaxes(title_text="Influencers in the plan", range=[0, max(tallest.max(), 1) * 1.1])
    fig.update_layout(barmode="stack")
    return fit(fig, top_rows=1 + max((r for r, _ in places.values()), default=0))


LABEL_PX = 430  # the narrowest plot area the threshold labels are laid out for


def _band_rows(labels: dict[str, float], lo: float, hi: float) -> dict[str, tuple[int, str]]:
    """Each threshold label's row (0 nearest the plot) and side of its line ("left": the text
    starts at the line), so that no two labels overlap and none runs off the right edge.

    Widths are estimated at the projector's font on a LABEL_PX plot area: generous on screen.
    """
    per_decade = LABEL_PX / max(hi - lo, 1e-9)
    ends: list[float] = []  # per row: where its last label ends, in decades
    out = {}
    for text, x in sorted(labels.items(), key=lambda kv: kv[1]):
        span = (len(text) * 18 * CHAR + 8) / per_decade
        anchor, start, end = "left", x, x + span
        if end > hi:  # would run off the right: the text ends at its line instead
            anchor, start, end = "right", x - span, x
        row = next((i for i, e in enumerate(ends) if start > e), len(ends))
        if row == len(ends):
            ends.append(end)
        ends[row] = end
        out[text] = (row, anchor)
    return out


def mix_comparison(plans: dict[str, Plan | None], metric: str) -> go.Figure:
    """Side by side per named plan: influencers, cost and expected result, stacked by tier.

    A None plan (its brief was impossible) keeps its slot, marked "No plan".
    """
    names, real = list(plans), [p for p in plans.values() if p is not None]
    tiers = list(dict.fromkeys(t for p in real for t in p.brief.tier_bands))
    panels: tuple[tuple[str, str, Callable[[Plan], dict[str, float]], str], ...] = (
        ("How many", "Influencers", lambda p: _tier_sums(p, None), "%{y:,.0f} influencers"),
        ("What it costs", "Cost ($)", lambda p: _tier_sums(p, "cost"), "$%{y:,.0f}"),
        (
            "What it delivers",
            metric_label(metric),
            lambda p: _tier_results(p, metric),
            f"%{{y:,.0f}} {metric_noun(metric)}",
        ),
    )
    titles = [p[0] for p in panels]
    fig = make_subplots(rows=1, cols=3, subplot_titles=titles, horizontal_spacing=0.1)
    ticks = [textwrap.fill(n, 8).replace("\n", "<br>") for n in names]
    for col, (_, y_title, per_tier, value) in enumerate(panels, start=1):
        sums = [None if p is None else per_tier(p) for p in plans.values()]
        for tier in tiers:
            y = [None if s is None else s.get(tier, 0.0) for s in sums]
            bar = go.Bar(
                x=names, y=y, name=tier, legendgroup=tier, showlegend=col == 1,
                marker_color=tier_color(tier),
                hovertemplate=f"<b>%{{x}}</b><br>{tier}: {value}<extra></extra>",
            )  # fmt: skip
            fig.add_trace(bar, row=1, col=col)
        totals = [None if s is None else sum(s.values()) for s in sums]
        prefix = "$" if col == 2 else ""  # the cost panel
        labels = ["" if t is None else prefix + number(t, compact=True) for t in totals]
        fig.add_scatter(
            x=names, y=totals, text=labels, mode="text", textposition="top center",
            showlegend=False, hoverinfo="skip", cliponaxis=False, row=1, col=col,
        )  # fmt: skip
        axis = "" if col == 1 else str(col)
        for i, name in enumerate(names):
            if plans[name] is None:
                fig.add_annotation(
                    x=i, y=0.5, xref=f"x{axis}", yref=f"y{axis} domain", showarrow=False,
                    text="No plan:<br>brief<br>impossible", font=dict(color=MUTED),
                )  # fmt: skip
        tallest = max((t for t in totals if t is not None), default=0.0)
        fig.update_yaxes(title_text=y_title, row=1, col=col, rangemode="tozero")
        if tallest > 0:  # head room for the totals over the bars, under the subplot title
            fig.update_yaxes(range=[0, tallest * 1.2], row=1, col=col)
        fig.update_xaxes(
            type="category",
            categoryarray=names,
            tickvals=names,
            ticktext=ticks,
            tickangle=0,
            row=1,
            col=col,
        )
    fig.update_yaxes(tickprefix="$", row=1, col=2)
    fig.update_yaxes(tickformat="~s")
    budget = money(real[0].brief.budget, compact=True) if real else "the same budget"
    style(fig, f"Which mix delivers most at {budget}?", _mix_subtitle(plans, metric), "", "")
    fig.update_layout(barmode="stack")
    return fit(fig, legend="bottom", width="full", subplot_titles=True)


def _mix_subtitle(plans: dict[str, Plan | None], metric: str) -> str:
    """Which mix delivers the most, by how much, and which of the plan's rules each alternative
    ignores (where one beats the plan, the reason it can)."""
    ranked = sorted(((p.totals[metric], n) for n, p in plans.items() if p), reverse=True)
    if not ranked:
        return ""
    subtitle = f"Bars stacked by tier. {ranked[0][1]} delivers the most"
    if len(ranked) > 1 and ranked[1][0] > 0:
        ratio = ranked[0][0] / ranked[1][0]
        subtitle += f": {ratio:.1f}× the {metric_noun(metric)} of {ranked[1][1]}"
    best = plans.get(BEST_MIX)
    if best is None:
        return subtitle
    by_rules: dict[tuple[str, ...], list[str]] = {}
    for name, plan in plans.items():
        if plan is not None and name != BEST_MIX:
            rules = tuple(ignored(best.brief, plan.brief))
            if rules:
                by_rules.setdefault(rules, []).append(name)
    for rules, names in by_rules.items():
        verb = "ignores" if len(names) == 1 else "ignore"
        quoted = " and ".join(f"'{r}'" for r in rules)
        subtitle += f". {' and '.join(names)} {verb} {quoted}"
    return subtitle


# The frontier's series: label, colour, line dash (the single-tier mixes in their tier's colour).
