"""Alembic's entry point: migrates on the connection planner.scenarios.store.migrate hands over."""

from alembic import context

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()
