"""WCAG 2.1 A/AA in the states a plain page visit does not show: forms with their errors, error
pages, and results swapped in by htmx."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.a11y.axe import describe, violations
from tests.browser.a11y.conftest import LANGUAGES, Portal
from tests.browser.a11y.test_pages import settle


def submit_with_errors(page: Any, url: str, fill: dict[str, str] | None = None) -> None:
    page.goto(url)
    page.evaluate("document.querySelectorAll('main form').forEach(f => { f.noValidate = true; })")
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert page.locator("[data-error-summary], .error-text").count() > 0, f"no errors shown on {url}"
    # The summary gets the focus, so a screen reader reads it first.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), url


def wait_text(page: Any, selector: str, text: str) -> None:
    for _ in range(100):
        if text in (page.locator(selector).text_content() or ""):
            return
        time.sleep(0.05)
    raise AssertionError(f"{selector} never said {text!r}: {page.locator(selector).text_content()!r}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_with_errors(language: str, open_as: Any, portal: Portal) -> None:
    opening = portal.world.objects["opening"]
    problems: list[str] = []
    cases = [
        ("anonymous", "/registreren", {}),
        ("anonymous", "/inloggen", {"#field-email": "niemand@example.nl", "#field-password": "fout-wachtwoord"}),
        ("anonymous", "/wachtwoord-vergeten", {}),
        ("anonymous", f"/wachtwoord-herstellen/{portal.link_tokens['password_reset']}", {}),
        ("employer", "/werkgever/vacatures/nieuw", {}),
        ("employer", f"/werkgever/vacatures/{opening.id}/bewerken", {"#field-title": ""}),
        ("candidate", "/kandidaat/profiel", {"#field-hours_per_week": "999", "#field-travel_radius_km": "-4"}),
        ("account_manager", "/accountmanager/kandidaten/nieuw", {}),
        ("employer", "/account", {"#field-display_name": ""}),
    ]
    pages: dict[str, Any] = {}
    for role, url, fill in cases:
        page = pages.get(role) or pages.setdefault(role, open_as(role, language))
        submit_with_errors(page, url, fill)
        problems += describe(f"{role} {language} errors {url}", violations(page))
    assert not problems, "\n".join(problems)


def test_error_pages(open_as: Any) -> None:
    problems: list[str] = []
    page = open_as("employer_unverified", "ar")
    for url, status in [("/bestaat-niet", 404), ("/uitnodiging/verlopen-link", 410), ("/werkgever/kandidaten", 403)]:
        response = page.goto(url)
        assert response is not None and response.status == status, url
        problems += describe(f"{url} ({status})", violations(page))
    assert not problems, "\n".join(problems)


def test_search_results_swapped_by_htmx(open_as: Any) -> None:
    page = open_as("employer", "nl")
    page.goto("/werkgever/kandidaten")
    settle(page)
    before = page.locator("#search-results").inner_html()
    with page.expect_response(lambda r: "/werkgever/kandidaten?" in r.url and r.request.headers.get("hx-request")):
        page.fill("#field-q", "heftruck")
    settle(page)
    assert page.locator("#search-results").inner_html() != before
    # The count is announced through the page's one live region, not by reading the whole list again.
    assert page.locator("#search-results").get_attribute("aria-live") is None
    wait_text(page, "#announcer[role=status]", "gevonden")
    problems = describe("htmx search results", violations(page))
    # The manager's search too (another fragment template).
    manager = open_as("account_manager", "nl")
    manager.goto("/accountmanager/zoeken")
    with manager.expect_response(lambda r: "/accountmanager/zoeken?" in r.url and r.request.headers.get("hx-request")):
        manager.fill("#field-q", "kok")
    settle(manager)
    wait_text(manager, "#announcer[role=status]", "resulta")
    problems += describe("htmx manager search results", violations(manager))
    assert not problems, "\n".join(problems)


FOCUS_STYLE = """() => { const el = document.activeElement; if (!el || el === document.body) { return null; }
  const s = getComputedStyle(el); const r = el.getBoundingClientRect();
  return {id: el.outerHTML.slice(0, 80), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none', size: [Math.round(r.width), Math.round(r.height)]}; }"""


@pytest.mark.parametrize(("role", "url"), [("anonymous", "/inloggen"), ("candidate", "/kandidaat/video"),
                                           ("employer", "/werkgever/kandidaten")])
def test_keyboard_focus_is_always_visible(role: str, url: str, open_as: Any) -> None:
    """Tab through the page: every stop shows the focus ring and is at least 24×24 px (WCAG 2.4.7, 2.5.8)."""
    page = open_as(role, "nl")
    page.goto(url)
    settle(page)
    problems, seen = [], set()
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        if state is None or state["id"] in seen:
            break
        seen.add(state["id"])
        if not (state["outline"] or state["shadow"]):
            problems.append(f"no visible focus: {state['id']}")
        inline_link = state["id"].startswith("<a") and state["size"][1] >= 16
        if not inline_link and min(state["size"]) < 24:
            problems.append(f"target smaller than 24 px {state['size']}: {state['id']}")
    assert len(seen) > 5, f"Tab reached only {len(seen)} elements on {url}"
    assert not problems, "\n".join(problems)
