"""Expected outcome per route and actor, one module per area; merged here.

Each module defines EXPECTATIONS = {("GET", "/path/{param}"): {actor: status, ...}} with an entry
for every actor, and may define PARAMS (path parameter resolvers) and extend_world(world, db).

API tokens: a module with /api/ routes also defines TOKEN_EXPECTATIONS for exactly those routes, an
entry for every token actor (world.TOKEN_ACTORS), written with `tokens(...)`. Every other route
treats a bearer token as an anonymous visitor, so its token expectations are derived: the
anonymous outcome (see `all_token_expectations`). API writes get an empty JSON object as body
unless the module's API_BODIES names one (a well-formed body, so that the route has to look the
row up and another tenant's row answers 404 instead of the body's 400).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from tests.permissions.world import ACTORS, TOKEN_ACTORS

Expectation = dict[str, int]


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]


def all_expectations() -> dict[tuple[str, str], Expectation]:
    merged: dict[tuple[str, str], Expectation] = {}
    for module in modules():
        for key, value in module.EXPECTATIONS.items():
            assert key not in merged, f"{key} is expected in two modules"
            merged[key] = value
    return merged


def all_token_expectations() -> dict[tuple[str, str], Expectation]:
    """Explicit rows for /api/ routes; every other route: a token is anonymous."""
    explicit: dict[tuple[str, str], Expectation] = {}
    for module in modules():
        for key, value in getattr(module, "TOKEN_EXPECTATIONS", {}).items():
            assert key not in explicit, f"{key} has token expectations in two modules"
            explicit[key] = value
    merged = dict(explicit)
    for key, expected in all_expectations().items():
        if key not in explicit:
            merged[key] = dict.fromkeys(TOKEN_ACTORS, expected["anonymous"])
    return merged


def all_api_bodies() -> dict[tuple[str, str], Any]:
    return {key: body for module in modules() for key, body in getattr(module, "API_BODIES", {}).items()}


def explicit_token_keys() -> set[tuple[str, str]]:
    return {key for module in modules() for key in getattr(module, "TOKEN_EXPECTATIONS", {})}


def all_params() -> dict[str, Any]:
    from tests.permissions.world import PARAMS

    merged = dict(PARAMS)
    for module in modules():
        merged.update(getattr(module, "PARAMS", {}))
    return merged


# Shorthands for writing expectations.
def everyone(status: int) -> Expectation:
    return dict.fromkeys(ACTORS, status)


def only(actors: tuple[str, ...] | list[str], status: int, *, others: int = 403, anonymous: int = 303,
         **overrides: int) -> Expectation:
    result = {actor: (status if actor in actors else others) for actor in ACTORS}
    result["anonymous"] = anonymous
    result.update(overrides)
    return result


LOGGED_IN = tuple(a for a in ACTORS if a != "anonymous")
EMPLOYERS = ("employer", "other_employer", "employer_unverified")
VERIFIED_EMPLOYERS = ("employer", "other_employer")
ACCOUNT_MANAGERS = ("account_manager", "account_manager_other")
CANDIDATES = ("candidate", "other_candidate")


def tokens(actors: tuple[str, ...] | list[str], status: int, *, others: int = 403, read_only: int | None = None,
           revoked: int = 401, **overrides: int) -> Expectation:
    """An /api/ route called with bearer tokens.

    `actors` get `status` and other roles `others`, with either scope unless `read_only` is given:
    then every read-only token gets that (a write needs a read-write token; the scope is checked
    before anything else). Overrides name a plain actor and apply to its read-write token and, when
    `read_only` is not given, to its read-only token too. A revoked token gets `revoked`.
    """
    unknown = set(overrides) - set(LOGGED_IN)
    assert not unknown, f"overrides must name logged-in actors: {unknown}"
    result: Expectation = {}
    for actor in LOGGED_IN:
        allowed = overrides.get(actor, status if actor in actors else others)
        result[f"{actor}+write"] = allowed
        result[f"{actor}+read"] = allowed if read_only is None else read_only
    result["revoked"] = revoked
    return result


def public_api(status: int = 200) -> Expectation:
    """An /api/ route open to everyone: any token, valid or revoked, changes nothing."""
    return dict.fromkeys(TOKEN_ACTORS, status)
