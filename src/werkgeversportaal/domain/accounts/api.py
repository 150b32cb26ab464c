"""JSON API of the accounts area."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from werkgeversportaal.domain.accounts.schemas import MeOut
from werkgeversportaal.lib.permissions import Permission, acting_user, requires


class MeApiController(Controller):
    path = "/api/v1/me"
    tags = ["accounts"]
    guards = [requires(Permission.ACCOUNT)]

    @get("/", name="api_me", summary="The current user", description="Who the session or API token belongs to.")
    async def me(self, request: Request[Any, Any, Any]) -> MeOut:
        user = acting_user(request)
        return MeOut(
            id=user.id, email=user.email, role=user.role.value, display_name=user.display_name,
            language=user.language, municipality_id=user.municipality_id, employer_id=user.employer_id,
            employer_verified=user.employer_verified, candidate_id=user.candidate_id,
            permissions=sorted(p.value for p in user.permissions), auth="token" if user.via_token else "session",
        )
