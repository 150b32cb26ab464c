"""The accountmanager moves an introduction along: meeting (with .ics), trial, placement, follow-up; bad input,
stale pages and other municipalities are refused without changing anything."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.conftest import post_form
from tests.introductions.factories import introduction
from tests.introductions.helpers import meeting, request_intro, step, the_intro
from werkgeversportaal.db.models import FollowUpMilestone, IntroductionEvent, IntroductionStatus

S = IntroductionStatus


def agreed(db, cast, as_user):  # type: ignore[no-untyped-def]
    request_intro(as_user(cast.employer_user), cast.candidate)
    intro = the_intro(db)
    post_form(as_user(cast.candidate.user), f"/kandidaat/kennismakingen/{intro.id}/akkoord")
    return the_intro(db)


def test_queue_and_detail_of_the_own_municipality_only(db, cast, as_user) -> None:
    request_intro(as_user(cast.employer_user), cast.candidate)
    intro = the_intro(db)
    am = as_user(cast.am)
    assert "Amanuel Tesfay" in am.get("/accountmanager/kennismakingen").text
    page = am.get(f"/accountmanager/kennismakingen/{intro.id}")
    assert page.status_code == 200 and "Wij zoeken een collega" in page.text and "Aangevraagd" in page.text
    other = as_user(cast.am_other)
    assert "Amanuel" not in other.get("/accountmanager/kennismakingen").text
    assert other.get(f"/accountmanager/kennismakingen/{intro.id}").status_code == 404
    assert step(other, intro, "agree").status_code == 404
    assert the_intro(db).status is S.REQUESTED


def test_meeting_in_the_past_is_refused_and_a_future_one_is_mailed_with_ics(db, cast, as_user, run_jobs,
                                                                            mailbox) -> None:
    intro = agreed(db, cast, as_user)
    am = as_user(cast.am)
    past = step(am, intro, "plan_meeting", **meeting(days=-1))
    assert past.status_code == 400 and "Kies een moment in de toekomst" in past.text
    assert "Kerkstraat 1, Huizen" in past.text  # what was typed is kept
    assert the_intro(db).status is S.CANDIDATE_AGREED
    missing = step(am, intro, "plan_meeting", meeting_date="", meeting_time="", meeting_mode="", meeting_place="")
    assert missing.status_code == 400
    response = step(am, intro, "plan_meeting", **meeting(days=3))
    assert response.status_code == 303
    intro = the_intro(db)
    assert intro.status is S.MEETING_PLANNED and intro.interpreter_needed and intro.version == 3
    assert intro.meeting_local is not None and intro.meeting_local.hour == 10
    run_jobs()
    for address in (cast.employer_user.email, cast.candidate.user.email):
        message = mailbox.last_to(address)
        parts = [p for p in message.iter_attachments() if p.get_filename() == "kennismaking.ics"]
        assert parts, f"no .ics for {address}"
        ics = parts[0].get_content()
        ics = ics.decode() if isinstance(ics, bytes) else ics
        assert "BEGIN:VEVENT" in ics and "Kerkstraat 1\\, Huizen" in ics
    assert "Tesfay" not in mailbox.text(mailbox.last_to(cast.employer_user.email))


def test_trial_placement_and_follow_up_milestones(db, cast, as_user) -> None:
    intro = agreed(db, cast, as_user)
    am = as_user(cast.am)
    step(am, intro, "plan_meeting", **meeting())
    intro = the_intro(db)
    start = date.today() + timedelta(days=10)
    backwards = step(am, intro, "start_trial", trial_start=start.isoformat(),
                     trial_end=(start - timedelta(days=1)).isoformat())
    assert backwards.status_code == 400 and "na de begindatum" in backwards.text
    assert step(am, intro, "start_trial", trial_start=start.isoformat(),
                trial_end=(start + timedelta(days=30)).isoformat()).status_code == 303
    intro = the_intro(db)
    assert intro.status is S.TRIAL
    no_contract = step(am, intro, "place")
    assert no_contract.status_code == 400 and the_intro(db).status is S.TRIAL
    contract_start = start + timedelta(days=31)
    assert step(am, intro, "place", contract_kind="temporary",
                contract_start=contract_start.isoformat()).status_code == 303
    intro = the_intro(db)
    assert intro.status is S.PLACED and intro.placed_at is not None
    milestones = db.scalars(select(FollowUpMilestone).order_by(FollowUpMilestone.due_date)).all()
    assert [m.due_date - contract_start for m in milestones] == [timedelta(days=d) for d in (14, 42, 91, 182)]
    first = milestones[0]
    bad = post_form(am, f"/accountmanager/kennismakingen/{intro.id}/mijlpalen/{first.id}",
                    {"title": "", "due_date": first.due_date.isoformat()})
    assert bad.status_code == 400
    done = post_form(am, f"/accountmanager/kennismakingen/{intro.id}/mijlpalen/{first.id}", {
        "title": first.title, "due_date": first.due_date.isoformat(), "done_date": date.today().isoformat(),
        "outcome": "needs_attention", "notes": "Taal op de bouwplaats lastig", "support_actions": ["language_coach",
                                                                                                  "jobcoach"]})
    assert done.status_code == 303
    db.expire_all()
    first = db.get(FollowUpMilestone, first.id)
    assert first.outcome.value == "needs_attention" and first.support_actions == ["language_coach", "jobcoach"]
    extra = post_form(am, f"/accountmanager/kennismakingen/{intro.id}/mijlpalen",
                      {"title": "Extra gesprek met uitvoerder", "due_date": date.today().isoformat()})
    assert extra.status_code == 303
    assert len(db.scalars(select(FollowUpMilestone)).all()) == 5
    history = am.get(f"/accountmanager/kennismakingen/{intro.id}").text
    for text in ("Aangevraagd", "Kandidaat akkoord", "Proefplaatsing", "Geplaatst", "Anna Accountmanager"):
        assert text in history
    events = db.scalars(select(IntroductionEvent).where(IntroductionEvent.introduction_id == intro.id)).all()
    assert [e.to_status for e in sorted(events, key=lambda e: e.occurred_at)] == [
        "requested", "candidate_agreed", "meeting_planned", "trial", "placed"]


def test_illegal_jump_is_refused(db, cast, as_user) -> None:
    request_intro(as_user(cast.employer_user), cast.candidate)
    intro = the_intro(db)
    response = step(as_user(cast.am), intro, "place", contract_kind="temporary",
                    contract_start=date.today().isoformat())
    assert response.status_code == 409 and "huidige status" in response.text
    assert the_intro(db).status is S.REQUESTED


def test_a_stale_move_is_refused_and_nothing_is_overwritten(db, cast, as_user) -> None:
    intro = introduction(db, cast.employer, cast.candidate, status=S.PLACED)
    first, second = as_user(cast.am), as_user(cast.am)
    seen = intro.version
    assert step(first, intro, "start_followup", version=seen).status_code == 303
    late = step(second, intro, "stop", version=seen, stop_reason="no_fit")
    assert late.status_code == 409 and "iemand anders heeft deze kaart al verplaatst" in late.text.lower()
    db.expire_all()
    assert the_intro(db).status is S.FOLLOWUP and the_intro(db).stop_reason is None


def test_board_moves_with_htmx_and_refuses_a_stale_card(db, cast, as_user) -> None:
    intro = introduction(db, cast.employer, cast.candidate, status=S.PLACED)
    am = as_user(cast.am)
    board = am.get("/accountmanager/kennismakingen/bord")
    assert board.status_code == 200 and "Amanuel Tesfay" in board.text and "Nazorg starten" in board.text
    token = am.cookies.get("wgp_csrf")
    headers = {"HX-Request": "true", "x-csrftoken": token}
    moved = am.post(f"/accountmanager/kennismakingen/{intro.id}/stap/start_followup",
                    data={"version": str(intro.version)}, headers=headers)
    assert moved.status_code == 200 and moved.text.lstrip().startswith("<li") and "Afronden" in moved.text
    stale = am.post(f"/accountmanager/kennismakingen/{intro.id}/stap/start_followup",
                    data={"version": str(intro.version)}, headers=headers)
    assert stale.status_code == 409 and "verplaatst" in stale.text
    # Without JavaScript the same form posts and comes back to the board.
    plain = post_form(am, f"/accountmanager/kennismakingen/{intro.id}/stap/complete",
                      {"version": str(intro.version + 1), "back": "/accountmanager/kennismakingen/bord"})
    assert plain.status_code == 303 and plain.headers["location"] == "/accountmanager/kennismakingen/bord"
    assert the_intro(db).status is S.COMPLETED
    filtered = am.get(f"/accountmanager/kennismakingen/bord?employer={cast.other_employer.id}").text
    assert "Amanuel Tesfay" not in filtered
    assert "Amanuel Tesfay" not in am.get("/accountmanager/kennismakingen/bord?sector=care").text


def test_withdrawn_consent_stops_open_introductions_and_tells_the_employer_without_details(
        db, cast, as_user, run_jobs, mailbox) -> None:
    request_intro(as_user(cast.employer_user), cast.candidate)
    candidate = as_user(cast.candidate.user)
    assert post_form(candidate, "/kandidaat/toestemming/profile/intrekken").status_code == 303
    intro = the_intro(db)
    assert intro.status is S.STOPPED and intro.stop_reason.value == "consent_withdrawn"
    run_jobs()
    text = mailbox.text(mailbox.last_to(cast.employer_user.email))
    assert "niet meer beschikbaar" in text and "toestemming" not in text.lower() and "Amanuel" not in text


def test_in_app_only_users_get_no_e_mail_but_see_the_notification(db, cast, as_user, run_jobs, mailbox) -> None:
    am = as_user(cast.am)
    assert post_form(am, "/meldingen/voorkeur", {"notify_by": "in_app"}).status_code == 303
    assert post_form(am, "/meldingen/voorkeur", {"notify_by": "pigeon"}).status_code == 400
    mailbox.clear()
    request_intro(as_user(cast.employer_user), cast.candidate)
    run_jobs()
    assert mailbox.to(cast.am.email) == []
    assert "1" in am.get("/meldingen/aantal").text
    page = am.get("/meldingen").text
    assert "Bouwbedrijf Gooi vraagt een kennismaking aan" in page
    assert post_form(am, "/meldingen/gelezen").status_code == 303
    assert "ongelezen" not in am.get("/meldingen/aantal").text
