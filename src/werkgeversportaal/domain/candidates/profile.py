"""The candidate's profile: filling it in, what an employer sees, consent, export and erasure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import CTE, Table, bindparam, insert, select, union_all, update
from sqlalchemy import Sequence as SqlSequence
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import (
    AuditEvent,
    Candidate,
    Consent,
    ConsentScope,
    Employer,
    ProfileView,
    User,
    Video,
    ViewKind,
)
from werkgeversportaal.db.models.candidates import public_name
from werkgeversportaal.domain.candidates import hooks, options
from werkgeversportaal.domain.candidates.consent_texts import sync_texts, text_for
from werkgeversportaal.domain.candidates.schemas import ProfileForm, SelfProfileForm
from werkgeversportaal.lib.audit import audit_values, log_action
from werkgeversportaal.lib.i18n import gettext as _
from werkgeversportaal.lib.jobs import now
from werkgeversportaal.lib.permissions import CurrentUser
from werkgeversportaal.lib.runtime import Runtime

SKILLS = ("listening", "reading", "speaking", "writing")


def form_values(candidate: Candidate) -> dict[str, Any]:
    """The profile as form values (the intake form and the candidate's own form share names)."""
    values: dict[str, Any] = {
        "birth_year": candidate.birth_year, "place": candidate.place, "travel_radius_km": candidate.travel_radius_km,
        "wished_sectors": list(candidate.wished_sectors), "wished_occupations": candidate.wished_occupations,
        "wished_opening_kinds": list(candidate.wished_opening_kinds), "hours_per_week": candidate.hours_per_week,
        "available_from": candidate.available_from.isoformat() if candidate.available_from else "",
        "language_class_days": list(candidate.language_class_days),
        "civic_integration_status": candidate.civic_integration_status,
        "private_notes": candidate.private_notes, "self_introduction": candidate.self_introduction,
        "published": candidate.published,
    }
    for skill in SKILLS:
        values[f"dutch_{skill}"] = (candidate.dutch_levels or {}).get(skill, "")
    for i, lang in enumerate((candidate.other_languages or [])[:3], start=1):
        values[f"language_{i}"], values[f"language_{i}_level"] = lang.get("language", ""), lang.get("level", "")
    edu = candidate.education or {}
    values.update(education_level=edu.get("level", ""), education_field=edu.get("field", ""),
                  education_country=edu.get("country", ""), education_in_nl=edu.get("in_nl", False),
                  diploma_valued=edu.get("diploma_valued", False))
    for i, exp in enumerate((candidate.experience or [])[:2], start=1):
        values[f"experience_{i}_sector"] = exp.get("sector", "")
        values[f"experience_{i}_occupation"] = exp.get("occupation", "")
        values[f"experience_{i}_years"] = exp.get("years", "")
    assessment = candidate.assessment or {}
    values.update(work_level=assessment.get("work_level", ""), competences=assessment.get("competences", ""),
                  assessment_date=assessment.get("date", ""), assessment_instrument=assessment.get("instrument", ""))
    return values


def apply_profile(candidate: Candidate, form: ProfileForm) -> None:
    candidate.birth_year = form.birth_year
    candidate.dutch_levels = {s: getattr(form, f"dutch_{s}") for s in SKILLS if getattr(form, f"dutch_{s}")}
    candidate.other_languages = [
        {"language": getattr(form, f"language_{i}"), "level": getattr(form, f"language_{i}_level") or ""}
        for i in (1, 2, 3) if getattr(form, f"language_{i}")
    ]
    candidate.education = {"level": form.education_level or "", "field": form.education_field or "",
                           "country": form.education_country or "", "in_nl": form.education_in_nl,
                           "diploma_valued": form.diploma_valued}
    candidate.experience = [
        {"sector": getattr(form, f"experience_{i}_sector") or "",
         "occupation": getattr(form, f"experience_{i}_occupation") or "",
         "years": getattr(form, f"experience_{i}_years")}
        for i in (1, 2) if getattr(form, f"experience_{i}_occupation") or getattr(form, f"experience_{i}_sector")
    ]
    candidate.wished_opening_kinds = list(form.wished_opening_kinds)
    candidate.civic_integration_status = form.civic_integration_status or ""
    candidate.assessment = {"work_level": form.work_level or "", "competences": form.competences or "",
                            "date": form.assessment_date.isoformat() if form.assessment_date else "",
                            "instrument": form.assessment_instrument or ""}
    candidate.private_notes = form.private_notes or ""
    if form.published and not candidate.published:
        candidate.published_at = datetime.now(UTC)  # visibility.visible_since reads it
    candidate.published = form.published
    apply_self_profile(candidate, form)


def apply_self_profile(candidate: Candidate, form: SelfProfileForm | ProfileForm) -> None:
    candidate.self_introduction = form.self_introduction or ""
    candidate.place = form.place or ""
    candidate.travel_radius_km = form.travel_radius_km
    candidate.wished_sectors = list(form.wished_sectors)
    candidate.wished_occupations = form.wished_occupations or ""
    candidate.hours_per_week = form.hours_per_week
    candidate.available_from = form.available_from
    candidate.language_class_days = list(form.language_class_days)


# The columns employer_view reads (a query for the employer's page selects only these).
EMPLOYER_VIEW_COLUMNS = (
    "id", "given_name", "family_name", "birth_year", "place", "travel_radius_km", "self_introduction", "dutch_levels",
    "other_languages", "education", "assessment", "experience", "wished_sectors", "wished_occupations",
    "wished_opening_kinds", "hours_per_week", "available_from", "language_class_days",
)


def employer_view(candidate: Any) -> dict[str, Any]:
    """Exactly what an employer may see; the template gets nothing else (no family name, notes, contact).

    `candidate` is a Candidate or a row with the columns of EMPLOYER_VIEW_COLUMNS."""
    edu = candidate.education or {}
    return {
        "id": candidate.id,
        "name": public_name(candidate.given_name, candidate.family_name),
        "age_range": options.age_range(candidate.birth_year),
        "place": candidate.place,
        "travel_radius_km": candidate.travel_radius_km,
        "self_introduction": candidate.self_introduction,
        "dutch_levels": [(str(label), (candidate.dutch_levels or {}).get(skill, ""))
                         for skill, label in options.DUTCH_SKILLS if (candidate.dutch_levels or {}).get(skill)],
        "other_languages": list(candidate.other_languages or []),
        "education_level": options.text_of(options.EDUCATION_LEVELS, edu.get("level")),
        "education_field": edu.get("field", ""),
        "education_in_nl": bool(edu.get("in_nl")),
        "work_level": options.text_of(options.EDUCATION_LEVELS, (candidate.assessment or {}).get("work_level")),
        "experience": [{"sector": options.sector_text(e.get("sector")),
                        "occupation": e.get("occupation", ""), "years": e.get("years")}
                       for e in candidate.experience or []],
        "wished_sectors": [options.sector_text(s) for s in candidate.wished_sectors or []],
        "wished_occupations": candidate.wished_occupations,
        "wished_opening_kinds": [options.text_of(options.OPENING_KINDS, k) for k in candidate.wished_opening_kinds],
        "hours_per_week": candidate.hours_per_week,
        "available_from": candidate.available_from,
        "language_class_days": [options.text_of(options.WEEKDAYS, d) for d in candidate.language_class_days or []],
    }


# -- consent ------------------------------------------------------------------------------------

async def grant_consent(session: AsyncSession, candidate: Candidate, scope: ConsentScope, actor: CurrentUser,
                        language: str, *, on_behalf: bool = False) -> Consent:
    from werkgeversportaal.domain.candidates.visibility import active_consents

    await sync_texts(session)
    current = (await active_consents(session, candidate.id)).get(scope)
    if current is not None:
        return current
    version, lang, _title, _body = text_for(scope, language)
    consent = Consent(candidate_id=candidate.id, scope=scope, granted_by_id=actor.id, on_behalf=on_behalf,
                      text_version=version, language=lang, granted_at=now())
    session.add(consent)
    await session.flush()
    log_action(session, actor, "consent.granted", "candidate", candidate.id, scope=scope.value, version=version,
               language=lang, on_behalf=on_behalf)
    await hooks.on_candidate_visibility_changed(session, candidate.id)
    return consent


async def withdraw_consent(session: AsyncSession, candidate: Candidate, scope: ConsentScope,
                           actor: CurrentUser) -> int:
    """Withdraw every open grant for `scope` at once (also grants on older text versions)."""
    rows = list(await session.scalars(select(Consent).where(
        Consent.candidate_id == candidate.id, Consent.scope == scope, Consent.withdrawn_at.is_(None))))
    for row in rows:
        row.withdrawn_at, row.withdrawn_by_id = now(), actor.id
    if rows:
        log_action(session, actor, "consent.withdrawn", "candidate", candidate.id, scope=scope.value)
        from werkgeversportaal.domain.candidates.hooks import on_candidate_visibility_changed

        await on_candidate_visibility_changed(session, candidate.id)
        from werkgeversportaal.domain.introductions.services import stop_for_withdrawn_consent

        await stop_for_withdrawn_consent(session, candidate.id, scope)
    return len(rows)


async def consent_history(session: AsyncSession, candidate_id: UUID) -> list[Consent]:
    return list(await session.scalars(select(Consent).where(Consent.candidate_id == candidate_id)
                                      .order_by(Consent.granted_at.desc())))


# -- who viewed ---------------------------------------------------------------------------------

# Built once. Executed with a list of rows and RETURNING, SQLAlchemy sends one INSERT with a VALUES row
# per record ("insertmanyvalues"), from the compiled statement it caches.
_VIEWS, _AUDIT = cast(Table, ProfileView.__table__), cast(Table, AuditEvent.__table__)
_INSERT_VIEWS = insert(_VIEWS).returning(_VIEWS.c.id)
_INSERT_AUDIT = insert(_AUDIT).returning(_AUDIT.c.id)
_VIEW_DEFAULTS = ("id", "created_at", "updated_at")


def _view_records(candidate_id: UUID, viewer: CurrentUser,
                  kinds: Sequence[ViewKind]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of record_views: a ProfileView and an audit record per kind."""
    assert viewer.employer_id is not None
    views = [{"candidate_id": candidate_id, "employer_id": viewer.employer_id, "viewer_id": viewer.id, "kind": kind,
              "viewed_at": now()} for kind in kinds]
    audit = [audit_values(viewer, f"candidate.viewed_{kind.value}", "candidate", candidate_id,
                          employer_id=str(viewer.employer_id)) for kind in kinds]
    return views, audit


async def record_views(session: AsyncSession, candidate_id: UUID, viewer: CurrentUser,
                       kinds: list[ViewKind]) -> None:
    """Who viewed what (profile, video): a ProfileView and an audit record per kind, each table in one INSERT."""
    views, audit = _view_records(candidate_id, viewer, kinds)
    await session.execute(_INSERT_VIEWS, views)
    await session.execute(_INSERT_AUDIT, audit)


# Per table, the columns whose value is the same for every kind of one page view: one bind parameter each.
_SHARED = {"profile_view": ("candidate_id", "employer_id", "viewer_id"),
           "audit_event": ("actor_id", "actor_label", "subject_type", "subject_id", "data")}


def _param(table: Table, kind: ViewKind, name: str) -> str:
    return f"{table.name}_{name}" if name in _SHARED[table.name] else f"{table.name}_{kind.value}_{name}"


def recording_views(page: CTE, gates: dict[ViewKind, Any]) -> tuple[CTE, CTE]:
    """record_views as two INSERT ... SELECT CTEs (PostgreSQL) for a statement that selects its page from
    the CTE `page`: in the same statement, so the page and its records take one round trip. Each kind's
    records are written only when `page` has its row and the kind's gate (a condition on `page`) holds;
    their values are bind parameters, see recording_params."""
    def rows(table: Table, columns: Sequence[str], extra: dict[str, Any]) -> Any:
        return union_all(*(
            select(*(extra[name] if name in extra else
                     bindparam(_param(table, kind, name), type_=table.c[name].type) for name in columns))
            .select_from(page).where(gate)
            for kind, gate in gates.items()))

    view_columns = ("candidate_id", "employer_id", "viewer_id", "kind", "viewed_at", *_VIEW_DEFAULTS)
    audit_columns = ("id", "occurred_at", "actor_id", "actor_label", "action", "subject_type", "subject_id", "data")
    next_audit_id = cast(SqlSequence, _AUDIT.c.id.default).next_value()
    return (insert(_VIEWS).from_select(view_columns, rows(_VIEWS, view_columns, {}), include_defaults=False)
            .cte("recorded_views"),
            insert(_AUDIT).from_select(audit_columns, rows(_AUDIT, audit_columns, {"id": next_audit_id}),
                                       include_defaults=False).cte("recorded_audit"))


def recording_params(candidate_id: UUID, viewer: CurrentUser, kinds: Sequence[ViewKind]) -> dict[str, Any]:
    """The bind parameters of recording_views: the same values record_views writes, for every gated kind."""
    views, audit = _view_records(candidate_id, viewer, kinds)
    params: dict[str, Any] = {}
    for kind, view, event in zip(kinds, views, audit, strict=True):
        # The columns an INSERT of `view` fills from their defaults (id, created_at, updated_at), here explicit.
        view.update({name: cast(Any, _VIEWS.c[name].default).arg(None) for name in _VIEW_DEFAULTS})
        for table, values in ((_VIEWS, view), (_AUDIT, event)):
            for name, value in values.items():
                key = _param(table, kind, name)
                assert params.setdefault(key, value) == value, key
    return params


async def views_of(session: AsyncSession, candidate_id: UUID) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(ProfileView.viewed_at, ProfileView.kind, Employer.name)
        .join(Employer, Employer.id == ProfileView.employer_id)
        .where(ProfileView.candidate_id == candidate_id).order_by(ProfileView.viewed_at.desc()).limit(200)
    )
    return [{"viewed_at": at, "kind": kind, "organisation": name} for at, kind, name in rows]


# -- export and erasure -------------------------------------------------------------------------

async def export_data(session: AsyncSession, candidate: Candidate, actor: CurrentUser) -> dict[str, Any]:
    videos = await session.scalars(select(Video).where(Video.candidate_id == candidate.id))
    data = {
        "candidate": {
            "id": str(candidate.id), "given_name": candidate.given_name, "family_name": candidate.family_name,
            "email": candidate.user.email if candidate.user else None,
            "municipality": candidate.municipality.name, "created_at": candidate.created_at.isoformat(),
            **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form_values(candidate).items()
               if k != "private_notes"},
        },
        "consents": [
            {"scope": c.scope.value, "text_version": c.text_version, "language": c.language,
             "on_behalf": c.on_behalf, "granted_at": c.granted_at.isoformat(),
             "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None}
            for c in await consent_history(session, candidate.id)
        ],
        "videos": [
            {"id": str(v.id), "created_at": v.created_at.isoformat(), "status": v.status.value,
             "moderation": v.moderation.value, "duration_s": v.duration_s, "rejection_reason": v.rejection_reason}
            for v in videos
        ],
        "profile_views": [
            {"organisation": row["organisation"], "kind": row["kind"].value, "viewed_at": row["viewed_at"].isoformat()}
            for row in await views_of(session, candidate.id)
        ],
    }
    log_action(session, actor, "candidate.exported", "candidate", candidate.id)
    return data


async def erase(session: AsyncSession, runtime: Runtime, candidate: Candidate, actor: CurrentUser) -> None:
    """Delete the candidate with everything of theirs; one audit record says that an erasure happened."""
    from werkgeversportaal.domain.candidates.hooks import on_candidate_erased
    from werkgeversportaal.domain.candidates.videos import candidate_prefix

    candidate_id, user_id = candidate.id, candidate.user_id
    await runtime.storage.delete_prefix(candidate_prefix(candidate_id))
    for model in (Video, Consent, ProfileView):
        for row in await session.scalars(select(model).where(model.candidate_id == candidate_id)):
            await session.delete(row)
    await session.delete(candidate)
    if user_id is not None:
        # The trail keeps what happened, not who it was: the label held the candidate's name and e-mail.
        await session.execute(update(AuditEvent).where(AuditEvent.actor_id == user_id)
                              .values(actor_label=str(_("gewiste kandidaat")), actor_id=None))
        user = await session.get(User, user_id)
        if user is not None:
            await session.delete(user)
    await session.flush()
    log_action(session, actor if actor.id != user_id else None, "candidate.erased", "candidate", candidate_id)
    await on_candidate_erased(session, candidate_id)


