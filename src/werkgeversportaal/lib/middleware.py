"""Per-request context (who is asking, in which language) and the security headers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from advanced_alchemy.extensions.litestar.plugins.init.config.common import SESSION_SCOPE_KEY
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import Uuid, bindparam, case, cast, func, literal_column, or_, select, true
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import selectinload

from werkgeversportaal.db.models import (
    ApiToken,
    Candidate,
    Employer,
    EmployerMembership,
    Role,
    SessionStoreItem,
    User,
    VerificationStatus,
)
from werkgeversportaal.lib import i18n
from werkgeversportaal.lib.jobs import now
from werkgeversportaal.lib.permissions import CurrentUser, permissions_for
from werkgeversportaal.lib.runtime import AUTOCOMMIT
from werkgeversportaal.lib.security import token_digest
from werkgeversportaal.lib.sql import fetch_rows, prebuilt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_log = logging.getLogger(__name__)


def session_fingerprint(user: User) -> str:
    """Changes when the password changes, which ends every other session of that user."""
    return fingerprint_of(user.id, user.password_hash)


def fingerprint_of(user_id: Any, password_hash: str | None) -> str:
    return token_digest(f"{user_id}:{password_hash or ''}")[:16]


async def build_current_user(session: Any, user: User, *, via_token: bool = False, scopes: str = "") -> CurrentUser:
    employer_id, verified, candidate_id = None, False, None
    if user.role is Role.EMPLOYER:
        membership: EmployerMembership | None
        if "memberships" not in sa_inspect(user).unloaded:
            # Loaded with the user already (selectin, employer joined): no second round trip per request.
            membership = user.memberships[0] if user.memberships else None
        else:
            membership = await session.scalar(
                select(EmployerMembership).where(EmployerMembership.user_id == user.id)
                .options(selectinload(EmployerMembership.employer))
            )
        if membership is not None:
            employer_id, verified = membership.employer_id, membership.employer.is_verified
    elif user.role is Role.CANDIDATE:
        candidate_id = await session.scalar(select(Candidate.id).where(Candidate.user_id == user.id))
    return CurrentUser(
        id=user.id, email=user.email, role=user.role, display_name=user.display_name,
        language=user.preferred_language, municipality_id=user.municipality_id,
        employer_id=employer_id, employer_verified=verified, candidate_id=candidate_id,
        via_token=via_token, token_scopes=frozenset(scopes.split()),
        permissions=permissions_for(user.role, employer_verified=verified),
    )


# The mark of a page (GET) whose statements each stand alone: they read, or write in one statement (the
# employer's candidate page with its view records). On PostgreSQL it runs without a transaction
# (Runtime.autocommit_session_maker): no BEGIN and no COMMIT, two round trips fewer. For the pages
# opened most (search, candidate page, the accountmanager's queues).
AUTOCOMMIT_OPT = {AUTOCOMMIT: True}


def request_db_session(scope: Scope) -> Any:
    """The request's one database session on PostgreSQL, shared by the session store read, the
    current-user lookup and the handler's `db_session` (one pool checkout, one transaction per
    request; none on pages marked AUTOCOMMIT_OPT). Closed as the response starts (end_request_session;
    RequestDbSessionMiddleware closes it as well if no response was sent).

    None on SQLite: there every reader keeps its own short transaction, because a read transaction
    held open until the handler writes would fail with SQLITE_BUSY when another process wrote meanwhile.
    """
    from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state, set_aa_scope_state

    key = db_session_key(scope)
    session = get_aa_scope_state(scope, key)
    if session is None:
        runtime = scope["app"].state.runtime
        if runtime.engine.dialect.name == "sqlite":
            return None
        handler = scope.get("route_handler")
        autocommit = scope.get("method") in ("GET", "HEAD") and handler is not None and handler.opt.get(AUTOCOMMIT)
        session = (runtime.autocommit_session_maker if autocommit else runtime.session_maker)()
        set_aa_scope_state(scope, key, session)
    return session


def db_session_key(scope: Scope) -> str:
    """Where the SQLAlchemy plugin keeps the request's session in the scope (its key is unique per app)."""
    return str(scope["app"].state.get("db_session_key", SESSION_SCOPE_KEY))


