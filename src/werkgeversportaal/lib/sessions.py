"""Server-side sessions in the database, with a fresh session id at every log-in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig

_NEW_ID = "wgp_new_session_id"


class RotatingSessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        new_id = connection.scope.get(_NEW_ID)  # type: ignore[typeddict-item]
        if new_id:
            return str(new_id)
        return super().get_session_id(connection)


@dataclass
class SessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend  # type: ignore[assignment]


async def rotate_session(request: Request[Any, Any, Any], data: dict[str, Any]) -> None:
    """Throw the old session away and continue under a new id (prevents session fixation)."""
    config: SessionConfig = request.app.state.session_config
    old_id = request.cookies.get(config.key)
    store = config.get_store_from_app(request.app)
    if old_id:
        await store.delete(old_id)
    request.scope[_NEW_ID] = secrets.token_hex(32)  # type: ignore[typeddict-unknown-key]
    request.set_session(data)
