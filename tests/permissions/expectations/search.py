"""Routes of the search area: accountmanager match suggestions.

The employer candidate search replaced GET /werkgever/kandidaten, whose row stays in candidates.py
(a route has one row)."""

from __future__ import annotations

from typing import Any

from tests.permissions.expectations import only

OWN_AM = {"others": 403, "account_manager_other": 404}

PARAMS: dict[str, Any] = {}

EXPECTATIONS = {
    # Any opening (accountmanagers see every opening); the candidates shown are their own municipality's.
    ("GET", "/accountmanager/vacatures/{opening_id:uuid}/suggesties"):
        only(("account_manager", "account_manager_other"), 200),
    ("GET", "/accountmanager/zoeken"): only(("account_manager", "account_manager_other"), 200),
    ("GET", "/accountmanager/kandidaten/{candidate_id:uuid}/suggesties"): only(("account_manager",), 200, **OWN_AM),
}
