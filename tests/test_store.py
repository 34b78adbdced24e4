"""The scenario store on SQLite (always) and PostgreSQL (when PLANNER_TEST_PG_URL is set; under
CI=true it must be): round trips, unique names under concurrency, schema migrations, errors."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, make_url, text

from planner.brief import Brief
from planner.errors import ScenarioFileError, ScenarioNotFound, StoreError
from planner.optimize.optimizer import optimize
from planner.scenarios.database import DEFAULT_PATH, metadata, migrate, scenarios
from planner.scenarios.scenario import Scenario, read_scenario_json, scenario_json
from planner.scenarios.store import Store, database_url

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PLANNER_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, or a new schema in PLANNER_TEST_PG_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scenarios.db'}"
        return
    if not PG_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but PLANNER_TEST_PG_URL is not set: .ci/run must start PostgreSQL")
        pytest.skip("PLANNER_TEST_PG_URL not set (postgresql+psycopg://...); PostgreSQL skipped")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield (
        make_url(PG_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def store(store_url):
    with Store(store_url) as s:
        yield s


@pytest.fixture(scope="module")
def scenario(small_roster) -> Scenario:
    plan = optimize(small_roster, Brief(budget=20_000, goal="reach"))
    return Scenario.of("Spring launch", plan, roster_key="sample", roster_name="Sample")


def test_save_get_list(store, scenario):
    first = store.save(scenario)
    assert store.get(first) == scenario
    other = store.save(scenario.model_copy(update={"name": "Autumn"}))
    listing = store.list()
    assert [i.id for i in listing] == [other, first]  # newest first
    info = listing[1]
    assert (info.name, info.budget, info.goal, info.roster_key) == (
        "Spring launch",
        20_000,
        "reach",
        "sample",
    )
    assert info.objective == scenario.plan.objective
    assert info.updated_at.tzinfo is UTC
    assert abs((datetime.now(UTC) - info.updated_at).total_seconds()) < 3600


def test_taken_names_get_a_number(store, scenario):
    ids = [store.save(scenario) for _ in range(3)]
    names = ["Spring launch", "Spring launch (2)", "Spring launch (3)"]
    assert [store.get(i).name for i in ids] == names
    long = scenario.model_copy(update={"name": "x" * 120})
    assert store.get(store.save(long)).name == "x" * 120
    assert store.get(store.save(long)).name == "x" * 116 + " (2)"
    odd = scenario.model_copy(update={"name": "100% _off_ \\o/"})
    assert [store.get(store.save(odd)).name for _ in range(2)] == [
        "100% _off_ \\o/",
        "100% _off_ \\o/ (2)",
    ]


def test_rename(store, scenario):
    first = store.save(scenario)
    second = store.save(scenario.model_copy(update={"name": "Autumn"}))
    assert store.rename(second, "  Winter ") == "Winter"
    assert store.get(second).name == "Winter"
    assert store.list()[0].id == second  # a rename is a change
    assert store.rename(second, "Spring launch") == "Spring launch (2)"
    assert store.rename(first, "Spring launch") == "Spring launch"  # its own name is free
    with pytest.raises(ValueError, match="a scenario name needs 1 to 120 characters, not 0"):
        store.rename(first, "  ")


def test_duplicate(store, scenario):
    first = store.save(scenario)
    copy = store.duplicate(first)
    assert store.get(copy) == scenario.model_copy(update={"name": "Spring launch (copy)"})
    assert store.get(store.duplicate(first)).name == "Spring launch (copy) (2)"
    assert store.get(store.duplicate(first, "Pitch")).name == "Pitch"


def test_delete(store, scenario):
    first = store.save(scenario)
    kept = store.save(scenario)
    store.delete(first)
    assert [i.id for i in store.list()] == [kept]
    store.delete(first)  # already gone: nothing to do
    message = (
        f"there is no scenario {first} (it may have been deleted in another session); "
        "pick one from the list"
    )
    for gone in (store.get, store.duplicate, lambda i: store.rename(i, "x")):
        with pytest.raises(ScenarioNotFound) as err:
            gone(first)
        assert str(err.value) == message
    assert isinstance(err.value, KeyError)


def test_scenarios_outlive_the_store(store_url, scenario):
    with Store(store_url) as one:
        first = one.save(scenario)
    with Store(store_url) as two:
        assert two.get(first) == scenario
        assert [i.name for i in two.list()] == ["Spring launch"]


def test_a_failed_import_leaves_the_store_unchanged(store, scenario):
    store.save(scenario)
    before = store.list()
    broken = scenario_json(scenario)[:-10]
    with pytest.raises(ScenarioFileError):
        store.save(read_scenario_json(broken))
    assert store.list() == before
    store.save(read_scenario_json(scenario_json(scenario)))
    assert [i.name for i in store.list()] == ["Spring launch (2)", "Spring launch"]


@pytest.mark.parametrize("shared", [True, False], ids=["one store", "a store each"])
def test_threads_saving_the_same_name_all_keep_their_scenario(store_url, scenario, shared):
    threads, saves = 8, 4
    common = Store(store_url) if shared else None
    start = threading.Barrier(threads)
    ids, errors = [], []

    def work() -> None:
        try:
            start.wait()
            store = common or Store(store_url)
            ids.extend(store.save(scenario) for _ in range(saves))
            if not shared:
                store.close()
        except Exception as err:  # reported below, with every other thread's
            errors.append(err)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    with Store(store_url) as store:
        names = sorted(i.name for i in store.list())
    expected = ["Spring launch"] + [f"Spring launch ({n})" for n in range(2, threads * saves + 1)]
    assert len(set(ids)) == threads * saves
    assert names == sorted(expected)
    if common:
        common.close()


def test_a_name_taken_between_look_and_insert_is_retried(store_url, store, scenario):
    """A rival writer that skips the store's lock (plain SQL here) takes the next free name
    while a save is under way: the unique index refuses the save's insert, and the save
    retries with the name after."""
    store.save(scenario)
    taken = scenario.model_copy(update={"name": "Spring launch (2)"})
    engine = create_engine(store_url)
    with engine.connect() as rival, engine.connect() as watcher:
        now = datetime.now(UTC)
        rival.execute(
            insert(scenarios).values(
                name=taken.name,
                payload=scenario_json(taken).decode(),
                created_at=now,
                updated_at=now,
                budget=taken.brief.budget,
                goal=taken.brief.goal.value,
                objective=taken.plan.objective,
                roster_key=taken.roster_key,
            )
        )
        saved = []
        saver = threading.Thread(target=lambda: saved.append(store.save(scenario)))
        saver.start()
        if rival.dialect.name == "postgresql":  # wait until the save's insert waits on ours
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'transactionid'"
            )
            while not watcher.execute(waiting).scalar() and saver.is_alive():
                watcher.rollback()
                time.sleep(0.01)
        rival.commit()
        saver.join()
    engine.dispose()
    assert store.get(saved[0]).name == "Spring launch (3)"


WRITER = """
import sys
from planner.scenarios.scenario import read_scenario_json
from planner.scenarios.store import Store
url, path, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
scenario = read_scenario_json(open(path, "rb").read())
with Store(url) as store:
    for _ in range(saves):
        store.save(scenario)
