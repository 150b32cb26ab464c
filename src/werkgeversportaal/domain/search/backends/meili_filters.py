"""Builds Meilisearch filter expressions from structured, already validated filters.

User input reaches the filter string only as a quoted, escaped literal or as a formatted number;
field names come from the index definition's whitelist (checked again here, defence in depth).
"""

from __future__ import annotations

import math
import re

from .base import Filter, FilterScalar, GeoFilter, InvalidQuery

__all__ = ["filter_expressions", "quote", "render_number"]

_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quote(value: str) -> str:
    """A double-quoted Meilisearch string literal. Backslashes first, so an escaped quote stays
    escaped; control characters are dropped (they have no business in a filter value)."""
    cleaned = "".join(ch for ch in value if ch >= " ")
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_number(value: int | float) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidQuery("filter value must be a finite number")
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        # Fixed notation: the filter grammar has no exponent sign ("1e+20" would not parse).
        text = format(value, "f").rstrip("0").rstrip(".") or "0"
    return text


def _literal(value: FilterScalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return render_number(value)
    if isinstance(value, str):
        return quote(value)
    raise InvalidQuery("filter value must be text, a number or true/false")


def _field(name: str, allowed: list[str]) -> str:
    if name == "_geo" or name not in allowed or not _FIELD.fullmatch(name):
        raise InvalidQuery(f"cannot filter on {name!r}")
    return name


def filter_expressions(filters: list[Filter], geo: GeoFilter | None, allowed: list[str]) -> list[str]:
    """One expression per filter; Meilisearch ANDs the items of a filter array."""
    expressions: list[str] = []
    for item in filters:
        field = _field(item.field, allowed)
        value = item.value
        if item.op == "eq" and not isinstance(value, list):
            expressions.append(f"{field} = {_literal(value)}")
        elif item.op == "in":
            values = value if isinstance(value, list) else [value]
            expressions.append(f"{field} IN [{', '.join(_literal(v) for v in values)}]")
        elif item.op == "gte" and not isinstance(value, list | str):
            expressions.append(f"{field} >= {render_number(value)}")
        elif item.op == "lte" and not isinstance(value, list | str):
            expressions.append(f"{field} <= {render_number(value)}")
        elif item.op == "range" and isinstance(value, list) and len(value) == 2:
            low, high = value
            if isinstance(low, str) or isinstance(high, str):
                raise InvalidQuery(f"filter {field!r}: range takes numbers")
            expressions.append(f"{field} {render_number(low)} TO {render_number(high)}")
        else:
            raise InvalidQuery(f"filter {field!r}: bad operator or value")
    if geo is not None and geo.radius_km is not None:
        meters = max(1, round(geo.radius_km * 1000))
        expressions.append(f"_geoRadius({render_number(geo.lat)}, {render_number(geo.lng)}, {meters})")
    return expressions
