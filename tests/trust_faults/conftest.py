"""Helpers for the fault tests."""

from __future__ import annotations

from typing import Any


def csrf(client: Any) -> dict[str, str]:
    return {"x-csrftoken": client.cookies.get("wgp_csrf")}
