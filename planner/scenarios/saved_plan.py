"""A plan as a scenario saves it: plain JSON values that give back the same Plan.

The plan's table is kept as one dict per chosen influencer plus the kind of each column, so
that an empty plan keeps its columns and the restored table has the same dtypes (the tier
categorical in the brief's order). NaN, which JSON lacks, is saved as null. A plan saved
before the running cost (cost_per_influencer) existed opens with its cost as fees and a
running cost of 0, which is what it was costed at. One saved before people were counted once
(its reach summed) opens with its people counted now, from the same rows: its gross_reach is
the reach it saved, its reach the people in it (each audience then lay in its main country).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationInfo, field_validator

from planner.audience import cells
from planner.brief import Brief
from planner.forecast import people_totals
from planner.plan import Method, Plan, Status, finite

Kind = Literal["int", "float", "bool", "str", "tier"]
Cell = int | float | bool | str | None
FITS = {
    "int": lambda v: type(v) is int and -(2**63) <= v < 2**63,
    "float": lambda v: v is None or type(v) in (int, float),
    "bool": lambda v: type(v) is bool,
    "str": lambda v: v is None or type(v) is str,
    "tier": lambda v: type(v) is str,
}


class SavedPlan(BaseModel):
    """A plan as saved: its table (one dict per chosen influencer), totals and solver facts.

    `columns` maps each column of the plan's table to its kind, so that an empty plan keeps
    its columns and `to_plan` gives back the dtypes (tier: categorical in the brief's order).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    columns: dict[str, Kind]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]
    status: Status = Field(strict=False)  # its text, as JSON has it
    method: Method = Field(strict=False)
    objective: float
    bound: float | None
    solve_seconds: float
    build_seconds: float = 0.0
    candidates: int
    pruned: int
    violations: list[StrictStr]
    timed_out: bool = False

    @field_validator("rows")
    @classmethod
    def _rows_fit_columns(cls, rows: list[dict[str, Any]], info: ValidationInfo) -> list:
        columns = info.data.get("columns", {})
        for i, row in enumerate(rows, start=1):
            if row.keys() != columns.keys():
                odd = sorted(row.keys() ^ columns.keys())
                raise ValueError(f"row {i} does not have the plan's columns ({', '.join(odd)})")
            for column, kind in columns.items():
                if not FITS[kind](row[column]):
                    raise ValueError(f"row {i}, column '{column}': {row[column]!r} is not {kind}")
        return rows

    @field_validator("totals")
    @classmethod
    def _numbers(cls, totals: dict[str, Any]) -> dict[str, int | float | None]:
        for key, value in totals.items():
            if not FITS["float"](value):
                raise ValueError(f"'{key}' is {value!r}, not a number")
        return totals

    @classmethod
    def of(cls, plan: Plan) -> SavedPlan:
        columns = {str(c): _kind(str(c), plan.rows[c].dtype) for c in plan.rows.columns}
        rows = [
            {c: _cell(v, columns[c]) for c, v in zip(columns, values, strict=True)}
            for values in plan.rows.itertuples(index=False)
        ]
        return cls(
            columns=columns,
            rows=rows,
            totals={k: finite(v) for k, v in plan.totals.items()},
            status=plan.status,
            method=plan.method,
            objective=plan.objective,
            bound=finite(plan.bound),
            solve_seconds=plan.solve_seconds,
            build_seconds=plan.build_seconds,
            candidates=plan.candidates,
            pruned=plan.pruned,
            violations=list(plan.violations),
            timed_out=plan.timed_out,
        )

    def to_plan(self, brief: Brief) -> Plan:
        """The plan again, to draw and export without re-planning (index: 0, 1, 2, ...)."""
        rows = pd.DataFrame(
            {
                c: _column([row[c] for row in self.rows], kind, brief)
                for c, kind in self.columns.items()
            },
            index=pd.RangeIndex(len(self.rows)),
        )
        totals = {k: math.nan if v is None else v for k, v in self.totals.items()}
        if "cost" in rows and "fee" not in rows:  # saved before the running cost: all fees
            at = list(rows.columns).index("cost")
            rows.insert(at, "fee", rows["cost"])
            rows.insert(at + 1, "running_cost", 0.0)
            totals.setdefault("running_cost", 0.0)
        if "expected_people" not in rows:  # saved before people were counted once
            _count_people(rows, totals, brief)
        return Plan(
            brief=brief,
            rows=rows,
            totals=totals,
            status=self.status,
            method=self.method,
            objective=self.objective,
            bound=math.nan if self.bound is None else self.bound,
            solve_seconds=self.solve_seconds,
            build_seconds=self.build_seconds,
            candidates=self.candidates,
            pruned=self.pruned,
            violations=list(self.violations),
            timed_out=self.timed_out,
        )


def _count_people(rows: pd.DataFrame, totals: dict[str, float], brief: Brief) -> None:
    """The people in a plan saved with its reach summed (rows and totals, in place)."""
    if "audience_country_share" not in rows:  # a whole audience then lay in its country
        rows["audience_country_share"] = 1.0
    at = list(rows.columns).index("expected_reach") + 1
    people = cells(rows, brief).people_by_row(rows["expected_reach"].to_numpy())
    rows.insert(at, "expected_people", people)
    totals.update(people_totals(rows, brief))


def _kind(column: str, dtype: np.dtype | ExtensionDtype) -> Kind:
    if column == "tier" and isinstance(dtype, pd.CategoricalDtype):
        return "tier"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "str"


def _cell(value: Any, kind: Kind) -> Cell:  # a cell as itertuples gives it: `kind` tells its type
    if kind in ("str", "tier"):
        return None if pd.isna(value) else str(value)
    if kind == "float":
        return finite(float(value))
    return bool(value) if kind == "bool" else int(value)


def _column(values: list[Cell], kind: Kind, brief: Brief) -> pd.Series | pd.Categorical:
    if kind == "tier":
        return pd.Categorical(values, categories=list(brief.tier_bands))
    dtype = {"int": "int64", "float": "float64", "bool": "bool", "str": "str"}[kind]
    return pd.Series(values, dtype=dtype)
