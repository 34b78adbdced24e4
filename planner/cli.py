"""Command line: `python -m planner plan ...` and `python -m planner sample ...`.

Bad input prints a clear message on stderr and exits with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from planner.brief import Brief, BriefError
from planner.diagnose import InfeasibleBriefError
from planner.export import plan_csv
from planner.optimizer import optimize
from planner.roster import RosterError, load_roster
from planner.sample import generate_roster, write_roster

BAD_INPUT = 2
INTERNAL_ERROR = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="pick the roster that maximises the goal within budget")
    plan.add_argument("--roster", required=True, help="CSV or Parquet roster")
    plan.add_argument("--budget", type=float, help="USD; overrides the brief's budget")
    plan.add_argument("--goal", choices=["engagement", "reach", "clicks", "conversions"])
    plan.add_argument("--brief", help="brief as JSON (see README)")
    plan.add_argument("--out", help="write the chosen roster here as CSV")
    plan.add_argument("--exact", action="store_true", help="prove the plan optimal (slower)")
    plan.add_argument("--time-limit", type=float, default=30.0, help="solver seconds")
    sample = sub.add_parser("sample", help="write a synthetic roster")
    sample.add_argument("--rows", type=_positive, default=3000)
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--out", required=True, help=".csv or .parquet")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _brief(args: argparse.Namespace) -> Brief:
    base = Brief.from_json_file(args.brief).model_dump() if args.brief else {}
    overrides = {k: v for k, v in (("budget", args.budget), ("goal", args.goal)) if v is not None}
    return Brief.parse({**base, **overrides})


def _plan(args: argparse.Namespace) -> int:
    brief = _brief(args)
    roster = load_roster(args.roster)
    plan = optimize(roster, brief, exact=args.exact, time_limit=args.time_limit)
    if args.out:
        Path(args.out).write_text(plan_csv(plan), encoding="utf-8")
    print(json.dumps(plan.summary(), indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # argparse exits with code 2 and its usage on errors
    try:
        if args.command == "sample":
            write_roster(generate_roster(args.rows, args.seed), args.out)
            return 0
        return _plan(args)
    except (RosterError, BriefError, InfeasibleBriefError) as err:
        print(f"error: {err}", file=sys.stderr)
    except OSError as err:
        print(f"error: cannot write {err.filename}: {err.strerror}", file=sys.stderr)
    except Exception as err:  # a bug of ours: say so in one line, never a traceback
        print(
            f"error: internal error ({type(err).__name__}: {err}); please report it "
            "with the command you ran",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
    return BAD_INPUT
