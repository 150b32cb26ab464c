"""The permission matrix: every route of the app × every actor → the expected status.

A route without an expectation for every actor fails the suite, so each new route must be added
(tests/permissions/expectations/<area>.py). Each route runs in a freshly built world, so a route
that changes something cannot influence the next.

Each route also runs with a personal access token of every logged-in actor (read-only and
read-write) and a revoked one, sent as `Authorization: Bearer ...` without a session cookie, in the
same world after the session actors. On HTML routes a token counts for nothing (anonymous); on /api/
routes the explicit TOKEN_EXPECTATIONS of the area hold.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.middleware.csrf import generate_csrf_token
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from tests.conftest import attach_session
from tests.permissions.expectations import (
    LOGGED_IN,
    all_api_bodies,
    all_expectations,
    all_params,
    all_token_expectations,
    explicit_token_keys,
)
from tests.permissions.world import ACTORS, TOKEN_ACTORS, build_world
from werkgeversportaal.app import create_app
from werkgeversportaal.settings import Settings

EXPECTATIONS = all_expectations()
TOKEN_EXPECTATIONS = all_token_expectations()
API_BODIES = all_api_bodies()
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


def is_api(path: str) -> bool:
    return path.startswith("/api/")


def test_every_api_route_has_explicit_token_expectations() -> None:
    explicit = explicit_token_keys()
    api = {key for key in EXPECTATIONS if is_api(key[1])}
    assert not sorted(api - explicit), f"/api/ routes without TOKEN_EXPECTATIONS: {sorted(api - explicit)}"
    assert not sorted(explicit - api), f"TOKEN_EXPECTATIONS for routes that are not /api/: {sorted(explicit - api)}"
    for key, expected in TOKEN_EXPECTATIONS.items():
        assert set(expected) == set(TOKEN_ACTORS), f"{key}: token expectations must name exactly {TOKEN_ACTORS}"
        session = EXPECTATIONS[key]
        assert expected["revoked"] == session["anonymous"], f"{key}: a revoked token must be anonymous"
        if not is_api(key[1]):
            assert set(expected.values()) == {session["anonymous"]}, f"{key}: a token is anonymous on HTML routes"
            continue
        if key[0] == "GET":
            # Reading through the API: a token of either scope may do what its owner's session may.
            for actor in LOGGED_IN:
                for scope in ("read", "write"):
                    got = expected[f"{actor}+{scope}"]
                    assert got == session[actor], f"{key}: {actor}'s {scope} token {got}, session {session[actor]}"
        else:
            # Writing through the API: a read-only token never gets past the guard (or the route is public).
            for actor in LOGGED_IN:
                assert expected[f"{actor}+read"] in {403, session["anonymous"]}, f"{key}: {actor}'s read-only token"


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
    expected = dict(EXPECTATIONS[(method, path)])
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
        # The same route with bearer tokens and no session cookie, after the session actors.
        expected_tokens = TOKEN_EXPECTATIONS[(method, path)]
        csrf = generate_csrf_token(settings.app.secret_key)
        for actor in token_actors_for(path):
            client.cookies.clear()
            # Like an anonymous browser with a valid CSRF token, so that only the bearer token differs.
            client.cookies.set("wgp_csrf", csrf)
            kwargs = {"follow_redirects": False,
                      "headers": {"Authorization": f"Bearer {world.tokens[actor]}"}}
            if method not in {"GET", "HEAD"}:
                if is_api(path):
                    kwargs["json"] = API_BODIES.get((method, path), {})
                else:
                    kwargs["data"] = {"_csrf_token": csrf}
            response = client.request(method, url, **kwargs)
            if is_api(path):
                assert "wgp_session=" not in response.headers.get("set-cookie", ""), f"{actor}: a token made a session"
            outcomes[actor] = response.status_code
            expected[actor] = expected_tokens[actor]
    unexpected = {a: (outcomes[a], expected[a]) for a in outcomes if outcomes[a] != expected[a]}
    assert not unexpected, f"{method} {path}: actor -> (got, expected): {unexpected}"


def token_actors_for(path: str) -> tuple[str, ...]:
    """Every token actor on /api/ routes. On HTML routes the token is not even looked at, whatever its
    scope, so the read-write token of each actor stands for both (and keeps the matrix quick)."""
    if is_api(path):
        return TOKEN_ACTORS
    return tuple(a for a in TOKEN_ACTORS if a.endswith("+write"))
