"""`werkgeversportaal followups ...`: follow-up reminders from the command line."""

from __future__ import annotations

import asyncio

import click


@click.group()
def followups() -> None:
    """Follow-up (nazorg) of placed candidates."""


@followups.command("remind")
def remind_command() -> None:
    """E-mail accountmanagers their due and overdue follow-up milestones now (the worker also does this daily)."""
    from werkgeversportaal.app import load_job_modules
    from werkgeversportaal.cli import load_settings
    from werkgeversportaal.domain.introductions.followup import remind
    from werkgeversportaal.lib.runtime import Runtime

    settings = load_settings()
    load_job_modules()

    async def run() -> int:
        runtime = Runtime.create(settings)
        try:
            return await remind(runtime)
        finally:
            await runtime.engine.dispose()

    count = asyncio.run(run())
    click.echo(f"{count} follow-up milestone(s) due or overdue; the e-mails go out with the worker.")
