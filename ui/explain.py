"""The plan explains itself: budget left unspent and why, what the alternatives drawn beside the
plan ignore, what each binding rule costs (with one click to relax it), where the budget went,
and why an influencer is in the plan or out of it."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from planner.brief import Brief
from planner.charts.budget import budget_waterfall
from planner.charts.style import apply_presentation
from planner.errors import PlannerError
from planner.forecast import GOAL_METRIC
from planner.optimize.explain import (
    Explanation,
    RuleCost,
    explain,
    share_cap,
    unspent,
    unspent_why,
)
from planner.optimize.mixes import ignored_by_mix
from planner.optimize.optimizer import Planner
from planner.optimize.why import FEE_TOLERANCE, WhyOut, filtered_out, why_in, why_out
from planner.plan import Plan
from planner.rules import BUDGET_STEP, SHARE_STEP, relaxations
from planner.wording import metric_noun, money, number, seconds_words
from ui import session
from ui.text import count_words, literal
from ui.widgets import bound

METHOD = (
    f"How this is found: each rule is loosened one step (a share or cap by "
    f"{SHARE_STEP * 100:.0f} points, a count by one, the budget by {BUDGET_STEP:.0%} rounded up "
    "to a round sum, a niche or platform filter dropped, a pin removed) and the brief planned "
    "again. A rule holds the plan back when that plan beats every plan that keeps the rule (the "
    "optimizer's proven bound); it does not when the loosened brief's proven bound is no more "
    "than this plan. The audience countries are not loosened: they say where the product is "
    "sold."
)


def unspent_note(roster_key: str, roster: pd.DataFrame, plan: Plan) -> None:
    """Where the plan leaves budget unspent, say so and, where arithmetic can tell, why, with
    a button that loosens the share that holds it; else point to the explanation, which
    re-plans to find that rule."""
    left = unspent(plan)
    if not left:
        return
    _show_refused()
    cands = session.candidates(roster_key, roster, plan.brief)
    why = unspent_why(plan, cands)
    if not why:
        said = literal(f"{money(left)} of the {money(plan.brief.budget)} budget is unspent")
        where = "" if session.controls()["explain"] else "turn on "
        st.info(f"{said}: {where}**Explain the plan** below says which rule holds it.")
        return
    st.info(literal(why), icon=":material/savings:")
    capped = share_cap(plan, cands)
    if capped is not None:
        fix = capped.relaxation.fix
        st.button(
            f"Relax: {fix}",
            key="relax_unspent",
            on_click=session.apply_fix,
            args=(fix, plan.brief),
            icon=":material/lock_open:",
            help=f"'{capped.rule}': {fix}. Explain the plan (below) says what each step adds.",
        )


def _show_refused() -> None:
    """Why the change just clicked could not be applied (said once)."""
    refused = st.session_state.pop(session.FIX_REFUSED, None)
    if refused:
        st.warning(f"That change could not be applied: {literal(refused)}")


def mixes_note(brief: Brief) -> None:
    """Which of the brief's rules each alternative beside the plan ignores."""
    parts = [
        f"**{name}** ignores " + literal(" and ".join(f"'{r}'" for r in rules))
        for name, rules in ignored_by_mix(brief).items()
        if rules
    ]
    kept = "; ".join(parts) + ". Otherwise the" if parts else "The"
    st.caption(
        f"Beside the plan, the alternatives close the other tiers. {kept} alternatives keep "
        "every rule of the brief; the greedy baseline keeps every rule (where it cannot, it is "
        "not used)."
    )


def section(roster_key: str, roster: pd.DataFrame, plan: Plan, big: bool) -> None:
    """On demand (a toggle: it re-plans once per rule, and must never slow the slider): the
    binding rules and their costs with a Relax button each, the rules that do not bind, why
    budget is unspent, and where the budget went."""
    st.subheader("Why this plan")
    on = bound(
        st.toggle,
        "Explain the plan: what each rule costs",
        "explain",
        help="Re-plans the brief with each rule relaxed one step (about a second on the "
        "sample) to show what each rule costs; computed after the charts, on each new plan.",
    )
    if not on:
        st.caption(
            "Turn on to see which rules hold the plan back, what each costs, and where the "
            "budget went."
        )
        return
    _show_refused()
    found = _explain(roster_key, roster, plan)
    _costs(found, plan)
    cands = session.candidates(roster_key, roster, plan.brief)
    if found.unspent_why and not unspent_why(plan, cands):  # (else the note above says it)
        st.info(literal(found.unspent_why), icon=":material/savings:")
    chart = apply_presentation(budget_waterfall(plan), big)
    st.plotly_chart(chart, key="chart_budget_waterfall")


def _explain(roster_key: str, roster: pd.DataFrame, plan: Plan) -> Explanation:
    """`explain` over the session's cached plans, with a progress bar between re-plans (also
    where a rerun asked for by a control stops it)."""
    time_limit = float(session.controls()["time_limit"])
    total = sum(1 for _ in relaxations(plan.brief))
    bar = st.progress(0.0, text="Re-planning with each rule relaxed one step…")
    done = 0

    def replan(brief: Brief) -> Plan:
        nonlocal done
        done += 1
        bar.progress(
            done / total, text=f"Re-planning with each rule relaxed one step: {done}/{total}"
        )
        return session.plan(roster_key, roster, brief, time_limit)

    found = explain(plan, replan, session.candidates(roster_key, roster, plan.brief))
    bar.empty()
    return found


