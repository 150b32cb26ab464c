"""The language is chosen at the first visit and remembered; candidates have four languages, the other
roles Dutch and English (other choices fall back to Dutch there)."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests import factories
from tests.conftest import post_form
from werkgeversportaal.db.models import Role, User

NEW_PASSWORD = "Lange-zin-over-de-Vecht-9"


def html_lang(page: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([a-z]+)" dir="(ltr|rtl)">', page)
    assert match, page[:300]
    return match.group(1), match.group(2)


def switcher_options(page: str) -> list[str]:
    select_html = page.split('id="lang-select"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([a-z]+)" lang="\1"', select_html)


def test_candidate_without_a_language_chooses_one_before_anything_else(db, huizen, as_user) -> None:
    _candidate, user = factories.candidate(db, huizen)
    user.language_chosen_at = None
    db.commit()
    me = as_user(user)
    for path in ("/kandidaat", "/kandidaat/profiel", "/account"):
        response = me.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/taal?next=")
    page = me.get("/taal", params={"next": "/kandidaat/profiel"}).text
    # Big buttons, each language named in itself, with its own lang (and dir) attribute.
    assert re.search(r'<button type="submit" name="lang" value="ar" lang="ar" dir="rtl"[^>]*>العربية</button>', page)
    assert re.search(r'<button type="submit" name="lang" value="ti" lang="ti" dir="ltr"[^>]*>ትግርኛ</button>', page)
    assert 'value="nl" lang="nl"' in page and 'value="en" lang="en"' in page

    chosen = post_form(me, "/taal", {"lang": "ar", "next": "/kandidaat/profiel"})
    assert chosen.status_code == 303 and chosen.headers["location"] == "/kandidaat/profiel"
    assert "lang=ar" in chosen.headers["set-cookie"]
    db.expire_all()
    stored = db.get(User, user.id)
    assert stored.preferred_language == "ar" and stored.language_chosen_at is not None

    profile = me.get("/kandidaat/profiel", follow_redirects=False)
    assert profile.status_code == 200 and html_lang(profile.text) == ("ar", "rtl")
    assert "ملفي الشخصي" in profile.text
    # Remembered on the user, not only in the cookie: a new browser gets Arabic too.
    other = as_user(stored)
    assert html_lang(other.get("/kandidaat").text) == ("ar", "rtl")


def test_invitation_link_asks_for_the_language_first_and_stores_it(client, db, mailbox, run_jobs, new_client,
                                                                   huizen, account_manager) -> None:
    am = new_client()
    from tests.conftest import login

    login(am, account_manager.email, factories.PASSWORD)
    response = post_form(am, "/accountmanager/kandidaten/nieuw",
                         {"given_name": "Selam", "family_name": "Gebre", "email": "selam@example.nl",
                          "preferred_language": "nl"})
    assert response.status_code == 303
    run_jobs()
    link = mailbox.link_in(mailbox.last_to("selam@example.nl"), "/uitnodiging/")

    browser = new_client()
    first = browser.get(link, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/taal?next=%2Fuitnodiging%2F")
    choice = browser.get(first.headers["location"])
    assert "ትግርኛ" in choice.text
    assert post_form(browser, "/taal", {"lang": "ti", "next": link}).status_code == 303
    form = browser.get(link)
    assert form.status_code == 200 and html_lang(form.text) == ("ti", "ltr")
    assert "ቃል ምሕላፍ" in form.text  # "password" in Tigrinya
    done = post_form(browser, link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/kandidaat"
    db.expire_all()
    user = db.scalar(select(User).where(User.email == "selam@example.nl"))
    assert user.preferred_language == "ti" and user.language_chosen_at is not None
    home = browser.get("/kandidaat", follow_redirects=False)
    assert home.status_code == 200 and html_lang(home.text) == ("ti", "ltr") and "ሰላም" in home.text


def test_switcher_offers_arabic_and_tigrinya_to_candidates_only(db, huizen, as_user) -> None:
    _candidate, user = factories.candidate(db, huizen)
    me = as_user(user)
    assert switcher_options(me.get("/kandidaat").text) == ["nl", "en", "ar", "ti"]
    assert post_form(me, "/taal", {"lang": "ti", "next": "/kandidaat"}).status_code == 303
    assert html_lang(me.get("/kandidaat").text) == ("ti", "ltr")

    _employer, employer_user = factories.employer(db)
    boss = as_user(employer_user)
    assert switcher_options(boss.get("/werkgever").text) == ["nl", "en"]
    refused = post_form(boss, "/taal", {"lang": "ar", "next": "/werkgever"})
    assert refused.status_code == 303 and "set-cookie" not in refused.headers
    db.expire_all()
    assert db.get(User, employer_user.id).preferred_language == "nl"


def test_employer_and_accountmanager_pages_fall_back_to_dutch(db, huizen, as_user, account_manager) -> None:
    _employer, employer_user = factories.employer(db)
    for user, path in ((employer_user, "/werkgever"), (account_manager, "/accountmanager")):
        browser = as_user(user)
        browser.cookies.set("lang", "ar")
        page = browser.get(path)
        assert page.status_code == 200 and html_lang(page.text) == ("nl", "ltr")
        browser.cookies.set("lang", "en")
        assert html_lang(browser.get(path).text) == ("en", "ltr")
    # A user whose stored language is Arabic (changed role, old data) still gets Dutch there.
    employer_user.preferred_language = "ar"
    db.commit()
    assert html_lang(as_user(employer_user).get("/werkgever").text) == ("nl", "ltr")


def test_public_pages_a_candidate_passes_through_follow_the_choice(new_client) -> None:
    browser = new_client()
    browser.cookies.set("lang", "ar")
    for path in ("/inloggen", "/wachtwoord-vergeten", "/taal"):
        page = browser.get(path)
        assert page.status_code == 200 and html_lang(page.text) == ("ar", "rtl"), path
    assert "تسجيل الدخول" in browser.get("/inloggen").text
    missing = browser.get("/bestaat-niet")
    assert missing.status_code == 404 and html_lang(missing.text) == ("ar", "rtl")
    assert "هذه الصفحة غير موجودة" in missing.text
    # The employer pages exist in Dutch and English only.
    for path in ("/", "/registreren", "/werkgevers"):
        assert html_lang(browser.get(path).text) == ("nl", "ltr"), path
    anonymous = new_client()
    anonymous.headers["accept-language"] = "ti,en;q=0.5"
    assert html_lang(anonymous.get("/inloggen").text) == ("ti", "ltr")
    assert html_lang(anonymous.get("/").text) == ("en", "ltr")


def test_account_page_languages_per_role(db, huizen, as_user) -> None:
    _candidate, user = factories.candidate(db, huizen)
    me = as_user(user)
    page = me.get("/account").text
    assert 'value="ar"' in page and 'value="ti"' in page
    assert post_form(me, "/account", {"display_name": "Amanuel", "preferred_language": "ti"}).status_code == 303

    _employer, employer_user = factories.employer(db)
    boss = as_user(employer_user)
    form = boss.get("/account").text.split('id="field-preferred_language"', 1)[1].split("</select>", 1)[0]
    assert 'value="ar"' not in form and 'value="ti"' not in form
    refused = post_form(boss, "/account", {"display_name": "Baas", "preferred_language": "ar"})
    assert refused.status_code == 400 and "Kies een taal uit de lijst." in refused.text
    db.expire_all()
    assert db.get(User, employer_user.id).preferred_language == "nl"
    assert db.get(User, user.id).preferred_language == "ti"
    assert db.scalar(select(User.role).where(User.id == user.id)) is Role.CANDIDATE


def test_language_chosen_before_logging_in_is_kept(db, huizen, new_client) -> None:
    from tests.conftest import login

    _candidate, user = factories.candidate(db, huizen)
    user.language_chosen_at = None
    db.commit()
    browser = new_client()
    assert post_form(browser, "/taal", {"lang": "ar", "next": "/inloggen"}, page="/taal").status_code == 303
    response = login(browser, user.email, factories.PASSWORD)
    assert "lang=ar" in response.headers["set-cookie"]
    db.expire_all()
    assert db.get(User, user.id).preferred_language == "ar"
    home = browser.get("/kandidaat", follow_redirects=False)
    assert home.status_code == 200 and html_lang(home.text) == ("ar", "rtl")
