"""The video recording flow with the keyboard only (Tab, Enter, Space; no mouse), as a screen-reader
user would do it: every step must be announced in the recorder's live region and the focus must be on
the control that comes next."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests import factories
from tests.browser.a11y.axe import describe, violations
from tests.candidates.factories import consent, published
from werkgeversportaal.settings import Settings

# Records every text the status region shows (a screen reader reads these), and where focus goes.
WATCH = """() => {
  window.__said = [];
  const live = document.getElementById('rec-live');
  new MutationObserver(() => { if (live.textContent) { window.__said.push(live.textContent); } })
    .observe(live, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture
def live_settings(live_settings: Settings) -> Settings:
    live_settings.media.min_video_seconds = 3
    live_settings.media.max_video_seconds = 12
    return live_settings


def said(page: Any) -> list[str]:
    return list(page.evaluate("window.__said"))


def wait_said(page: Any, text: str, timeout: float = 30.0) -> None:
    """Poll from Python (the CSP forbids the eval that wait_for_function uses)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in s for s in said(page)):
            return
        time.sleep(0.1)
    raise AssertionError(f"never announced: {text!r}; announced: {said(page)}")


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.tagName"))


def tab_to(page: Any, element_id: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_record_and_send_a_video_with_the_keyboard_only(page: Any, live_db: Any) -> None:
    huizen = factories.municipality(live_db, "Huizen")
    candidate, user = factories.candidate(live_db, huizen, given="Amanuel", family="Tesfay")
    published(live_db, candidate)
    consent(live_db, candidate, "profile")
    consent(live_db, candidate, "video")

    page.goto("/inloggen")
    tab_to(page, "field-email")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kandidaat**")
    page.goto("/kandidaat/video")
    page.evaluate(WATCH)
    problems = describe("video page before recording", violations(page))
    assert page.get_attribute(".timer", "role") == "timer"
    assert page.get_attribute(".timer", "aria-live") == "off"

    tab_to(page, "rec-check")
    page.keyboard.press("Enter")
    wait_said(page, "Camera en microfoon werken.")
    assert focused(page) == "rec-start"

    page.keyboard.press("Space")  # the countdown starts; Stop (cancel) has the focus
    wait_said(page, "De opname begint over 3")
    assert focused(page) == "rec-stop"
    wait_said(page, "Opname loopt.")
    wait_said(page, "Nog ")  # "Nog 10 seconden." (the time left, announced at 10 s before the maximum)
    assert any(re.fullmatch(r"Nog \d+ seconden\.", s) for s in said(page)), said(page)
    wait_said(page, "U kunt nu stoppen.")
    assert focused(page) == "rec-stop"
    problems += describe("video page while recording", violations(page))
    page.keyboard.press("Enter")
    wait_said(page, "Opname gestopt. Bekijk uw video.")
    assert focused(page) == "rec-keep"
    assert int(page.locator("#rec-time").inner_text()) >= 3

    page.keyboard.press("Enter")  # keep and send
    wait_said(page, "Bezig met versturen")
    wait_said(page, "Uw video is ontvangen.")  # the server's message after the upload
    # The status box takes the focus; its updates while processing are announced too.
    wait_said(page, "Uw video is klaar. Uw accountmanager bekijkt hem nog.", timeout=60)
    assert focused(page) == "video-status"
    problems += describe("video page after sending", violations(page))
    order = [next(i for i, s in enumerate(said(page)) if text in s) for text in (
        "Camera en microfoon werken.", "De opname begint over", "Opname loopt.", "U kunt nu stoppen.",
        "Opname gestopt.", "Bezig met versturen", "Uw video is ontvangen.", "Uw video is klaar.")]
    assert order == sorted(order), said(page)
    assert not problems, "\n".join(problems)


def test_the_countdown_can_be_cancelled_with_the_keyboard(page: Any, live_db: Any) -> None:
    huizen = factories.municipality(live_db, "Huizen")
    _candidate, user = factories.candidate(live_db, huizen)
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord", exact=True).fill(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kandidaat**")
    page.goto("/kandidaat/video")
    page.evaluate(WATCH)
    tab_to(page, "rec-check")
    page.keyboard.press("Enter")
    wait_said(page, "Camera en microfoon werken.")
    page.keyboard.press("Enter")
    wait_said(page, "De opname begint over 3")
    page.keyboard.press("Enter")  # on Stop: cancels the countdown
    wait_said(page, "Opname geannuleerd.")
    assert focused(page) == "rec-start"
    time.sleep(3.5)
    assert not any("Opname loopt" in s for s in said(page))
