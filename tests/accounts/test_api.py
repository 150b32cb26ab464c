"""The JSON API: current user, personal access tokens (hashed at rest), OpenAPI."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests import factories
from tests.conftest import login, post_form
from werkgeversportaal.db.models import ApiToken, Role


def test_me_with_session_and_with_token(client, db, new_client) -> None:
    employer, user = factories.employer(db)
    assert client.get("/api/v1/me").status_code == 401
    login(client, user.email, factories.PASSWORD)
    me = client.get("/api/v1/me").json()
    assert me["role"] == "employer" and me["employer_id"] == str(employer.id) and me["auth"] == "session"

    page = post_form(client, "/account/sleutels", {"name": "zaaksysteem"})
    assert page.status_code == 200
    raw = re.search(r"(wgp_[A-Za-z0-9_\-]+)", page.text).group(1)
    stored = db.scalar(select(ApiToken))
    assert stored.token_hash != raw and raw not in stored.token_hash  # hashed at rest

    api = new_client()
    response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["auth"] == "token"
    assert api.get("/api/v1/me", headers={"Authorization": "Bearer wgp_wrong"}).status_code == 401

    assert post_form(client, f"/account/sleutels/{stored.id}/intrekken").status_code == 303
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_revoking_someone_elses_token_is_not_found(client, db) -> None:
    _e, owner = factories.employer(db)
    _e2, other = factories.employer(db, name="Ander Bedrijf")
    token = ApiToken(user_id=owner.id, name="x", prefix="wgp_x", token_hash="0" * 64)
    db.add(token)
    db.commit()
    login(client, other.email, factories.PASSWORD)
    assert post_form(client, f"/account/sleutels/{token.id}/intrekken").status_code == 404
    db.refresh(token)
    assert token.revoked_at is None


def test_openapi_document_lists_the_api(client) -> None:
    schema = client.get("/api/v1/schema/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    assert not any(not p.startswith("/api/") for p in schema["paths"]), "HTML pages stay out of the API document"


def test_session_cookie_alone_cannot_write_through_the_api(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    login(client, user.email, factories.PASSWORD)
    assert client.post("/api/v1/me").status_code in (401, 405)
