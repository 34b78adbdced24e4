"""The bad-input matrix, shared by its two halves: the command line and the app's upload path.

Each case is a file (or a brief) and the exact messages each half shows. Kinds:

- "file": the file cannot be read at all; `reason` is the one problem.
- "rows": some rows have problems (`problems`: row, the file's column, cell, reason) and
  `good` rows are fine; planning goes on with them only when asked.
- "missing": a required roster column has no header; the app asks which column holds it.
- "works": an awkward file that must plan.
- "brief": a good roster with a brief that cannot be met or cannot be read.
- "cut short": a good roster and a brief that the solver's time limit stops (`flags` for the
  command line, the "Solver time limit (s)" control in `controls` for the app): both show the
  best plan found and how close it is, `cli`/`app` with "{seconds}" for the time it took.
- "no plan in time": the time limit stops the solver before it finds any plan: both say so
  and what to change, and neither calls the brief impossible.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd

from planner.roster.ingest import FORMULA, NOT_A_NUMBER, ROW_CAP
from planner.roster.sample import generate_roster
from tests.helpers.hard_briefs import CROWDED, FREE_RUNNING

HEADER = "handle,platform,category,followers,engagement_rate,cost_per_post"
ROWS = (
    "alpha,instagram,beauty,5000,0.03,100",
    "beta,tiktok,food,50000,0.05,200",
    "gamma,youtube,tech,2000000,0.01,20000",
    "delta,instagram,food,20000,0.04,300",
)
PREVIOUS = f"{HEADER}\nprev_a,instagram,beauty,5000,0.03,100\nprev_b,tiktok,food,9000,0.04,90\n"
PREVIOUS_SHOWN = "previous.csv · 2 rows"  # how the app names the roster in use before a case
HOSTILE = (
    "**bold** <b>x</b> [link](http://x)",
    '=HYPERLINK("http://x","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
)
# Good rows that keep a few control characters under the share (1%) at which a file is taken
# for binary.
PADDING = tuple(f"user{i},instagram,beauty,{5000 + i},0.03,{100 + i}" for i in range(30))
ESCAPED = "\x1b[31mevil\x1b[0m"  # an ANSI colour: the command line must not send it raw
FRACTION = "must be above 0 and at most 1 (a fraction, e.g. 0.025 for 2.5%)"
FILE_PROBLEM = "error: roster has 1 problem; fix them in the file and load it again:\n  {}\n"

# The time limit, without timing flakes. The app's control goes no lower than 0.1 s (and the
# command line refuses 0), so HiGHS cannot simply be given no time as tests/test_time_limit.py
# does. The app plans on the live path, which runs a MIP only when rounding the LP finds no
# plan (or on a small model, where whether 0.1 s stops it is a matter of speed): SHARES is
# rounded at once there, never cut short. So these briefs are ones that rounding does not
# solve. The live path then "dives" (fixes a column,
# re-solves the LP, rounds again) until its own deadline, which is never before the time limit
# has passed since the plan began (Planner._dive: max(limit, 3 roundings)); the MIP starts with
# no time left and HiGHS stops before it starts. Left is the greedy plan: returned, measured
# against the LP bound, when it keeps every rule ("cut short"), else "no plan in time". With
# --exact the same happens (the proof comes after a plan). This holds unless the dive reaches
# its end within the 0.1 s: on generated(3000) FEW_DEAR's dive ends, with no plan, after 670 LP
# re-solves (CROWDED's after 435), and 0.1 s allows 3 to 8 here, so it would take a machine
# some 70 times faster at re-solving an LP to break these cases.
#
# At most 1 mid-tier influencer with at least 30% of spend and at most 2 finance ones with at
# least 50% (finance rules have no control: the app keeps them as a link or scenario set them).
FEW_DEAR = {
    "tier_rules": {"mid": {"max_count": 1, "min_share": 0.3}},
    "category_rules": {"finance": {"max_count": 2, "min_share": 0.5}},
}


def csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def with_formula(formula: str) -> bytes:
    """A workbook of ROWS[:3] whose second row's followers is a formula, as a program writes
    it: openpyxl saves no value for a formula."""
    frame = pd.read_csv(io.BytesIO(csv(*ROWS[:3])), dtype=str)
    frame.loc[1, "followers"] = formula
    return xlsx(frame)


def generated(rows: int, seed: int = 3) -> bytes:
    """A synthetic roster as CSV: every row good, with all of the sample's columns."""
    return generate_roster(rows, seed).to_csv(index=False).encode()


