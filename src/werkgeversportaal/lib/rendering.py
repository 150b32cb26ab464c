"""One render helper: a full page, or only its fragment when htmx asks for it."""

from __future__ import annotations

from typing import Any, Literal

from litestar import Request
from litestar.response import Redirect, Template

from werkgeversportaal.lib.i18n import LOCALES, get_locale, text_direction


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"


def render(
    request: Request[Any, Any, Any],
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str | None = None,
    status_code: int = 200,
) -> Template:
    """Render `template`; htmx requests get `fragment` (a fragment_*.html template) when given."""
    name = fragment if fragment and is_htmx(request) else template
    return Template(template_name=name, context=page_context(request, context or {}), status_code=status_code)


def page_context(request: Request[Any, Any, Any], context: dict[str, Any]) -> dict[str, Any]:
    locale = get_locale()
    base = {
        "current_user": request.scope.get("user"),
        "locale": locale,
        "locales": request.scope.get("state", {}).get("locales", LOCALES),
        "dir": text_direction(locale),
        "flash_messages": pop_flashes(request),
    }
    base.update(context)
    return base


def flash(request: Request[Any, Any, Any], message: str, category: str = "success") -> None:
    """Show `message` once on the next page (post-redirect-get)."""
    session = request.session if "session" in request.scope else None
    if session is None:
        return
    messages = list(session.get("_flash", []))
    messages.append({"message": str(message), "category": category})
    request.set_session({**session, "_flash": messages})


def pop_flashes(request: Request[Any, Any, Any]) -> list[dict[str, str]]:
    if "session" not in request.scope:
        return []
    session = request.session
    messages = session.get("_flash") if session else None
    if not messages:
        return []
    remaining = {k: v for k, v in session.items() if k != "_flash"}
    request.set_session(remaining)
    return list(messages)


def redirect(path: str, status_code: Literal[301, 302, 303, 307, 308] = 303) -> Redirect:
    return Redirect(path=path, status_code=status_code)


def safe_next(target: str | None, default: str = "/start") -> str:
    """Only same-site relative paths may be used as a `next` target."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
