"""Saved scenarios: the scenario file format (`scenario`, `saved_plan`), the store that keeps
them (`store`) and its database and schema migrations (`database`, `migrations/`)."""
