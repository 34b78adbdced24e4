"""Columns for the listing, filled from the JSON of the scenarios already stored.

Revision ID: 0002
Revises: 0001
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

LISTING: dict[str, sa.types.TypeEngine[Any]] = {
    "updated_at": sa.DateTime(timezone=True),
    "budget": sa.Float(),
    "goal": sa.String(20),
    "objective": sa.Float(),
    "roster_key": sa.Text(),
}


def upgrade() -> None:
    for name, type_ in LISTING.items():
        op.add_column("scenarios", sa.Column(name, type_))
    table = sa.table(
        "scenarios", *(sa.column(n) for n in ["id", "payload", "created_at", *LISTING])
    )
    conn = op.get_bind()
    conn.execute(table.update().values(updated_at=table.c.created_at))
    for row in conn.execute(sa.select(table.c.id, table.c.payload)).all():
        scenario = json.loads(row.payload)
        conn.execute(
            table.update()
            .where(table.c.id == row.id)
            .values(
                budget=scenario["brief"]["budget"],
                goal=scenario["brief"]["goal"],
                objective=scenario["plan"]["objective"],
                roster_key=scenario["roster_key"],
            )
        )
    with op.batch_alter_table("scenarios") as batch:
        for name, type_ in LISTING.items():
            batch.alter_column(name, existing_type=type_, nullable=False)
    op.create_index("ix_scenarios_updated_at", "scenarios", ["updated_at"])