# The session user with their employer or candidate, in one query built once (SQLAlchemy reuses its
# cache key and compiled form): this runs on every request of a logged-in user.
# Core table columns, not ORM attributes: the statement then skips the ORM's compile and loading steps.
_U, _M, _E, _C = (User.__table__.c, EmployerMembership.__table__.c, Employer.__table__.c,  # type: ignore[attr-defined]
                  Candidate.__table__.c)  # type: ignore[attr-defined]


def _session_user_query(uid: Any) -> Any:
    return (
        select(_U.id, _U.email, _U.role, _U.display_name, _U.preferred_language, _U.municipality_id, _U.password_hash,
               _U.language_chosen_at, _M.employer_id, _E.verification_status, _C.id.label("candidate_id"))
        .select_from(User.__table__)
        .outerjoin(EmployerMembership.__table__, _M.user_id == _U.id)
        .outerjoin(Employer.__table__, _E.id == _M.employer_id)
        .outerjoin(Candidate.__table__, _C.user_id == _U.id)
        .where(_U.id == uid, _U.is_active.is_(True))
        .order_by(_M.created_at)
        .limit(literal_column("1"))
    )


_SESSION_USER = prebuilt(_session_user_query(bindparam("uid")))


def _session_with_user_postgresql() -> Any:
    """PostgreSQL: the session row and its user in one round trip. The user id is read from the
    session's JSON value (`uid`), and only used when it has the shape of a UUID."""
    store = SessionStoreItem.__table__
    # The fixed parts are written into the SQL, not sent as parameters: PostgreSQL can then keep one
    # generic plan for this statement instead of planning it again on every request.
    uid_text = cast(func.convert_from(store.c.value, literal_column("'UTF8'")), postgresql.JSON).op("->>")(
        literal_column("'uid'"))
    uuid_shape: Any = literal_column("'^[0-9a-fA-F-]{36}$'")
    # Its own subquery, kept apart by OFFSET (PostgreSQL then doesn't fold it into the user query, where
    # the JSON would be parsed again for every user row it looks at).
    uid = (select(case((uid_text.op("~")(uuid_shape), cast(uid_text, Uuid)), else_=None).label("uid"))
           .correlate(store).offset(literal_column("0")).lateral("session_uid"))
    user = _session_user_query(uid.c.uid).lateral("session_user")
    return (
        select(store.c.value, *user.c)
        .select_from(store)
        .outerjoin(uid, true())
        .outerjoin(user, true())
        .where(store.c.key == bindparam("key"), store.c.namespace == bindparam("namespace"),
               or_(store.c.expires_at.is_(None), store.c.expires_at > bindparam("now")))
    )


SESSION_WITH_USER = prebuilt(_session_with_user_postgresql())
PREFETCHED_USER = "wgp_session_user_row"  # scope key: the user columns read with the session row


async def session_with_user(session: Any, key: str, namespace: str | None, now: datetime) -> Sequence[Any] | None:
    """SESSION_WITH_USER's row (PostgreSQL): the session's value, then its user's columns (load_session_user).

    A read, so on the request session's asyncpg connection directly (lib/sql.fetch_rows): it runs on every
    request of a logged-in user, and SQLAlchemy's execute costs several times asyncpg's own for it (0.3 M
    of 1.7 M instructions of a logged-in page that does nothing else, by callgrind)."""
    rows = await fetch_rows(session, SESSION_WITH_USER, {"key": key, "namespace": namespace, "now": now},
                            read_only=True)
    return rows[0] if rows else None


