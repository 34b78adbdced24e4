"""Every exception the planner raises for a reason a user can act on, under one base.

The UI and the CLI catch `PlannerError` once and show its message, which says what is wrong
and how to fix it. Beneath it:

    PlannerError
    ├── InputError            a value the planner refuses (also a ValueError: it is one)
    │   ├── BriefError        the brief is malformed: a field out of range, rules that contradict
    │   ├── RosterError       the roster cannot be used: every problem, with its row and column
    │   └── ScenarioFileError a file that is not a scenario this planner reads
    ├── InfeasibleBriefError  a valid brief that no plan keeps: its Conflict and the Fixes
    ├── SolverTimeLimitError  the time limit stopped the solver before any plan (no proof)
    └── StoreError            the scenario database cannot be opened, read or written
        └── ScenarioNotFound  no scenario with that id (also a KeyError)

A programming error (a caller passing an argument outside a function's contract) stays a
built-in ValueError or TypeError: it is a bug to fix, not a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import pandas as pd

if TYPE_CHECKING:
    from pandas._typing import Scalar

    from planner.brief import Brief

MAX_PROBLEMS_SHOWN = 50  # a RosterError's message lists this many problems, then a count


class PlannerError(Exception):
    """Something the user can fix; the message says what and how."""


class InputError(PlannerError, ValueError):
    """A value the planner refuses: a brief field, a roster cell, a scenario file or name."""


class BriefError(InputError):
    """The brief itself is malformed (a field out of range, rules that contradict)."""


@dataclass(frozen=True)
class RosterProblem:
    """One thing wrong with the roster; row and column are None for file-level problems."""

    row: int | None
    column: str | None
    value: object
    reason: str

    def __str__(self) -> str:
        parts = [f"row {self.row}"] if self.row is not None else []
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if not _is_blank(self.value):
            parts.append(f"value '{self.value}'")
        return f"{', '.join(parts)}: {self.reason}" if parts else self.reason


class RosterError(InputError):
    """The roster cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = [
            f"roster has {count} problem{'s' if count != 1 else ''}; "
            "fix them in the file and load it again:"
        ]
        super().__init__("\n".join(lines + problem_lines(self.problems)))


def problem_lines(problems: list[RosterProblem]) -> list[str]:
    """One indented line per problem, the first MAX_PROBLEMS_SHOWN of them, then how many more."""
    lines = [f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"  ... and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    return lines


def _is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    # is_scalar does not narrow in pandas-stubs (it is no TypeGuard): the cast says what it checked
    return pd.api.types.is_scalar(value) and bool(pd.isna(cast("Scalar", value)))


class ScenarioFileError(InputError):
    """A file that is not a scenario this planner can read; the message says why."""


class Fix(str):
    """A change that would make the brief feasible, in words; `changes` says it as brief
    fields ((field, key, ...) path -> new value) so a caller can apply it, or is empty when
    only words can say it (e.g. "lower the limit in ...")."""

    changes: dict[tuple[str, ...], object]

    def __new__(cls, text: str, changes: dict[tuple[str, ...], object] | None = None) -> Fix:
        fix = super().__new__(cls, text)
        fix.changes = changes or {}
        return fix

    def __reduce__(self):  # keeps `changes` through pickling (Streamlit's caches)
        return (Fix, (str(self), self.changes))

    def apply(self, brief: Brief) -> Brief:
        """The brief with this fix applied."""
        data = brief.model_dump(mode="json")
        for path, value in self.changes.items():
            node = data
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = value
        return type(brief).parse(data)


@dataclass(frozen=True)
class Conflict:
    """Rules that cannot hold together, why, and changes that would make them hold."""

    rules: tuple[str, ...]
    reason: str
    fixes: tuple[Fix, ...]


class InfeasibleBriefError(PlannerError):
    """No plan keeps every rule of the brief."""

    def __init__(self, conflict: Conflict):
        self.conflict = conflict
        fixes = "".join(f"\n  - {f}" for f in conflict.fixes)
        super().__init__(
            f"No plan keeps every rule of this brief: {conflict.reason}."
            + (f"\nTo fix it:{fixes}" if fixes else "")
        )

    @classmethod
    def single(cls, rule: str, reason: str, fix: str) -> InfeasibleBriefError:
        return cls(Conflict((rule,), reason, (Fix(fix),)))


class SolverTimeLimitError(PlannerError):
    """The time limit stopped the solver before it found any plan that keeps every rule.

    Unlike InfeasibleBriefError this proves nothing about the brief: it may well have a plan.
    """

    def __init__(self, seconds: float, what: str = "plan that keeps every rule"):
        self.seconds = seconds
        super().__init__(
            f"The solver found no {what} within its time limit of {seconds:g} s (the brief "
            "may still have one).\nTo fix it:\n"
            "  - raise the time limit\n"
            "  - simplify the rules: fewer minimum counts and spend shares"
        )


class StoreError(PlannerError):
    """The database cannot be opened, read or written; the message says where and why."""


class ScenarioNotFound(StoreError, KeyError):
    """No scenario with that id (deleted, perhaps by another session); a KeyError, as a
    missing key of the store is one."""

    def __str__(self) -> str:  # KeyError's own would quote the message
        return str(self.args[0])
