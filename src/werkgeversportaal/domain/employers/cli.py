"""`werkgeversportaal openings ...`: maintenance of openings from the command line."""

from __future__ import annotations

import asyncio

import click


@click.group()
def openings() -> None:
    """Openings (vacatures, stages)."""


@openings.command("close-expired")
def close_expired() -> None:
    """Close openings past their closing date now and e-mail their employers (the worker also does this daily)."""
    from werkgeversportaal.app import load_job_modules
    from werkgeversportaal.cli import load_settings
    from werkgeversportaal.domain.employers.jobs import close_expired_openings
    from werkgeversportaal.lib.runtime import Runtime

    settings = load_settings()
    load_job_modules()

    async def run() -> int:
        runtime = Runtime.create(settings)
        try:
            return await close_expired_openings(runtime)
        finally:
            await runtime.engine.dispose()

    count = asyncio.run(run())
    click.echo(f"{count} opening(s) closed; the e-mails go out with the worker.")
