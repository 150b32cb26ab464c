"""Accountmanager search over the openings and employers indexes (/accountmanager/zoeken).

The indexes hold what is public (published openings, verified employers in the register); the
full lists with every status stay on /accountmanager/vacatures and /accountmanager/werkgevers.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from werkgeversportaal.domain.candidates import options
from werkgeversportaal.domain.search.backends import Filter, InvalidQuery, SearchQuery
from werkgeversportaal.domain.search.criteria import PER_PAGE, Criteria, parse_place, parse_text_and_paging
from werkgeversportaal.domain.search.deps import search_service
from werkgeversportaal.domain.search.service import SearchOutcome, SearchService
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import Permission, current_user, requires
from werkgeversportaal.lib.rendering import render

INDEXES = {"openings": ("sector", ["title", "description", "employer_name"]), "employers": ("sectors", ["name"])}


async def search_index(search: SearchService, viewer: Any, index: str, criteria: Criteria,
                       sector: str) -> SearchOutcome:
    field, highlight = INDEXES[index]
    query = SearchQuery(index=index, q=criteria.q, geo=criteria.geo, sort=criteria.sort, page=criteria.page,
                        per_page=PER_PAGE, facets=[field], highlight=highlight,
                        filters=[Filter.eq(field, sector)] if sector else [])
    try:
        return await search.search(query, viewer)
    except InvalidQuery:
        criteria.messages.append(_("Deze zoekopdracht kunnen we niet uitvoeren; pas de filters aan."))
        return SearchOutcome(page=criteria.page, per_page=PER_PAGE)


class ManagerSearchController(Controller):
    path = "/accountmanager/zoeken"
    guards = [requires(Permission.EMPLOYERS_MANAGE)]
    dependencies = {**search_service}
    include_in_schema = False

    @get("/", name="am_search", opt=AUTOCOMMIT_OPT)
    async def index(self, request: Request[Any, Any, Any], search: NamedDependency[SearchService]) -> Template:
        raw = request.query_params
        criteria = Criteria()
        parse_place(raw, criteria)
        parse_text_and_paging(raw, criteria, allow_distance=criteria.geo is not None)
        index = raw.get("in") or "openings"
        if index not in INDEXES:
            criteria.messages.append(_("Kies vacatures of werkgevers."))
            index = "openings"
        sectors = dict((v, str(t)) for v, t in options.sector_choices())
        sector = raw.get("sector") or ""
        if sector and sector not in sectors:
            criteria.messages.append(
                _("Onbekende waarde voor %(filter)s; dit filter is niet gebruikt.") % {"filter": _("sector")})
            sector = ""
        criteria.values.update({"in": index, "sector": sector})
        outcome = await search_index(search, current_user(request), index, criteria, sector)
        counts = outcome.facet_distribution.get(INDEXES[index][0], {})
        return render(request, "search/manager.html", {
            "criteria": criteria, "outcome": outcome, "values": criteria.values, "index": index,
            "sectors": sectors, "counts": counts,
        }, fragment="search/fragment_manager_results.html")
