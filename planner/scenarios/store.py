"""Saved scenarios: save, list, open, rename, duplicate and delete, in any database.

The database is chosen and migrated by planner/scenarios/database.py (SQLite by default, PostgreSQL
or any SQLAlchemy URL). Each row holds the scenario's JSON plus the columns the listing
shows. Names are unique: a unique index, and a save or rename whose name is taken becomes
"name (2)", "name (3)", ...; writers take turns, and one that still loses the race to another
writer retries with the next free name.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, make_url, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from planner.errors import ScenarioFileError, ScenarioNotFound, StoreError
from planner.scenarios.database import database_url, migrate, open_engine, scenarios, where, writing
from planner.scenarios.scenario import (
    NAME_MAX,
    Scenario,
    clean_name,
    read_scenario_json,
    scenario_json,
)

NAME_ATTEMPTS = 20


@dataclass(frozen=True)
class ScenarioInfo:
    """One line of the listing."""

    id: int
    name: str
    updated_at: datetime
    budget: float
    goal: str
    objective: float
    roster_key: str


class Store:
    """Scenarios in one database; safe to share between threads."""

    def __init__(self, url: str | None = None):
        self.url = make_url(url or database_url())
        self.engine = open_engine(self.url)
        with self._errors("open"):
            migrate(self.engine)

    def save(self, scenario: Scenario) -> int:
        """Store a new scenario, renamed "name (2)", ... if its name is taken; its id."""
        now = datetime.now(UTC)
        for _ in range(NAME_ATTEMPTS):
            try:
                with self._errors("save to"), writing(self.engine) as conn:
                    named = scenario.model_copy(update={"name": _free_name(conn, scenario.name)})
                    row = {**_columns(named, now), "created_at": now}
                    key = conn.execute(insert(scenarios).values(row)).inserted_primary_key
                    assert key is not None  # None only for an executemany or a non-INSERT
                    return key[0]
            except IntegrityError:
                continue  # another session took that name between our look and our insert
        raise self._busy_name(scenario.name)

    def list(self) -> list[ScenarioInfo]:
        """Every scenario, newest change first."""
        c = scenarios.c
        query = select(
            c.id, c.name, c.updated_at, c.budget, c.goal, c.objective, c.roster_key
        ).order_by(c.updated_at.desc(), c.id.desc())
        with self._errors("read"), self.engine.begin() as conn:
            rows = conn.execute(query).all()
        return [ScenarioInfo(**{**r._mapping, "updated_at": _utc(r.updated_at)}) for r in rows]

    def get(self, id: int) -> Scenario:
        with self._errors("read"), self.engine.begin() as conn:
            return self._load(conn, id)

    def rename(self, id: int, name: str) -> str:
        """Rename a scenario; the name stored ("name (2)" if taken). ValueError if blank."""
        wanted = clean_name(name)
        for _ in range(NAME_ATTEMPTS):
            try:
                with self._errors("save to"), writing(self.engine) as conn:
                    named = self._load(conn, id).model_copy(
                        update={"name": _free_name(conn, wanted, own=id)}
                    )
                    values = _columns(named, datetime.now(UTC))
                    conn.execute(update(scenarios).where(scenarios.c.id == id).values(values))
                    return named.name
            except IntegrityError:
                continue
        raise self._busy_name(wanted)

    def duplicate(self, id: int, name: str | None = None) -> int:
        """A copy of a scenario, named `name` or "<name> (copy)"; the copy's id."""
        original = self.get(id)
        suffix = " (copy)"
        copy_name = original.name[: NAME_MAX - len(suffix)] + suffix if name is None else name
        return self.save(original.model_copy(update={"name": clean_name(copy_name)}))

    def delete(self, id: int) -> None:
        """Delete a scenario; deleting one that is already gone is not an error."""
        with self._errors("save to"), writing(self.engine) as conn:
            conn.execute(delete(scenarios).where(scenarios.c.id == id))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load(self, conn: Connection, id: int) -> Scenario:
        payload = conn.scalar(select(scenarios.c.payload).where(scenarios.c.id == id))
        if payload is None:
            raise ScenarioNotFound(
                f"there is no scenario {id} (it may have been deleted in another session); "
                "pick one from the list"
            )
        try:
            return read_scenario_json(payload.encode())
        except ScenarioFileError as err:
            raise StoreError(f"scenario {id} in {where(self.url)} cannot be read: {err}") from None

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Database failures as a StoreError naming the database and what to do."""
        try:
            yield
        except IntegrityError:
            raise
        except (SQLAlchemyError, OSError) as err:
            reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            raise StoreError(
                f"cannot {action} the scenario database at {where(self.url)}: {reason}. "
                "Check that it can be reached and written, or set PLANNER_DB_PATH (a SQLite "
                "file) or PLANNER_DB_URL to another database"
            ) from err

    def _busy_name(self, name: str) -> StoreError:
        return StoreError(f"no free name like {name!r} after {NAME_ATTEMPTS} tries; try again")


def _free_name(conn: Connection, wanted: str, own: int | None = None) -> str:
    """`wanted`, or the first of "wanted (2)", "wanted (3)", ... no other scenario has."""
    c = scenarios.c
    alike = select(c.name).where(c.name.startswith(wanted[: NAME_MAX - 12], autoescape=True))
    if own is not None:
        alike = alike.where(c.id != own)
    taken: set[str] = set(conn.scalars(alike))
    return next(name for name in _numbered(wanted) if name not in taken)


def _numbered(name: str) -> Iterator[str]:
    """name, then "name (2)", "name (3)", ..., each cut to fit NAME_MAX."""
    yield name
    for n in itertools.count(2):
        suffix = f" ({n})"
        yield name[: NAME_MAX - len(suffix)].rstrip() + suffix


def _columns(s: Scenario, now: datetime) -> dict:
    return {
        "name": s.name,
        "payload": scenario_json(s).decode(),
        "updated_at": now,
        "budget": s.brief.budget,
        "goal": s.brief.goal.value,
        "objective": s.plan.objective,
        "roster_key": s.roster_key,
    }


def _utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every time stored is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
