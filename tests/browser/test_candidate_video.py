"""The video journey in real Chromium with the fake camera: record, upload, process, approve, play."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests import factories
from tests.browser.conftest import browser_login
from tests.candidates.factories import published
from werkgeversportaal.db.models import Role
from werkgeversportaal.settings import Settings


def wait_until(page: Any, expression: str, timeout: float = 20.0) -> Any:
    """Poll a JS expression from Python: the page's CSP forbids the eval that wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not true within {timeout} s: {expression}")


@pytest.fixture
def live_settings(live_settings: Settings) -> Settings:
    live_settings.media.min_video_seconds = 5
    live_settings.media.max_video_seconds = 6
    return live_settings


def test_candidate_records_and_employer_plays_the_video(page: Any, new_page: Any, live_db: Any) -> None:
    huizen = factories.municipality(live_db, "Huizen")
    am = factories.user(live_db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id, email="anna@huizen.nl")
    candidate, user = factories.candidate(live_db, huizen, given="Amanuel", family="Tesfay")
    published(live_db, candidate)
    _employer, employer_user = factories.employer(live_db, contact_email="karim@bouw.nl")

    browser_login(page, user.email, factories.PASSWORD)
    page.goto("/kandidaat/toestemming")
    page.get_by_role("button", name="Ik geef toestemming").first.click()
    page.get_by_role("button", name="Ik geef toestemming").first.click()
    assert page.get_by_role("button", name="Toestemming intrekken").count() == 2

    page.goto("/kandidaat/video")
    page.get_by_role("button", name="Camera en microfoon testen").click()
    start = page.get_by_role("button", name="Opname starten")
    wait_until(page, "!document.getElementById('rec-start').disabled")
    assert "Camera en microfoon werken" in page.locator("#rec-live").inner_text()
    start.click()
    # 3 s countdown, then the recorder stops itself at the 6 s maximum.
    keep = page.get_by_role("button", name="Deze video bewaren en versturen")
    keep.wait_for(state="visible", timeout=20000)
    assert page.locator("#rec-time").inner_text() == "6"
    keep.click()
    wait_until(page, "document.getElementById('video-status').dataset.status === 'ready'", timeout=60)
    assert "accountmanager bekijkt hem nog" in page.locator("#video-status-text").inner_text()

    moderator = new_page()
    browser_login(moderator, am.email, factories.PASSWORD)
    moderator.goto("/accountmanager/videos")
    moderator.get_by_role("link", name="Amanuel Tesfay").click()
    moderator.get_by_role("button", name="Goedkeuren").click()
    moderator.wait_for_url("**/accountmanager/videos")

    employer = new_page()
    browser_login(employer, employer_user.email, factories.PASSWORD)
    employer.goto(f"/werkgever/kandidaten/{candidate.id}")
    assert "Amanuel T." in employer.content() and "Tesfay" not in employer.locator("main").inner_text()
    wait_until(employer, "document.getElementById('candidate-video').readyState >= 2")
    duration = employer.evaluate("document.getElementById('candidate-video').duration")
    assert 4.5 < duration < 7.5
