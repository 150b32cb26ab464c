"""The JSON API: own openings with a bearer token; the public register; both in the OpenAPI document."""

from __future__ import annotations

from tests import factories
from tests.employers import factories as ef
from werkgeversportaal.db.models import Opening, OpeningStatus, VerificationStatus

BODY = {"kind": "vacancy", "title": "Chauffeur C", "sector": "transport", "place": "Hilversum",
        "hours_per_week": 32, "workdays": ["mon", "tue"], "dutch_level": "A2", "paid": True,
        "pay_indication": "CAO Beroepsgoederenvervoer", "start_date": "2030-01-01", "closing_date": "2030-02-01"}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_create_update_publish_with_a_token(client, db) -> None:
    _employer, user = factories.employer(db)
    headers = _auth(ef.api_token(db, user))
    created = client.post("/api/v1/openings", json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["status"] == "draft" and data["place"] == "Hilversum" and data["lat"] is not None
    opening_id = data["id"]
    updated = client.patch(f"/api/v1/openings/{opening_id}", json={"hours_per_week": 36}, headers=headers)
    assert updated.status_code == 200, updated.text
    assert updated.json()["hours_per_week"] == 36 and updated.json()["title"] == "Chauffeur C"
    assert updated.json()["workdays"] == ["mon", "tue"] and updated.json()["closing_date"] == "2030-02-01"
    too_early = client.patch(f"/api/v1/openings/{opening_id}", json={"closing_date": "2029-12-31"}, headers=headers)
    assert too_early.status_code == 400 and "closing_date" in too_early.json()["extra"]["errors"]
    published = client.post(f"/api/v1/openings/{opening_id}/status", json={"action": "publish"}, headers=headers)
    assert published.status_code == 200 and published.json()["status"] == "published"
    listing = client.get("/api/v1/openings?status=published", headers=headers).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == opening_id
    refused = client.post(f"/api/v1/openings/{opening_id}/status", json={"action": "publish"}, headers=headers)
    assert refused.status_code == 409


def test_api_validation_uses_the_form_rules(client, db) -> None:
    _employer, user = factories.employer(db)
    headers = _auth(ef.api_token(db, user))
    for override, field in (({"hours_per_week": 0}, "hours_per_week"), ({"hours_per_week": 41}, "hours_per_week"),
                            ({"closing_date": "2029-12-01"}, "closing_date"), ({"place": "Hilverzum"}, "place")):
        response = client.post("/api/v1/openings", json={**BODY, **override}, headers=headers)
        assert response.status_code == 400, override
        assert field in response.json()["extra"]["errors"], response.json()
    assert "Hilversum" in client.post("/api/v1/openings", json={**BODY, "place": "Hilverzum"},
                                      headers=headers).json()["extra"]["errors"]["place"]
    assert db.query(Opening).count() == 0


def test_unverified_employer_cannot_publish_through_the_api(client, db) -> None:
    employer, user = factories.employer(db, status=VerificationStatus.PENDING)
    opening = ef.opening(db, employer)
    response = client.post(f"/api/v1/openings/{opening.id}/status", json={"action": "publish"},
                           headers=_auth(ef.api_token(db, user)))
    assert response.status_code == 409 and "gecontroleerd" in response.json()["detail"]
    db.refresh(opening)
    assert opening.status is OpeningStatus.DRAFT


def test_closed_opening_cannot_be_changed_through_the_api(client, db) -> None:
    employer, user = factories.employer(db)
    opening = ef.opening(db, employer, status=OpeningStatus.CLOSED)
    response = client.patch(f"/api/v1/openings/{opening.id}", json=BODY, headers=_auth(ef.api_token(db, user)))
    assert response.status_code == 400
    db.refresh(opening)
    assert opening.title == "Leerling-timmerman"


def test_other_employers_openings_are_not_found(client, db) -> None:
    employer_a, _ = factories.employer(db, name="A")
    _b, user_b = factories.employer(db, name="B")
    opening = ef.opening(db, employer_a)
    headers = _auth(ef.api_token(db, user_b))
    assert client.get(f"/api/v1/openings/{opening.id}", headers=headers).status_code == 404
    assert client.patch(f"/api/v1/openings/{opening.id}", json=BODY, headers=headers).status_code == 404
    assert client.post(f"/api/v1/openings/{opening.id}/status", json={"action": "close"},
                       headers=headers).status_code == 404
    assert client.get("/api/v1/openings", headers=headers).json()["total"] == 0


def test_read_only_token_cannot_write(client, db) -> None:
    _employer, user = factories.employer(db)
    headers = _auth(ef.api_token(db, user, scopes="read"))
    assert client.get("/api/v1/openings", headers=headers).status_code == 200
    assert client.post("/api/v1/openings", json=BODY, headers=headers).status_code == 403


def test_public_register_api(client, db) -> None:
    employer, _ = factories.employer(db, name="Open Bouw", public_register=True)
    factories.employer(db, name="Gesloten Bouw")
    ef.opening(db, employer, title="Timmerman", status=OpeningStatus.PUBLISHED)
    ef.opening(db, employer, title="Concept")
    listing = client.get("/api/v1/register?sector=construction").json()
    assert [e["name"] for e in listing["items"]] == ["Open Bouw"] and listing["total"] == 1
    detail = client.get(f"/api/v1/register/{employer.id}").json()
    assert [o["title"] for o in detail["openings"]] == ["Timmerman"]
    assert client.get("/api/v1/register?sector=care").json()["total"] == 0


def test_openapi_lists_the_employer_endpoints(client) -> None:
    paths = client.get("/api/v1/schema/openapi.json").json()["paths"]
    assert {"/api/v1/openings", "/api/v1/openings/{opening_id}", "/api/v1/openings/{opening_id}/status",
            "/api/v1/register", "/api/v1/register/{employer_id}"} <= set(paths)
    assert "patch" in paths["/api/v1/openings/{opening_id}"]
