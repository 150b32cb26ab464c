"""E-mail: rendered from templates in the recipient's language, queued in the same transaction,
sent by the worker over SMTP (or printed to the console in the embedded default)."""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TYPE_CHECKING, Any

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from werkgeversportaal.db.models import SentEmail
from werkgeversportaal.lib import i18n
from werkgeversportaal.lib.jobs import enqueue, job_handler, now

if TYPE_CHECKING:
    from jinja2 import Environment

    from werkgeversportaal.lib.runtime import Runtime
    from werkgeversportaal.settings import MailSettings


def render_email(env: Environment, template: str, context: dict[str, Any], locale: str) -> tuple[str, str, str]:
    previous = i18n.get_locale()
    i18n.set_locale(locale)
    context = {"locale": i18n.get_locale(), "dir": i18n.text_direction(), **context}
    try:
        subject = env.get_template(f"email/{template}.subject.txt").render(**context).strip()
        text = env.get_template(f"email/{template}.txt").render(**context)
        html = env.get_template(f"email/{template}.html").render(**context)
    finally:
        i18n.set_locale(previous)
    return subject, text, html


async def queue_email(
    session: AsyncSession,
    runtime: Runtime,
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    locale: str = "nl",
    attachments: list[dict[str, str]] | None = None,
) -> SentEmail:
    context = {"base_url": runtime.settings.app.base_url, **context}
    subject, text, html = render_email(runtime.jinja, template, context, locale)
    email = SentEmail(
        to_address=to, subject=subject, template=template, body_text=text, body_html=html,
        transport=runtime.settings.mail.backend,
    )
    session.add(email)
    await session.flush()
    await enqueue(session, "send_email", {"email_id": str(email.id), "attachments": attachments or []})
    return email


def build_message(settings: MailSettings, email: SentEmail, attachments: list[dict[str, str]]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(domain="werkgeversportaal.local")
    message.set_content(email.body_text)
    if email.body_html:
        message.add_alternative(email.body_html, subtype="html")
    for item in attachments:
        maintype, _sep, subtype = item.get("content_type", "application/octet-stream").partition("/")
        message.add_attachment(item["content"].encode(), maintype=maintype, subtype=subtype, filename=item["filename"])
    return message


def _smtp_send(settings: MailSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=30) as smtp:
        if settings.use_tls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)


@job_handler("send_email")
async def send_email_job(runtime: Runtime, payload: dict[str, Any]) -> None:
    from uuid import UUID

    async with runtime.session_maker() as session:
        email = await session.get(SentEmail, UUID(payload["email_id"]))
        if email is None or email.sent_at is not None:
            return  # already sent: a retried job must not mail twice
        message = build_message(runtime.settings.mail, email, payload.get("attachments") or [])
        if runtime.settings.mail.backend == "smtp":
            await anyio.to_thread.run_sync(_smtp_send, runtime.settings.mail, message)
        else:
            print(f"\n--- e-mail to {email.to_address}: {email.subject}\n{email.body_text}\n---", file=sys.stderr)
        email.sent_at = now()
        await session.commit()