async def load_session_user(session: Any, uid: Any, fingerprint: Any,
                            row: Any = None) -> tuple[CurrentUser, bool] | None:
    """The active user of a log-in session, with their employer or candidate, in one query (or from the
    columns `row` read with the session row already); and whether they have chosen their language."""
    if row is None:
        row = (await session.execute(_SESSION_USER, {"uid": uid})).first()
    if row is None or row[0] is None or row[0] != uid:
        return None
    (user_id, email, role, name, language, municipality_id, password_hash, chosen_at, employer_id, status,
     candidate_id) = row
    if fingerprint != fingerprint_of(user_id, password_hash):
        return None
    verified = False
    if role is not Role.EMPLOYER:
        employer_id = None
    elif employer_id is not None:
        verified = status == VerificationStatus.VERIFIED
    current = CurrentUser(
        id=user_id, email=email, role=role, display_name=name, language=language, municipality_id=municipality_id,
        employer_id=employer_id, employer_verified=verified,
        candidate_id=candidate_id if role is Role.CANDIDATE else None,
        via_token=False, token_scopes=frozenset(),
        permissions=permissions_for(role, employer_verified=verified),
    )
    return current, chosen_at is not None


class RequestContextMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)
    # Routes that serve files (static files, signed media URLs) need no session and no user.
    exclude_opt_key = "skip_session"

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        path: str = scope["path"]
        method: str = scope.get("method", "GET")  # type: ignore[assignment]
        headers = dict((k.decode().lower(), v.decode()) for k, v in scope["headers"])
        shared = request_db_session(scope)
        if shared is not None:
            current, language_chosen = await _request_user(shared, scope, headers, path, method)
        else:
            async with scope["app"].state.runtime.session_maker() as session:
                current, language_chosen = await _request_user(session, scope, headers, path, method)
        scope["user"] = current
        scope["auth"] = None if current is None else ("token" if current.via_token else "session")
        allowed = i18n.locales_for(current.role.value if current else None, path)
        locale = choose_locale(headers, current, allowed)
        i18n.set_locale(locale)
        state = scope.setdefault("state", {})
        state["locale"], state["locales"] = locale, allowed
        if (current is not None and current.role is Role.CANDIDATE and not language_chosen and method == "GET"
                and path.startswith(LANGUAGE_FIRST_PATHS) and headers.get("hx-request") != "true"):
            # A candidate sees the language choice before anything else (first visit, first log-in).
            await _send_redirect(send, "/taal?" + urlencode({"next": path}))
            return
        # Innermost of the middleware from here on: the request's database work is committed before the
        # response starts (commit_before_response), inside the session middleware, which writes the
        # session as the response starts.
        await next_app(scope, receive, commit_before_response(scope, send))


async def _request_user(session: Any, scope: Scope, headers: dict[str, str], path: str,
                        method: str) -> tuple[CurrentUser | None, bool]:
    """Who is asking (a bearer token on the API, else the log-in session), and whether they chose their language."""
    authorization = headers.get("authorization", "")
    if path.startswith("/api/") and authorization.lower().startswith("bearer "):
        token = await session.scalar(
            select(ApiToken).where(ApiToken.token_hash == token_digest(authorization[7:].strip()),
                                   ApiToken.revoked_at.is_(None))
        )
        if token is not None and token.user.is_active:
            current = await build_current_user(session, token.user, via_token=True, scopes=token.scopes)
            token.last_used_at = now()
            await session.commit()
            return current, True
        return None, True
    data: Any = scope.get("session") or {}
    uid = data.get("uid") if isinstance(data, dict) else None
    # API writes need a token: a session cookie alone never changes data through the API,
    # which keeps the API free of cross-site request forgery without CSRF tokens.
    api_write = path.startswith("/api/") and method not in SAFE_METHODS
    if uid and not api_write and (user_id := _uuid(uid)) is not None:
        loaded = await load_session_user(session, user_id, data.get("fp"), scope.get(PREFETCHED_USER))
        if loaded is not None:
            return loaded
    return None, True


