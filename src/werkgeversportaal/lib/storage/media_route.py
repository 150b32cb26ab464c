"""The Litestar route that serves LocalStorage files behind signed URLs, with Range support."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from werkgeversportaal.lib.storage.base import InvalidKey
from werkgeversportaal.lib.storage.local import LocalStorage
from werkgeversportaal.lib.storage.ranges import RangeParts, iter_file, range_response_parts, read_span
from werkgeversportaal.lib.storage.signing import SignatureCheck

__all__ = ["EXPIRED_MESSAGE", "INVALID_MESSAGE", "NO_SESSION_OPT", "make_media_route"]

# Route options of routes that serve files: no session is loaded (Litestar's session middleware and
# RequestContextMiddleware skip them) and no CSRF cookie is set.
NO_SESSION_OPT = {"exclude_from_auth": True, "skip_session": True, "exclude_from_csrf": True}

EXPIRED_MESSAGE = "Deze link is verlopen. Laad de pagina opnieuw. (This link has expired. Reload the page.)"
INVALID_MESSAGE = "Deze link is niet geldig. (This link is not valid.)"
# Spans up to this size are sent as one body; larger ones are streamed in chunks.
INLINE_BYTES = 256 * 1024


def make_media_route(storage: LocalStorage, *, name: str = "media:serve") -> HTTPRouteHandler:
    """GET ``<base_url>/{key:path}?exp=..&sig=..[&dl=..]`` for URLs made by `storage.signed_url`.

    The signature is the authorization (it was issued after the app's own check), so the route
    needs no log-in session, no current user and no CSRF cookie: ``NO_SESSION_OPT`` opts it out of
    all three (no database round trip for a video byte range).
    """

    @get(
        f"{storage.base_url}/{{key:path}}",
        name=name,
        opt=NO_SESSION_OPT,
        include_in_schema=False,
    )
    async def serve_media(
        request: Request[Any, Any, Any],
        key: FromPath[str],
        exp: FromQuery[str | None] = None,
        sig: FromQuery[str | None] = None,
        dl: FromQuery[str | None] = None,
    ) -> Response[Any]:
        key = key.lstrip("/")
        try:
            path = storage.path_for(key)
        except InvalidKey:
            raise NotFoundException() from None
        check = storage.check_signature(key, exp, sig, dl)
        if check is SignatureCheck.EXPIRED:
            raise PermissionDeniedException(detail=EXPIRED_MESSAGE)
        if check is not SignatureCheck.VALID:
            raise PermissionDeniedException(detail=INVALID_MESSAGE)
        try:
            # A stat of a local file: cheaper inline than a hop to a worker thread.
            parts: RangeParts = range_response_parts(path, request.headers.get("range"))
        except (FileNotFoundError, IsADirectoryError):
            raise NotFoundException() from None

        headers = dict(parts.headers)
        media_type = headers.pop("Content-Type")
        remaining = max(0, int(exp or 0) - int(time.time()))
        # The URL stops working at `exp`; a cache must not outlive it or be shared between users.
        headers["Cache-Control"] = f"private, max-age={remaining}"
        headers["X-Content-Type-Options"] = "nosniff"
        if dl:
            headers["Content-Disposition"] = _attachment(dl)
        if parts.status == 416:
            return Response(content=b"", status_code=416, headers=headers, media_type=media_type)
        if parts.length <= INLINE_BYTES:
            # What a <video> asks for (a preload, a seek) or a poster: read at once and sent as one body,
            # without a streaming response and the task group that listens for a disconnect meanwhile.
            body = read_span(path, parts.start, parts.end)
            if len(body) == parts.length:  # else the file changed since the stat: stream what is there
                del headers["Content-Length"]  # the response counts its body itself
                return Response(content=body, status_code=parts.status, headers=headers, media_type=media_type)
        return Stream(
            iter_file(path, parts.start, parts.end),
            status_code=parts.status,
            headers=headers,
            media_type=media_type,
        )

    return serve_media


def _attachment(filename: str) -> str:
    ascii_name = "".join(c for c in filename if 32 <= ord(c) < 127 and c not in '"\\') or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
