"""Security headers on every kind of response, HSTS only in production, cookie flags."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import TestClient

from tests import factories
from tests.conftest import login
from tests.trust_access.helpers import production, routes
from werkgeversportaal.app import create_app
from werkgeversportaal.db.models import Role
from werkgeversportaal.settings import Settings, SettingsError

# A page, a redirect, a form error, a 404, an API answer, the API documentation and a static file.
SAMPLES = ("/", "/start", "/inloggen", "/bestaat-niet", "/api/v1/register", "/api/v1/me", "/api/v1/schema/swagger",
           "/static/css/app.css")


def csp_directives(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_hardened(headers: Any, where: str) -> None:
    csp = headers.get("content-security-policy", "")
    assert csp, f"{where}: no Content-Security-Policy"
    directives = csp_directives(csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, f"{where}: {csp}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{where}: {csp}"
    for name in ("default-src", "script-src", "style-src"):
        assert directives.get(name) == ["'self'"], f"{where}: {name} in {csp}"
    assert directives.get("object-src") == ["'none'"], where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}, where
    assert headers.get("x-frame-options") == "DENY", where
    policy = headers.get("permissions-policy", "")
    assert "camera=()" in policy and "microphone=()" in policy, f"{where}: {policy}"


def test_every_kind_of_response_carries_the_security_headers(client) -> None:
    for path in SAMPLES:
        response = client.get(path, follow_redirects=False)
        assert_hardened(response.headers, f"GET {path} ({response.status_code})")
    refused = client.post("/inloggen", data={"email": "x"}, follow_redirects=False)  # no CSRF token: 403
    assert refused.status_code == 403
    assert_hardened(refused.headers, "refused POST")


def test_camera_and_microphone_only_on_the_recording_page(client, db, settings) -> None:
    camera_routes = {(m, p) for m, p, handler in routes(settings) if handler.opt.get("allow_camera")}
    assert camera_routes == {("GET", "/kandidaat/video")}, "only the recording page may use the camera"

    _candidate, user = factories.candidate(db, factories.municipality(db))
    login(client, user.email, factories.PASSWORD)
    recording = client.get("/kandidaat/video")
    assert recording.status_code == 200
    policy = recording.headers["permissions-policy"]
    assert "camera=(self)" in policy and "microphone=(self)" in policy and "geolocation=()" in policy
    for path in ("/kandidaat", "/kandidaat/profiel", "/kandidaat/video/status", "/account"):
        other = client.get(path)
        assert other.status_code == 200, path
        assert "camera=()" in other.headers["permissions-policy"], path
        assert "microphone=()" in other.headers["permissions-policy"], path


def _hsts(settings: Settings, base_url: str = "http://testserver") -> list[str | None]:
    with TestClient(create_app(settings), base_url=base_url) as client:
        return [client.get(path, follow_redirects=False).headers.get("strict-transport-security")
                for path in ("/", "/api/v1/register", "/bestaat-niet")]


def test_hsts_in_production_only(settings) -> None:
    assert settings.app.env == "test"
    assert _hsts(settings) == [None, None, None]
    development = production(settings)
    development.app.env = "development"
    assert _hsts(development, "https://testserver") == [None, None, None]
    for value in _hsts(production(settings), "https://testserver"):
        assert value is not None, "production answers without Strict-Transport-Security"
        max_age = int(re.search(r"max-age=(\d+)", value).group(1))  # type: ignore[union-attr]
        assert max_age >= 365 * 86400 and "includesubdomains" in value.lower()


def _cookie(response: Any, name: str) -> str:
    found = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert found, f"no {name} cookie set; got {response.headers.get_list('set-cookie')}"
    return found[-1].lower()


def test_cookies_are_secure_httponly_and_samesite_in_production(settings, db) -> None:
    user = factories.user(db, Role.ADMIN)
    with TestClient(create_app(production(settings)), base_url="https://testserver") as client:
        csrf = _cookie(client.get("/inloggen"), "wgp_csrf")
        response = login(client, user.email, factories.PASSWORD)
        session, lang = _cookie(response, "wgp_session"), _cookie(response, "lang")
        for name, cookie in (("wgp_session", session), ("wgp_csrf", csrf), ("lang", lang)):
            attributes = {a.strip().split("=")[0] for a in cookie.split(";")[1:]}
            assert {"secure", "httponly", "samesite"} <= attributes, f"{name}: {cookie}"
            assert "samesite=lax" in cookie or "samesite=strict" in cookie, f"{name}: {cookie}"
        assert client.get("/beheer").status_code == 200  # the secure session works over HTTPS


def test_development_cookies_are_httponly_and_samesite_but_not_secure(client, db) -> None:
    user = factories.user(db, Role.ADMIN)
    client.get("/inloggen")
    session = _cookie(login(client, user.email, factories.PASSWORD), "wgp_session")
    assert "httponly" in session and "samesite=lax" in session
    assert "secure" not in session  # over plain http a Secure cookie would never come back


@pytest.mark.parametrize("base_url", ["http://werkgeversportaal.example", "http://10.0.0.5:8000"])
def test_production_refuses_a_plain_http_address(settings, base_url) -> None:
    config = production(settings, base_url)
    config.db.url = "postgresql+asyncpg://portal@db/portal"
    with pytest.raises(SettingsError, match="BASE_URL must start with https://"):
        config.validate()


@pytest.mark.parametrize("base_url", ["https://werkgeversportaal.example", "http://localhost:8000"])
def test_production_accepts_https_and_a_local_trial(settings, base_url) -> None:
    config = production(settings, base_url)
    config.db.url = "postgresql+asyncpg://portal@db/portal"
    config.validate()
