"""Rule 1 of DESIGN.md section 4 as a state machine: random sequences of consent grants and
withdrawals, publishing, video moderation, employer verification and search index syncs (applied
or left pending) interleaved with what employers do: search, open candidate pages, call the API,
fetch the video URLs they were given.

After every step, nothing an employer received may name, link or show a candidate (or a video)
that the oracle below says that employer may not see at that moment. The oracle is computed from
the model, never from the app's visibility.py. Changes go through the accountmanager's and the
candidate's own routes; the employers act over HTTP as two organisations, one of which may be
suspended and reinstated.

Video URLs: the design promises short-lived signed URLs issued after the authorization check
(rule 4). So: a URL is only ever issued while the video is visible, it expires within
`url_expiry_seconds`, and once the clock has passed its expiry it no longer works, whatever the
video's state. The storage clock is moved forward by a rule (no sleeping).

Sequences share one app and three candidates, reset at the start of each sequence; what is
history (introductions, notifications) stays, so a later sequence also checks that history never
names a candidate who is hidden now. A failure may therefore shrink to a short sequence that
fails only after the ones before it.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import time as real_time
import types
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from litestar.testing import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests import factories
from tests.candidates.factories import ready_video
from tests.conftest import TestDatabase, attach_session
from werkgeversportaal.app import create_app
from werkgeversportaal.db.models import (
    ApiToken,
    Candidate,
    Consent,
    ConsentScope,
    Employer,
    IndexOp,
    Introduction,
    IntroductionStatus,
    ModerationStatus,
    Role,
    SearchOutbox,
    VerificationStatus,
    Video,
)
from werkgeversportaal.domain.candidates.consent_texts import current_version
from werkgeversportaal.domain.search.jobs import schedule_sync
from werkgeversportaal.lib import jobs
from werkgeversportaal.lib.security import token_digest
from werkgeversportaal.lib.storage import local as local_storage
from werkgeversportaal.lib.storage import signing
from werkgeversportaal.settings import Settings

EXAMPLES = int(os.environ.get("TRUST_FUZZ_EXAMPLES", "200"))  # lower it locally for a quick run
STEPS = 30
SCOPES = ("profile", "video")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
MEDIA_RE = re.compile(r"(/media/[^\"'\s<>]+)")
API_PATHS = ("/api/v1/me", "/api/v1/openings", "/api/v1/introductions", "/api/v1/register")


class Clock:
    """The storage modules' clock (signing and expiry), moved forward by the machine."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return real_time.time() + self.offset


@dataclass
class Cand:
    id: UUID
    name: str
    video_id: UUID
    user: Any
    published: bool = False
    consent: dict[str, bool] = field(default_factory=lambda: {"profile": False, "video": False})
    approved: bool = False


@dataclass
class Emp:
    id: UUID
    user: Any
    token: str
    verified: bool = True


@dataclass
class IssuedUrl:
    url: str
    candidate: Cand
    exp: int


