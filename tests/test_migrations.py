"""Alembic migrations: upgrade → downgrade → upgrade on SQLite and PostgreSQL, and the models
match the migrations (autogenerate finds nothing left to do)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from tests.conftest import DB_BACKENDS, _sync_url, create_postgres_database
from werkgeversportaal.db import migrate
from werkgeversportaal.db.models import metadata


def _in_thread(fn: Any, *args: Any) -> None:
    """Alembic's env.py runs its own event loop; keep it off any loop pytest may run."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn(*args)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


@pytest.fixture(params=DB_BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "postgresql":
        url, drop = create_postgres_database("wgp_migrate")
        yield url
        drop()
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrate.sqlite3'}"


def _tables(url: str) -> set[str]:
    engine = create_engine(_sync_url(url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    _in_thread(migrate.upgrade, empty_database)
    assert _tables(empty_database) == set(metadata.tables)
    _in_thread(migrate.downgrade, empty_database, "base")
    assert _tables(empty_database) == set()
    _in_thread(migrate.upgrade, empty_database)
    assert _tables(empty_database) == set(metadata.tables)


def test_models_match_migrations(empty_database: str) -> None:
    _in_thread(migrate.upgrade, empty_database)
    engine = create_engine(_sync_url(empty_database))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models and migrations differ; create a migration: {diff}"


def test_no_create_all_outside_tests() -> None:
    source = Path(__file__).resolve().parents[1] / "src"
    offenders = [str(p) for p in source.rglob("*.py") if ".create_all(" in p.read_text()]
    assert offenders == []


def test_event_loop_is_untouched() -> None:
    # Guards the helper above: migrations must not leave a running loop behind in this thread.
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