"""


def test_two_processes_saving_at_once_all_keep_their_scenario(store_url, scenario, tmp_path):
    path = tmp_path / "scenario.json"
    path.write_bytes(scenario_json(scenario))
    saves = 10
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, store_url, str(path), str(saves)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    errors = [w.communicate(timeout=300)[1] for w in writers]
    assert errors == ["", ""]
    assert [w.returncode for w in writers] == [0, 0]
    with Store(store_url) as store:
        names = {i.name for i in store.list()}
    assert names == {"Spring launch"} | {f"Spring launch ({n})" for n in range(2, 2 * saves + 1)}


def _dump(url: str) -> list:
    """Everything a Store keeps: the schema revision and every scenario row."""
    engine = create_engine(url)
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        rows = conn.execute(text("SELECT * FROM scenarios ORDER BY id")).all()
    engine.dispose()
    return [revision, rows]


def test_a_database_at_revision_0001_is_upgraded_with_nothing_lost(store_url, scenario):
    engine = create_engine(store_url)
    migrate(engine, "0001")
    other = scenario.model_copy(update={"name": "Old one", "roster_key": "abc123"})
    with engine.begin() as conn:
        for s, created in ((scenario, "2024-01-02 03:04:05"), (other, "2024-02-03 04:05:06")):
            conn.execute(
                text("INSERT INTO scenarios (name, payload, created_at) VALUES (:n, :p, :c)"),
                {"n": s.name, "p": scenario_json(s).decode(), "c": created},
            )
    engine.dispose()
    with Store(store_url) as store:
        listing = store.list()
        assert [i.name for i in listing] == ["Old one", "Spring launch"]
        assert [i.roster_key for i in listing] == ["abc123", "sample"]
        assert [i.updated_at for i in listing] == [
            datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC),
            datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        ]
        assert {i.budget for i in listing} == {20_000}
        assert {i.goal for i in listing} == {"reach"}
        assert {i.objective for i in listing} == {scenario.plan.objective}
        assert store.get(listing[0].id) == other
        assert store.get(listing[1].id) == scenario
        assert store.get(store.save(scenario)).name == "Spring launch (2)"
    assert _dump(store_url)[0] == [("0002",)]


def test_a_database_newer_than_the_planner_is_refused_untouched(store_url, scenario):
    with Store(store_url) as store:
        store.save(scenario)
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    before = _dump(store_url)
    with pytest.raises(StoreError) as err:
        Store(store_url)
    where = make_url(store_url)
    shown = where.database if where.get_backend_name() == "sqlite" else where.render_as_string()
    assert str(err.value) == (
        f"the scenario database at {shown} has schema revision '0099', newer than this "
        "planner knows (up to '0002'); update the planner"
    )
    assert _dump(store_url) == before


def test_the_migrations_make_the_table_the_code_uses(store, store_url):
    engine = create_engine(store_url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert differences == []


def test_database_url_precedence(tmp_path):
    pg = "postgresql+psycopg://planner@db.example/planner"
    file = tmp_path / "my scenarios.db"
    assert database_url({"PLANNER_DB_URL": pg, "PLANNER_DB_PATH": str(file)}) == pg
    assert make_url(database_url({"PLANNER_DB_PATH": str(file)})).database == str(file)
    assert make_url(database_url({})).database == str(DEFAULT_PATH)
    assert DEFAULT_PATH == ROOT / "var" / "scenarios.db"
    assert database_url({"PLANNER_DB_URL": ""}) == database_url({})


def test_the_sqlite_file_and_its_folder_are_created(tmp_path, scenario, monkeypatch):
    monkeypatch.setenv("PLANNER_DB_PATH", str(tmp_path / "new" / "deeper" / "s.db"))
    monkeypatch.delenv("PLANNER_DB_URL", raising=False)
    with Store() as store:
        store.save(scenario)
    assert (tmp_path / "new" / "deeper" / "s.db").is_file()


def test_a_path_that_cannot_be_a_database_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{blocker / 's.db'}")
    assert str(err.value) == (
        f"cannot create the folder {blocker} for the scenario database: File exists. "
        "Set PLANNER_DB_PATH to a file in a folder you can write"
    )
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{tmp_path}")
    assert str(err.value) == (
        f"cannot open the scenario database at {tmp_path}: unable to open database file. "
        "Check that it can be reached and written, or set PLANNER_DB_PATH (a SQLite file) or "
        "PLANNER_DB_URL to another database"
    )
    blocker.write_text("just some notes\n" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        Store(f"sqlite:///{blocker}")
    assert blocker.read_text() == "just some notes\n" * 100