class World:
    """What lives across examples: one app, one client, the accountmanager and two employers."""

    def __init__(self, settings_: Settings, database: TestDatabase, clock: Clock) -> None:
        self.settings = settings_
        self.database = database
        self.clock = clock
        self.app = create_app(settings_)
        self.client = TestClient(self.app, base_url="http://testserver")
        self.client.__enter__()
        self.db = Session(database.sync_engine, expire_on_commit=False)
        municipality = factories.municipality(self.db)
        self.municipality = municipality
        self.manager = factories.user(self.db, Role.ACCOUNT_MANAGER, municipality_id=municipality.id)
        self.employers: list[Emp] = []
        for name in ("Zorg Noord", "Bouw Zuid"):
            employer, user = factories.employer(self.db, name=name)
            raw = "wgp_" + secrets.token_hex(15)
            self.db.add(ApiToken(user_id=user.id, name="fuzz", prefix=raw[:12], token_hash=token_digest(raw),
                                 scopes="read"))
            self.db.commit()
            self.employers.append(Emp(id=employer.id, user=user, token=raw))
        self.cookies: dict[Any, dict[str, str]] = {}
        for who in [self.manager] + [e.user for e in self.employers]:
            self.cookies[who.id] = self._session_for(who)
        self._create_candidates()
        self.examples = 0
        self.checks = 0

    def _session_for(self, user: Any) -> dict[str, str]:
        self.client.cookies.clear()
        attach_session(self.client, self.db, user, self.settings)
        return dict(self.client.cookies.items())

    def act_as(self, user: Any) -> None:
        self.client.cookies.clear()
        for key, value in self.cookies[user.id].items():
            self.client.cookies.set(key, value)

    def post(self, user: Any, path: str, data: dict[str, Any] | None = None) -> Any:
        self.act_as(user)
        token = self.cookies[user.id]["wgp_csrf"]
        response = self.client.post(path, data={**(data or {}), "_csrf_token": token}, follow_redirects=False)
        assert response.status_code < 500, f"POST {path}: {response.status_code}"
        return response

    def drain(self) -> None:
        self.client.blocking_portal.call(jobs.drain, self.app.state.runtime)

    def _create_candidates(self) -> None:
        """Three candidates for the whole run (no password hashing, no new rows per sequence)."""
        db = self.db
        storage = self.app.state.runtime.storage
        self.candidates: list[tuple[UUID, str, UUID, Any]] = []
        for i in range(3):
            name = "Kand" + "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))
            user = factories.user(db, Role.CANDIDATE, name=name, municipality_id=self.municipality.id, password=None)
            candidate = Candidate(municipality_id=self.municipality.id, user_id=user.id, given_name=name,
                                  family_name=f"Fuzz{i}")
            db.add(candidate)
            db.commit()
            video = ready_video(db, candidate)
            for key in (video.processed_key, video.poster_key):
                path = storage.path_for(key)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"\x00" * 64)
            self.cookies[user.id] = self._session_for(user)
            self.candidates.append((candidate.id, name, video.id, user))

    def new_example(self) -> list[Cand]:
        """Back to the start for a new sequence: nobody published, no consent, videos waiting for
        moderation, both employers verified. The index is left stale on purpose (an outbox row per
        candidate is pending, as after any change): the sequence starts with `pending_index`."""
        db = self.db
        ids = [c[0] for c in self.candidates]
        db.execute(update(Candidate).where(Candidate.id.in_(ids)).values(published=False))
        db.execute(update(Consent).where(Consent.candidate_id.in_(ids), Consent.withdrawn_at.is_(None))
                   .values(withdrawn_at=jobs.now()))
        db.execute(update(Video).where(Video.candidate_id.in_(ids)).values(moderation=ModerationStatus.PENDING))
        db.execute(update(Employer).where(Employer.id.in_([e.id for e in self.employers]))
                   .values(verification_status=VerificationStatus.VERIFIED))
        for candidate_id in ids:
            db.add(SearchOutbox(index="candidates", document_id=str(candidate_id), op=IndexOp.UPSERT,
                                created_at=jobs.now()))
        db.commit()
        # As record_index_change does: the rows get a sync job, which runs when the machine applies the index.
        self.client.blocking_portal.call(schedule_sync, self.app.state.runtime)
        for employer in self.employers:
            employer.verified = True
        self.examples += 1
        return [Cand(id=i, name=name, video_id=video_id, user=user) for i, name, video_id, user in self.candidates]

    def start_state(self, cands: list[Cand], states: list[tuple[bool, bool, bool, bool]]) -> None:
        """A random starting point, written straight into the database (as if earlier requests had made
        it), so that sequences begin with visible candidates often enough; the index does not know yet."""
        db = self.db
        for cand, (publish, profile, video, approved) in zip(cands, states, strict=True):
            if publish:
                db.execute(update(Candidate).where(Candidate.id == cand.id)
                           .values(published=True, published_at=jobs.now()))
            for scope, on in (("profile", profile), ("video", video)):
                if on:
                    kind = ConsentScope(scope)
                    db.add(Consent(candidate_id=cand.id, scope=kind, text_version=current_version(kind), language="nl",
                                   granted_at=jobs.now(), granted_by_id=cand.user.id))
            if approved:
                db.execute(update(Video).where(Video.id == cand.video_id).values(moderation=ModerationStatus.APPROVED))
            cand.published, cand.consent, cand.approved = publish, {"profile": profile, "video": video}, approved
        db.commit()

    def close(self) -> None:
        self.db.close()
        self.client.__exit__(None, None, None)


