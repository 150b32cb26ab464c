"""API tokens made on the account page: scoped (read-only cannot write) and revocable (then 401)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from tests import factories
from tests.conftest import login, post_form
from tests.employers.test_api import BODY
from werkgeversportaal.db.models import ApiToken, AuditEvent, Opening


def make_token(client: Any, name: str, *, read_only: bool) -> str:
    data = {"name": name, **({"read_only": "true"} if read_only else {})}
    page = post_form(client, "/account/sleutels", data, page="/account")
    assert page.status_code == 200
    match = re.search(r"(wgp_[A-Za-z0-9_\-]{20,})", page.text)
    assert match, "the new token is shown once"
    return match.group(1)


def openings(db: Any) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(Opening)))


def test_read_only_token_reads_but_every_write_is_refused(client, db, new_client) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    read = {"Authorization": f"Bearer {make_token(client, 'rapportage', read_only=True)}"}
    write = {"Authorization": f"Bearer {make_token(client, 'zaaksysteem', read_only=False)}"}
    assert {t.name: t.scopes for t in db.scalars(select(ApiToken))} == {"rapportage": "read",
                                                                       "zaaksysteem": "read write"}
    api = new_client()
    assert api.get("/api/v1/openings", headers=read).status_code == 200
    assert api.get("/api/v1/me", headers=read).json()["auth"] == "token"

    refused = api.post("/api/v1/openings", json=BODY, headers=read)
    assert refused.status_code == 403 and refused.json()["detail"] == "this token may only read"
    assert openings(db) == 0

    created = api.post("/api/v1/openings", json=BODY, headers=write)
    assert created.status_code == 201
    opening_id = created.json()["id"]
    for method, path, body in (("PATCH", f"/api/v1/openings/{opening_id}", {"hours_per_week": 12}),
                               ("POST", f"/api/v1/openings/{opening_id}/status", {"action": "close"})):
        response = api.request(method, path, json=body, headers=read)
        assert response.status_code == 403, (method, path)
    db.expire_all()
    opening = db.scalar(select(Opening))
    assert opening.hours_per_week == BODY["hours_per_week"] and opening.status.value == "draft"


def test_revoked_token_is_anonymous_at_once(client, db, new_client) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    raw = make_token(client, "koppeling-crm", read_only=False)
    headers = {"Authorization": f"Bearer {raw}"}
    api = new_client()
    assert api.get("/api/v1/openings", headers=headers).status_code == 200
    db.expire_all()
    token = db.scalar(select(ApiToken))
    assert token.last_used_at is not None

    assert post_form(client, f"/account/sleutels/{token.id}/intrekken").status_code == 303
    for method, path, body in (("GET", "/api/v1/openings", None), ("GET", "/api/v1/me", None),
                               ("POST", "/api/v1/openings", BODY)):
        response = api.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, (method, path)
    assert openings(db) == 0
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "api_token.revoked", AuditEvent.subject_id == str(token.id))) == 1
    # The revoked token is no longer listed on the account page; its secret was never stored.
    page = client.get("/account").text
    assert "koppeling-crm" not in page and raw not in page


def test_a_token_of_a_deactivated_account_stops_working(client, db, new_client) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    headers = {"Authorization": f"Bearer {make_token(client, 'koppeling', read_only=True)}"}
    api = new_client()
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    user.is_active = False
    db.commit()
    assert api.get("/api/v1/me", headers=headers).status_code == 401


def test_a_token_never_opens_html_pages(client, db, new_client) -> None:
    _employer, user = factories.employer(db)
    login(client, user.email, factories.PASSWORD)
    headers = {"Authorization": f"Bearer {make_token(client, 'koppeling', read_only=False)}"}
    browser = new_client()
    for path in ("/werkgever", "/account", "/werkgever/vacatures"):
        response = browser.get(path, headers=headers, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/inloggen"), path
