"""The meeting as an iCalendar file (RFC 5545), so employer and candidate can add it to their agenda."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from werkgeversportaal.db.models import Introduction


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(intro: Introduction, organisation: str, candidate: str, base_url: str) -> str:
    assert intro.meeting_at is not None
    start = intro.meeting_at
    host = base_url.split("//")[-1].split("/")[0] or "werkgeversportaal.local"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Werkgeversportaal//Kennismaking//NL", "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:introduction-{intro.id}-{intro.version}@{host}",
        f"DTSTAMP:{_stamp(datetime.now(UTC))}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(start + timedelta(hours=1))}",
        f"SUMMARY:{_escape(f'Kennismaking {organisation} - {candidate}')}",
        f"LOCATION:{_escape(intro.meeting_place)}",
        f"DESCRIPTION:{_escape(intro.attendees)}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
