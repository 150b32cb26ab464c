"""The audit trail is append-only: no route changes or removes a row; erasure only takes the erased
person out of rows they acted in. On PostgreSQL a trigger (migration 0009) enforces the same."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from litestar.middleware.csrf import generate_csrf_token
from litestar.testing import TestClient
from sqlalchemy import select

from tests import factories
from tests.conftest import POSTGRES_URL, _sync_url, attach_session, create_postgres_database, login, post_form
from tests.permissions.expectations import all_api_bodies, all_expectations, all_params, modules
from tests.permissions.test_matrix import fill
from tests.permissions.world import build_world
from tests.trust_access.helpers import STATE_CHANGING
from tests.trust_access.test_csrf import allowed_actor
from werkgeversportaal.app import create_app
from werkgeversportaal.db import migrate
from werkgeversportaal.db.models import AuditEvent, Candidate, Role

SRC = Path(__file__).resolve().parents[2] / "src" / "werkgeversportaal"


def audit_rows(engine: Any) -> dict[int, tuple[Any, ...]]:
    with engine.connect() as conn:
        return {row.id: tuple(row) for row in conn.execute(select(AuditEvent.__table__).order_by("id"))}


def seed_trail(db: Any, users: list[Any], subjects: list[tuple[str, Any]]) -> None:
    """Earlier history: every user acted on every kind of subject, with data attached."""
    start = datetime.now(UTC) - timedelta(days=3)
    n = 0
    for user in users:
        for kind, subject_id in subjects:
            n += 1
            db.add(AuditEvent(occurred_at=start + timedelta(minutes=n), actor_id=user.id,
                              actor_label=f"{user.display_name} <{user.email}>", action=f"{kind}.earlier",
                              subject_type=kind, subject_id=str(subject_id), data={"n": n, "note": "eerder"}))
    db.commit()


def test_only_erasure_may_change_audit_rows_in_code() -> None:
    """A new `update(AuditEvent)` or `delete(AuditEvent)` anywhere else fails here."""
    found = []
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        for match in re.finditer(r"(update|delete)\(\s*AuditEvent\b|(UPDATE|DELETE FROM)\s+\"?audit_event", text):
            found.append((str(path.relative_to(SRC)), match.group(0)))
    found = [f for f in found if not f[0].startswith("db/")]
    assert found == [("domain/candidates/profile.py", "update(AuditEvent")], found


def test_no_state_changing_route_changes_or_removes_audit_rows(db, database, settings) -> None:
    world = build_world(db)
    for module in modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world, db)
    subjects = [(name, obj.id) for name, obj in world.objects.items() if hasattr(obj, "id")]
    seed_trail(db, list(world.users.values()), subjects)
    before = audit_rows(database.sync_engine)
    assert len(before) > 100

    expectations, params, bodies = all_expectations(), all_params(), all_api_bodies()
    statuses: dict[str, int] = {}
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        # Every state-changing route, by someone it lets through, with the matrix's request.
        for (method, path), expected in sorted(expectations.items()):
            if method not in STATE_CHANGING:
                continue
            actor = allowed_actor(expected)
            url = fill(path, world, params)
            client.cookies.clear()
            if path.startswith("/api/"):
                headers = {"Authorization": f"Bearer {world.tokens[f'{actor}+write']}"} if actor != "anonymous" else {}
                response = client.request(method, url, json=bodies.get((method, path), {}), headers=headers)
            else:
                if actor == "anonymous":
                    client.cookies.set("wgp_csrf", generate_csrf_token(settings.app.secret_key))
                else:
                    attach_session(client, db, world.users[actor], settings)
                response = client.request(method, url, data={"_csrf_token": client.cookies.get("wgp_csrf")},
                                          follow_redirects=False)
            statuses[f"{method} {path} as {actor}"] = response.status_code

        # And a set of real changes by the administrator and an accountmanager, each of which writes
        # audit rows about subjects that already have a history.
        def as_(actor: str) -> TestClient[Any]:
            client.cookies.clear()
            attach_session(client, db, world.users[actor], settings)
            return client

        candidate, pending = world.objects["candidate"], world.objects["employer_unverified"]
        changes = [
            ("admin", "/beheer/gemeenten", {"cbs_code": "GM0417", "name": "Laren"}),
            ("admin", "/beheer/accountmanagers", {"display_name": "Nieuwe Accountmanager", "email": "am2@example.nl",
                                                  "municipality_id": str(world.objects["municipality"].id)}),
            ("account_manager", f"/accountmanager/werkgevers/{pending.id}/verifieren", {}),
            ("account_manager", f"/accountmanager/werkgevers/{world.objects['other_employer'].id}/schorsen",
             {"reason": "Gegevens kloppen niet"}),
            ("account_manager", f"/accountmanager/videos/{world.objects['video'].id}/goedkeuren", {}),
            ("account_manager", f"/accountmanager/kandidaten/{candidate.id}/uitnodigen", {}),
            ("account_manager", f"/accountmanager/kandidaten/{candidate.id}/toestemming/profile/intrekken", {}),
            ("employer", f"/account/sleutels/{world.objects['api_token'].id}/intrekken", {}),
        ]
        for actor, path, data in changes:
            c = as_(actor)
            response = c.post(path, data={**data, "_csrf_token": c.cookies.get("wgp_csrf")}, follow_redirects=False)
            assert response.status_code == 303, (actor, path, response.status_code)
        assert as_("candidate").get("/kandidaat/mijn-gegevens/export").status_code == 200

    assert not {k: v for k, v in statuses.items() if v >= 500}, "a route failed"
    after = audit_rows(database.sync_engine)
    missing = sorted(set(before) - set(after))
    changed = sorted(i for i in before if i in after and after[i] != before[i])
    assert not missing and not changed, f"audit rows removed {missing} or changed {changed}"
    assert len(after) >= len(before) + len(changes) + 1, "the real changes were recorded as new rows"


def test_erasure_only_takes_the_erased_person_out_of_the_trail(db, database, settings, new_client) -> None:
    municipality = factories.municipality(db)
    manager = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=municipality.id)
    candidate, user = factories.candidate(db, municipality)
    other, other_user = factories.candidate(db, municipality, given="Rania")
    seed_trail(db, [user, manager, other_user], [("candidate", candidate.id), ("candidate", other.id)])
    me = new_client()
    login(me, user.email, factories.PASSWORD)
    candidate_id, user_id = candidate.id, user.id
    before = audit_rows(database.sync_engine)

    assert post_form(me, "/kandidaat/mijn-gegevens/wissen", {"confirm": "on"}, page="/kandidaat/mijn-gegevens")\
        .status_code == 303
    db.expire_all()
    assert db.get(Candidate, candidate_id) is None
    after = audit_rows(database.sync_engine)
    assert set(before) <= set(after), "erasure removes no audit rows"
    columns = [c.name for c in AuditEvent.__table__.columns]
    actor_id, label = columns.index("actor_id"), columns.index("actor_label")
    for row_id, old in before.items():
        new = after[row_id]
        if old[actor_id] == user_id:
            # What happened stays; who did it goes.
            assert new[actor_id] is None and new[label] == "gewiste kandidaat"
            assert [v for i, v in enumerate(new) if i not in (actor_id, label)] == \
                   [v for i, v in enumerate(old) if i not in (actor_id, label)]
        else:
            assert new == old
    erased = [row for i, row in after.items() if i not in before]
    assert [row[columns.index("action")] for row in erased] == ["candidate.erased"]


@pytest.fixture
def postgres(database: Any) -> Any:
    if database.sync_engine.dialect.name != "postgresql":
        pytest.skip("the database guard exists on PostgreSQL only")
    return database.sync_engine


def test_postgresql_refuses_to_change_or_delete_audit_rows(db, postgres) -> None:
    user = factories.user(db, Role.ADMIN)
    seed_trail(db, [user], [("user", user.id)])
    statements = [
        "DELETE FROM audit_event",
        "UPDATE audit_event SET action = 'iets anders'",
        "UPDATE audit_event SET data = '{}'",
        "UPDATE audit_event SET occurred_at = now()",
        "UPDATE audit_event SET actor_label = 'iemand anders'",
        f"UPDATE audit_event SET actor_id = '{factories.user(db, Role.ADMIN).id}'",
    ]
    before = audit_rows(postgres)
    for statement in statements:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), postgres.begin() as conn:
            conn.execute(sa.text(statement))
    assert audit_rows(postgres) == before
    # Taking the actor out of the rows (erasure; ON DELETE SET NULL) is what stays possible.
    with postgres.begin() as conn:
        conn.execute(sa.text("UPDATE audit_event SET actor_id = NULL, actor_label = 'gewiste kandidaat'"))
    assert {row[2:4] for row in audit_rows(postgres).values()} == {(None, "gewiste kandidaat")}


@pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_POSTGRES_URL")
def test_migration_0009_installs_the_guard_and_removes_it_again() -> None:
    url, drop = create_postgres_database("wgp_audit_guard")
    engine = sa.create_engine(_sync_url(url))

    def run(fn: Any, *args: Any) -> None:  # alembic's env.py runs its own event loop
        errors: list[BaseException] = []
        thread = threading.Thread(target=lambda: _catch(errors, fn, *args))
        thread.start()
        thread.join()
        if errors:
            raise errors[0]

    def triggers() -> set[str]:
        with engine.connect() as conn:
            return set(conn.scalars(sa.text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal")))

    try:
        run(migrate.upgrade, url)
        assert triggers() == {"audit_event_append_only"}
        run(migrate.downgrade, url, "0008_saved_searches")
        assert triggers() == set()
    finally:
        engine.dispose()
        drop()


def _catch(errors: list[BaseException], fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except BaseException as exc:
        errors.append(exc)
