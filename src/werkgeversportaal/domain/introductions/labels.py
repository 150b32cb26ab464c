"""UI labels of the introductions area's enums, and what each status means for a candidate."""

from __future__ import annotations

import enum

from werkgeversportaal.db.models import ContractKind, IntroductionStatus, MeetingMode, MilestoneOutcome, StopReason
from werkgeversportaal.domain.introductions.state import Action
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.labels import register


class SupportAction(str, enum.Enum):
    JOBCOACH = "jobcoach"
    LANGUAGE_COACH = "language_coach"
    EXTRA_LESSONS = "extra_lessons"
    EMPLOYER_TALK = "employer_talk"


S = IntroductionStatus
register([
    (S.REQUESTED, _l("Aangevraagd")),
    (S.CANDIDATE_AGREED, _l("Kandidaat akkoord")),
    (S.MEETING_PLANNED, _l("Kennismaking gepland")),
    (S.TRIAL, _l("Proefplaatsing")),
    (S.PLACED, _l("Geplaatst")),
    (S.FOLLOWUP, _l("Nazorg")),
    (S.COMPLETED, _l("Afgerond")),
    (S.DECLINED, _l("Afgewezen door kandidaat")),
    (S.WITHDRAWN, _l("Ingetrokken")),
    (S.STOPPED, _l("Gestopt")),
    (StopReason.NO_FIT, _l("Past niet")),
    (StopReason.CANDIDATE_UNAVAILABLE, _l("Kandidaat niet beschikbaar")),
    (StopReason.EMPLOYER_NO_LONGER, _l("Werkgever heeft geen plek meer")),
    (StopReason.LANGUAGE, _l("Taal is nog een te grote drempel")),
    (StopReason.HEALTH, _l("Gezondheid")),
    (StopReason.CONSENT_WITHDRAWN, _l("Toestemming ingetrokken")),
    (StopReason.OTHER, _l("Anders")),
    (MeetingMode.ON_SITE, _l("Op locatie")),
    (MeetingMode.VIDEO, _l("Videogesprek")),
    (ContractKind.PERMANENT, _l("Vast contract")),
    (ContractKind.TEMPORARY, _l("Tijdelijk contract")),
    (ContractKind.INTERNSHIP, _l("Stage")),
    (ContractKind.WORK_STUDY, _l("Leerwerkplek")),
    (ContractKind.OTHER, _l("Anders")),
    (MilestoneOutcome.GOING_WELL, _l("Gaat goed")),
    (MilestoneOutcome.NEEDS_ATTENTION, _l("Vraagt aandacht")),
    (MilestoneOutcome.AT_RISK, _l("Loopt risico")),
    (MilestoneOutcome.STOPPED, _l("Gestopt")),
    (SupportAction.JOBCOACH, _l("Jobcoach")),
    (SupportAction.LANGUAGE_COACH, _l("Taalcoach")),
    (SupportAction.EXTRA_LESSONS, _l("Extra taallessen")),
    (SupportAction.EMPLOYER_TALK, _l("Gesprek met werkgever")),
    (Action.WITHDRAW, _l("Intrekken")),
    (Action.AGREE, _l("Kandidaat is akkoord")),
    (Action.DECLINE, _l("Kandidaat wil niet")),
    (Action.PLAN_MEETING, _l("Kennismaking plannen")),
    (Action.START_TRIAL, _l("Proefplaatsing starten")),
    (Action.PLACE, _l("Geplaatst")),
    (Action.START_FOLLOWUP, _l("Nazorg starten")),
    (Action.COMPLETE, _l("Afronden")),
    (Action.STOP, _l("Stoppen")),])

# Plain words for the candidate: what a status means for them.
MEANING = {
    S.REQUESTED: _l("Deze werkgever wil graag met u kennismaken. Als u akkoord gaat, plant uw accountmanager "
                    "een gesprek. De werkgever krijgt uw contactgegevens niet."),
    S.CANDIDATE_AGREED: _l("U wilt kennismaken. Uw accountmanager plant een gesprek."),
    S.MEETING_PLANNED: _l("Het kennismakingsgesprek is gepland."),
    S.TRIAL: _l("U werkt op proef bij deze werkgever."),
    S.PLACED: _l("U werkt bij deze werkgever."),
    S.FOLLOWUP: _l("U werkt bij deze werkgever. Uw accountmanager vraagt regelmatig hoe het gaat."),
    S.COMPLETED: _l("De begeleiding is afgerond."),
    S.DECLINED: _l("U wilde niet kennismaken."),
    S.WITHDRAWN: _l("De werkgever heeft het verzoek ingetrokken."),
    S.STOPPED: _l("Deze kennismaking is gestopt."),
}
