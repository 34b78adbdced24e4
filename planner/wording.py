"""How numbers and metrics are written, once, for the KPI cards, charts, CLI and exports.

Money has a full form ($12,345: messages, tables, cards) and a compact one ($12.3k: chart
labels, slider stops); a budget suggested as a fix is rounded up so it is enough. Counts
likewise ("12,345" and "12.3k"); a KPI card keeps two decimals ("12.35k") so that a small
step of the budget slider shows in it. Each goal metric has one noun and one label.
"""

from __future__ import annotations

import math

METRIC_NOUNS = {
    "engagement": "engagements",
    "reach": "people reached",
    "clicks": "clicks",
    "conversions": "conversions",
    "emv": "earned media ($)",
}
_UNITS = ((1e9, "B"), (1e6, "M"), (1e3, "k"))


def metric_noun(metric: str) -> str:
    """'engagements', 'people reached': a count of the metric."""
    return METRIC_NOUNS.get(metric, metric.replace("_", " "))


def metric_label(metric: str) -> str:
    """'Expected people reached': the metric as a KPI card, an axis or a table names it."""
    return f"Expected {metric_noun(metric)}"


def number(x: float, *, compact: bool = False) -> str:
    """12,345 (full), or 12.3k (compact: 3 significant digits with k / M / B; 0.0421 stays)."""
    if not compact:
        return f"{x:,.0f}"
    v = float(f"{x:.3g}")
    for div, suffix in _UNITS:
        if abs(v) >= div:
            return f"{v / div:g}{suffix}"
    return f"{v:g}"


def money(x: float, *, compact: bool = False) -> str:
    """$12,345 (full, whole dollars), or $12.3k (compact)."""
    return "$" + number(x, compact=compact)


def round_up(x: float) -> int:
    """`x` rounded up to a whole number, float noise (under 1e-9) not counting as a part."""
    return math.ceil(x - 1e-9)


def money_up(x: float) -> str:
    """A dollar amount rounded up to whole dollars: a budget suggested as a fix must be enough."""
    return f"${round_up(x):,}"


def unit_money(x: float) -> str:
    """A cost per engagement, click or conversion: $0.0123 (4 decimals under 10 cents, so three
    significant digits show), else $1.23."""
    return f"${x:,.4f}" if abs(x) < 0.1 else f"${x:,.2f}"


def kpi_number(x: float) -> str:
    """A KPI card's figure: 12.35k, 8.00M (two decimals with k / M / B), or 950."""
    for div, unit in _UNITS:
        if abs(x) >= div:
            return f"{x / div:.2f}{unit}"
    return f"{x:,.0f}"


def gap_words(gap: float) -> str:
    """'within 0.8% of the best possible': two digits, whole percent from 10%, never below
    0.01% unless 0 (the gap is an upper bound, so rounding it up stays true)."""
    if math.isnan(gap):
        return "with no known bound on the best possible"
    pct = 100 * gap
    text = f"{pct:.0f}" if pct >= 10 else f"{pct:.2g}" if pct == 0 or pct >= 0.01 else "0.01"
    return f"within {text}% of the best possible"


def seconds_words(seconds: float) -> str:
    """'0.31 s', '2.5 s', '46 s'."""
    return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
