"""Choosing the roster: one problem instance (`instance`) shared by the live and exact paths
(`optimizer`), the diagnosis of impossible briefs, goal seeking, the budget frontier and the
micro/macro alternatives; the PuLP model, HiGHS instances and the greedy filler beneath them."""
