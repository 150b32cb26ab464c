"""WCAG 2.1 A/AA (axe-core) on every page of every role, in Dutch and in Arabic (right to left).

The pages are not listed by hand: every GET route of the app is resolved with the permission
matrix' world and parameter resolvers, then opened as each role. A GET route that returns HTML must
open as 200 text/html for at least one role, or be in EXCLUDED with its reason — so a new page is
checked without anyone remembering it. Candidate pages (and every other page, for overflow) are
also shown at 360 px, where nothing may scroll sideways.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from litestar.routes import HTTPRoute

from tests.browser.a11y.axe import describe, violations
from tests.browser.a11y.conftest import LANGUAGES, ROLES, Portal, session_cookies
from tests.permissions.expectations import all_params
from werkgeversportaal.app import create_app
from werkgeversportaal.settings import Settings

# Routes that are not pages, each with the reason. Everything else that answers GET must be checked.
EXCLUDED_PREFIXES = {
    "/api/": "JSON API and its generated OpenAPI documentation (not portal pages)",
}
EXCLUDED = {
    "/health": "JSON health check",
    "/static/{file_path:path}": "static files (CSS, JS)",
    "/media/{key:path}": "signed media files (video, poster, captions)",
    "/start": "redirect-only: sends each role to its own home page",
    "/kandidaat/mijn-gegevens/export": "JSON download of the candidate's own data",
    "/accountmanager/rapportages/csv": "CSV download",
    "/kandidaat/video/status": "htmx fragment, checked where it is swapped in (/kandidaat/video)",
    "/meldingen/aantal": "htmx fragment (unread count) loaded into the header of every logged-in page",
}
# Path parameters that need a route-specific value (a valid one-time link shows the real form).
ROUTE_PARAMS = {
    "/uitnodiging/{token:str}": {"token": lambda p: p.link_tokens["invitation"]},
    "/wachtwoord-herstellen/{token:str}": {"token": lambda p: p.link_tokens["password_reset"]},
}
PHONE = 360


def get_routes() -> list[str]:
    app = create_app(Settings())
    return sorted({r.path for r in app.routes if isinstance(r, HTTPRoute) and "GET" in r.methods})


def excluded(path: str) -> bool:
    return path in EXCLUDED or any(path.startswith(prefix) for prefix in EXCLUDED_PREFIXES)


def resolve(path: str, portal: Portal) -> str | None:
    params = all_params()
    special = ROUTE_PARAMS.get(path, {})
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        if name in special:
            return str(special[name](portal))
        if name not in params:
            missing = True
            return ""
        return str(params[name](portal.world))

    url = re.sub(r"\{(\w+)(?::\w+)?\}", value, path)
    return None if missing else url


@pytest.fixture(scope="module")
def catalogue(browser: Any, portal: Portal) -> dict[str, Any]:
    """Which role can open which page: every GET route, fetched as every role (no redirects followed)."""
    pages: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLES}
    unresolved, unopened = [], []
    contexts = {}
    for role in ROLES:
        contexts[role] = browser.new_context(base_url=portal.url)
        contexts[role].add_cookies(session_cookies(portal, role))
    for path in get_routes():
        if excluded(path):
            continue
        url = resolve(path, portal)
        if url is None:
            unresolved.append(path)
            continue
        opened = False
        for role in ROLES:
            response = contexts[role].request.get(url, max_redirects=0)
            html = response.headers.get("content-type", "").startswith("text/html")
            if response.status == 200 and html:
                pages[role].append((path, url))
                opened = True
        if not opened:
            unopened.append(path)
    for context in contexts.values():
        context.close()
    return {"pages": pages, "unresolved": unresolved, "unopened": unopened}


def test_every_page_route_is_checked(catalogue: dict[str, Any]) -> None:
    assert not catalogue["unresolved"], (
        "GET routes whose path parameters cannot be resolved (add a resolver to the permission world's PARAMS, "
        f"or to ROUTE_PARAMS here): {catalogue['unresolved']}")
    assert not catalogue["unopened"], (
        "GET routes that no role opens as an HTML page (seed what they need, or add them to EXCLUDED with a "
        f"reason): {catalogue['unopened']}")
    assert all(catalogue["pages"][role] for role in ROLES)


def settle(page: Any) -> None:
    """Wait until htmx requests started on load (the unread count in the header) are done."""
    for _ in range(100):
        if page.evaluate("!document.querySelector('.htmx-request')"):
            return
        time.sleep(0.05)
    raise AssertionError(f"htmx requests still running on {page.url}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_have_no_wcag_violations(role: str, language: str, catalogue: dict[str, Any], open_as: Any) -> None:
    page = open_as(role, language)
    problems: list[str] = []
    for path, url in catalogue["pages"][role]:
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url} as {role}: {response and response.status}"
        settle(page)
        html_lang = page.get_attribute("html", "lang")
        assert page.get_attribute("html", "dir") == ("rtl" if html_lang == "ar" else "ltr"), url
        problems += describe(f"{role} {language} 1280px {path}", violations(page))
        # The same page on a phone: nothing may scroll sideways; candidate pages are checked again there.
        page.set_viewport_size({"width": PHONE, "height": 800})
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.append(f"{role} {language} {PHONE}px {path}: scrolls sideways ({width} > {inner} px)")
        if role == "candidate":
            problems += describe(f"{role} {language} {PHONE}px {path}", violations(page))
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, "\n".join(problems)
