"""Method: how every number is computed, what the user can change, and where defaults come from."""

import pandas as pd
import streamlit as st

from planner import audience, calibration, forecast, simulate
from planner.optimize import explain, optimizer, why

st.title("Method")
st.markdown("""
#### The forecast
Every number on the Plan page comes from one post's expected result, per influencer, then
summed over the plan. The formulas:
""")
st.code(forecast.__doc__.strip(), language="text")
st.markdown("""
#### The range of outcomes
""")
st.code(simulate.__doc__.strip(), language="text")
st.markdown("""
The KPI line, Compare and the deck show P10-P90 of the goal: 8 in 10 simulated campaigns land
in it. Set the platform-wide swing under **Content and assumptions**.

Spend is each influencer's fees plus the brand's own running cost per influencer in the plan
(outreach, contract, product sent, management: an assumption you can set, below), and counts
against the budget; an optional capacity caps how many influencers the team can run.
Cost per engagement = spend ÷ expected engagements; CPM = spend ÷ gross reach × 1,000 (the
Plan page's cost per 1,000 people reached divides by people, each counted once); earned media
value per dollar = earned media value ÷ spend.

#### People counted once
Reach, clicks and conversions are people, and the optimizer maximises them counted once:
""")
st.code(audience.__doc__.strip(), language="text")
st.markdown("""
The plan reports **people reached** (each once), **gross reach** (every influencer's reach
summed, as a media plan's impressions) and **frequency** (gross ÷ people: how often the average
person reached sees the campaign). In the exported roster, each influencer's `expected_people`
is its share of its cells' people, in proportion to its reach there; they sum to the plan's.

#### The optimizer
""")
st.code(optimizer.__doc__.strip(), language="text")
st.markdown("""
The **greedy baseline** buys pins first, then the minimum of each mix rule, then the best
expected result per dollar while the budget lasts: what a careful analyst would do by hand.
The KPI cards show how much the optimizer gains over it.

#### Why this plan
""")
st.code(explain.__doc__.strip(), language="text")
st.markdown("""
Budget left unspent is explained first by arithmetic: a minimum share whose group, every one
of its candidates bought, costs A in all caps the plan at A ÷ share. **Why this influencer, or
why not?** on the Roster page names the filter that drops a candidate, or finds by re-planning
the fee at which the plan would take them:
""")
st.code(why.__doc__.strip(), language="text")
st.markdown("""
#### Assumptions you can change, and the sources of the defaults
Rows marked *assumption* have no credible published figure: set them under **Content and
assumptions** (rates) or **Tier bands** on the Plan page.
""")
table = pd.DataFrame(calibration.sources())
st.dataframe(
    table,
    hide_index=True,
    key="sources",
    column_config={"assumption": st.column_config.CheckboxColumn("Assumption")},
)
st.caption(
    "The sample roster is synthetic (invented handles), generated from these figures by "
    "`python -m planner sample`; see data/README.md."
)