class ConcurrencyLimit(ASGIMiddleware):
    """Outermost: at most `limit` pages (GET/HEAD) of this server process in progress at once; the
    others wait their turn, first come first served.

    Without it, every request that arrives is started and they all share the process's CPU: when it is
    busy, each page takes longer the more pages are in progress, and the heaviest pages (search) the
    longest. With a limit, a page waits in line and then runs with few others, so slow and fast pages
    alike take about the waiting time plus their own work. Fewer pages at once also means fewer
    database connections at once (keep `limit` below DATABASE_POOL_SIZE).

    A page waits at most `max_wait` seconds: then it is served anyway, so a dependency that hangs
    (a search server until its time-out) cannot hold up every page of the process. Not limited: forms
    and uploads (POST and the like: few, and an upload may take minutes) and files (signed media URLs,
    static files: no database work, served straight away).
    """

    scopes = (ScopeType.HTTP,)
    exclude_opt_key = "skip_session"

    def __init__(self, limit: int, max_wait: float) -> None:
        self.limit = limit
        self.max_wait = max_wait
        # One semaphore per event loop (tests serve one app from several loops; a semaphore is bound
        # to the loop it is first used in).
        self._slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") not in ("GET", "HEAD"):
            await next_app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.limit)
        if not slots.locked():
            await slots.acquire()  # a free slot: taken at once, no time-out to arm and cancel
        else:
            try:
                async with asyncio.timeout(self.max_wait):
                    await slots.acquire()
            except TimeoutError:
                await next_app(scope, receive, send)  # waited long enough: served without a slot
                return
        try:
            await next_app(scope, receive, send)
        finally:
            slots.release()


