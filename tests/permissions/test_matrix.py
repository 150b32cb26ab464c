"""The permission matrix: every route of the app × every actor → the expected status.

A route without an expectation for every actor fails the suite, so each new route must be added
(tests/permissions/expectations/<area>.py). Each route runs in a freshly built world, so a route
that changes something cannot influence the next.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from tests.conftest import attach_session
from tests.permissions.expectations import all_expectations, all_params
from tests.permissions.world import ACTORS, build_world
from werkgeversportaal.app import create_app
from werkgeversportaal.settings import Settings

EXPECTATIONS = all_expectations()
SKIP_METHODS = {"HEAD", "OPTIONS"}


def app_routes() -> set[tuple[str, str]]:
    app = create_app(Settings())
    found = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in route.methods:
            if method not in SKIP_METHODS:
                found.add((method, route.path))
    return found


def test_every_route_has_an_expectation_for_every_actor() -> None:
    routes = app_routes()
    missing = sorted(routes - set(EXPECTATIONS))
    assert not missing, "routes without expectations (add them to tests/permissions/expectations/):\n" + "\n".join(
        f"  {m} {p}" for m, p in missing)
    stale = sorted(set(EXPECTATIONS) - routes)
    assert not stale, f"expectations for routes that do not exist: {stale}"
    for key, expected in EXPECTATIONS.items():
        assert set(expected) == set(ACTORS), f"{key}: expectations must name exactly these actors: {ACTORS}"


def fill(path: str, world: Any, params: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in params, f"no resolver for path parameter {name!r} (add it to PARAMS)"
        return str(params[name](world))

    return re.sub(r"\{(\w+)(?::\w+)?\}", value, path)


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTATIONS), ids=[f"{m} {p}" for m, p in sorted(EXPECTATIONS)])
def test_route(method: str, path: str, db: Any, settings: Settings) -> None:
    from tests.permissions.expectations import modules

    world = build_world(db)
    for module in modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world, db)
    url = fill(path, world, all_params())
    expected = EXPECTATIONS[(method, path)]
    app = create_app(settings)
    outcomes: dict[str, int] = {}
    with TestClient(app, base_url="http://testserver") as client:
        for actor in ACTORS:
            client.cookies.clear()
            if actor != "anonymous":
                attach_session(client, db, world.users[actor], settings)
            else:
                client.get("/inloggen")  # an anonymous browser still has its CSRF cookie
            token = client.cookies.get("wgp_csrf") or ""
            kwargs: dict[str, Any] = {"follow_redirects": False}
            if method not in {"GET", "HEAD"}:
                kwargs["data"] = {"_csrf_token": token}
            response = client.request(method, url, **kwargs)
            outcomes[actor] = response.status_code
    unexpected = {a: (outcomes[a], expected[a]) for a in ACTORS if outcomes[a] != expected[a]}
    assert not unexpected, f"{method} {path}: actor -> (got, expected): {unexpected}"
