"""A scenario: a named brief with the plan it gave and the roster it was planned on.

Scenarios are stored (planner/scenarios/store.py) and exported as JSON files. No string in such
a file starts with a character a spreadsheet reads as a formula: a leading = + - or @ is written as
its \\u escape, which every JSON reader turns back into the same character, so the round trip
stays exact (JSON already escapes tab and carriage return).
"""

from __future__ import annotations

import json
import math
import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictStr,
    ValidationError,
    model_validator,
)

from planner.brief import Brief
from planner.errors import InputError, ScenarioFileError
from planner.plan import Plan
from planner.scenarios.saved_plan import SavedPlan

FORMAT_VERSION = 1
NAME_MAX = 120
# A quote followed by a formula character: the start of a string, or (harmless to escape)
# an escaped quote inside one. Outside strings JSON puts only , : } ] or spaces after a quote.
_FORMULA_AFTER_QUOTE = re.compile(r'"([=+\-@])')
_MAX_DIGITS = 30
_JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def clean_name(name: str) -> str:
    """A scenario's name as stored: stripped, 1 to 120 characters (InputError otherwise)."""
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InputError(f"a scenario name needs 1 to {NAME_MAX} characters, not {len(name)}")
    return name


class Scenario(BaseModel):
    """A named brief, the plan it gave, and which roster it was planned on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[StrictStr, AfterValidator(clean_name)]
    brief: Brief
    plan: SavedPlan
    roster_key: StrictStr
    roster_name: StrictStr = ""
    format_version: int = FORMAT_VERSION

    @model_validator(mode="after")
    def _tiers_of_brief(self) -> Scenario:
        tiers = [c for c, kind in self.plan.columns.items() if kind == "tier"]
        for i, row in enumerate(self.plan.rows, start=1):
            for column in tiers:
                if row[column] not in self.brief.tier_bands:
                    raise ValueError(
                        f"field 'plan.rows': row {i}, column '{column}': {row[column]!r} is not "
                        f"a tier of the brief ({', '.join(self.brief.tier_bands)})"
                    )
        return self

    @classmethod
    def of(cls, name: str, plan: Plan, roster_key: str, roster_name: str = "") -> Scenario:
        return cls(
            name=name,
            brief=plan.brief,
            plan=SavedPlan.of(plan),
            roster_key=roster_key,
            roster_name=roster_name,
        )


def scenario_json(s: Scenario) -> bytes:
    """The scenario as a UTF-8 JSON file, safe to open in a spreadsheet."""
    text = s.model_dump_json(indent=1)
    return _FORMULA_AFTER_QUOTE.sub(lambda m: f'"\\u{ord(m[1]):04x}', text).encode()


def read_scenario_json(data: bytes) -> Scenario:
    """A scenario from a file's bytes; ScenarioFileError (and nothing else) if it is not one."""
    if not data.strip():
        raise ScenarioFileError("empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ScenarioFileError(
            f"not JSON: byte {err.start + 1} (0x{data[err.start]:02x}) is not UTF-8 text"
        ) from None
    try:
        raw = json.loads(text, parse_constant=_no_constant, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as err:
        raise ScenarioFileError(
            f"not JSON: line {err.lineno}, column {err.colno}: {err.msg}"
        ) from None
    except ValueError as err:
        raise ScenarioFileError(f"not JSON: {err}") from None
    except RecursionError:
        raise ScenarioFileError("not JSON: nested too deeply") from None
    if not isinstance(raw, dict):
        raise ScenarioFileError(
            f"not a scenario file: it holds {_JSON_KINDS[type(raw)]}, "
            "where a scenario is an object with name, brief and plan"
        )
    try:
        return Scenario.model_validate(upgrade(raw))
    except ValidationError as err:
        raise ScenarioFileError(f"not a scenario file: {_describe(err)}") from None


def upgrade(raw: dict) -> dict:
    """A scenario file's fields in this planner's format (only format 1 exists so far)."""
    version = raw.get("format_version", FORMAT_VERSION)
    if type(version) is not int:
        raise ScenarioFileError(
            f"not a scenario file: field 'format_version': {version!r} is not a whole number"
        )
    if version > FORMAT_VERSION:
        raise ScenarioFileError(
            f"this file is a scenario of format {version}, newer than this planner reads "
            f"({FORMAT_VERSION}); update the planner"
        )
    if version < 1:
        raise ScenarioFileError(
            f"not a scenario file: field 'format_version': there is no format {version} "
            f"(formats are 1 to {FORMAT_VERSION})"
        )
    return raw


def _describe(err: ValidationError, most: int = 3) -> str:
    problems = []
    for e in err.errors(include_url=False):
        where = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        problems.append(f"field '{where}': {msg}" if where else msg)
    more = f"; and {len(problems) - most} more" if len(problems) > most else ""
    return "; ".join(problems[:most]) + more


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise ValueError(f"a number of {len(digits.lstrip('-'))} digits is too long")
    return int(digits)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text[:20]} is too large")
    return value