def make_machine(world: World) -> type[RuleBasedStateMachine]:
    class ConsentMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.cands = world.new_example()
            self.issued: list[IssuedUrl] = []
            self.pending_index = True  # a change the search index has not seen yet

        @initialize(states=st.lists(st.tuples(*[st.sampled_from([True, True, True, False])] * 4),
                                    min_size=3, max_size=3))
        def start(self, states: list[tuple[bool, bool, bool, bool]]) -> None:
            world.start_state(self.cands, states)

        # --- the oracle ---------------------------------------------------------------------
        @staticmethod
        def sees(employer: Emp, cand: Cand) -> bool:
            return employer.verified and cand.published and cand.consent["profile"]

        def sees_video(self, employer: Emp, cand: Cand) -> bool:
            return self.sees(employer, cand) and cand.consent["video"] and cand.approved

        def check_response(self, employer: Emp, text: str, *, echoed: str = "") -> None:
            """Nothing in `text` names, links or shows a candidate or video `employer` may not see now."""
            by_id = {c.id: c for c in self.cands}
            for found in set(UUID_RE.findall(text)):
                candidate_id = UUID(found)
                if candidate_id in by_id:
                    assert self.sees(employer, by_id[candidate_id]), \
                        f"employer {employer.id} got candidate {found} it may not see"
            for cand in self.cands:
                if not self.sees(employer, cand) and cand.name not in echoed:
                    assert cand.name not in text, f"name of hidden candidate {cand.name} shown"
                if not self.sees_video(employer, cand):
                    assert f"/media/candidates/{cand.id.hex}/" not in text, f"video URL of {cand.name} shown"

        # --- changes ------------------------------------------------------------------------
        def changed(self) -> None:
            self.pending_index = True

        @rule(c=st.integers(0, 2), scope=st.sampled_from(SCOPES), by_candidate=st.booleans())
        def grant(self, c: int, scope: str, by_candidate: bool) -> None:
            cand = self.cands[c]
            if by_candidate:
                world.post(cand.user, f"/kandidaat/toestemming/{scope}")
            else:
                world.post(world.manager, f"/accountmanager/kandidaten/{cand.id}/toestemming/{scope}")
            cand.consent[scope] = True
            self.changed()

        @rule(c=st.integers(0, 2), scope=st.sampled_from(SCOPES), by_candidate=st.booleans())
        def withdraw(self, c: int, scope: str, by_candidate: bool) -> None:
            cand = self.cands[c]
            if by_candidate:
                world.post(cand.user, f"/kandidaat/toestemming/{scope}/intrekken")
            else:
                world.post(world.manager, f"/accountmanager/kandidaten/{cand.id}/toestemming/{scope}/intrekken")
            cand.consent[scope] = False
            self.changed()

        @rule(c=st.integers(0, 2), publish=st.booleans())
        def set_published(self, c: int, publish: bool) -> None:
            cand = self.cands[c]
            data = {"published": "on"} if publish else {}
            response = world.post(world.manager, f"/accountmanager/kandidaten/{cand.id}/profiel", data)
            assert response.status_code == 303, response.text[:500]
            cand.published = publish
            self.changed()

        @rule(c=st.integers(0, 2), approve=st.booleans())
        def moderate(self, c: int, approve: bool) -> None:
            cand = self.cands[c]
            if approve:
                response = world.post(world.manager, f"/accountmanager/videos/{cand.video_id}/goedkeuren")
            else:
                response = world.post(world.manager, f"/accountmanager/videos/{cand.video_id}/afkeuren",
                                      {"reason": "Het geluid is niet goed te verstaan."})
            assert response.status_code == 303, response.text[:500]
            cand.approved = approve
            self.changed()

        @rule(e=st.integers(0, 1))
        def suspend_or_reinstate(self, e: int) -> None:
            employer = world.employers[e]
            step = "schorsen" if employer.verified else "herstellen"
            response = world.post(world.manager, f"/accountmanager/werkgevers/{employer.id}/{step}",
                                  {"reason": "Klachten van kandidaten."})
            assert response.status_code == 303, response.text[:500]
            employer.verified = not employer.verified
            self.changed()

        @rule()
        def apply_index(self) -> None:
            world.drain()
            self.pending_index = False

        @rule()
        def time_passes(self) -> None:
            world.clock.offset += world.settings.media.url_expiry_seconds + 1

        # --- what employers do --------------------------------------------------------------
        @rule(e=st.integers(0, 1), query=st.sampled_from(["", "name0", "name1", "name2", "Fuzz", "heftruck"]))
        def search(self, e: int, query: str) -> None:
            employer = world.employers[e]
            if query.startswith("name"):
                query = self.cands[int(query[4:])].name
            world.act_as(employer.user)
            response = world.client.get("/werkgever/kandidaten", params={"q": query} if query else None)
            assert response.status_code < 500
            if not employer.verified:
                assert response.status_code in (302, 303, 403), response.status_code
            self.check_response(employer, response.text, echoed=query)
            if response.status_code == 200 and not query and not self.pending_index:
                # Liveness: with the index up to date, everyone the employer may see is listed.
                for cand in self.cands:
                    if self.sees(employer, cand):
                        assert f"/werkgever/kandidaten/{cand.id}" in response.text, f"{cand.name} missing"

        @rule(e=st.integers(0, 1), c=st.integers(0, 2))
        def view_candidate(self, e: int, c: int) -> None:
            employer, cand = world.employers[e], self.cands[c]
            world.act_as(employer.user)
            response = world.client.get(f"/werkgever/kandidaten/{cand.id}", follow_redirects=False)
            assert response.status_code < 500
            # The page may repeat the address the employer asked for (language switch): not a leak.
            self.check_response(employer, response.text.replace(f"/werkgever/kandidaten/{cand.id}", ""))
            if self.sees(employer, cand):
                assert response.status_code == 200, response.status_code
                assert cand.name in response.text
            else:
                assert response.status_code in (302, 303, 403, 404), response.status_code
            urls = [html.unescape(u) for u in MEDIA_RE.findall(response.text)]
            video_urls = [u for u in urls if "/video.mp4" in u]
            if self.sees_video(employer, cand):
                assert video_urls, "visible video not offered"
            for url in urls:
                exp = int(re.search(r"[?&]exp=(\d+)", url).group(1))  # type: ignore[union-attr]
                assert exp <= world.clock.time() + world.settings.media.url_expiry_seconds + 1, "URL not short-lived"
                self.issued.append(IssuedUrl(url=url, candidate=cand, exp=exp))

        @rule(e=st.integers(0, 1))
        def employer_home(self, e: int) -> None:
            employer = world.employers[e]
            world.act_as(employer.user)
            response = world.client.get("/werkgever")
            assert response.status_code < 500
            self.check_response(employer, response.text)

        @rule(e=st.integers(0, 1), c=st.integers(0, 2))
        def request_introduction(self, e: int, c: int) -> None:
            employer, cand = world.employers[e], self.cands[c]
            response = world.post(employer.user, f"/werkgever/kandidaten/{cand.id}/kennismaking",
                                  {"motivation": "Wij zoeken iemand voor ons team in de bouw."})
            if self.sees(employer, cand):
                assert response.status_code in (303, 400, 409), response.status_code
            else:
                assert response.status_code in (302, 303, 403, 404) and "/kennismakingen" not in \
                    response.headers.get("location", ""), response.status_code
                self.check_response(employer, response.text.replace(f"/werkgever/kandidaten/{cand.id}", ""))

        @rule(c=st.integers(0, 2))
        def candidate_agrees(self, c: int) -> None:
            """The candidate says yes to a requested introduction (the employers hear of it)."""
            cand = self.cands[c]
            world.db.rollback()  # a fresh snapshot: the introduction was made over HTTP
            intro_id = world.db.scalar(select(Introduction.id).where(
                Introduction.candidate_id == cand.id, Introduction.status == IntroductionStatus.REQUESTED).limit(1))
            if intro_id is not None:
                world.post(cand.user, f"/kandidaat/kennismakingen/{intro_id}/akkoord")

        @rule(e=st.integers(0, 1), page=st.sampled_from(["/werkgever/kennismakingen", "/meldingen"]))
        def employer_introductions(self, e: int, page: str) -> None:
            employer = world.employers[e]
            world.act_as(employer.user)
            response = world.client.get(page, follow_redirects=False)
            assert response.status_code < 500
            self.check_response(employer, response.text)

        @rule(e=st.integers(0, 1), path=st.sampled_from(API_PATHS))
        def api_call(self, e: int, path: str) -> None:
            employer = world.employers[e]
            world.client.cookies.clear()
            response = world.client.get(path, headers={"Authorization": f"Bearer {employer.token}"})
            assert response.status_code < 500
            self.check_response(employer, response.text)

        @rule(data=st.data())
        def fetch_video_url(self, data: st.DataObject) -> None:
            pick = data.draw(st.integers(0, 99))  # drawn whatever the app answered, so a sequence replays
            if not self.issued:
                return
            issued = self.issued[pick % len(self.issued)]
            world.client.cookies.clear()
            response = world.client.get(issued.url)
            if world.clock.time() > issued.exp:
                assert response.status_code == 403, "expired signed URL still works"
            else:
                assert response.status_code in (200, 206, 404), response.status_code

        @rule(data=st.data())
        def forged_video_url(self, data: st.DataObject) -> None:
            """Another candidate's key under a signature issued for this one never works."""
            pick, other_pick = data.draw(st.integers(0, 99)), data.draw(st.integers(0, 1))
            if not self.issued:
                return
            issued = self.issued[pick % len(self.issued)]
            other = [c for c in self.cands if c is not issued.candidate][other_pick]
            forged = issued.url.replace(issued.candidate.id.hex, other.id.hex)
            world.client.cookies.clear()
            assert world.client.get(forged).status_code == 403

        @invariant()
        def count_step(self) -> None:
            world.checks += 1  # invariants run after the set-up and after every step

        @invariant()
        def expired_urls_are_dead(self) -> None:
            # Once a URL's video is hidden and the clock is past its expiry, it must not work.
            for issued in self.issued:
                if world.clock.time() > issued.exp and not any(
                        self.sees_video(e, issued.candidate) for e in world.employers):
                    world.client.cookies.clear()
                    assert world.client.get(issued.url).status_code == 403
                    self.issued.remove(issued)
                    break

    return ConsentMachine


def test_employers_never_see_what_the_oracle_hides(fuzz_settings: Settings, database: TestDatabase,
                                                    monkeypatch: pytest.MonkeyPatch, figures: list[str]) -> None:
    clock = Clock()
    fake_time = types.SimpleNamespace(time=clock.time)
    monkeypatch.setattr(local_storage, "time", fake_time)
    monkeypatch.setattr(signing, "time", fake_time)
    world = World(fuzz_settings, database, clock)
    started = real_time.monotonic()
    try:
        run_state_machine_as_test(make_machine(world), settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=True, database=None,
            suppress_health_check=list(HealthCheck), print_blob=True,
        ))
    finally:
        backend, steps = database.sync_engine.dialect.name, world.checks - world.examples
        figures.append(f"consent invariant [{backend}]: {world.examples} sequences, {steps} steps "
                       f"(max {STEPS} per sequence) in {real_time.monotonic() - started:.1f} s")
        world.close()
