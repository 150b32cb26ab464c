"""In a real browser: an employer asks to meet a candidate, the candidate agrees, the accountmanager plans the
meeting, starts a trial placement, places the candidate and records the first follow-up; the report shows it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests import factories
from tests.browser.conftest import browser_login
from tests.candidates.factories import visible_candidate
from werkgeversportaal.db.models import Role


def test_request_agree_meet_trial_place_follow_up_and_report(page: Any, new_page: Any, live_db: Any) -> None:
    huizen = factories.municipality(live_db, "Huizen")
    am = factories.user(live_db, Role.ACCOUNT_MANAGER, email="am@huizen.nl", municipality_id=huizen.id,
                        name="Anna Accountmanager")
    _employer, employer_user = factories.employer(live_db, name="Bouwbedrijf Gooi")
    candidate = visible_candidate(live_db, huizen, given="Amanuel", family="Tesfay")
    today = date.today()

    # The employer asks to meet the candidate from the candidate's page.
    browser_login(page, employer_user.email, factories.PASSWORD)
    page.goto(f"/werkgever/kandidaten/{candidate.id}")
    page.get_by_role("link", name="Kennismaking aanvragen").click()
    page.get_by_label("Waarom wilt u kennismaken?").fill("Wij zoeken een metselaar en hebben een taalmaatje.")
    page.get_by_role("button", name="Verzoek versturen").click()
    page.wait_for_url("**/werkgever/kennismakingen")
    assert "Aangevraagd" in page.content() and "Tesfay" not in page.content()

    # The candidate agrees.
    cand = new_page()
    browser_login(cand, candidate.user.email, factories.PASSWORD)
    cand.goto("/kandidaat/kennismakingen")
    assert "Bouwbedrijf Gooi" in cand.content()
    cand.get_by_role("button", name="Ja, ik wil kennismaken").click()
    assert "Kandidaat akkoord" in cand.content()

    # The accountmanager plans the meeting, starts a trial and places the candidate.
    amp = new_page()
    browser_login(amp, am.email, factories.PASSWORD)
    amp.goto("/accountmanager")
    amp.get_by_role("link", name="Bouwbedrijf Gooi – Amanuel Tesfay").click()
    amp.get_by_label("Datum", exact=True).fill((today + timedelta(days=2)).isoformat())
    amp.get_by_label("Tijd", exact=True).fill("10:30")
    amp.get_by_label("Hoe", exact=True).select_option("on_site")
    amp.get_by_label("Adres of link van het videogesprek").fill("Kerkstraat 1, Huizen")
    amp.get_by_label("Er is een tolk nodig").check()
    amp.get_by_role("button", name="Kennismaking plannen").click()
    assert "Kennismaking gepland" in amp.get_by_role("status").first.inner_text()
    amp.get_by_label("Begindatum").fill((today + timedelta(days=7)).isoformat())
    amp.get_by_label("Einddatum").fill((today + timedelta(days=35)).isoformat())
    amp.get_by_role("button", name="Proefplaatsing starten").click()
    assert "Proefplaatsing" in amp.get_by_role("status").first.inner_text()
    amp.get_by_label("Soort contract").select_option("temporary")
    amp.get_by_label("Startdatum").fill((today - timedelta(days=14)).isoformat())
    amp.get_by_role("button", name="Geplaatst").click()
    assert "Geplaatst" in amp.get_by_role("status").first.inner_text()

    # The first follow-up check-in is done and goes well.
    amp.get_by_label("Datum gedaan").first.fill(today.isoformat())
    amp.get_by_label("Hoe gaat het?").first.select_option("going_well")
    amp.get_by_label("Jobcoach").first.check()
    amp.get_by_role("button", name="Nazorgmoment bewaren").first.click()
    assert "bewaard" in amp.get_by_role("status").first.inner_text()
    assert amp.get_by_label("Hoe gaat het?").first.input_value() == "going_well"

    # The report shows one placement.
    amp.get_by_role("link", name="Rapportages").first.click()
    assert amp.get_by_test_id("placements-total").inner_text() == "1"
    assert amp.locator("svg").count() >= 4

    # On the board the card moves on with htmx, in place.
    amp.goto("/accountmanager/kennismakingen/bord")
    with amp.expect_response(lambda r: "/stap/start_followup" in r.url) as answer:
        amp.get_by_role("button", name="Nazorg starten").click()
    assert answer.value.request.headers.get("hx-request") == "true" and answer.value.status == 200
    amp.get_by_role("button", name="Afronden").wait_for()
    assert amp.url.endswith("/accountmanager/kennismakingen/bord")
