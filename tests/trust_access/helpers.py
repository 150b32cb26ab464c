"""Shared helpers of the trust tests: the app's routes, a snapshot of the whole database, settings variants."""

from __future__ import annotations

import dataclasses
from typing import Any

from litestar.routes import HTTPRoute
from sqlalchemy import select
from sqlalchemy.engine import Engine

from werkgeversportaal.app import create_app
from werkgeversportaal.db.models import metadata
from werkgeversportaal.settings import Settings

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def routes(settings: Settings | None = None) -> list[tuple[str, str, Any]]:
    """Every (method, path, handler) of the app, as the permission matrix enumerates them."""
    app = create_app(settings or Settings())
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method, handler in route.route_handler_map.items():
            if method not in {"HEAD", "OPTIONS"}:
                found.append((method, route.path, handler[0] if isinstance(handler, tuple) else handler))
    return sorted(found, key=lambda r: (r[1], r[0]))


def html_form_routes() -> list[tuple[str, str]]:
    """The state-changing routes outside the API: each must refuse a request without a CSRF token."""
    return [(m, p) for m, p, _h in routes() if m in STATE_CHANGING and not p.startswith("/api/")]


def snapshot(engine: Engine, *, skip: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Every row of every table, as text: two equal snapshots mean nothing was written."""
    result: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            result[table.name] = sorted(repr(tuple(row)) for row in conn.execute(select(table)))
    return result


def changed_tables(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def production(settings: Settings, base_url: str = "https://werkgeversportaal.example") -> Settings:
    return dataclasses.replace(settings, app=dataclasses.replace(settings.app, env="production", base_url=base_url))
