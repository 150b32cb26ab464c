"""Reports for the municipality: introductions and placements per month, conversion per step, time to placement,
who still works after six months, per sector and opening kind. Charts are SVG drawn on the server, with the
numbers in a table beside them; everything also comes as CSV."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Response, Template
from sqlalchemy import select

from werkgeversportaal.db.models import Candidate, Introduction, IntroductionEvent, IntroductionStatus
from werkgeversportaal.domain.introductions import labels as _labels  # noqa: F401  (registers the enum labels)
from werkgeversportaal.domain.introductions.deps import introduction_service
from werkgeversportaal.domain.introductions.services import IntroductionService
from werkgeversportaal.domain.introductions.state import PIPELINE
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.labels import label
from werkgeversportaal.lib.permissions import Permission, acting_user, requires
from werkgeversportaal.lib.rendering import render

S = IntroductionStatus
WORKING = frozenset({S.PLACED, S.FOLLOWUP, S.COMPLETED})
SIX_MONTHS = timedelta(days=182)


@dataclass
class Bar:
    label: str
    value: float
    text: str


def _parse(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _months(start: date, end: date) -> list[str]:
    months, cursor = [], date(start.year, start.month, 1)
    while cursor <= end:
        months.append(cursor.strftime("%Y-%m"))
        cursor = date(cursor.year + (cursor.month // 12), cursor.month % 12 + 1, 1)
    return months


async def build(session: Any, municipality_id: Any, start: date, end: date) -> dict[str, Any]:
    since = datetime.combine(start, datetime.min.time(), UTC)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC)
    rows = list((await session.scalars(
        select(Introduction).join(Candidate, Candidate.id == Introduction.candidate_id)
        .where(Candidate.municipality_id == municipality_id, Introduction.created_at >= since,
               Introduction.created_at < until))).unique())
    placed_rows = list((await session.scalars(
        select(Introduction).join(Candidate, Candidate.id == Introduction.candidate_id)
        .where(Candidate.municipality_id == municipality_id, Introduction.placed_at >= since,
               Introduction.placed_at < until))).unique())
    reached: dict[Any, set[str]] = {r.id: {S.REQUESTED.value} for r in rows}
    if rows:
        for intro_id, to_status in await session.execute(
                select(IntroductionEvent.introduction_id, IntroductionEvent.to_status)
                .where(IntroductionEvent.introduction_id.in_([r.id for r in rows]))):
            reached[intro_id].add(to_status)
    months = _months(start, end)
    requests = Counter(r.created_at.strftime("%Y-%m") for r in rows)
    placements = Counter(r.placed_at.strftime("%Y-%m") for r in placed_rows if r.placed_at)
    per_month = [{"month": m, "introductions": requests[m], "placements": placements[m]} for m in months]
    steps = []
    previous = None
    for status in PIPELINE:
        count = sum(1 for r in rows if status.value in reached[r.id])
        share = round(100 * count / previous) if previous else (100 if count else 0)
        steps.append({"status": label(status), "count": count, "share": share})
        previous = count
    days = [(r.placed_at - r.created_at).days for r in placed_rows if r.placed_at]
    median_days = statistics.median(days) if days else None
    now = datetime.now(UTC)
    matured = [r for r in placed_rows if r.placed_at and r.placed_at <= now - SIX_MONTHS]
    still = sum(1 for r in matured if r.status in WORKING)
    still_share = round(100 * still / len(matured)) if matured else None
    per_sector, per_kind = Counter[str](), Counter[str]()
    placed_sector, placed_kind = Counter[str](), Counter[str]()
    for r in rows:
        sector = label(r.opening.sector) if r.opening else (label(r.employer.sectors[0]) if r.employer.sectors
                                                             else _("Onbekend"))
        kind = label(r.opening.kind) if r.opening else _("Zonder vacature")
        per_sector[sector] += 1
        per_kind[kind] += 1
        if r.placed_at:
            placed_sector[sector] += 1
            placed_kind[kind] += 1
    return {
        "per_month": per_month, "steps": steps, "median_days": median_days, "placements_total": len(placed_rows),
        "introductions_total": len(rows), "matured": len(matured), "still_working": still,
        "still_share": still_share,
        "per_sector": [{"name": k, "introductions": v, "placements": placed_sector[k]}
                       for k, v in sorted(per_sector.items())],
        "per_kind": [{"name": k, "introductions": v, "placements": placed_kind[k]}
                     for k, v in sorted(per_kind.items())],
    }


def to_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "name", "introductions", "placements", "value"])
    for row in report["per_month"]:
        writer.writerow(["month", row["month"], row["introductions"], row["placements"], ""])
    for row in report["steps"]:
        writer.writerow(["step", row["status"], row["count"], "", f"{row['share']}%"])
    for row in report["per_sector"]:
        writer.writerow(["sector", row["name"], row["introductions"], row["placements"], ""])
    for row in report["per_kind"]:
        writer.writerow(["opening_kind", row["name"], row["introductions"], row["placements"], ""])
    writer.writerow(["median_days_to_placement", "", "", "", report["median_days"] if report["median_days"]
                     is not None else ""])
    writer.writerow(["still_working_after_6_months", "", report["matured"], report["still_working"],
                     f"{report['still_share']}%" if report["still_share"] is not None else ""])
    return out.getvalue()


class ReportsController(Controller):
    path = "/accountmanager/rapportages"
    guards = [requires(Permission.CANDIDATES_MANAGE)]
    dependencies = {**introduction_service}
    include_in_schema = False

    async def _report(self, request: Request[Any, Any, Any], introductions: IntroductionService,
                      start: str | None, end: str | None) -> tuple[date, date, dict[str, Any]]:
        user = acting_user(request)
        today = datetime.now(UTC).date()
        end_day = _parse(end, today)
        start_day = _parse(start, date(end_day.year - 1, end_day.month, 1) + timedelta(days=31))
        start_day = date(start_day.year, start_day.month, 1)
        if start_day > end_day:
            start_day, end_day = date(end_day.year, end_day.month, 1), end_day
        report = await build(introductions.repository.session, user.municipality_id, start_day, end_day)
        return start_day, end_day, report

    @get("/", name="am_reports")
    async def index(self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
                    start: FromQuery[str | None] = None, end: FromQuery[str | None] = None) -> Template:
        start_day, end_day, report = await self._report(request, introductions, start, end)
        top = max([1] + [max(r["introductions"], r["placements"]) for r in report["per_month"]])
        return render(request, "introductions/reports.html", {
            "report": report, "start": start_day.isoformat(), "end": end_day.isoformat(), "top": top})

    @get("/csv", name="am_reports_csv")
    async def download(self, request: Request[Any, Any, Any], introductions: NamedDependency[IntroductionService],
                       start: FromQuery[str | None] = None, end: FromQuery[str | None] = None) -> Response[str]:
        start_day, end_day, report = await self._report(request, introductions, start, end)
        return Response(to_csv(report), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="rapportage-{start_day}-{end_day}.csv"'})
