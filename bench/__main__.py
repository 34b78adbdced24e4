"""Run every roster size and brief in a fresh process and print a table of medians."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from bench.briefs import BRIEFS

SIZES = (3_000, 50_000, 200_000)
# (column, format)
COLUMNS = (
    ("rows", "d"),
    ("brief", "s"),
    ("build_s", ".2f"),
    ("replan_s", ".3f"),
    ("live_gap_pct", ".4f"),
    ("exact_s", ".2f"),
    ("exact_status", "s"),
    ("exact_gap_pct", ".4f"),
    ("gain_over_greedy_pct", ".1f"),
    ("peak_mb", ".0f"),
)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--briefs", nargs="*", default=list(BRIEFS))
    parser.add_argument("--exact-limit", type=float, default=60.0)
    args = parser.parse_args()
    print("  ".join(f"{name:>11}" for name, _ in COLUMNS))
    print("(seconds and gaps are medians over budget changes; see bench/run.py)")
    for rows in args.sizes:
        for brief in args.briefs:
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.run",
                    "--rows",
                    str(rows),
                    "--brief",
                    brief,
                    "--exact-limit",
                    str(args.exact_limit),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            cells = (format(result[name], fmt) for name, fmt in COLUMNS)
            print("  ".join(f"{cell:>11}" for cell in cells), flush=True)


if __name__ == "__main__":
    main()
