"""Rule 6 (bad input gets a clear error and changes nothing) fuzzed over the important HTML forms.

Per example, one to three fields of a valid submission get an arbitrary value: any unicode text,
empty, whitespace, huge, control characters and NUL. Then:
- never a server error;
- refused (400, or the log-in page again) → an error message is on the page and the saved state
  is exactly what it was;
- accepted (303) → only when every fuzzed value is acceptable (no control characters; within the
  length the field allows), and the text fields hold what was typed (trimmed), nothing cut off.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests import factories
from tests.candidates.factories import consent, published
from tests.conftest import TestDatabase, attach_session
from tests.employers.factories import opening_form
from tests.introductions.factories import introduction
from werkgeversportaal.app import create_app
from werkgeversportaal.db.models import (
    Candidate,
    Employer,
    Introduction,
    IntroductionStatus,
    OneTimeToken,
    Opening,
    Role,
    SavedSearch,
    User,
)
from werkgeversportaal.db.models.accounts import TokenPurpose
from werkgeversportaal.lib.security import token_digest
from werkgeversportaal.settings import Settings

EXAMPLES_PER_FORM = 25
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ERROR_MARKERS = ('class="error-summary"', 'class="error-text"', 'role="alert"')

text_values = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8).map(lambda s: s * 700),
    st.sampled_from(["", " ", "\x00", "a\x00b", "\t\n", "\u202eevil", "<script>x</script>", "Ωmega 💼", "9" * 40,
                     "-1", "0", "1e309", "NaN", "2026-02-30", "'; DROP TABLE user_account; --", "x" * 100_000]),
    st.text(st.sampled_from("\x00\x01\x1b\x7f ab\u00e9"), min_size=1, max_size=12),
)


@dataclass
class Form:
    name: str
    actor: str | None
    path: Callable[[Any], str]
    baseline: Callable[[Any], dict[str, Any]]
    fields: list[str]
    snapshot: Callable[[Session, Any], Any]
    max_length: dict[str, int] = field(default_factory=dict)
    # Text fields stored as typed (trimmed), checked after an accepted submission: field -> reader.
    stored: dict[str, Callable[[Session, Any], Any]] = field(default_factory=dict)
    method: str = "POST"
    # Search parameters are lenient by design (an unusable filter is dropped with a note), so they
    # may be accepted with any value; what is stored must then be clean.
    lenient: frozenset[str] = frozenset()


def count(model: Any, *where: Any) -> Callable[[Session, Any], Any]:
    return lambda db, w: db.scalar(select(func.count()).select_from(model).where(*where))


def row(model: Any, key: str, *columns: str) -> Callable[[Session, Any], Any]:
    def read(db: Session, w: Any) -> Any:
        obj = db.get(model, w[key].id)
        db.refresh(obj)
        return tuple(getattr(obj, c) for c in columns)
    return read


def attr(model: Any, key: str, column: str) -> Callable[[Session, Any], Any]:
    def read(db: Session, w: Any) -> Any:
        obj = db.get(model, w[key].id)
        db.refresh(obj)
        return getattr(obj, column)
    return read


def unique_registration(w: Any) -> dict[str, Any]:
    n = secrets.randbelow(10**8)
    return {"organisation_name": "Fuzz BV", "kvk_number": f"{n:08d}", "place": "Huizen", "contact_name": "Fuzz Test",
            "email": f"fuzz{secrets.token_hex(6)}@example.nl", "password": factories.PASSWORD,
            "password_confirm": factories.PASSWORD, "sectors": ["construction"], "accept_terms": "on"}


def meeting(w: Any) -> dict[str, Any]:
    return {"version": str(w["db"].scalar(select(Introduction.version).where(Introduction.id == w["intro"].id))),
            "meeting_date": (date.today() + timedelta(days=7)).isoformat(), "meeting_time": "10:30",
            "meeting_mode": "on_site", "meeting_place": "Stadhuis Huizen", "attendees": "Jan en Fatima"}


PROFILE_TEXT = ["self_introduction", "place", "wished_occupations"]
AM_PROFILE = ["place", "education_field", "experience_1_occupation", "competences", "private_notes",
              "self_introduction", "birth_year", "hours_per_week", "available_from", "wished_sectors",
              "dutch_speaking", "work_level"]

FORMS = [
    Form("registration", None, lambda w: "/registreren", unique_registration,
         ["organisation_name", "kvk_number", "place", "contact_name", "email", "password", "password_confirm",
          "sectors"], count(User), {"organisation_name": 160, "place": 120, "contact_name": 120, "email": 254,
                                    "password": 256, "password_confirm": 256}),
    Form("login", None, lambda w: "/inloggen",
         lambda w: {"email": w["login_user"].email, "password": factories.PASSWORD, "next": "/account"},
         ["email", "password", "next"], count(User, User.last_login_at.is_not(None))),
    Form("password reset request", None, lambda w: "/wachtwoord-vergeten", lambda w: {"email": "niemand@example.nl"},
         ["email"], count(OneTimeToken), {"email": 254}),
    Form("password reset", None, lambda w: f"/wachtwoord-herstellen/{w['reset_token']}",
         lambda w: {"password": "Nieuw-paard-batterij-43", "password_confirm": "Nieuw-paard-batterij-43"},
         ["password", "password_confirm"], attr(User, "reset_user", "password_hash"),
         {"password": 256, "password_confirm": 256}),
    Form("employer organisation", "employer", lambda w: "/werkgever/organisatie",
         lambda w: {"name": "Bouwbedrijf Fuzz", "kvk_number": w["employer"].kvk_number, "place": "Huizen",
                    "sectors": ["construction"], "street": "Dorpsstraat 1", "postal_code": "1271 AB",
                    "website": "https://example.nl", "description": "Wij bouwen huizen."},
         ["name", "place", "street", "postal_code", "website", "description", "sectors", "kvk_number"],
         row(Employer, "employer", "name", "place", "street", "postal_code", "website", "description", "sectors"),
         {"name": 160, "place": 120, "street": 160, "website": 255, "description": 4000},
         stored={"name": attr(Employer, "employer", "name"), "place": attr(Employer, "employer", "place"),
                 "street": attr(Employer, "employer", "street"),
                 "description": attr(Employer, "employer", "description")}),
    Form("opening", "employer", lambda w: "/werkgever/vacatures/nieuw", lambda w: opening_form(),
         ["title", "place", "description", "occupation", "duration", "pay_indication", "hours_per_week",
          "places_available", "start_date", "closing_date", "kind", "sector", "workdays", "dutch_level"],
         count(Opening), {"title": 160, "place": 120, "description": 8000, "occupation": 160, "duration": 120,
                          "pay_indication": 160}),
    Form("candidate profile (candidate)", "candidate", lambda w: "/kandidaat/profiel",
         lambda w: {"self_introduction": "Ik werk graag buiten.", "place": "Huizen", "travel_radius_km": "20",
                    "wished_sectors": ["construction"], "wished_occupations": "Metselaar", "hours_per_week": "32",
                    "available_from": date.today().isoformat(), "language_class_days": ["mon"]},
         [*PROFILE_TEXT, "travel_radius_km", "wished_sectors", "hours_per_week", "available_from",
          "language_class_days"],
         row(Candidate, "candidate", "self_introduction", "place", "wished_occupations", "hours_per_week",
             "wished_sectors", "travel_radius_km"),
         {"self_introduction": 2000, "place": 120, "wished_occupations": 255},
         stored={f: attr(Candidate, "candidate", f) for f in PROFILE_TEXT}),
    Form("candidate profile (accountmanager)", "account_manager",
         lambda w: f"/accountmanager/kandidaten/{w['candidate'].id}/profiel",
         lambda w: {"place": "Huizen", "education_field": "Bouw", "experience_1_occupation": "Metselaar",
                    "competences": "Samenwerken", "private_notes": "Afspraak volgt", "self_introduction": "Hallo",
                    "birth_year": "1990", "hours_per_week": "32", "wished_sectors": ["construction"],
                    "dutch_speaking": "A2", "work_level": "mbo2", "published": "on"},
         AM_PROFILE,
         row(Candidate, "candidate", "place", "self_introduction", "private_notes", "assessment", "birth_year",
             "hours_per_week", "wished_sectors", "published", "education", "experience", "dutch_levels"),
         {"place": 120, "education_field": 120, "experience_1_occupation": 120, "competences": 1000,
          "private_notes": 5000, "self_introduction": 2000},
         stored={f: attr(Candidate, "candidate", f) for f in ("place", "private_notes", "self_introduction")}),
    Form("introduction request", "employer", lambda w: f"/werkgever/kandidaten/{w['intro_candidate'].id}/kennismaking",
         lambda w: {"motivation": "Wij zoeken een enthousiaste metselaar voor ons team."},
         ["motivation", "opening_id"], count(Introduction), {"motivation": 2000}),
    Form("meeting planning", "account_manager",
         lambda w: f"/accountmanager/kennismakingen/{w['intro'].id}/stap/plan_meeting", meeting,
         ["version", "meeting_date", "meeting_time", "meeting_mode", "meeting_place", "attendees"],
         row(Introduction, "intro", "version", "meeting_place", "attendees", "meeting_at"),
         {"meeting_place": 255, "attendees": 2000},
         stored={"meeting_place": attr(Introduction, "intro", "meeting_place"),
                 "attendees": attr(Introduction, "intro", "attendees")}),
    Form("saved search", "employer", lambda w: "/werkgever/zoekopdrachten",
         lambda w: {"name": "Metselaars", "q": "metselaar", "sector": "construction", "notify_daily": "on"},
         ["name", "q", "sector", "kind", "dutch", "education", "available", "hours", "place", "km", "sort", "page"],
         count(SavedSearch), {"name": 120},
         lenient=frozenset({"q", "sector", "kind", "dutch", "education", "available", "hours", "place", "km", "sort",
                            "page"})),
    Form("candidate search filters", "employer", lambda w: "/werkgever/kandidaten",
         lambda w: {"q": "metselaar", "sector": "construction"},
         ["q", "sector", "kind", "dutch", "education", "available", "hours", "video", "place", "km", "sort", "page"],
         count(SavedSearch), method="GET"),
]


def build(db: Session) -> dict[str, Any]:
    huizen = factories.municipality(db, "Huizen")
    w: dict[str, Any] = {"db": db}
    w["account_manager"] = factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id)
    employer, w["employer_user"] = factories.employer(db, name="Bouwbedrijf Fuzz")
    w["employer"] = employer
    candidate, w["candidate_user"] = factories.candidate(db, huizen)
    w["candidate"] = candidate
    intro_candidate, _u = factories.candidate(db, huizen, given="Rania", family="Haddad")
    published(db, intro_candidate)
    consent(db, intro_candidate, "profile")
    w["intro_candidate"] = intro_candidate
    other, _u = factories.candidate(db, huizen, given="Yonas", family="Kidane")
    w["intro"] = introduction(db, employer, other, status=IntroductionStatus.CANDIDATE_AGREED)
    w["login_user"] = factories.user(db, Role.EMPLOYER)
    w["reset_user"] = factories.user(db, Role.EMPLOYER)
    raw = secrets.token_urlsafe(24)
    db.add(OneTimeToken(user_id=w["reset_user"].id, purpose=TokenPurpose.PASSWORD_RESET, token_hash=token_digest(raw),
                        expires_at=datetime.now(UTC) + timedelta(days=1)))
    db.commit()
    w["reset_token"] = raw
    return w


LIST_FIELDS = {"sectors", "wished_sectors", "workdays", "day_parts", "language_days", "language_day_parts",
               "language_class_days", "wished_opening_kinds"}


def acceptable(form: Form, name: str, value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    if name not in LIST_FIELDS:
        values = values[:1]  # a repeated single-value field: the app reads the first, as browsers mean it
    if any(CONTROL.search(str(v)) for v in values):
        return False
    limit = form.max_length.get(name)
    return limit is None or all(len(str(v).strip()) <= limit for v in values)


def fuzz_form(form: Form, app: Any, settings_: Settings, db: Session, w: dict[str, Any], runs: list[int]) -> None:
    client = TestClient(app, base_url="http://testserver")
    with client:
        actor = {"employer": w["employer_user"], "candidate": w["candidate_user"],
                 "account_manager": w["account_manager"]}.get(form.actor or "")

        @given(changes=st.dictionaries(st.sampled_from(form.fields),
                                       st.one_of(text_values, st.lists(text_values, max_size=3)),
                                       min_size=1, max_size=3))
        @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def submit(changes: dict[str, Any]) -> None:
            client.cookies.clear()
            if actor is not None:
                attach_session(client, db, actor, settings_)
            else:
                attach_session_anonymous(client, settings_)
            data = {**form.baseline(w), **changes}
            db.expire_all()
            before = form.snapshot(db, w)
            if form.method == "GET":
                response = client.get(form.path(w), params=data)
            else:
                data["_csrf_token"] = client.cookies.get("wgp_csrf")
                response = client.post(form.path(w), data=data, follow_redirects=False)
            runs[0] += 1
            assert response.status_code < 500, f"{form.name}: {response.status_code} for {changes!r}"
            db.expire_all()
            after = form.snapshot(db, w)
            if form.method == "GET":
                assert response.status_code == 200
                assert before == after
                return
            if response.status_code == 303 and form.lenient:
                stored = db.scalars(select(SavedSearch.params)).all()
                assert not any(CONTROL.search(str(v)) for params in stored for v in (params or {}).values()), stored
            if response.status_code == 303:
                location = response.headers["location"]
                assert location.startswith("/") and not location.startswith("//"), location
                if form.name != "login":  # log-in fields are checked against the account, not saved
                    bad = {k: v for k, v in changes.items() if k not in form.lenient and not acceptable(form, k, v)}
                    assert not bad, f"{form.name} accepted {bad!r}"
                else:
                    assert {k for k in changes if changes[k] != form.baseline(w)[k]} <= {"next"}, changes
                for name, read in form.stored.items():
                    if name in changes and isinstance(changes[name], str):
                        sent = changes[name].strip()
                        assert (read(db, w) or "") == sent, f"{form.name}.{name} stored differently"
            else:
                assert response.status_code in (200, 400, 409, 422, 429), (form.name, response.status_code)
                assert any(m in response.text for m in ERROR_MARKERS), \
                f"{form.name}: refused ({response.status_code}) without a message: {response.text[:3000]}"
                assert before == after, f"{form.name}: refused but changed"

        submit()


def attach_session_anonymous(client: TestClient[Any], settings_: Settings) -> None:
    from litestar.middleware.csrf import generate_csrf_token

    client.cookies.set("wgp_csrf", generate_csrf_token(settings_.app.secret_key))


def test_forms_refuse_bad_input_with_a_message_and_save_nothing(fuzz_settings: Settings, database: TestDatabase,
                                                                 figures: list[str]) -> None:
    started = time.monotonic()
    db = Session(database.sync_engine, expire_on_commit=False)
    w = build(db)
    app = create_app(fuzz_settings)
    runs = [0]
    try:
        for form in FORMS:
            fuzz_form(form, app, fuzz_settings, db, w, runs)
    finally:
        db.close()
    fields = sum(len(f.fields) for f in FORMS)
    figures.append(f"form fuzz [{database.sync_engine.dialect.name}]: {len(FORMS)} forms, {fields} fields, "
                   f"{runs[0]} submissions, {time.monotonic() - started:.1f} s")


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x\x1by"])
def test_control_characters_are_refused_in_the_user_language(client: TestClient[Any], db: Session,
                                                             settings: Settings, value: str) -> None:
    """Found by the fuzzing above: NUL in a text field was a 500 on PostgreSQL."""
    employer, user = factories.employer(db, name="Bouwbedrijf Nul")
    attach_session(client, db, user, settings)
    data = {"name": "Bouwbedrijf Nul", "kvk_number": employer.kvk_number, "place": "Huizen", "sectors": "construction",
            "description": value, "_csrf_token": client.cookies.get("wgp_csrf")}
    response = client.post("/werkgever/organisatie", data=data, follow_redirects=False)
    assert response.status_code == 400
    assert "teken dat niet mag" in response.text
    db.refresh(employer)
    assert employer.description == ""
    user.preferred_language = "en"
    db.commit()
    client.cookies.set("lang", "en")
    response = client.post("/werkgever/organisatie", data=data, follow_redirects=False)
    assert "character that is not allowed" in response.text
