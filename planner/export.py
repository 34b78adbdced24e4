"""The chosen roster as files for outreach, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import json

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
    "fee",
    "running_cost",
    "cost",
    "expected_engagement",
    "expected_reach",
    "expected_people",
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


def shown_table(plan: Plan) -> pd.DataFrame:
    """The plan's rows with the export columns, numbers rounded, text as written (for the
    screen, where nothing is a formula)."""
    table = plan.rows[PLAN_COLUMNS].reset_index(drop=True)
    table["tier"] = table["tier"].astype(str)
    expected = [c for c in table.columns if c.startswith("expected_")]
    table[expected] = table[expected].round(2)
    return table


def plan_table(plan: Plan) -> pd.DataFrame:
    """The table for files: shown_table with every text cell neutralised."""
    table = shown_table(plan)
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = table[column].map(neutralise)
    return table


def plan_csv(plan: Plan) -> str:
    # CRLF (RFC 4180): the csv writer then quotes any cell holding a CR or LF of its own.
    return plan_table(plan).to_csv(index=False, lineterminator="\r\n")


def brief_table(plan: Plan) -> pd.DataFrame:
    """The brief behind the plan as field/value rows, with the plan's solver facts."""
    brief = plan.brief.model_dump(mode="json")
    rows = [(k, v if isinstance(v, str | int | float) else json.dumps(v)) for k, v in brief.items()]
    facts = plan.summary()
    rows += [
        (f"plan.{k}", facts[k]) for k in ("status", "method", "objective", "gap", "total_cost")
    ]
    rows += [(f"plan.{k}", facts["totals"][k]) for k in ("reach", "gross_reach", "frequency")]
    rows += [(f"plan.{k}", round(v, 2)) for k, v in plan.band_totals().items()]
    table = pd.DataFrame(rows, columns=["field", "value"])
    table["value"] = table["value"].map(neutralise)
    return table


def plan_xlsx(plan: Plan) -> bytes:
    """An Excel workbook: the plan on one sheet, the brief on its own sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        plan_table(plan).to_excel(writer, sheet_name="Plan", index=False)
        brief_table(plan).to_excel(writer, sheet_name="Brief", index=False)
    return buffer.getvalue()
