"""Dates through Babel in the candidate's language; consent texts, e-mails and B1 texts per language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests import factories
from tests.candidates.factories import consent
from tests.conftest import post_form
from werkgeversportaal.db.models import Consent, ConsentScope, ConsentText
from werkgeversportaal.domain.candidates.consent_texts import TEXTS, current_version
from werkgeversportaal.lib import i18n

MARCH = {"nl": "maart", "en": "March", "ar": "مارس", "ti": "መጋቢት"}


@pytest.mark.parametrize("lang", ["ar", "ti", "nl"])
def test_candidate_pages_show_month_names_in_the_chosen_language(db, huizen, as_user, lang) -> None:
    candidate, user = factories.candidate(db, huizen, available_from=date(2027, 3, 15))
    user.preferred_language = lang
    grant = consent(db, candidate, "profile")
    grant.granted_at = datetime(2026, 3, 5, 10, 30, tzinfo=UTC)
    db.commit()
    me = as_user(user)
    page = me.get("/kandidaat/toestemming").text
    assert (f"{MARCH[lang]} 5, 2026" if lang == "ti" else f"5 {MARCH[lang]} 2026") in page
    if lang != "nl":
        assert "05-03-2026" not in page  # no hard-coded Dutch day-month-year any more
    preview = me.get("/kandidaat/voorbeeld").text
    assert MARCH[lang] in preview and "2027" in preview
    # Latin digits in Arabic too (the digits candidates type into forms and see on Dutch letters).
    assert "٢٠٢٦" not in page


def test_format_helpers_use_the_active_locale() -> None:
    i18n.set_locale("ar")
    try:
        assert i18n.format_day(date(2026, 1, 7), "long") == "7 يناير 2026"
        assert i18n.format_number(1234.5) == "1,234.5"
    finally:
        i18n.set_locale("nl")
    assert i18n.format_day(date(2026, 1, 7), "long") == "7 januari 2026"


def test_format_day_shows_each_datetime_in_its_own_zone_also_when_instants_are_equal() -> None:
    from zoneinfo import ZoneInfo

    utc = datetime(2026, 1, 7, 10, 30, tzinfo=UTC)
    dutch = utc.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert utc == dutch  # the same instant: format_day's kept results must not mix them up
    assert i18n.format_day(utc, "short") == "07-01-2026, 10:30"
    assert i18n.format_day(dutch, "short") == "07-01-2026, 11:30"
    assert i18n.format_day(utc, "short") == "07-01-2026, 10:30"
    i18n.set_locale("en")
    try:
        assert i18n.format_day(utc, "short") != "07-01-2026, 10:30"  # the language is part of the key too
    finally:
        i18n.set_locale("nl")


@pytest.mark.parametrize("lang", ["nl", "en", "ar", "ti"])
def test_current_consent_texts_exist_in_every_language_and_are_stored_as_shown(db, huizen, as_user, lang) -> None:
    _candidate, user = factories.candidate(db, huizen)
    user.preferred_language = lang
    db.commit()
    me = as_user(user)
    page = me.get("/kandidaat/toestemming").text
    for scope in ConsentScope:
        title, body = TEXTS[(scope, current_version(scope), lang)]
        assert title in page and body in page
    assert post_form(me, "/kandidaat/toestemming/profile").status_code == 303
    grant = db.scalar(select(Consent))
    assert grant.language == lang and grant.text_version == current_version(ConsentScope.PROFILE)
    stored = db.scalar(select(ConsentText).where(ConsentText.scope == ConsentScope.PROFILE,
                                                 ConsentText.version == grant.text_version,
                                                 ConsentText.language == lang))
    assert stored is not None and stored.body == TEXTS[(ConsentScope.PROFILE, grant.text_version, lang)][1]


def test_a_grant_on_an_older_text_asks_again_in_plain_words(db, huizen, as_user) -> None:
    candidate, user = factories.candidate(db, huizen)
    consent(db, candidate, "profile", version=current_version(ConsentScope.PROFILE) - 1)
    page = as_user(user).get("/kandidaat/toestemming").text
    assert "De tekst is veranderd. Lees de nieuwe tekst." in page
    assert "U heeft toestemming gegeven op" not in page.split("consent-video")[0]


def test_candidate_invitation_email_in_the_candidates_language(db, mailbox, run_jobs, new_client, huizen,
                                                                account_manager) -> None:
    from tests.conftest import login

    am = new_client()
    login(am, account_manager.email, factories.PASSWORD)
    for email, lang, words in (("layla@example.nl", "ar", "مرحبًا"), ("yonas@example.nl", "ti", "ሰላም")):
        response = post_form(am, "/accountmanager/kandidaten/nieuw",
                             {"given_name": "Naam", "family_name": "Achternaam", "email": email,
                              "preferred_language": lang})
        assert response.status_code == 303
        run_jobs()
        message = mailbox.last_to(email)
        assert words in mailbox.text(message)
        assert "/uitnodiging/" in mailbox.text(message)
        html = next(part.get_content() for part in message.walk() if part.get_content_type() == "text/html")
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html


def test_labels_of_equal_valued_enums_do_not_replace_each_other() -> None:
    import werkgeversportaal.domain.candidates.options
    import werkgeversportaal.domain.introductions.labels  # noqa: F401 (both register their labels)
    from werkgeversportaal.db.models import MeetingMode, ModerationStatus, VerificationStatus, ViewKind
    from werkgeversportaal.lib.labels import label

    assert ConsentScope.VIDEO == ViewKind.VIDEO  # str enums: equal values compare equal
    assert label(ConsentScope.VIDEO) == "Video zichtbaar voor werkgevers"
    assert label(ViewKind.VIDEO) == "Video"
    assert label(ConsentScope.PROFILE) == "Profiel zichtbaar voor werkgevers"
    assert label(MeetingMode.VIDEO) == "Videogesprek"
    assert label(ModerationStatus.REJECTED) == "Afgekeurd" and label(VerificationStatus.REJECTED) == "Afgewezen"


def test_month_labels_through_babel() -> None:
    assert i18n.format_month("2026-03") == "mrt 2026"
    i18n.set_locale("en")
    try:
        assert i18n.format_month(date(2026, 3, 1)) == "Mar 2026"
    finally:
        i18n.set_locale("nl")


def test_a_message_looked_up_once_and_formatted_per_item_reads_as_formatted_at_once() -> None:
    """`_("... %(date)s")` without values gives the translated message, |format fills it in and escapes."""
    from pathlib import Path

    from werkgeversportaal.lib.templating import create_jinja_env

    env = create_jinja_env(Path(__file__).resolve().parents[2] / "templates")
    once = env.from_string('{% set on = _("Ontvangen op %(date)s") %}{% for d in days %}{{ on|format(date=d) }};'
                           '{% endfor %}')
    each = env.from_string('{% for d in days %}{{ _("Ontvangen op %(date)s", date=d) }};{% endfor %}')
    days = ["7 jan.", "<b>&"]
    i18n.set_locale("en")
    try:
        assert once.render(days=days) == each.render(days=days) == "Received on 7 jan.;Received on &lt;b&gt;&amp;;"
    finally:
        i18n.set_locale("nl")
    assert env.from_string('{{ _("Nog %(n)s%%", n=5) }}').render() == "Nog 5%"
