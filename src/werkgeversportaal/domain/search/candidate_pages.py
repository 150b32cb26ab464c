"""Employer candidate search (/werkgever/kandidaten): the index for finding, the database for showing.

Every hit on the page is rechecked against the database before it is rendered (rule 1, through
visibility.py's conditions; candidate_hits.py does it and finds the posters in the same query); when
the backend is down the page says so and falls back to the consented candidates from the database.
htmx swaps only the results (fragment) as the employer types; without JavaScript it is a GET form.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any, NamedTuple

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import ConsentScope, Sector
from werkgeversportaal.domain.candidates import options
from werkgeversportaal.domain.candidates.visibility import visible_candidate_ids
from werkgeversportaal.domain.search.backends import InvalidQuery, SearchHit, SearchQuery
from werkgeversportaal.domain.search.candidate_form import filter_form, message, pieces, save_fields
from werkgeversportaal.domain.search.candidate_hits import visible_hits
from werkgeversportaal.domain.search.candidates import build_candidate_documents
from werkgeversportaal.domain.search.criteria import (
    PER_PAGE,
    Criteria,
    matches,
    parse_candidate_filters,
    parse_place,
    parse_text_and_paging,
)
from werkgeversportaal.domain.search.deps import search_service
from werkgeversportaal.domain.search.documents import CEFR, EDUCATION
from werkgeversportaal.domain.search.service import SearchOutcome, SearchService
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
from werkgeversportaal.lib.permissions import CurrentUser, Permission, requires
from werkgeversportaal.lib.permissions import acting_user as _actor
from werkgeversportaal.lib.rendering import render
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.templating import marked_text

FACETS = ["sectors", "opening_kinds", "dutch_level", "education_level", "has_video"]
HIGHLIGHT = ["intro", "occupations", "experience"]
FALLBACK_LIMIT = 500  # the database fallback shows at most this many consented candidates


_SECTORS = frozenset(sector.value for sector in Sector)  # as options.sector_choices() offers them
_KINDS = frozenset(value for value, _text in options.OPENING_KINDS)


def candidate_criteria(raw: Any) -> Criteria:
    criteria = Criteria()
    parse_place(raw, criteria)
    parse_text_and_paging(raw, criteria, allow_distance=criteria.geo is not None)
    parse_candidate_filters(raw, criteria, sectors=_SECTORS, kinds=_KINDS)
    return criteria


async def fallback(session: AsyncSession, actor: CurrentUser, criteria: Criteria) -> SearchOutcome:
    """Backend down: the same filters over the consented candidates, straight from the database."""
    ids = [str(i) for i in await visible_candidate_ids(session, actor, ConsentScope.PROFILE)][:FALLBACK_LIMIT]
    documents = [d for d in (await build_candidate_documents(session, ids)).values() if d and matches(d, criteria)]
    documents.sort(key=lambda d: -int(d["published_at"]))
    start = (criteria.page - 1) * PER_PAGE
    hits = [SearchHit(id=d["id"], document=d) for d in documents[start:start + PER_PAGE]]
    return SearchOutcome(hits=hits, total=len(documents), page=criteria.page, per_page=PER_PAGE,
                         total_pages=-(-len(documents) // PER_PAGE), limited=True)


async def run_search(search: SearchService, actor: CurrentUser,
                     criteria: Criteria) -> tuple[SearchOutcome, dict[str, str]]:
    """The page of hits the employer may see now, and the poster key of each hit whose video they may see.

    One query rechecks the page's hits (rule 1) and finds the posters (candidate_hits.py).
    """
    query = SearchQuery(index="candidates", q=criteria.q, filters=criteria.filters, geo=criteria.geo,
                        facets=FACETS, sort=criteria.sort, page=criteria.page, per_page=PER_PAGE,
                        highlight=HIGHLIGHT)
    poster_keys: dict[str, str] = {}

    async def check(hits: list[SearchHit]) -> Container[str]:
        visible = await visible_hits(search.session, actor, [hit.id for hit in hits], with_video(hits))
        poster_keys.update((i, key) for i, key in visible.items() if key)
        return visible

    try:
        outcome = await search.search(query, actor, check=check)
    except InvalidQuery:
        criteria.messages.append(_("Deze zoekopdracht kunnen we niet uitvoeren; pas de filters aan."))
        return SearchOutcome(page=criteria.page, per_page=PER_PAGE), {}
    if outcome.limited:
        outcome = await fallback(search.session, actor, criteria)
        if outcome.hits:
            visible = await visible_hits(search.session, actor, [hit.id for hit in outcome.hits],
                                         with_video(outcome.hits))
            poster_keys = {i: key for i, key in visible.items() if key}
    return outcome, poster_keys


def with_video(hits: list[SearchHit]) -> set[str]:
    """Posters only for the hits whose document says they have a video (as the cards show it)."""
    return {hit.id for hit in hits if hit.document.get("has_video")}


def posters(runtime: Runtime, poster_keys: dict[str, str]) -> dict[str, str]:
    """Signed poster URLs (only for candidates whose video the employer may see right now)."""
    if not poster_keys:
        return {}
    expiry = runtime.settings.media.url_expiry_seconds
    sign = runtime.storage.signed_url
    return {candidate_id: sign(key, expiry) for candidate_id, key in poster_keys.items()}


class Card(NamedTuple):
    """One result card's values. `name`, `poster_alt`, `details`, `occupations`, `experience` and
    `intro` are HTML, escaped here as the template would escape them (or the engine's highlighted
    text); `id` and `poster` are plain text. cards_html only places them."""

    id: str
    name: str
    poster: str | None
    poster_alt: str | None
    details: str  # place · distance · sectors
    occupations: str | None
    experience: str | None
    intro: str | None
    has_video: bool


HTML_FIELDS = ("name", "poster_alt", "details", "occupations", "experience", "intro")


def _html(value: Any) -> str:
    """Escaped as markupsafe.escape escapes text (the same five characters, the same entities),
    as plain str: no Markup made per value."""
    return (str(value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


def result_cards(hits: list[SearchHit], posters: dict[str, str], sectors: dict[str, str]) -> list[Card]:
    # Translated once per page, formatted as Jinja's i18n formats them: the message (ours, from the
    # catalogues) is trusted as markup, the values filled in are escaped (the messages have only
    # %(...)s, so str's % with escaped values gives what Markup's % gives).
    poster_alt = _("Stilstaand beeld uit de video van %(name)s")
    km = _("%(km)s km")
    sector_names = {code: _html(name) for code, name in sectors.items()}
    cards = []
    for hit in hits:
        d, fm = hit.document, hit.formatted
        given, initial = d.get("given_name", ""), d.get("initial")
        details: list[str] = [_html(d["place"])] if d.get("place") else []
        if hit.distance_km is not None:
            details.append(" · " + km % {"km": int(round(hit.distance_km, 0))})  # a number: nothing to escape
        for i, sector in enumerate(d.get("sectors") or ()):
            details.append(" · " if i == 0 else ", ")
            name = sector_names.get(sector)
            details.append(_html(sector) if name is None else name)
        poster = posters.get(hit.id)
        occupations, experience, intro = d.get("occupations"), d.get("experience"), d.get("intro")
        cards.append(Card(
            id=hit.id,
            name=f"{_html(given)} {_html(initial)}." if initial else _html(given),
            poster=poster,
            poster_alt=poster_alt % {"name": _html(given)} if poster else None,
            details="".join(details),
            occupations=marked_text(fm.get("occupations"), occupations) if occupations else None,
            experience=marked_text(fm.get("experience"), experience) if experience else None,
            intro=marked_text(fm.get("intro"), intro) if intro else None,
            has_video=bool(d.get("has_video")),
        ))
    return cards


def facet_counts(outcome: SearchOutcome) -> dict[str, dict[str, int]]:
    """Facet counts keyed as the form's values are (levels by name, not by number)."""
    dist = outcome.facet_distribution
    return {
        "sector": dict(dist.get("sectors", {})),
        "kind": dict(dist.get("opening_kinds", {})),
        "dutch": {CEFR[int(k)]: n for k, n in dist.get("dutch_level", {}).items() if k.isdigit() and int(k) < 7},
        "education": {EDUCATION[int(k)]: n for k, n in dist.get("education_level", {}).items()
                      if k.isdigit() and int(k) < 7},
        "video": {"on": dist.get("has_video", {}).get("true", 0)},
    }


