"""Command line: `python -m planner plan ...`, `... deck ...` and `... sample ...`.

Bad input, and a time limit too short to find any plan, print a clear message on stderr and
exit with code 2, never a traceback. A plan cut short by the time limit says so on stderr.
Control characters in text quoted from the user's files are shown escaped, never sent raw.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from planner.brief import Brief
from planner.deck import plan_deck
from planner.errors import PlannerError, RosterError, RosterProblem, problem_lines
from planner.export import plan_csv
from planner.optimize.mixes import BEST_MIX, alternatives
from planner.optimize.optimizer import optimize
from planner.plan import Method, Plan
from planner.roster.ingest import Mapping, load_table, read_table, suggest_mapping
from planner.roster.sample import generate_roster, write_roster
from planner.roster.schema import read_file
from planner.wording import gap_words, seconds_words

BAD_INPUT = 2
INTERNAL_ERROR = 1
ROSTER_TYPES = (".csv", ".tsv", ".txt", ".xlsx", ".parquet", ".pq")
# Characters a terminal acts on instead of showing: C0 and C1 controls and DEL (escape
# sequences recolour, move, erase or retitle; \r overwrites the line), the line and paragraph
# separators, and the bidirectional controls that reorder what is shown. Text from the user's
# files (handles, headers, cells, file names) reaches stderr with each of them written as in a
# Python string literal (\x1b, \r, \u202e), so a hostile file cannot act on the terminal and
# the reader sees what the cell holds. The tab too: no message of ours has one, and in a cell
# it would hide as blanks. Backslashes are left as they are (a path may have them).
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def shown(text: str, *, lines: bool = False) -> str:
    """`text` with every character in `_UNSHOWABLE` escaped (\\x1b, \\r, \\u202e); with
    `lines`, line breaks are kept (a message of ours that spans lines)."""

    def escape(match: re.Match) -> str:
        ch = match[0]
        if lines and ch == "\n":
            return ch
        code = ord(ch)
        return _ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return _UNSHOWABLE.sub(escape, text)


def _say(message: str) -> None:
    """A message on stderr; whatever text of the user's it holds cannot act on the terminal."""
    print(shown(message, lines=True), file=sys.stderr)


def _shown_problem(problem: RosterProblem) -> RosterProblem:
    """The problem with its header, cell and reason on one line each, escaped. A blank cell
    stays as it is: the listing leaves it out."""
    value = problem.value
    if isinstance(value, str) and value.strip():
        value = shown(value)
    column = None if problem.column is None else shown(problem.column)
    return replace(problem, column=column, value=value, reason=shown(problem.reason))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="pick the roster that maximises the goal within budget")
    _plan_arguments(plan)
    plan.add_argument("--out", help="write the chosen roster here as CSV")
    deck = sub.add_parser("deck", help="plan, and write the pitch deck as PowerPoint (.pptx)")
    _plan_arguments(deck)
    deck.add_argument("--out", required=True, help="the deck's file, .pptx")
    deck.add_argument("--title", default="Campaign plan", help="the deck's title slide")
    sample = sub.add_parser("sample", help="write a synthetic roster")
    sample.add_argument("--rows", type=_positive, default=3000)
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--out", required=True, help=".csv or .parquet")
    return parser


def _plan_arguments(parser: argparse.ArgumentParser) -> None:
    """The roster, brief and solver options of `plan` and `deck`."""
    parser.add_argument(
        "--roster",
        required=True,
        help="roster as .csv, .tsv, .txt, .xlsx or .parquet; its headers are matched to the "
        "roster's columns (see --map)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        type=_field_header,
        metavar="FIELD=HEADER",
        help="read roster column FIELD from the file's column HEADER (repeatable); "
        "'FIELD=' leaves an optional column out",
    )
    parser.add_argument(
        "--drop-bad-rows",
        action="store_true",
        help="plan with the good rows when some rows have problems (else list them, exit 2)",
    )
    parser.add_argument("--budget", type=float, help="USD; overrides the brief's budget")
    parser.add_argument("--goal", choices=["engagement", "reach", "clicks", "conversions"])
    parser.add_argument("--brief", help="brief as JSON (see README)")
    parser.add_argument("--exact", action="store_true", help="prove the plan optimal (slower)")
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=30.0,
        help="solver seconds; when they run out, the best plan found so far (see 'gap')",
    )


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
    if args.command == "deck":
        mixes: dict[str, Plan | None] = {
            name: plan if name == BEST_MIX else _plan_or_none(roster, alt, args)
            for name, alt in alternatives(brief).items()
        }  # the best mix found is the brief itself: the plan already made
        Path(args.out).write_bytes(plan_deck(plan, mixes, title=args.title))
    elif args.out:
        Path(args.out).write_text(plan_csv(plan), encoding="utf-8")
    print(json.dumps(plan.summary(), indent=2))
    return 0


def _plan_or_none(roster: pd.DataFrame, brief: Brief, args: argparse.Namespace) -> Plan | None:
    """A micro vs macro alternative's plan, or None where it has none (as the Plan page)."""
    try:
        return optimize(roster, brief, exact=args.exact, time_limit=args.time_limit)
    except PlannerError:
        return None


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
    renamed = [
        f"{t} from '{shown(h)}'" for t, h in mapping.columns.items() if h is not None and h != t
    ]
    if renamed:
        _say(f"note: reading {', '.join(renamed)}; correct with --map FIELD=HEADER")
    for note in mapping.percent_notes(shown):
        _say(f"note: {note}")
    if not problems:
        return roster
    rows = len({p.row for p in problems})
    lines = "\n".join(problem_lines([_shown_problem(p) for p in problems]))
    if args.drop_bad_rows:
        _say(
            f"warning: left out {_rows(rows)} with problems, planning with the "
            f"{_rows(len(roster))} left:\n{lines}"
        )
        return roster
    _say(
        f"error: {_rows(rows)} of the roster {'has' if rows == 1 else 'have'} problems; fix "
        "them in the file, or add "
        f"--drop-bad-rows to plan with the {_rows(len(roster))} left:\n{lines}"
    )
    return None


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def _note_time_limit(plan: Plan) -> None:
    if plan.timed_out:
        greedy = (
            " (the greedy plan: the solver found none in time)"
            if plan.method == Method.GREEDY
            else ""
        )
        _say(
            f"note: time limit hit after {seconds_words(plan.solve_seconds)}; plan "
            f"{gap_words(plan.gap)}{greedy}; raise --time-limit for a better one"
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # argparse exits with code 2 and its usage on errors
    try:
        if args.command == "sample":
            write_roster(generate_roster(args.rows, args.seed), args.out)
            return 0
        return _plan(args)
    except RosterError as err:  # its lines quote the file: each one escaped on its own
        _say(f"error: {RosterError([_shown_problem(p) for p in err.problems])}")
    except PlannerError as err:
        _say(f"error: {err}")
    except OSError as err:
        _say(f"error: cannot write {shown(str(err.filename))}: {err.strerror}")
    except Exception as err:  # a bug of ours: say so in one line, never a traceback
        _say(
            f"error: internal error ({type(err).__name__}: {shown(str(err))}); please report "
            "it with the command you ran"
        )
        return INTERNAL_ERROR
    return BAD_INPUT
