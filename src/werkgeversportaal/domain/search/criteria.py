"""What a user typed into a search form, checked: every value either becomes a structured filter
or is dropped with a message in Dutch. Nothing typed is ever pasted into a filter string.
"""

from __future__ import annotations

import math
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from werkgeversportaal.domain.employers.places import places
from werkgeversportaal.domain.search.backends import Filter, GeoFilter, epoch_days
from werkgeversportaal.domain.search.backends.base import MAX_PAGE, MAX_QUERY_CHARS, MAX_RADIUS_KM
from werkgeversportaal.domain.search.documents import CEFR, EDUCATION
from werkgeversportaal.lib.forms import without_control_characters
from werkgeversportaal.lib.i18n import gettext as _

SORTS = ("relevance", "newest", "distance")
PER_PAGE = 20


@dataclass
class Criteria:
    q: str = ""
    filters: list[Filter] = field(default_factory=list)
    geo: GeoFilter | None = None
    sort: str = ""
    page: int = 1
    values: dict[str, str] = field(default_factory=dict)  # what the form shows again
    messages: list[str] = field(default_factory=list)  # what was dropped and why

    def params(self, **change: Any) -> dict[str, str]:
        """The query string of this search, with `change` applied (pagination links)."""
        merged = {**self.values, **{k: str(v) for k, v in change.items()}}
        return {k: v for k, v in merged.items() if v}


def _one(raw: Any, name: str) -> str:
    value = raw.get(name) if hasattr(raw, "get") else None
    if isinstance(value, list):
        value = value[0] if value else ""
    # Control characters (NUL above all: PostgreSQL refuses it in a saved search) are never meant.
    return without_control_characters(str(value or "")[:MAX_QUERY_CHARS * 5]).strip()


def _int(text: str) -> int | None:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return int(number) if math.isfinite(number) else None


def parse_text_and_paging(raw: Any, criteria: Criteria, *, allow_distance: bool) -> None:
    q = " ".join(_one(raw, "q").split())
    if len(q) > MAX_QUERY_CHARS:
        criteria.messages.append(_("Uw zoekwoorden zijn ingekort tot %(max)s tekens.") % {"max": MAX_QUERY_CHARS})
        q = q[:MAX_QUERY_CHARS]
    criteria.q = criteria.values["q"] = q
    sort = _one(raw, "sort")
    if sort and sort not in SORTS:
        criteria.messages.append(_("Onbekende sortering; de resultaten staan op relevantie."))
        sort = ""
    if sort == "distance" and not allow_distance:
        criteria.messages.append(_("Sorteren op afstand kan alleen met een plaats."))
        sort = ""
    criteria.sort = criteria.values["sort"] = sort
    page_text = _one(raw, "page")
    page = _int(page_text) if page_text else 1
    if page is None or page < 1:
        criteria.messages.append(_("Onbekende pagina; u ziet de eerste pagina."))
        page = 1
    criteria.page = min(page, MAX_PAGE + 1)  # beyond the last page: an empty page, not an error


def parse_place(raw: Any, criteria: Criteria) -> None:
    place_name, km_text = _one(raw, "place"), _one(raw, "km")
    criteria.values.update(place=place_name, km=km_text)
    if not place_name:
        if km_text:
            criteria.messages.append(_("Vul een plaats in om op afstand te zoeken."))
        return
    found = places().lookup(place_name)
    if found is None:
        hint = ", ".join(places().suggest(place_name))
        criteria.messages.append(
            _("De plaats '%(place)s' kennen we niet.") % {"place": place_name}
            + (" " + _("Bedoelt u: %(names)s?") % {"names": hint} if hint else ""))
        return
    radius: float | None = None
    if km_text:
        km = _int(km_text)
        if km is None or km <= 0 or km > MAX_RADIUS_KM:
            criteria.messages.append(
                _("Afstand moet een getal van 1 tot %(max)s km zijn.") % {"max": int(MAX_RADIUS_KM)})
        else:
            radius = float(km)
    criteria.geo = GeoFilter(lat=found.lat, lng=found.lng, radius_km=radius)


def parse_candidate_filters(raw: Any, criteria: Criteria, *, sectors: Container[str], kinds: Container[str]) -> None:
    def choice(name: str, allowed: Container[str], label: str) -> str:
        value = _one(raw, name)
        if value and value not in allowed:
            criteria.messages.append(
                _("Onbekende waarde voor %(filter)s; dit filter is niet gebruikt.") % {"filter": label})
            value = ""
        criteria.values[name] = value
        return value

    if sector := choice("sector", sectors, _("sector")):
        criteria.filters.append(Filter.eq("sectors", sector))
    if kind := choice("kind", kinds, _("soort plek")):
        criteria.filters.append(Filter.eq("opening_kinds", kind))
    if dutch := choice("dutch", CEFR, _("Nederlands")):
        criteria.filters.append(Filter.gte("dutch_level", CEFR.index(dutch)))
    if education := choice("education", EDUCATION, _("opleiding")):
        criteria.filters.append(Filter.gte("education_level", EDUCATION.index(education)))
    available = _one(raw, "available")
    criteria.values["available"] = available
    if available:
        try:
            criteria.filters.append(Filter.lte("available_from", epoch_days(date.fromisoformat(available))))
        except ValueError:
            criteria.messages.append(_("Vul bij 'beschikbaar vanaf' een datum in."))
            criteria.values["available"] = ""
    hours = _one(raw, "hours")
    criteria.values["hours"] = hours
    if hours:
        number = _int(hours)
        if number is None or not 1 <= number <= 60:
            criteria.messages.append(_("Uren per week moet een getal van 1 tot 60 zijn."))
            criteria.values["hours"] = ""
        else:
            criteria.filters.append(Filter.gte("hours_per_week", number))
    video = _one(raw, "video")
    criteria.values["video"] = "on" if video in ("on", "1", "true") else ""
    if criteria.values["video"]:
        criteria.filters.append(Filter.eq("has_video", True))


def matches(document: dict[str, Any], criteria: Criteria) -> bool:
    """The same filters on a document in Python: the database fallback when the backend is down."""
    for item in criteria.filters:
        value = document.get(item.field)
        values = value if isinstance(value, list) else [value]
        if item.op == "eq" and item.value not in values:
            return False
        if item.op == "gte" and not (isinstance(value, int | float) and value >= item.value):  # type: ignore[operator]
            return False
        if item.op == "lte" and not (isinstance(value, int | float) and value <= item.value):  # type: ignore[operator]
            return False
    words = [w for w in criteria.q.lower().split() if w]
    if words:
        text = " ".join(str(v) for v in document.values() if isinstance(v, str | list)).lower()
        if not all(w in text for w in words):
            return False
    return True