def cards_html(cards: list[Card]) -> Markup:
    """Every card's <li>, byte for byte as templates/search/_result_cards.html renders them (a test
    compares the two): placed with f-strings instead of a Jinja escape() per value."""
    occupations, experience, video = (message("Beroepen"), message("Ervaring"), message("Heeft een video"))
    out = []
    for card in cards:
        out.append('  <li class="card">\n')
        if card.poster:
            out.append(f'<img class="poster" src="{_html(card.poster)}" alt="{card.poster_alt}" '
                       'width="160" height="90">')
        out.append(f'    <h2><a href="/werkgever/kandidaten/{_html(card.id)}">{card.name}</a></h2>\n'
                   f"    <p>{card.details}</p>\n")
        if card.occupations is not None:
            out.append(f"<p><strong>{occupations}:</strong> {card.occupations}</p>")
        if card.experience is not None:
            out.append(f"<p><strong>{experience}:</strong> {card.experience}</p>")
        if card.intro is not None:
            out.append(f"<p>{card.intro}</p>")
        if card.has_video:
            out.append(f'<p class="hint">{video}</p>')
        out.append("  </li>\n")
    return Markup("".join(out))  # noqa: S704 (plain values escaped here, HTML ones in result_cards)


class CandidateSearchController(Controller):
    path = "/werkgever/kandidaten"
    guards = [requires(Permission.EMPLOYER_VERIFIED)]
    dependencies = {**search_service}
    include_in_schema = False

    @get("/", name="employer_candidates", opt=AUTOCOMMIT_OPT)
    async def index(self, request: Request[Any, Any, Any], search: NamedDependency[SearchService]) -> Template:
        # The search service's runtime, not a second dependency (see EmployerCandidatesController.detail).
        context = await search_page_context(search, search.runtime, _actor(request), request.query_params)
        return render(request, "search/candidates.html", context, fragment="search/fragment_candidate_results.html")


async def search_page_context(search: SearchService, runtime: Runtime, actor: CurrentUser, raw: Any) -> dict[str, Any]:
    """What the search page shows for the parameters in `raw` (also used to re-show it after a failed save)."""
    criteria = candidate_criteria(raw)
    outcome, poster_keys = await run_search(search, actor, criteria)
    form = pieces(runtime.jinja)  # the form's parts in this language, made once per process
    counts = facet_counts(outcome)
    cards = result_cards(outcome.hits, posters(runtime, poster_keys), form.sector_names)
    return {
        "criteria": criteria, "outcome": outcome, "filter_form": filter_form(runtime.jinja, criteria.values, counts),
        "cards": cards, "cards_html": cards_html(cards),
        "save_values": {}, "save_errors": {}, "save_fields": save_fields(runtime.jinja),
    }