class RequestDbSessionMiddleware(ASGIMiddleware):
    """Outermost but for ConcurrencyLimit: whatever happened, the request's shared database session
    (request_db_session) is closed when the request ends. Normally the SQLAlchemy plugin closed it
    already as the response started; this catches the rest (no response sent, the client went away,
    a path that skips RequestContextMiddleware)."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        try:
            await next_app(scope, receive, send)
        finally:
            await _close_request_session(scope)


def _uuid(value: Any) -> Any:
    from uuid import UUID

    try:
        return UUID(str(value))
    except ValueError:
        return None


LANGUAGE_FIRST_PATHS = ("/kandidaat", "/account", "/meldingen")


async def _send_redirect(send: Send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode()), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def choose_locale(headers: dict[str, str], user: CurrentUser | None, allowed: dict[str, str]) -> str:
    """The `lang` cookie, else the user's preferred language, else the browser's; a language the page
    does not exist in (Arabic on an employer page) falls back to Dutch."""
    wanted: str | None = None
    for part in headers.get("cookie", "").split(";"):
        name, _sep, value = part.strip().partition("=")
        if name == "lang" and value in i18n.LOCALES:
            wanted = value
            break
    if wanted is None and user is not None and user.language in i18n.LOCALES:
        wanted = user.language
    return i18n.choose(wanted, allowed, headers.get("accept-language", ""))


class SecurityHeaders:
    """Headers on every response. Camera and microphone are allowed only on routes that record video.

    A `before_send` hook rather than a middleware: Litestar runs middleware only for matched routes,
    so a 404 for an unknown path, a 405 or a refused request would otherwise go out without them.
    """

    def __init__(self, production: bool, extra_origins: tuple[str, ...] = ()) -> None:
        self.production = production
        extra = "".join(f" {origin}" for origin in extra_origins)
        self.csp = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + extra + "; "
            "media-src 'self' blob:" + extra + "; connect-src 'self'" + extra + "; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )

        common = [("Content-Security-Policy", self.csp), ("X-Content-Type-Options", "nosniff"),
                  ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"),
                  ("Cross-Origin-Opener-Policy", "same-origin")]
        if production:
            common.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))
        # Encoded once; every response gets one of the two lists (replacing any header of the same name).
        camera = ("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()")
        no_camera = ("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        self._with_camera = _encoded([*common, camera])
        self._without_camera = _encoded([*common, no_camera])
        self._names = frozenset(name for name, _value in self._with_camera)

    async def __call__(self, message: Message, scope: Scope) -> None:
        if scope["type"] != ScopeType.HTTP or message["type"] != "http.response.start":
            return
        handler = scope.get("route_handler")
        allow_camera = bool(handler and getattr(handler, "opt", {}).get("allow_camera"))
        names = self._names
        headers = [h for h in message.get("headers", ()) if bytes(h[0]).lower() not in names]
        headers.extend(self._with_camera if allow_camera else self._without_camera)
        message["headers"] = headers


def _nothing_to_commit(session: Any) -> bool:
    """An autocommit session (AUTOCOMMIT_OPT) with no pending ORM change: its statements committed as
    they ran. With a pending change the commit does run, and the flush guard refuses it (runtime.py)."""
    return bool(session.info.get(AUTOCOMMIT)) and not (session.new or session.dirty or session.deleted)


async def _settle(session: Any, status: int) -> None:
    """Commit the session's open work for a success or redirect, roll it back for an error. A session
    that holds no transaction has nothing to settle: it ran no statement (a page that needs no
    database), or every statement committed by itself (AUTOCOMMIT_OPT)."""
    if not session.in_transaction() or _nothing_to_commit(session):
        return
    if 200 <= status < 400:
        await session.commit()
    else:
        await session.rollback()


async def _close_request_session(scope: Scope) -> None:
    """Close the request's database session, if it still has one; a dead connection's errors are swallowed."""
    from advanced_alchemy.extensions.litestar._utils import delete_aa_scope_state, get_aa_scope_state

    key = db_session_key(scope)
    session = get_aa_scope_state(scope, key)
    if session is None:
        return
    delete_aa_scope_state(scope, key)
    try:
        await session.close()
    except Exception:
        _log.debug("session close failed during cleanup", exc_info=True)


async def end_request_session(message: Message, scope: Scope) -> None:
    """before_send (the SQLAlchemy plugin's `before_send_handler`): the request's session is closed as the
    response starts or the client goes away.

    commit_before_response has committed or rolled back by then. What is still open here (a route it
    did not wrap, a commit that failed) is committed or rolled back by status, as the plugin's own
    autocommit handler does; errors of a connection that died meanwhile are swallowed, so a clean 503
    stays a 503. A session without a transaction is only closed: no second, empty commit per request.
    """
    from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state
    from advanced_alchemy.extensions.litestar.plugins.init.config.common import SESSION_TERMINUS_ASGI_EVENTS

    if message["type"] not in SESSION_TERMINUS_ASGI_EVENTS:
        return
    session = get_aa_scope_state(scope, db_session_key(scope))
    if session is None:
        return
    try:
        if message["type"] == "http.response.start":
            await _settle(session, message["status"])
    except Exception:
        _log.debug("session commit/rollback failed during cleanup", exc_info=True)
    finally:
        await _close_request_session(scope)


def _encoded(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


def new_session_id() -> str:
    return secrets.token_hex(32)


def commit_before_response(scope: Scope, send: Send) -> Send:
    """`send`, committing the request's database work before the response starts (RequestContextMiddleware
    wraps the app's send with it, innermost of the middleware).

    The session middleware writes the session to the database store as the response starts; the
    data must be committed first (SQLite allows one writer at a time). A commit that fails turns
    the response into an error instead of reporting a success that was never saved.
    """
    from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state

    failed = False

    async def send_after_commit(message: Message) -> None:
        nonlocal failed
        if failed:
            return
        if message["type"] == "http.response.start":
            session = get_aa_scope_state(scope, db_session_key(scope))
            if session is not None:
                try:
                    await _settle(session, message["status"])
                except Exception as exc:
                    from werkgeversportaal.lib.errors import RETRY_AFTER_SECONDS, is_unavailable

                    _log.exception("commit failed")
                    with contextlib.suppress(Exception):  # the connection may be gone
                        await session.rollback()
                    failed = True
                    body = b"Er ging iets mis; er is niets opgeslagen. Probeer het opnieuw."
                    headers = [(b"content-type", b"text/plain; charset=utf-8"),
                               (b"content-length", str(len(body)).encode())]
                    status = 500
                    if is_unavailable(exc):
                        status = 503
                        headers.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
                    await send({"type": "http.response.start", "status": status, "headers": headers})
                    await send({"type": "http.response.body", "body": body, "more_body": False})
                    return
        await send(message)

    return send_after_commit
