"""Command line: `python -m planner plan ...` and `python -m planner sample ...`.

Bad input, and a time limit too short to find any plan, print a clear message on stderr and
exit with code 2, never a traceback. A plan cut short by the time limit says so on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from planner.brief import Brief, BriefError
from planner.diagnose import InfeasibleBriefError
from planner.export import plan_csv
from planner.ingest import Mapping, load_table, read_table, suggest_mapping
from planner.optimizer import SolverTimeLimitError, optimize
from planner.plan import Plan, gap_words, seconds_words
from planner.roster import RosterError, RosterProblem, problem_lines, read_file
from planner.sample import generate_roster, write_roster

BAD_INPUT = 2
INTERNAL_ERROR = 1
ROSTER_TYPES = (".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".pq")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="pick the roster that maximises the goal within budget")
    plan.add_argument(
        "--roster",
        required=True,
        help="roster as .csv, .tsv, .txt, .xlsx or .parquet; its headers are matched to the "
        "roster's columns (see --map)",
    )
    plan.add_argument(
        "--map",
        action="append",
        default=[],
        type=_field_header,
        metavar="FIELD=HEADER",
        help="read roster column FIELD from the file's column HEADER (repeatable); "
        "'FIELD=' leaves an optional column out",
    )
    plan.add_argument(
        "--drop-bad-rows",
        action="store_true",
        help="plan with the good rows when some rows have problems (else list them, exit 2)",
    )
    plan.add_argument("--budget", type=float, help="USD; overrides the brief's budget")
    plan.add_argument("--goal", choices=["engagement", "reach", "clicks", "conversions"])
    plan.add_argument("--brief", help="brief as JSON (see README)")
    plan.add_argument("--out", help="write the chosen roster here as CSV")
    plan.add_argument("--exact", action="store_true", help="prove the plan optimal (slower)")
    plan.add_argument(
        "--time-limit",
        type=_seconds,
        default=30.0,
        help="solver seconds; when they run out, the best plan found so far (see 'gap')",
    )
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


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"must be above 0 seconds, not {text}")
    return value


def _field_header(text: str) -> tuple[str, str | None]:
    field, equals, header = text.partition("=")
    if not equals or not field.strip():
        raise argparse.ArgumentTypeError("expected FIELD=HEADER, e.g. followers=Subscribers")
    return field.strip(), header.strip() or None


def _brief(args: argparse.Namespace) -> Brief:
    base = Brief.from_json_file(args.brief).model_dump() if args.brief else {}
    overrides = {k: v for k, v in (("budget", args.budget), ("goal", args.goal)) if v is not None}
    return Brief.parse({**base, **overrides})


def _plan(args: argparse.Namespace) -> int:
    brief = _brief(args)
    roster = _roster(args)
    if roster is None:
        return BAD_INPUT
    plan = optimize(roster, brief, exact=args.exact, time_limit=args.time_limit)
    _note_time_limit(plan)
    if args.out:
        Path(args.out).write_text(plan_csv(plan), encoding="utf-8")
    print(json.dumps(plan.summary(), indent=2))
    return 0


def _roster(args: argparse.Namespace) -> pd.DataFrame | None:
    """The roster's good rows; None after listing the rows with problems (no --drop-bad-rows)."""
    path = Path(args.roster)
    if path.suffix.lower() not in ROSTER_TYPES:
        raise RosterError(
            [
                RosterProblem(
                    None,
                    None,
                    None,
                    f"{path.name}: unknown file type '{path.suffix or '(none)'}'; a roster "
                    "must be .csv, .tsv, .txt, .xlsx or .parquet",
                )
            ]
        )
    raw = read_table(read_file(path), path.name)
    mapping = Mapping({**suggest_mapping(list(raw.columns)).columns, **dict(args.map)})
    roster, mapping, problems = load_table(raw, path.name, mapping)
    renamed = [f"{t} from '{h}'" for t, h in mapping.columns.items() if h not in (None, t)]
    if renamed:
        print(
            f"note: reading {', '.join(renamed)}; correct with --map FIELD=HEADER",
            file=sys.stderr,
        )
    if not problems:
        return roster
    rows = len({p.row for p in problems})
    lines = "\n".join(problem_lines(problems))
    if args.drop_bad_rows:
        print(
            f"warning: left out {_rows(rows)} with problems, planning with the "
            f"{_rows(len(roster))} left:\n{lines}",
            file=sys.stderr,
        )
        return roster
    print(
        f"error: {_rows(rows)} of the roster {'has' if rows == 1 else 'have'} problems; fix "
        "them in the file, or add "
        f"--drop-bad-rows to plan with the {_rows(len(roster))} left:\n{lines}",
        file=sys.stderr,
    )
    return None


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def _note_time_limit(plan: Plan) -> None:
    if plan.timed_out:
        greedy = (
            " (the greedy plan: the solver found none in time)" if plan.method == "greedy" else ""
        )
        print(
            f"note: time limit hit after {seconds_words(plan.solve_seconds)}; plan "
            f"{gap_words(plan.gap)}{greedy}; raise --time-limit for a better one",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # argparse exits with code 2 and its usage on errors
    try:
        if args.command == "sample":
            write_roster(generate_roster(args.rows, args.seed), args.out)
            return 0
        return _plan(args)
    except (RosterError, BriefError, InfeasibleBriefError, SolverTimeLimitError) as err:
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
