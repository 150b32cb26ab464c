"""The `werkgeversportaal` command: serve, worker, db, users, demo (areas add more groups)."""

from __future__ import annotations

import asyncio
import getpass
import signal
import sys

import click

from werkgeversportaal.domain.search.cli import search as search_group
from werkgeversportaal.settings import Settings, SettingsError


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)


@click.group()
def main() -> None:
    """Werkgeversportaal: employers meet statushouders."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="Server processes (production).")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@click.option("--access-log/--no-access-log", default=None,
              help="A log line per request. Default: on in development, off in production (the proxy in "
                   "front logs requests; formatting and writing a line costs the app noticeable CPU per request).")
def serve(host: str, port: int, workers: int, reload: bool, access_log: bool | None) -> None:
    """Serve the portal over HTTP."""
    import uvicorn

    settings = load_settings()  # fail early with a clear message
    production = settings.app.production
    # uvloop and httptools (the fast event loop and HTTP parser) are dependencies: ask for them
    # outright rather than relying on uvicorn's "auto" falling back silently.
    uvicorn.run("werkgeversportaal.app:create_app", factory=True, host=host, port=port, workers=workers,
                reload=reload, proxy_headers=True, loop="uvloop", http="httptools",
                access_log=not production if access_log is None else access_log,
                log_level="warning" if production else "info")


@main.command()
def worker() -> None:
    """Run background jobs (video processing, search sync, e-mail, reminders) until stopped."""
    from werkgeversportaal.app import load_job_modules
    from werkgeversportaal.lib.jobs import worker_loop
    from werkgeversportaal.lib.runtime import Runtime

    settings = load_settings()
    load_job_modules()

    async def run() -> None:
        runtime = Runtime.create(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await worker_loop(runtime, stop)
        await runtime.engine.dispose()

    asyncio.run(run())


@main.group()
def db() -> None:
    """Database migrations (Alembic)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    from werkgeversportaal.db import migrate

    migrate.upgrade(load_settings().database_url, revision)


@db.command("downgrade")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (e.g. base)."""
    from werkgeversportaal.db import migrate

    migrate.downgrade(load_settings().database_url, revision)


@db.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Create a new migration from the models (autogenerate)."""
    from werkgeversportaal.db import migrate

    migrate.revision(load_settings().database_url, message)


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", default="Beheerder", show_default=True)
@click.option("--password", default=None, help="Prompted for when not given.")
def create_admin(email: str, name: str, password: str | None) -> None:
    """Create an administrator account."""
    from werkgeversportaal.domain.accounts.schemas import password_errors
    from werkgeversportaal.domain.accounts.seed import create_admin as create

    settings = load_settings()
    if password is None:
        password = getpass.getpass("Password (min. 12 characters): ")
    problems = password_errors(password, None, email=email, name=name)
    if problems:
        click.echo("; ".join(problems.values()), err=True)
        sys.exit(2)
    try:
        asyncio.run(create(settings, email=email, name=name, password=password))
    except ValueError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(f"Admin {email} created.")


@main.group()
def demo() -> None:
    """Demo data for trying the portal."""


@demo.command("seed")
def demo_seed() -> None:
    """Add the demo region, users and data (skipped when already there)."""
    from werkgeversportaal.demo import seed

    created = asyncio.run(seed(load_settings()))
    _print_logins(created)


@demo.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo_run(host: str, port: int) -> None:
    """Migrate, seed the demo data and serve: the one command to try the portal."""
    import uvicorn

    from werkgeversportaal.db import migrate
    from werkgeversportaal.demo import seed

    settings = load_settings()
    migrate.upgrade(settings.database_url)
    _print_logins(asyncio.run(seed(settings)))
    click.echo(f"\nWerkgeversportaal: http://{host}:{port}\n")
    uvicorn.run("werkgeversportaal.app:create_app", factory=True, host=host, port=port, log_level="info")


def _print_logins(logins: list[tuple[str, str, str]]) -> None:
    click.echo("\nDemo log-ins (role, e-mail, password):")
    for role, email, password in logins:
        click.echo(f"  {role:<26} {email:<40} {password}")


from werkgeversportaal.domain.employers.cli import openings  # noqa: E402
from werkgeversportaal.domain.introductions.cli import followups  # noqa: E402

main.add_command(openings)
main.add_command(search_group)
main.add_command(followups)

if __name__ == "__main__":
    main()
