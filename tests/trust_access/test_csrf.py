"""Every state-changing HTML route refuses a request without a valid CSRF token, plain or htmx.

The routes are enumerated from the app, so a new form route is covered without touching this file.
Each is sent by an actor who may use it (from the permission matrix), in the matrix's world; the
refusal is a 403 with the 'form expired' message, and not one row of the database changes.
"""

from __future__ import annotations

from litestar.testing import TestClient

from tests import factories
from tests.candidates.factories import consent, published
from tests.conftest import attach_session, login, post_form
from tests.permissions.expectations import all_expectations, all_params, modules
from tests.permissions.test_matrix import fill
from tests.permissions.world import ACTORS, build_world
from tests.trust_access.helpers import changed_tables, html_form_routes, snapshot
from werkgeversportaal.app import create_app
from werkgeversportaal.db.models import ApiToken, Candidate

REFUSED = "formulier is verlopen"


def allowed_actor(expected: dict[str, int]) -> str:
    """Someone whose request the route would act on (not sent away by the login or role guard)."""
    for actor in ACTORS[1:]:
        if expected[actor] not in {401, 403, 404}:
            return actor
    return "anonymous"


def test_html_routes_enumerated_include_the_known_forms() -> None:
    found = set(html_form_routes())
    assert ("POST", "/registreren") in found and ("POST", "/kandidaat/mijn-gegevens/wissen") in found
    assert not any(path.startswith("/api/") for _m, path in found)
    assert len(found) >= 40


def test_every_form_route_refuses_a_missing_or_forged_csrf_token(db, database, settings) -> None:
    world = build_world(db)
    for module in modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world, db)
    expectations, params = all_expectations(), all_params()
    problems: list[str] = []
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        # Every actor's browser (session and CSRF cookie) is made before the first snapshot.
        browsers: dict[str, dict[str, str]] = {}
        for actor in ACTORS:
            client.cookies.clear()
            if actor == "anonymous":
                client.get("/inloggen")
            else:
                attach_session(client, db, world.users[actor], settings)
            browsers[actor] = dict(client.cookies)
            assert browsers[actor].get("wgp_csrf"), "the browser has its CSRF cookie; only the token is missing"

        def browse_as(actor: str) -> None:
            client.cookies.clear()
            for name, value in browsers[actor].items():
                client.cookies.set(name, value)

        plan = [(method, path, allowed_actor(expectations[(method, path)]), fill(path, world, params))
                for method, path in html_form_routes()]
        before = snapshot(database.sync_engine)
        attempts = {
            "no token": {"data": {"name": "x"}},
            "forged token": {"data": {"name": "x", "_csrf_token": "forged"}},
            "htmx without header": {"data": {"name": "x"}, "headers": {"HX-Request": "true"}},
            "htmx forged header": {"data": {"name": "x"}, "headers": {"HX-Request": "true", "X-CSRFToken": "forged"}},
        }
        for method, path, actor, url in plan:
            browse_as(actor)
            for label, kwargs in attempts.items():
                response = client.request(method, url, follow_redirects=False, **kwargs)
                if response.status_code != 403 or REFUSED not in response.text:
                    problems.append(f"{method} {path} as {actor}, {label}: {response.status_code}")
        changed = changed_tables(before, snapshot(database.sync_engine))
        assert not changed, f"refused requests changed {changed}"
        # The same requests with the token pass the CSRF check, so each refusal above was the token's.
        for method, path, actor, url in plan:
            browse_as(actor)
            token = browsers[actor]["wgp_csrf"]
            response = client.request(method, url, follow_redirects=False, data={"_csrf_token": token},
                                      headers={"HX-Request": "true", "X-CSRFToken": token})
            if REFUSED in response.text:
                problems.append(f"{method} {path} as {actor}: refused even with the token")
    assert not problems, "\n".join(problems)


def test_refused_erasure_revocation_and_logout_change_nothing(client, db, settings, new_client) -> None:
    """Requests that would act (valid fields, logged in) but lack the token leave everything as it was."""
    candidate, user = factories.candidate(db, factories.municipality(db))
    published(db, candidate)
    consent(db, candidate, "profile")
    login(client, user.email, factories.PASSWORD)
    for headers in ({}, {"HX-Request": "true"}):
        erase = client.post("/kandidaat/mijn-gegevens/wissen", data={"confirm": "on"}, headers=headers,
                            follow_redirects=False)
        assert erase.status_code == 403 and REFUSED in erase.text
        db.expire_all()
        assert db.get(Candidate, candidate.id) is not None

        out = client.post("/uitloggen", headers=headers, follow_redirects=False)
        assert out.status_code == 403 and REFUSED in out.text
        assert client.get("/kandidaat").status_code == 200, "the session survives a forged log-out"

    _employer, owner = factories.employer(db)
    api = new_client()
    login(api, owner.email, factories.PASSWORD)
    assert post_form(api, "/account/sleutels", {"name": "koppeling"}, page="/account").status_code == 200
    token = db.query(ApiToken).one()
    refused = api.post(f"/account/sleutels/{token.id}/intrekken", data={"_csrf_token": "forged"},
                       follow_redirects=False)
    assert refused.status_code == 403 and REFUSED in refused.text
    db.refresh(token)
    assert token.revoked_at is None


def test_english_visitor_gets_the_refusal_in_english(client) -> None:
    client.get("/inloggen", headers={"Accept-Language": "en"})
    response = client.post("/inloggen", data={"email": "a@example.nl", "password": "x" * 12},
                           headers={"Accept-Language": "en"}, follow_redirects=False)
    assert response.status_code == 403
    assert REFUSED not in response.text and "nothing was saved" in response.text.lower()
