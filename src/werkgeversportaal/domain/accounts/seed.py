"""Creating accounts outside a request: the CLI and the demo data."""

from __future__ import annotations

from werkgeversportaal.db.models import Role, User
from werkgeversportaal.domain.accounts.services import normalise_email
from werkgeversportaal.lib.runtime import Runtime
from werkgeversportaal.lib.security import hash_password
from werkgeversportaal.settings import Settings


async def create_admin(settings: Settings, *, email: str, name: str, password: str) -> None:
    runtime = Runtime.create(settings)
    try:
        async with runtime.session_maker() as session:
            from sqlalchemy import select

            if await session.scalar(select(User.id).where(User.email == normalise_email(email))):
                raise ValueError(f"A user with e-mail {email} already exists.")
            session.add(User(email=normalise_email(email), password_hash=hash_password(password), role=Role.ADMIN,
                             display_name=name))
            await session.commit()
    finally:
        await runtime.engine.dispose()
