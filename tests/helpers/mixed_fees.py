"""A user trial's export, with its fees as they must be read: shared by the ingest tests and the
upload tests (command line and app)."""

from __future__ import annotations

# A user trial: fees in a European format among fees in dollars. One of them once made the
# whole column read with decimal commas ("$15,000" -> 15), silently. "€1.200,50" can only be
# read one way; "€2.500" could be 2.5 or 2500.
MIXED_FEES = (
    "Creator Name,Subscribers,60_day_eng_rate,Fee (USD),Country,Niche,Platform\n"
    'Sunny Fox,3.3k,1.39%,"$1,200",US,beauty,Instagram\n'
    'Big Bear,1.2M,0.8%,"$15,000",GB,gaming,YouTube\n'
    'Mega Moose,4.5M,1.1%,"$25,000",US,gaming,YouTube\n'
    'Mid Cat,250k,2.1%,"$2,000",DE,beauty,Instagram\n'
    'Euro Elk,80k,3.4%,"€1.200,50",FR,food,Instagram\n'
    'Euro Emu,40k,2.9%,"€2.500",IT,food,Instagram\n'
)
EURO_FEE = (
    7,
    "Fee (USD)",
    "€2.500",
    "could be €2.5 or €2500 (this column writes decimals both with commas and with points): "
    "write the one meant",
)
READ_FEES = {
    "Sunny Fox": 1200.0,
    "Big Bear": 15000.0,
    "Mega Moose": 25000.0,
    "Mid Cat": 2000.0,
    "Euro Elk": 1200.5,
}
