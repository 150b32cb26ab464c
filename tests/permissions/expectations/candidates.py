"""Routes of the candidates area: profile, consent, video (record, moderate), employer pages, media."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tests.candidates.factories import consent, published, ready_video
from tests.permissions.expectations import ACCOUNT_MANAGERS, CANDIDATES, VERIFIED_EMPLOYERS, everyone, only
from tests.permissions.world import World

OWN_AM = {"others": 403, "account_manager_other": 404}


def extend_world(world: World, db: Session) -> None:
    candidate = world.objects["candidate"]
    published(db, candidate)
    consent(db, candidate, "profile")
    consent(db, candidate, "video")
    world.objects["video"] = ready_video(db, candidate)


PARAMS: dict[str, Any] = {
    "video_id": lambda w: w.objects["video"].id,
    "consent_scope": lambda w: "profile",
    "key": lambda w: f"candidates/{w.objects['candidate'].id.hex}/x/video.mp4",
}

EXPECTATIONS = {
    ("GET", "/accountmanager/kandidaten/{candidate_id:uuid}/profiel"): only(("account_manager",), 200, **OWN_AM),
    ("POST", "/accountmanager/kandidaten/{candidate_id:uuid}/profiel"): only(("account_manager",), 303, **OWN_AM),
    ("POST", "/accountmanager/kandidaten/{candidate_id:uuid}/toestemming/{consent_scope:str}"):
        only(("account_manager",), 303, **OWN_AM),
    ("POST", "/accountmanager/kandidaten/{candidate_id:uuid}/toestemming/{consent_scope:str}/intrekken"):
        only(("account_manager",), 303, **OWN_AM),
    ("GET", "/accountmanager/videos"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/videos/{video_id:uuid}"): only(("account_manager",), 200, **OWN_AM),
    ("POST", "/accountmanager/videos/{video_id:uuid}/goedkeuren"): only(("account_manager",), 303, **OWN_AM),
    # An empty reason is refused (400); another municipality's video is not found.
    ("POST", "/accountmanager/videos/{video_id:uuid}/afkeuren"): only(("account_manager",), 400, **OWN_AM),
    ("POST", "/accountmanager/videos/{video_id:uuid}/ondertiteling"): only(("account_manager",), 400, **OWN_AM),
    ("GET", "/kandidaat/profiel"): only(CANDIDATES, 200),
    ("POST", "/kandidaat/profiel"): only(CANDIDATES, 303),
    ("GET", "/kandidaat/voorbeeld"): only(CANDIDATES, 200),
    ("GET", "/kandidaat/toestemming"): only(CANDIDATES, 200),
    ("POST", "/kandidaat/toestemming/{consent_scope:str}"): only(CANDIDATES, 303),
    ("POST", "/kandidaat/toestemming/{consent_scope:str}/intrekken"): only(CANDIDATES, 303),
    ("GET", "/kandidaat/bekeken"): only(CANDIDATES, 200),
    ("GET", "/kandidaat/mijn-gegevens"): only(CANDIDATES, 200),
    ("GET", "/kandidaat/mijn-gegevens/export"): only(CANDIDATES, 200),
    # Without the confirmation tick nothing is erased.
    ("POST", "/kandidaat/mijn-gegevens/wissen"): only(CANDIDATES, 400),
    ("GET", "/kandidaat/video"): only(CANDIDATES, 200),
    ("GET", "/kandidaat/video/status"): only(CANDIDATES, 200),
    ("POST", "/kandidaat/video/doel"): only(CANDIDATES, 200),
    # The matrix posts a tiny form body: it is stored and queued (201); processing rejects it later.
    ("POST", "/kandidaat/video/upload"): only(CANDIDATES, 201),
    ("POST", "/kandidaat/video/bevestigen"): only(CANDIDATES, 400),
    # Without a valid signature nobody gets a media file, logged in or not.
    ("GET", "/media/{key:path}"): everyone(403),
    ("GET", "/werkgever/kandidaten"): only(VERIFIED_EMPLOYERS, 200),
    ("GET", "/werkgever/kandidaten/{candidate_id:uuid}"): only(VERIFIED_EMPLOYERS, 200),
}
