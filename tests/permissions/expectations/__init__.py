"""Expected outcome per route and actor, one module per area; merged here.

Each module defines EXPECTATIONS = {("GET", "/path/{param}"): {actor: status, ...}} with an entry
for every actor, and may define PARAMS (path parameter resolvers) and extend_world(world, db).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from tests.permissions.world import ACTORS

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