def _costs(found: Explanation, plan: Plan) -> None:
    """The binding rules, most costly first: the brief's rules, then its targeting (a whole
    filter dropped is a bigger change than a step), each with its Relax button."""
    noun = metric_noun(GOAL_METRIC[plan.brief.goal])
    if not found.costs and not found.unsettled:
        st.success(
            f"**No rule holds this plan back:** loosened one step, none can give a plan with "
            f"more {noun} (each loosened brief's proven bound is no more than this plan).",
            icon=":material/verified:",
        )
    groups = (
        ("Rules that hold the plan back", [c for c in found.costs if c.kind != "targeting"]),
        ("Targeting that holds the plan back", [c for c in found.costs if c.kind == "targeting"]),
    )
    shown = 0  # the Relax buttons' keys count down the page
    for title, costs in groups:
        if costs:
            st.markdown(f"**{title}**, most costly first:")
        for cost in costs:
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(_cost_words(cost, noun))
            shown += 1
            button.button(
                "Relax",
                key=f"relax_{shown - 1}",
                on_click=session.apply_fix,
                args=(cost.relaxation.fix, plan.brief),
                icon=":material/lock_open:",
                help=f"Apply: {cost.relaxation.fix}",
            )
    if found.free:
        rules = "; ".join(literal(r.rule) for r in found.free)
        st.caption(f"Proven not to hold it back (loosened one step, no plan does better): {rules}.")
    if found.unsettled:
        rules = "; ".join(literal(r.rule) for r in found.unsettled)
        st.caption(
            f"Not settled (the loosened plan is better than this one by less than the plans' "
            f"distance from the best possible, or none was found in time): {rules}. Prove the "
            "best plan (exact), under Content and assumptions, settles more."
        )
    replans = count_words(found.replans, "re-plan")
    st.caption(f"{METHOD} {replans} in {seconds_words(found.seconds)}.")


def _cost_words(cost: RuleCost, noun: str) -> str:
    spend = cost.extra_spend
    spends = (
        f", spending {money(abs(spend))} {'more' if spend > 0 else 'less'}"
        if abs(spend) >= 1
        else ""
    )
    share = f" (+{cost.share:.0%})" if math.isfinite(cost.share) else ""
    rest = (
        f"{cost.relaxation.fix} and the plan delivers {number(cost.gain)} more {noun}{share}"
        f"{spends}."
    )
    return f"**{literal(cost.relaxation.rule)}**: {literal(rest)}"


@st.cache_data(max_entries=256, show_spinner=False)
def _why_out(
    roster_key: str,
    brief_json: str,
    objective: float,
    handle: str,
    _roster: pd.DataFrame,
    _plan: Plan,
    limit: float,
) -> WhyOut:
    """why_out, cached per roster, brief, plan (told apart by its objective: the live, exact or
    an adopted plan) and handle."""
    brief = Brief.model_validate_json(brief_json)
    return why_out(
        _roster,
        _plan,
        handle,
        lambda changed: Planner(changed, brief).plan(brief.budget, time_limit=limit),
    )


def why_panel(roster_key: str, roster: pd.DataFrame, plan: Plan | None) -> None:
    """Pick any influencer: why the plan has them, or why not (a filter, or the fee at which a
    re-plan takes them and whom they would displace)."""
    st.subheader("Why this influencer, or why not?")
    if plan is None:
        st.info("No plan yet: open the Plan page and set a brief that can be met.")
        return
    chosen = set(plan.rows["handle"])
    handles = sorted(roster["handle"], key=lambda h: (h not in chosen, h))
    handle = st.selectbox(
        "Influencer",
        handles,
        index=None,
        key="why_handle",
        placeholder="Type a handle (those in the plan come first)",
        format_func=lambda h: f"{h} (in the plan)" if h in chosen else h,
    )
    if handle is None:
        return
    brief = plan.brief
    if handle in chosen:
        cands = session.candidates(roster_key, roster, brief)
        st.success(f"**{literal(handle)} is in the plan:** {literal(why_in(plan, cands, handle))}.")
        return
    reason = filtered_out(roster, brief, handle)
    if reason:
        st.info(f"**{literal(handle)} is out:** {literal(reason)}.")
        return
    limit = float(session.controls()["time_limit"])
    try:
        with st.spinner("Re-planning at lower fees…"):
            found = _why_out(
                roster_key, brief.model_dump_json(), plan.objective, handle, roster, plan, limit
            )
    except PlannerError as err:  # a re-plan at a lowered fee found no plan in time
        st.warning(f"**{literal(handle)}:** no answer: {literal(str(err))}")
        return
    st.info(f"**{literal(handle)} is out:** {literal(found.reason)}.")
    if found.fee is not None:
        share, dollars = FEE_TOLERANCE
        st.caption(
            literal(
                f"Found by re-planning {count_words(found.replans, 'time')} with their fee "
                f"lowered, to within {share:.0%} of the list fee or ${dollars:,.0f}. At "
                f"{money(found.fee)} a {brief.content_format} or less a re-plan takes them."
            )
        )