def above_the_row_cap() -> bytes:
    body = "".join(f"u{i},instagram,beauty,{1000 + i},0.02,50\n" for i in range(ROW_CAP + 1))
    return f"{HEADER}\n{body}".encode()


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    name: str = "roster.csv"
    data: bytes = b""
    reason: str = ""  # "file": the problem, as the command line says it
    app: str = ""  # the app's message, as Streamlit receives it (Markdown escaped)
    problems: tuple[tuple[int, str, str, str], ...] = ()
    good: int = 0
    note: str = ""  # the command line's note on how headers were read, if any
    brief: dict = field(default_factory=dict)  # brief fields, for --brief
    controls: dict = field(default_factory=dict)  # the same brief as the app's controls
    cli: str = ""  # "missing", "brief", several problems: the command line's whole stderr
    fixes: tuple[str, ...] = ()  # "brief": the app's "Apply: ..." buttons
    handles: tuple[str, ...] = ()  # "works": handles the roster must have
    flags: tuple[str, ...] = ()  # more command-line options
    generated: int = 0  # rows of `generated()` to use as the file, instead of `data`


CASES = [
    Case(
        "empty file",
        "file",
        "empty.csv",
        b"",
        reason="empty.csv is empty",
        app="This file cannot be used as a roster: empty.csv is empty.",
    ),
    Case(
        "headers only",
        "file",
        "headers.csv",
        csv(),
        reason="no usable row: headers.csv has a header row but no data rows",
        app=r"This file cannot be used as a roster: no usable row\: headers.csv has a header "
        "row but no data rows.",
    ),
    Case(
        "binary junk",
        "file",
        "junk.csv",
        bytes(range(256)) * 16,
        reason="junk.csv looks like a binary file, not a table: upload CSV or .xlsx",
        app=r"This file cannot be used as a roster: junk.csv looks like a binary file, not a "
        r"table\: upload CSV or .xlsx.",
    ),
    Case(
        "xlsx that is really a CSV",
        "file",
        "roster.xlsx",
        csv(*ROWS),
        reason="roster.xlsx is not a readable Excel workbook: it is damaged or not .xlsx; "
        "export it again as .xlsx or CSV",
        app=r"This file cannot be used as a roster: roster.xlsx is not a readable Excel "
        r"workbook\: it is damaged or not .xlsx; export it again as .xlsx or CSV.",
    ),
    Case(
        "corrupt zip named xlsx",
        "file",
        "broken.xlsx",
        b"PK\x03\x04\x14\x00\x00\x00 this zip was cut short",
        reason="broken.xlsx is not a readable Excel workbook: it is damaged or not .xlsx; "
        "export it again as .xlsx or CSV",
        app=r"This file cannot be used as a roster: broken.xlsx is not a readable Excel "
        r"workbook\: it is damaged or not .xlsx; export it again as .xlsx or CSV.",
    ),
    Case(
        "old xls workbook",
        "file",
        "old.csv",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        reason="old.csv is an old Excel .xls workbook: save it as .xlsx or CSV",
        app=r"This file cannot be used as a roster: old.csv is an old Excel .xls workbook\: "
        "save it as .xlsx or CSV.",
    ),
    Case(
        "row with more cells than the header",
        "file",
        "ragged.csv",
        csv(ROWS[0], ROWS[1] + ",extra,cells"),
        reason="ragged.csv is not a readable table: Expected 6 fields in line 3, saw 8",
        app=r"This file cannot be used as a roster: ragged.csv is not a readable table\: "
        "Expected 6 fields in line 3, saw 8.",
    ),
    Case(
        "above the row cap",
        "file",
        "huge.csv",
        reason="huge.csv has more than 200,000 rows, the most that can be loaded",
        app="This file cannot be used as a roster: huge.csv has more than 200,000 rows, the "
        "most that can be loaded.",
    ),
    Case(
        "no usable row",
        "file",
        "allbad.csv",
        csv("a,instagram,x,lots,0.02,10", "b,instagram,x,100,0.02,-5"),
        cli="error: roster has 3 problems; fix them in the file and load it again:\n"
        "  no usable row: all 2 rows with data have problems\n"
        f"  row 2, column 'followers', value 'lots': {NOT_A_NUMBER}\n"
        "  row 3, column 'cost_per_post', value '-5': must be greater than 0\n",
        app=r"This file cannot be used as a roster: no usable row\: all 2 rows with data have "
        "problems.",
        problems=(
            (2, "followers", "lots", NOT_A_NUMBER),
            (3, "cost_per_post", "-5", "must be greater than 0"),
        ),
    ),
    Case(
        "mixed types in a number column",
        "rows",
        data=csv(ROWS[0], "beta,tiktok,food,about 50k,0.05,200", *ROWS[2:]),
        problems=((3, "followers", "about 50k", NOT_A_NUMBER),),
        good=3,
    ),
    Case(
        "a workbook formula with no saved value",
        "rows",
        "roster.xlsx",
        with_formula("=D2*2"),
        problems=((3, "followers", "=D2*2", FORMULA),),
        good=2,
    ),
    Case(
        "duplicate handles",
        "rows",
        data=csv(*ROWS, "beta,instagram,food,7000,0.02,80"),
        problems=((6, "handle", "beta", "duplicate handle: first seen on row 3"),),
        good=4,
    ),
    Case(
        "negative costs",
        "rows",
        data=csv(*ROWS[:3], "delta,instagram,food,20000,0.04,-300"),
        problems=((5, "cost_per_post", "-300", "must be greater than 0"),),
        good=3,
    ),
    Case(
        "engagement rate over 100%",
        "rows",
        data=csv(*ROWS[:3], "delta,instagram,food,20000,250%,300"),
        problems=((5, "engagement_rate", "250%", FRACTION),),
        good=3,
    ),
    Case(
        "NaN and empty cells",
        "rows",
        data=csv(ROWS[0], "beta,tiktok,food,NaN,0.05,200", "gamma,youtube,,2000000,0.01,20000"),
        problems=(
            (3, "followers", "NaN", NOT_A_NUMBER),
            (4, "category", "", "is empty"),
        ),
        good=1,
    ),
    Case(
        "huge numbers",
        "rows",
        data=csv(ROWS[0], "beta,tiktok,food,1e30,0.05,200", "gamma,youtube,tech,2000000,0.01,1e30"),
        problems=(
            (3, "followers", "1e30", "must be at most 10,000,000,000"),
            (4, "cost_per_post", "1e30", "must be at most 1,000,000,000 (the largest budget)"),
        ),
        good=1,
    ),
    Case(
        "wrong delimiter",
        "file",
        "pipes.csv",
        csv(*(r.replace(",", "|") for r in ROWS), header=HEADER.replace(",", "|")),
        reason="pipes.csv has a single column, headed "
        "'handle|platform|category|followers|engagement_rate|cost_per_post': a roster's "
        "columns must be separated by commas, semicolons or tabs",
        app=r"This file cannot be used as a roster: pipes.csv has a single column, headed "
        r"'handle\|platform\|category\|followers\|engagement\_rate\|cost\_per\_post'\: a "
        "roster's columns must be separated by commas, semicolons or tabs.",
    ),
    Case(
        "missing required column",
        "missing",
        data=csv(
            *(
                r.replace(",tiktok", "").replace(",instagram", "").replace(",youtube", "")
                for r in ROWS
            ),
            header=HEADER.replace(",platform", ""),
        ),
        cli="error: roster has 1 problem; fix them in the file and load it again:\n"
        "  column 'platform': required, but no header matches it (headers seen: 'handle', "
        "'category', 'followers', 'engagement_rate', 'cost_per_post')\n",
        app="Choose which column of the file holds platform: every roster needs one, and no "
        "header was recognised as such.",
    ),
    Case(
        "unicode and emoji handles",
        "works",
        "émoji.csv",
        csv(
            "zoë_café,instagram,beauté,5000,0.03,100",
            "🌸flower🌸,tiktok,food,50000,0.05,200",
            "東京チャンネル,youtube,tech,200000,0.01,900",
        ),
        handles=("zoë_café", "🌸flower🌸", "東京チャンネル"),
    ),
    Case(
        "hostile names",
        "works",
        "hostile.csv",
        pd.DataFrame(
            {
                "handle": HOSTILE,
                "platform": ["instagram"] * 5,
                "category": ["beauty"] * 5,
                "followers": [5000, 6000, 7000, 8000, 9000],
                "engagement_rate": [0.03] * 5,
                "cost_per_post": [100, 110, 120, 130, 140],
            }
        )
        .to_csv(index=False)
        .encode(),
        handles=HOSTILE,
    ),
    Case(
        "control characters in cells",
        "rows",
        # The command line shows each one escaped, as Python writes it (\x1b, \x07, \r, \x9b:
        # rows_stderr's repr); the app shows the cells as they are, in a table.
        data=csv(
            *ROWS,
            *PADDING,
            f"{ESCAPED},instagram,beauty,5000,0.03,100",
            f"{ESCAPED},tiktok,food,9000,0.04,90",
            'omega,instagram,food,"\x1b]0;pwned\x07 12\r\x9b",0.04,300',
        ),
        problems=(
            (37, "handle", ESCAPED, "duplicate handle: first seen on row 36"),
            (38, "followers", "\x1b]0;pwned\x07 12\r\x9b", NOT_A_NUMBER),
        ),
        good=35,
    ),
    Case(
        "latin-1 file",
        "works",
        "latin1.csv",
        csv("renée,instagram,crème,5000,0.03,100", "joão,tiktok,café,50000,0.05,200")
        .decode()
        .encode("latin-1"),
        handles=("renée", "joão"),
    ),
    Case(
        "semicolon and decimal comma",
        "works",
        "semicolon.csv",
        "Username;Platform;Niche;Followers;ER;Price\n"
        "@anna;Instagram;beauty;12.500;3,5%;1.200,50\n"
        "@bert;TikTok;food;1,2M;4,1%;€ 900\n".encode(),
        handles=("@anna", "@bert"),
        note="note: reading handle from 'Username', platform from 'Platform', category from "
        "'Niche', followers from 'Followers', engagement_rate from 'ER', cost_per_post from "
        "'Price'; correct with --map FIELD=HEADER\n",
    ),
    Case(
        "UTF-16 text export",
        "works",
        "unicode.txt",
        "handle\tplatform\tcategory\tfollowers\tengagement_rate\tcost_per_post\r\n"
        "ünï\tinstagram\tbeauty\t5000\t0.03\t100\r\n".encode("utf-16"),
        handles=("ünï",),
    ),
    Case(
        "budget below the cheapest pin",
        "brief",
        data=csv(*ROWS),
        brief={"budget": 5000, "pinned": ["gamma"]},
        controls={"budget": 5000, "budget_slider": 5000, "pinned": ["gamma"]},
        # The fee of $20,000 and the default running cost of $250.
        cli="error: No plan keeps every rule of this brief: pinned gamma cost up to $20,250 a "
        "post with the running cost of $250, more than 100% of the budget ($5,000).\n"
        "To fix it:\n  - raise the budget to at least $20,250\n  - unpin gamma\n",
        app=r"**No plan keeps every rule:** pinned gamma cost up to \$20,250 a post with the "
        r"running cost of \$250, more than 100% of the budget \(\$5,000\)." + "\n\n**To fix it:**\n"
        r"- raise the budget to at least \$20,250" + "\n- unpin gamma",
        fixes=(r"Apply: raise the budget to at least \$20,250", "Apply: unpin gamma"),
    ),
    Case(
        "min counts above the pool",
        "brief",
        data=csv(*ROWS),
        brief={"budget": 50000, "tier_rules": {"micro": {"min_count": 5}}},
        controls={"min_micro": 5},
        cli="error: No plan keeps every rule of this brief: these rules cannot hold together: "
        "at least 5 micro influencers.\nTo fix it:\n"
        "  - lower 'at least 5 micro influencers' to 2\n",
        app=r"**No plan keeps every rule:** these rules cannot hold together\: at least 5 "
        "micro influencers.\n\n**To fix it:**\n- lower 'at least 5 micro influencers' to 2",
        fixes=("Apply: lower 'at least 5 micro influencers' to 2",),
    ),
    Case(
        "min shares summing above 100%",
        "brief",
        data=csv(*ROWS),
        brief={"tier_rules": {"micro": {"min_share": 0.6}, "mega": {"min_share": 0.6}}},
        controls={"share_micro": (60, 100), "share_mega": (60, 100)},
        cli="error: brief: tier minimum shares add up to 120%, more than 100%\n",
        app="This brief cannot be read:\n\n"
        r"brief\: tier minimum shares add up to 120%, more than 100%",
    ),
    Case(
        "min share above max share",
        "brief",
        data=csv(*ROWS),
        brief={"tier_rules": {"micro": {"min_share": 0.6, "max_share": 0.4}}},
        controls={"share_micro": (60, 40)},
        cli="error: brief field 'tier_rules.micro': max_share 40% is below min_share 60%\n",
        app="This brief cannot be read:\n\n"
        r"brief field 'tier\_rules.micro'\: max\_share 40% is below min\_share 60%",
    ),
    Case(
        "a hit time limit",
        "cut short",
        generated=3000,
        # Rounding the LP finds no plan and the MIP gets no time (see the time limit above):
        # the best plan found is the greedy one, which keeps both rules (found hard under fees
        # alone: no running cost, no capacity).
        brief={"budget": 20_000, **FEW_DEAR, **FREE_RUNNING},
        controls={
            **FREE_RUNNING,
            "budget": 20_000,
            "budget_slider": 20_000,
            "share_mid": (30, 100),
            "max_mid": 1,
            "category_rules": FEW_DEAR["category_rules"],
            "time_limit": 0.1,
        },
        flags=("--exact", "--time-limit", "0.1"),
        cli="note: time limit hit after {seconds}; plan within 96% of the best possible (the "
        "greedy plan: the solver found none in time); raise --time-limit for a better one\n",
        app="**Best plan found in {seconds}, within 96% of the best possible** (the greedy "
        "plan: the solver found none in time). The solver's time limit stopped the search: "
        "raise **Solver time limit (s)** under Content and assumptions for a closer plan.",
    ),
    Case(
        "no plan in time",
        "no plan in time",
        generated=3000,
        # Few mid and macro influencers with a large share of spend, 20 to 25 nano and a
        # YouTube share: rounding the LP finds no plan, the MIP gets no time (see the time
        # limit above) and the greedy plan breaks "at least 20 nano". Yet the brief has a
        # plan: with 60 s the MIP finds it (tests/test_time_limit.py).
        brief={"budget": 100_000, **CROWDED},
        controls={
            "budget": 100_000,
            "budget_slider": 100_000,
            "share_mid": (40, 100),
            "max_mid": 3,
            "share_macro": (20, 100),
            "max_macro": 1,
            "share_nano": (10, 100),
            "min_nano": 20,
            "max_nano": 25,
            "platform_rules": CROWDED["platform_rules"],
            "time_limit": 0.1,
        },
        flags=("--time-limit", "0.1"),
        cli="error: The solver found no plan that keeps every rule within its time limit of "
        "0.1 s (the brief may still have one).\nTo fix it:\n  - raise the time limit\n"
        "  - simplify the rules: fewer minimum counts and spend shares\n",
        app="**No plan found in 0.1 s.** The solver's time limit stopped it before it found a "
        "plan that keeps every rule; the brief may still have one. Raise **Solver time limit "
        "(s)** under Content and assumptions, or simplify the rules (fewer minimum counts and "
        "spend shares).",
    ),
]
