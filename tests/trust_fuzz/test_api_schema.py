"""schemathesis over the JSON API, from the app's own OpenAPI document (/api/v1/schema/openapi.json).

Every operation is called by every role (employer, accountmanager, admin and candidate with a
personal access token, and anonymous), with generated parameters and bodies; half of the cases
use the ids of real objects, so detail and update operations get past their 404. Each response
must not be a server error and must match the schema the app publishes for it.

The requests go through the app in-process with Litestar's TestClient (one event loop for the
whole run, as the async database pool needs); schemathesis generates and validates.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.orm import Session

from tests.conftest import TestDatabase
from tests.employers.factories import api_token, opening
from tests.introductions.factories import introduction, milestone
from tests.permissions.world import build_world
from werkgeversportaal.app import create_app
from werkgeversportaal.settings import Settings

EXAMPLES_PER_ROLE = 12
ROLES = ("anonymous", "employer", "account_manager", "admin", "candidate")
CHECKS = [not_a_server_error, response_schema_conformance]


def known_ids(db: Session) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Tokens per role and the ids of real objects per path parameter name."""
    world = build_world(db)
    employer = world.objects["employer"]
    employer.public_register = True
    db.commit()
    own = opening(db, employer)
    intro = introduction(db, employer, world.objects["candidate"])
    step = milestone(db, intro)
    headers = {"anonymous": {}}
    for role in ROLES[1:]:
        headers[role] = {"Authorization": f"Bearer {api_token(db, world.users[role])}"}
    ids = {"opening_id": [str(own.id)], "introduction_id": [str(intro.id)], "milestone_id": [str(step.id)],
           "employer_id": [str(employer.id)]}
    return headers, ids


def test_api_answers_within_its_own_schema(fuzz_settings: Settings, database: TestDatabase,
                                           figures: list[str]) -> None:
    started = time.monotonic()
    with Session(database.sync_engine, expire_on_commit=False) as db:
        headers, ids = known_ids(db)
    app = create_app(fuzz_settings)
    calls: dict[str, int] = {}
    failures: list[str] = []
    with TestClient(app, base_url="http://testserver") as client:
        document = client.get("/api/v1/schema/openapi.json")
        assert document.status_code == 200
        schema = schemathesis.openapi.from_dict(document.json())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 10, [op.label for op in operations]

        def fuzz(operation: Any, role: str) -> None:
            label = f"{operation.label} as {role}"
            calls[label] = 0

            # Valid input and, as often, input that breaks the schema (which must be refused, not crash).
            strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                                 operation.as_strategy(GenerationMode.NEGATIVE))

            @given(case=strategy, real=st.booleans())
            @settings(max_examples=EXAMPLES_PER_ROLE, deadline=None, derandomize=True, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def call(case: Any, real: bool) -> None:
                if real and case.path_parameters:
                    for name in case.path_parameters:
                        if name in ids:
                            case.path_parameters[name] = ids[name][0]
                kwargs = case.as_transport_kwargs(base_url="http://testserver")
                sent_headers = {**(kwargs.get("headers") or {}), **headers[role]}
                data = kwargs.get("data")
                client.cookies.clear()
                response = client.request(
                    kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=sent_headers,
                    json=kwargs.get("json"), content=data if isinstance(data, bytes | str) else None,
                    follow_redirects=False,
                )
                calls[label] += 1
                case.validate_response(response, checks=CHECKS, headers=sent_headers)

            try:
                call()
            except Exception as exc:
                failures.append(f"{label}:\n{exc}")

        for operation in operations:
            for role in ROLES:
                fuzz(operation, role)
    assert not failures, "\n\n".join(failures)
    total = sum(calls.values())
    figures.append(f"schemathesis [{database.sync_engine.dialect.name}]: {len(operations)} operations x "
                   f"{len(ROLES)} roles, {total} calls (max {EXAMPLES_PER_ROLE} per operation and role), "
                   f"0 failures, {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize("path", ["/api/v1/openings", "/api/v1/register"])
def test_a_huge_offset_is_refused_not_a_crash(client: TestClient[Any], db: Session, path: str) -> None:
    """Found by the fuzzing above: offset=2**70 reached SQLite ("Python int too large") as a 500."""
    auth = {"Authorization": f"Bearer {api_token(db, build_world(db).users['employer'])}"}
    response = client.get(path, params={"offset": str(2**70)}, headers=auth)
    assert response.status_code == 400, response.text
    assert client.get(path, params={"offset": "1000000"}, headers=auth).status_code == 200
