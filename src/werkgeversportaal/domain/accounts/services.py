"""Account services: registration, authentication, one-time links and API tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import func, select, update

from werkgeversportaal.db.models import (
    ApiToken,
    Employer,
    EmployerMembership,
    Municipality,
    OneTimeToken,
    Role,
    User,
)
from werkgeversportaal.db.models.accounts import TokenPurpose
from werkgeversportaal.domain.search.outbox import record_index_change
from werkgeversportaal.lib.audit import log_action
from werkgeversportaal.lib.forms import FormErrors
from werkgeversportaal.lib.i18n import lazy_gettext as _l
from werkgeversportaal.lib.jobs import now
from werkgeversportaal.lib.mail import queue_email
from werkgeversportaal.lib.security import hash_password, new_token, token_digest, verify_password

if TYPE_CHECKING:
    from werkgeversportaal.domain.accounts.schemas import AccountManagerForm, EmployerRegistrationForm
    from werkgeversportaal.lib.permissions import CurrentUser
    from werkgeversportaal.lib.runtime import Runtime

EMAIL_TAKEN = _l("Er bestaat al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.")
KVK_TAKEN = _l("Deze organisatie (dit KvK-nummer) is al aangemeld. Vraag een collega om u uit te nodigen.")
LINK_INVALID = _l("Deze link is niet (meer) geldig. Vraag een nieuwe aan.")
LINK_EXPIRED = _l("Deze link is verlopen. Vraag een nieuwe aan.")
LINK_USED = _l("Deze link is al gebruikt. Log in met uw wachtwoord, of vraag een nieuwe link aan.")


def normalise_email(email: str) -> str:
    return email.strip().lower()


class UserService(SQLAlchemyAsyncRepositoryService[User]):
    class Repo(SQLAlchemyAsyncRepository[User]):
        model_type = User

    repository_type = Repo

    async def get_by_email(self, email: str) -> User | None:
        return await self.get_one_or_none(User.email == normalise_email(email))

    async def ensure_email_free(self, email: str) -> None:
        if await self.get_by_email(email) is not None:
            raise FormErrors({"email": str(EMAIL_TAKEN)})

    async def register_employer(self, form: EmployerRegistrationForm, runtime: Runtime) -> User | None:
        """Register the organisation and its contact; None when the address already has an account.

        The caller answers both cases alike, so the form cannot tell anyone who has an account: the
        existing address gets an e-mail instead (log in or reset your password). The KvK number is
        checked first, so that answer does not depend on the address either.
        """
        session = self.repository.session
        if await session.scalar(select(Employer.id).where(Employer.kvk_number == form.kvk_number)):
            raise FormErrors({"kvk_number": str(KVK_TAKEN)})
        password_hash = hash_password(form.password)  # also for a known address: the same work, the same time
        existing = await self.get_by_email(form.email)
        if existing is not None:
            log_action(session, None, "user.registration_attempt", "user", existing.id)
            await queue_email(session, runtime, to=existing.email, template="registration_attempt",
                              locale=existing.preferred_language,
                              context={"name": existing.display_name, "login": "/inloggen",
                                       "reset": "/wachtwoord-vergeten"})
            await session.flush()
            return None
        employer = Employer(
            name=form.organisation_name, kvk_number=form.kvk_number, place=form.place,
            sectors=[s.value for s in form.sectors],
        )
        user = User(
            email=normalise_email(form.email), password_hash=password_hash, role=Role.EMPLOYER,
            display_name=form.contact_name, preferred_language="nl",
        )
        session.add_all([employer, user])
        await session.flush()
        session.add(EmployerMembership(employer_id=employer.id, user_id=user.id))
        log_action(session, None, "employer.registered", "employer", employer.id, kvk=employer.kvk_number,
                   by=user.email)
        # A new employer is pending, so this keeps it out of the index; it exercises the outbox
        # until issue 3's verification changes record theirs.
        await record_index_change(session, "employers", employer.id)
        await queue_email(session, runtime, to=user.email, template="registration_received",
                          context={"name": user.display_name, "organisation": employer.name})
        await session.flush()
        return user

    async def authenticate(self, email: str, password: str) -> User | None:
        user = await self.get_by_email(email)
        ok = verify_password(user.password_hash if user else None, password)
        if user is None or not ok or not user.is_active:
            return None
        user.last_login_at = now()
        return user

    async def issue_link(self, user: User, purpose: TokenPurpose, valid_for: timedelta) -> str:
        """A fresh one-time link; earlier unused links for the same purpose stop working."""
        session = self.repository.session
        await session.execute(
            update(OneTimeToken)
            .where(OneTimeToken.user_id == user.id, OneTimeToken.purpose == purpose, OneTimeToken.used_at.is_(None))
            .values(used_at=now())
        )
        raw = new_token()
        session.add(OneTimeToken(user_id=user.id, purpose=purpose, token_hash=token_digest(raw),
                                 expires_at=now() + valid_for))
        await session.flush()
        return raw

    async def check_link(self, raw: str, purpose: TokenPurpose) -> OneTimeToken:
        token = await self.repository.session.scalar(
            select(OneTimeToken).where(OneTimeToken.token_hash == token_digest(raw), OneTimeToken.purpose == purpose)
        )
        if token is None:
            raise FormErrors({"__all__": str(LINK_INVALID)})
        if token.used_at is not None:
            raise FormErrors({"__all__": str(LINK_USED)})
        if token.expires_at < now():
            raise FormErrors({"__all__": str(LINK_EXPIRED)})
        return token

    async def use_link(self, raw: str, purpose: TokenPurpose, password: str) -> User:
        token = await self.check_link(raw, purpose)
        # Mark used with a conditional update so two tabs submitting at once cannot both succeed.
        result = await self.repository.session.execute(
            update(OneTimeToken)
            .where(OneTimeToken.id == token.id, OneTimeToken.used_at.is_(None))
            .values(used_at=now())
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise FormErrors({"__all__": str(LINK_USED)})
        user = token.user
        user.password_hash = hash_password(password)
        user.is_active = True
        log_action(self.repository.session, None, f"user.{purpose.value}_used", "user", user.id)
        await self.repository.session.flush()
        return user

    async def send_password_reset(self, email: str, runtime: Runtime) -> None:
        """Same answer whether or not the address exists; only existing accounts get mail."""
        user = await self.get_by_email(email)
        if user is None or not user.is_active or user.password_hash is None:
            return
        raw = await self.issue_link(user, TokenPurpose.PASSWORD_RESET,
                                    timedelta(minutes=runtime.settings.auth.password_reset_valid_minutes))
        await queue_email(self.repository.session, runtime, to=user.email, template="password_reset",
                          locale=user.preferred_language,
                          context={"name": user.display_name, "link": f"/wachtwoord-herstellen/{raw}",
                                   "minutes": runtime.settings.auth.password_reset_valid_minutes})

    async def invite(self, user: User, runtime: Runtime, *, inviter: str, template: str = "invitation") -> str:
        raw = await self.issue_link(user, TokenPurpose.INVITATION,
                                    timedelta(hours=runtime.settings.auth.invitation_valid_hours))
        await queue_email(self.repository.session, runtime, to=user.email, template=template,
                          locale=user.preferred_language,
                          context={"name": user.display_name, "inviter": inviter, "link": f"/uitnodiging/{raw}",
                                   "hours": runtime.settings.auth.invitation_valid_hours,
                                   "role": user.role.value})
        return raw

    async def create_account_manager(self, form: AccountManagerForm, runtime: Runtime, actor: CurrentUser) -> User:
        session = self.repository.session
        await self.ensure_email_free(form.email)
        if await session.get(Municipality, form.municipality_id) is None:
            raise FormErrors({"municipality_id": str(_l("Kies een gemeente."))})
        user = User(email=normalise_email(form.email), role=Role.ACCOUNT_MANAGER, display_name=form.display_name,
                    municipality_id=form.municipality_id, password_hash=None)
        session.add(user)
        await session.flush()
        log_action(session, actor, "user.created", "user", user.id, role=user.role.value)
        await self.invite(user, runtime, inviter=actor.display_name)
        return user

    async def update_profile(self, user_id: object, display_name: str, language: str) -> User:
        user = await self.get(user_id)
        if language != user.preferred_language or user.language_chosen_at is None:
            user.language_chosen_at = now()
        user.display_name, user.preferred_language = display_name, language
        await self.repository.session.flush()
        return user

    async def choose_language(self, user: User, language: str) -> User:
        """The user picked a language themselves (language choice page, header switcher)."""
        user.preferred_language, user.language_chosen_at = language, now()
        await self.repository.session.flush()
        return user


class MunicipalityService(SQLAlchemyAsyncRepositoryService[Municipality]):
    class Repo(SQLAlchemyAsyncRepository[Municipality]):
        model_type = Municipality

    repository_type = Repo

    async def create_checked(self, cbs_code: str, name: str, actor: CurrentUser) -> Municipality:
        if await self.get_one_or_none(Municipality.cbs_code == cbs_code):
            raise FormErrors({"cbs_code": str(_l("Deze gemeente bestaat al."))})
        municipality = await self.create(Municipality(cbs_code=cbs_code, name=name))
        log_action(self.repository.session, actor, "municipality.created", "municipality", municipality.id)
        return municipality

    async def with_counts(self) -> list[tuple[Municipality, int]]:
        rows = await self.repository.session.execute(
            select(Municipality, func.count(User.id))
            .outerjoin(User, (User.municipality_id == Municipality.id) & (User.role == Role.ACCOUNT_MANAGER))
            .group_by(Municipality.id).order_by(Municipality.name)
        )
        return [(m, n) for m, n in rows.all()]


def new_api_token(user_id: object, name: str, read_only: bool) -> tuple[ApiToken, str]:
    """A personal access token: the raw secret (shown once) and the row that stores only its hash."""
    raw = "wgp_" + new_token(30)
    token = ApiToken(user_id=user_id, name=name, prefix=raw[:12], token_hash=token_digest(raw),
                     scopes="read" if read_only else "read write")
    return token, raw


class ApiTokenService(SQLAlchemyAsyncRepositoryService[ApiToken]):
    class Repo(SQLAlchemyAsyncRepository[ApiToken]):
        model_type = ApiToken

    repository_type = Repo

    async def issue(self, user_id: object, name: str, read_only: bool) -> tuple[ApiToken, str]:
        token, raw = new_api_token(user_id, name, read_only)
        return await self.create(token), raw

    async def for_user(self, user_id: object) -> list[ApiToken]:
        return list(await self.get_many(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)))

    async def revoke(self, user_id: object, token_id: object) -> ApiToken | None:
        token = await self.get_one_or_none(ApiToken.id == token_id, ApiToken.user_id == user_id)
        if token is not None and token.revoked_at is None:
            token.revoked_at = now()
            await self.repository.session.flush()
        return token
