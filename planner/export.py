"""The chosen roster as files for outreach, safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

from planner.plan import Plan

PLAN_COLUMNS = [
    "handle",
    "name",
    "platform",
    "category",
    "audience_country",
    "tier",
    "followers",
    "engagement_rate",
    "posts",
    "cost",
    "expected_engagement",
    "expected_reach",
    "expected_clicks",
    "expected_conversions",
    "expected_emv",
]
# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP: CSV injection); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def plan_table(plan: Plan) -> pd.DataFrame:
    """The plan's rows with the export columns, text cells neutralised, numbers rounded."""
    table = plan.rows[PLAN_COLUMNS].reset_index(drop=True)
    table["tier"] = table["tier"].astype(str)
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(neutralise)
    expected = [c for c in table.columns if c.startswith("expected_")]
    table[expected] = table[expected].round(2)
    return table


def plan_csv(plan: Plan) -> str:
    return plan_table(plan).to_csv(index=False, lineterminator="\n")
