"""In a real browser: an employer registers, an accountmanager verifies it, the employer publishes an
opening (inline, with htmx) and anyone then finds it in the public register."""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.browser.conftest import browser_login
from werkgeversportaal.db.models import Role

PASSWORD = "Vrachtwagen-over-de-A1-2026"


def test_register_verify_publish_and_find_in_the_register(page: Any, new_page: Any, live_db: Any) -> None:
    # The employer registers the organisation and opts in to the public register.
    page.goto("/registreren")
    page.get_by_label("Naam van de organisatie").fill("Transportbedrijf Eemland")
    page.get_by_label("KvK-nummer").fill("24681357")
    page.get_by_label("Plaats").fill("Huizen")
    page.get_by_label("Transport en logistiek").check()
    page.get_by_label("Uw naam").fill("Karim Bouzid")
    page.get_by_label("E-mailadres").fill("karim@eemland-transport.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik ga akkoord").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/inloggen")
    browser_login(page, "karim@eemland-transport.nl", PASSWORD)
    page.wait_for_url("**/werkgever")
    page.get_by_role("link", name="Organisatie", exact=True).click()
    page.get_by_label("Korte beschrijving").fill("Wij rijden door heel Nederland en leiden zelf chauffeurs op.")
    page.get_by_label("Zet ons in het openbare register").check()
    page.get_by_label("Een mentor of buddy op het werk").check()
    page.get_by_role("button", name="Opslaan").click()
    assert "opgeslagen" in page.get_by_role("status").first.inner_text()

    # A draft can be prepared, but not published while unverified.
    page.goto("/werkgever/vacatures/nieuw")
    page.get_by_label("Soort plek").select_option("work_study")
    page.get_by_label("Titel").fill("Leerling-chauffeur")
    page.get_by_label("Sector").select_option("transport")
    page.get_by_label("Plaats").fill("Huisen")  # a typo: the portal suggests the right place
    page.get_by_label("Uren per week").fill("32")
    page.get_by_label("woensdag").first.check()
    page.get_by_role("button", name="Bewaren als concept").click()
    assert "Bedoelt u:" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Titel").input_value() == "Leerling-chauffeur"
    page.get_by_label("Plaats").fill("Huizen")
    page.get_by_role("button", name="Bewaren als concept").click()
    page.wait_for_url("**/werkgever/vacatures/*")
    opening_url = page.url
    assert "nog niet gecontroleerd" in page.content()

    # The accountmanager verifies the organisation from the queue.
    municipality = factories.municipality(live_db, "Huizen")
    am = factories.user(live_db, Role.ACCOUNT_MANAGER, email="am@huizen.nl", municipality_id=municipality.id)
    am_page = new_page()
    browser_login(am_page, am.email, factories.PASSWORD)
    am_page.get_by_role("link", name="Naar de controle van werkgevers").click()
    am_page.get_by_role("link", name="Transportbedrijf Eemland").click()
    am_page.get_by_role("button", name="Verifiëren").click()
    assert "gecontroleerd" in am_page.get_by_role("status").first.inner_text()

    # Now the employer publishes inline (htmx swaps the status block in place).
    page.goto(opening_url)
    with page.expect_response(lambda r: r.url.endswith("/status")) as answer:
        page.get_by_role("button", name="Publiceren").click()
    assert answer.value.request.headers.get("hx-request") == "true" and answer.value.status == 200
    page.get_by_role("heading", name="Status: Gepubliceerd").wait_for()
    assert page.url == opening_url

    # Anyone finds the employer and the opening in the public register.
    visitor = new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Register van werkgevers").click()
    visitor.get_by_label("Sector").select_option("transport")
    visitor.get_by_role("button", name="Filteren").click()
    visitor.get_by_role("link", name="Transportbedrijf Eemland").click()
    assert visitor.get_by_role("heading", name="Leerling-chauffeur").is_visible()
    assert "Een mentor of buddy op het werk" in visitor.content()

    # The accountmanager sees the audit trail of the employer and its opening.
    am_page.reload()
    history = am_page.get_by_role("table").last.inner_text()
    assert "employer.verify" in history and "opening.published" in history
