"""UI labels of the employers area's enums."""

from __future__ import annotations

from werkgeversportaal.db.models import CefrLevel, DayPart, EducationLevel, OpeningKind, OpeningStatus, Weekday
from werkgeversportaal.domain.employers.openings_state import OpeningAction
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.labels import register

register([
    (OpeningKind.VACANCY, _l("Vacature")),
    (OpeningKind.INTERNSHIP, _l("Stage")),
    (OpeningKind.WORK_EXPERIENCE, _l("Werkervaringsplek")),
    (OpeningKind.WORK_STUDY, _l("Leerwerkplek")),
    (OpeningKind.LANGUAGE_INTERNSHIP, _l("Taalstage")),
    (OpeningStatus.DRAFT, _l("Concept")),
    (OpeningStatus.PUBLISHED, _l("Gepubliceerd")),
    (OpeningStatus.PAUSED, _l("Gepauzeerd")),
    (OpeningStatus.FILLED, _l("Vervuld")),
    (OpeningStatus.CLOSED, _l("Gesloten")),
    (OpeningAction.PUBLISH, _l("Publiceren")),
    (OpeningAction.PAUSE, _l("Pauzeren")),
    (OpeningAction.FILL, _l("Markeren als vervuld")),
    (OpeningAction.CLOSE, _l("Sluiten")),
    (EducationLevel.NONE, _l("Geen diploma nodig")),
    (EducationLevel.MBO1, _l("mbo 1")),
    (EducationLevel.MBO2, _l("mbo 2")),
    (EducationLevel.MBO3, _l("mbo 3")),
    (EducationLevel.MBO4, _l("mbo 4")),
    (EducationLevel.HBO, _l("hbo")),
    (EducationLevel.WO, _l("wo")),
    (Weekday.MON, _l("maandag")),
    (Weekday.TUE, _l("dinsdag")),
    (Weekday.WED, _l("woensdag")),
    (Weekday.THU, _l("donderdag")),
    (Weekday.FRI, _l("vrijdag")),
    (Weekday.SAT, _l("zaterdag")),
    (Weekday.SUN, _l("zondag")),
    (DayPart.MORNING, _l("ochtend")),
    (DayPart.AFTERNOON, _l("middag")),
    (DayPart.EVENING, _l("avond")),
    (CefrLevel.A0, _l("A0 (nog geen Nederlands)")),])
