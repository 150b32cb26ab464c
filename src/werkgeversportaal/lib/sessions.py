"""Server-side sessions in the database, with a fresh session id at every log-in.

Two refinements over Litestar's server-side backend:
- a session is written only when its data changed, so anonymous page views never write to the
  database (and SQLite's single writer is kept for real work);
- `rotate_session` gives the session a new id; the old one is deleted as the response starts,
  after the request's own transaction has been committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.datastructures.cookie import Cookie
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

from werkgeversportaal.db.models import SessionStoreItem

_NEW_ID = "wgp_new_session_id"
_LOADED = "wgp_loaded_session"


class RotatingSessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        new_id = connection.scope.get(_NEW_ID)  # type: ignore[typeddict-item,literal-required]
        if new_id:
            return str(new_id)
        return super().get_session_id(connection)

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        from werkgeversportaal.lib.middleware import request_db_session

        store = self.config.get_store_from_app(connection.scope["app"])
        in_database = getattr(store, "_model", None) is SessionStoreItem and not self.config.renew_on_access
        shared = request_db_session(connection.scope) if in_database and self.config.key in connection.cookies else None
        if shared is None:
            data = await super().load_from_connection(connection)
        else:
            # PostgreSQL: read it in the request's own database session (no pool checkout of its own),
            # together with the user it belongs to (RequestContextMiddleware takes those columns).
            from werkgeversportaal.lib.middleware import PREFETCHED_USER, session_with_user

            row = await session_with_user(shared, connection.cookies[self.config.key],
                                          getattr(store, "namespace", None), datetime.now(UTC))
            data = self.deserialize_data(row[0]) if row is not None and row[0] else {}
            if row is not None:
                connection.scope[PREFETCHED_USER] = tuple(row[1:])  # type: ignore[typeddict-unknown-key,literal-required]
        connection.scope[_LOADED] = dict(data)  # type: ignore[typeddict-unknown-key,literal-required]
        return data

    async def store_in_message(self, scope_session: ScopeSession, message: Message,
                               connection: ASGIConnection[Any, Any, Any, Any]) -> None:
        scope = connection.scope
        store = self.config.get_store_from_app(scope["app"])
        cookie_id = connection.cookies.get(self.config.key)
        new_id = scope.get(_NEW_ID)  # type: ignore[typeddict-item,literal-required]
        loaded = scope.get(_LOADED, {})  # type: ignore[typeddict-item,literal-required]
        if not new_id and cookie_id and scope_session is not Empty and scope_session and scope_session == loaded:
            return  # unchanged: nothing to write (most requests end here)
        cookie_params = dict(extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys()))
        headers = MutableScopeHeaders.from_message(message)

        if new_id and cookie_id and cookie_id != new_id:
            await store.delete(cookie_id)
        if scope_session is Empty or not scope_session:
            if cookie_id:
                await store.delete(cookie_id)
                headers.add("Set-Cookie",
                            Cookie(value="null", key=self.config.key, expires=0, **cookie_params).to_header(header=""))
            return
        session_id = self.get_session_id(connection)
        await self.set(session_id=session_id, data=self.serialize_data(scope_session, scope), store=store)
        headers.add("Set-Cookie", Cookie(value=session_id, key=self.config.key, **cookie_params).to_header(header=""))


@dataclass
class SessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend  # type: ignore[assignment]


async def rotate_session(request: Request[Any, Any, Any], data: dict[str, Any]) -> None:
    """Continue under a new session id (prevents session fixation); the old one is thrown away."""
    request.scope[_NEW_ID] = secrets.token_hex(32)  # type: ignore[typeddict-unknown-key,literal-required]
    request.set_session(data)
