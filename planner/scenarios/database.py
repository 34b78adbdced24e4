"""The scenario database: where it is, how to connect, its table and its schema revisions.

Where: env PLANNER_DB_URL (any SQLAlchemy URL) wins, else env PLANNER_DB_PATH (a SQLite
file), else var/scenarios.db in the repository. The schema is versioned with Alembic
(planner/scenarios/migrations/); `migrate` brings a database to the newest revision. Writers
take turns: SQLite runs in WAL mode and every transaction takes the write lock up front (BEGIN
IMMEDIATE), waiting up to BUSY_SECONDS; PostgreSQL writers share one advisory lock.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import URL

from planner.errors import StoreError
from planner.scenarios.scenario import NAME_MAX

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "var" / "scenarios.db"
BUSY_SECONDS = 30
_WRITE_LOCK = 0x706C616E  # PostgreSQL advisory lock: one writer at a time, as on SQLite

# The table as the migrations leave it at their newest revision (tests/test_store.py checks).
metadata = MetaData()
scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME_MAX), nullable=False, unique=True, index=True),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("budget", Float, nullable=False),
    Column("goal", String(20), nullable=False),
    Column("objective", Float, nullable=False),
    Column("roster_key", Text, nullable=False),
)


def database_url(env: Mapping[str, str] = os.environ) -> str:
    """PLANNER_DB_URL, else the SQLite file PLANNER_DB_PATH, else var/scenarios.db."""
    if env.get("PLANNER_DB_URL"):
        return env["PLANNER_DB_URL"]
    path = Path(env.get("PLANNER_DB_PATH") or DEFAULT_PATH).expanduser().absolute()
    return URL.create("sqlite", database=str(path)).render_as_string()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the write lock: one writer at a time, waiting its turn.

    Names stay race-safe without it (unique index, retry), but under contention a writer
    could then lose the race for the next free name many times in a row.
    """
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE, see open_engine
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
        yield conn


def open_engine(url: URL) -> Engine:
    """An engine for the URL; for SQLite, the file's folder made and the locking set up."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        folder = Path(url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(
                f"cannot create the folder {folder} for the scenario database: {err.strerror}. "
                "Set PLANNER_DB_PATH to a file in a folder you can write"
            ) from None
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # SQLAlchemy, not the sqlite3 module, emits BEGIN (see the SQLAlchemy SQLite docs).
    dbapi_connection.isolation_level = None
    # WAL stays set in the file, so only a new file's first connection switches it. The switch
    # needs the file to itself, and SQLite answers "database is locked" at once, without
    # waiting out the busy timeout, while another process is inside a transaction on it (seen
    # in CI: two processes opening a new store at once), so it is tried again until then.
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                dbapi_connection.execute("PRAGMA journal_mode=WAL").close()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision`; a revision this code does not know is a StoreError."""
    config = Config()
    config.set_main_option("script_location", "planner.scenarios:migrations")
    script = ScriptDirectory.from_config(config)
    known = {r.revision for r in script.walk_revisions()}
    head = script.get_current_head()
    with writing(engine) as conn:
        for current in MigrationContext.configure(conn).get_current_heads():
            if current not in known:
                raise StoreError(
                    f"the scenario database at {where(engine.url)} has schema revision "
                    f"{current!r}, newer than this planner knows (up to {head!r}); "
                    "update the planner"
                )
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def where(url: URL) -> str:
    """The database as messages name it: the SQLite file, or the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)
