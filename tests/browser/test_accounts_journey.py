"""A newcomer in a real browser: registers the organisation, sees the waiting state, logs out and in."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import browser_login


def test_employer_registers_in_the_browser(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Meld uw organisatie aan").first.click()
    page.get_by_label("Naam van de organisatie").fill("Transportbedrijf Eemland")
    page.get_by_label("KvK-nummer").fill("1234567")  # one digit short
    page.get_by_label("Plaats").fill("Huizen")
    page.get_by_label("Transport en logistiek").check()
    page.get_by_label("Uw naam").fill("Karim Bouzid")
    page.get_by_label("E-mailadres").fill("karim@eemland-transport.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("Vrachtwagen-over-de-A1-2026")
    page.get_by_label("Herhaal het wachtwoord").fill("Vrachtwagen-over-de-A1-2026")
    page.get_by_label("Ik ga akkoord").check()
    page.get_by_role("button", name="Aanmelden").click()
    alert = page.get_by_role("alert")
    assert "8 cijfers" in alert.inner_text()
    assert page.get_by_label("Naam van de organisatie").input_value() == "Transportbedrijf Eemland"
    assert page.get_by_label("Wachtwoord", exact=True).input_value() == ""

    page.get_by_label("KvK-nummer").fill("12345678")
    page.get_by_label("Wachtwoord", exact=True).fill("Vrachtwagen-over-de-A1-2026")
    page.get_by_label("Herhaal het wachtwoord").fill("Vrachtwagen-over-de-A1-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/inloggen")
    assert "Bedankt voor uw aanmelding" in page.content()
    browser_login(page, "karim@eemland-transport.nl", "Vrachtwagen-over-de-A1-2026")
    page.wait_for_url("**/werkgever")
    assert "wacht op controle" in page.content()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/")
    browser_login(page, "karim@eemland-transport.nl", "Vrachtwagen-over-de-A1-2026")
    assert page.url.endswith("/werkgever")
