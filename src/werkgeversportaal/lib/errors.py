"""Error pages in the user's language for HTML routes; problem JSON for the API."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from advanced_alchemy.exceptions import AdvancedAlchemyError, NotFoundError
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.i18n import locales_for, set_locale
from werkgeversportaal.lib.rendering import page_context
from werkgeversportaal.lib.storage import StorageUnavailable

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def is_unavailable(exc: BaseException | None) -> bool:
    """A database (or media store) that is restarting or unreachable: trying again soon may work.

    Looks through the cause chain, because the repositories wrap SQLAlchemy's errors in their own.
    """
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (PoolTimeoutError, StorageUnavailable, ConnectionError)):
            return True
        if isinstance(exc, DBAPIError) and (exc.connection_invalidated
                                            or isinstance(exc, (OperationalError, InterfaceError))):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _is_api(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/api/")


def _json(status: int, detail: str, extra: Any = None) -> Response[Any]:
    body: dict[str, Any] = {"status_code": status, "detail": detail}
    if extra:
        body["extra"] = extra
    return Response(body, status_code=status, media_type=MediaType.JSON)


def _ensure_locale(request: Request[Any, Any, Any]) -> None:
    """A request that matched no route never passed the request-context middleware: choose its language
    here, the same way (cookie, then browser), so a candidate's broken link is not suddenly in Dutch."""
    state = request.scope.setdefault("state", {})  # type: ignore[typeddict-item]
    if "locale" in state:
        return
    from werkgeversportaal.lib.middleware import choose_locale

    allowed = locales_for(None, request.url.path)
    headers = {k.decode().lower(): v.decode() for k, v in request.scope["headers"]}
    locale = choose_locale(headers, None, allowed)
    set_locale(locale)
    state["locale"], state["locales"] = locale, allowed


def _page(request: Request[Any, Any, Any], status: int, title: str, message: str,
          headers: dict[str, str] | None = None) -> Response[Any]:
    try:
        context = page_context(request, {"status": status, "title": title, "message": message})
    except Exception:  # the session may be unavailable when the error happened before it was loaded
        context = {"status": status, "title": title, "message": message, "current_user": None, "locale": "nl",
                   "dir": "ltr", "flash_messages": []}
    return Template(template_name="errors/error.html", context=context, status_code=status, headers=headers)


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if _is_api(request):
        return _json(status, exc.detail, exc.extra)
    if isinstance(exc, NotAuthorizedException):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(path=f"/inloggen?next={quote(target, safe='/')}", status_code=303)
    _ensure_locale(request)
    if status == 403 and "csrf" in exc.detail.lower():
        return _page(request, 403, _("Het formulier is verlopen"),
                     _("Het formulier is niet verstuurd. Er is niets opgeslagen. Dat is voor uw veiligheid. "
                       "Ga terug, laad de pagina opnieuw en verstuur het formulier nog een keer."))
    titles = {
        400: (_("Er klopt iets niet"), _("Dit is niet gelukt. Kijk nog eens naar wat u heeft ingevuld.")),
        403: (_("Geen toegang"), _("U heeft geen toegang tot deze pagina.")),
        404: (_("Pagina niet gevonden"), _("Deze pagina bestaat niet. Of u mag deze pagina niet zien.")),
        405: (_("Niet toegestaan"), _("Deze actie kan hier niet.")),
        413: (_("Te groot"), _("Het bestand is te groot.")),
        429: (_("Even wachten"), _("U heeft te veel verzoeken gedaan. Probeer het over een paar minuten opnieuw.")),
    }
    title, message = titles.get(status, (_("Er ging iets mis"), _("Probeer het later opnieuw.")))
    return _page(request, status, title, message)


def not_found_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return http_exception_handler(request, NotFoundException())


def unavailable_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """The database or media store is briefly away (restart, failover): 503 with Retry-After, no traceback."""
    if not is_unavailable(exc):
        return internal_error_handler(request, exc)
    log.warning("service unavailable on %s %s: %s", request.method, request.url.path, exc)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if _is_api(request):
        response = _json(HTTP_503_SERVICE_UNAVAILABLE, "Service temporarily unavailable, try again shortly")
        response.headers.update(headers)
        return response
    return _page(request, HTTP_503_SERVICE_UNAVAILABLE, _("Tijdelijk niet beschikbaar"),
                 _("Het portaal is even niet bereikbaar. Wat al was opgeslagen, blijft bewaard. Probeer het over "
                   "een paar seconden opnieuw."), headers=headers)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if is_unavailable(exc):
        return unavailable_handler(request, exc)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if _is_api(request):
        return _json(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")
    _ensure_locale(request)
    return _page(request, 500, _("Er ging iets mis"),
                 _("Er ging bij ons iets mis. Wat al was opgeslagen, blijft bewaard. Probeer het later opnieuw."))


exception_handlers: dict[Any, Any] = {
    HTTPException: http_exception_handler,
    NotFoundError: not_found_handler,
    AdvancedAlchemyError: unavailable_handler,
    DBAPIError: unavailable_handler,
    PoolTimeoutError: unavailable_handler,
    ConnectionError: unavailable_handler,
    StorageUnavailable: unavailable_handler,
    HTTP_500_INTERNAL_SERVER_ERROR: internal_error_handler,
}
