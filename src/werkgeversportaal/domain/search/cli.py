"""`werkgeversportaal search reindex|status`: rebuild indexes from the database, see how sync goes."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

import click

from werkgeversportaal.domain.search.backends.base import INDEXES

if TYPE_CHECKING:
    from werkgeversportaal.lib.runtime import Runtime
    from werkgeversportaal.settings import Settings


def _settings(ctx: click.Context) -> Settings:
    from werkgeversportaal.settings import Settings

    # Tests (and embedding code) pass settings as the click context object.
    root = ctx.find_root().obj
    if isinstance(root, Settings):
        return root
    from werkgeversportaal.cli import load_settings

    return load_settings()


def _runtime(settings: Settings) -> Runtime:
    from werkgeversportaal.app import load_job_modules
    from werkgeversportaal.lib.runtime import Runtime

    load_job_modules()  # the areas' document builders register on import
    return Runtime.create(settings)


@click.group("search")
def search() -> None:
    """Search indexes: rebuild from the database, sync status."""


@search.command("reindex")
@click.option("--index", "index_name", default="all", show_default=True,
              type=click.Choice([*INDEXES, "all"]), help="The index to rebuild.")
@click.pass_context
def reindex(ctx: click.Context, index_name: str) -> None:
    """Rebuild an index from the database; searches keep answering from the old one until the swap."""
    from werkgeversportaal.domain.search.registry import DOCUMENT_BUILDERS

    runtime = _runtime(_settings(ctx))
    if index_name == "all":
        names = [name for name in INDEXES if name in DOCUMENT_BUILDERS]
        for missing in (name for name in INDEXES if name not in DOCUMENT_BUILDERS):
            click.echo(f"{missing}: skipped (no document builder registered yet)")
    elif index_name not in DOCUMENT_BUILDERS:
        click.echo(f"{index_name}: no document builder registered; nothing to rebuild from", err=True)
        sys.exit(2)
    else:
        names = [index_name]
    code = asyncio.run(_reindex(runtime, names))
    sys.exit(code)


async def _reindex(runtime: Runtime, names: list[str]) -> int:
    import anyio.to_thread

    from werkgeversportaal.domain.search.backends import SearchError
    from werkgeversportaal.domain.search.sync import collect_documents, count_ids, requeue_applied_since
    from werkgeversportaal.lib.jobs import now

    backend = runtime.search
    try:
        await anyio.to_thread.run_sync(backend.ensure_indexes)
        for name in names:
            started_at = now()
            total = await count_ids(runtime, name)
            with click.progressbar(length=total, label=f"{name}: reading", show_pos=True) as bar:
                documents = await collect_documents(runtime, name, progress=bar.update)
            with click.progressbar(length=len(documents), label=f"{name}: indexing", show_pos=True) as bar:
                seen = 0

                def progress(count: int, bar: object = bar) -> None:
                    nonlocal seen
                    bar.update(count - seen)  # type: ignore[attr-defined]
                    seen = count

                indexed = await anyio.to_thread.run_sync(backend.reindex, name, documents, progress)
            requeued = await requeue_applied_since(runtime, name, started_at)
            note = f", {requeued} recent changes requeued" if requeued else ""
            click.echo(f"{name}: {indexed} documents indexed{note}")
    except SearchError as exc:
        click.echo(f"search backend error: {exc}", err=True)
        return 1
    finally:
        runtime.close_search()
        await runtime.engine.dispose()
    return 0


@search.command("status")
@click.pass_context
def status(ctx: click.Context) -> None:
    """Backend health, documents per index and outbox rows waiting to be applied."""
    runtime = _runtime(_settings(ctx))
    sys.exit(asyncio.run(_status(runtime)))


async def _status(runtime: Runtime) -> int:
    import anyio.to_thread

    from werkgeversportaal.domain.search.sync import MAX_ATTEMPTS, outbox_status

    try:
        health = await anyio.to_thread.run_sync(runtime.search.health)
        outbox = await outbox_status(runtime)
    finally:
        runtime.close_search()
        await runtime.engine.dispose()
    state = "ok" if health.ok else "UNAVAILABLE"
    click.echo(f"backend: {health.backend} {state}" + (f" ({health.detail})" if health.detail else ""))
    for name in INDEXES:
        documents = health.documents.get(name, "?") if health.ok else "?"
        click.echo(f"  {name:<11} documents: {documents:<8} pending: {outbox.pending.get(name, 0):<6} "
                   f"failed: {outbox.failed.get(name, 0)}")
    if outbox.oldest_pending is not None:
        click.echo(f"oldest pending change: {outbox.oldest_pending.isoformat(timespec='seconds')}")
    if any(outbox.failed.values()):
        click.echo(f"failed rows were refused {MAX_ATTEMPTS} times; run `werkgeversportaal search reindex`")
    return 0 if health.ok else 1


@search.command("digest")
@click.pass_context
def digest(ctx: click.Context) -> None:
    """Send the daily e-mail of saved searches now (new candidates since each search's last e-mail)."""
    runtime = _runtime(_settings(ctx))
    sys.exit(asyncio.run(_digest(runtime)))


async def _digest(runtime: Runtime) -> int:
    from werkgeversportaal.domain.search.digest import send_digest

    try:
        report = await send_digest(runtime)
    finally:
        runtime.close_search()
        await runtime.engine.dispose()
    click.echo(f"{report.emails} e-mails queued for the worker; "
               f"{report.searches} saved searches run, {report.skipped} skipped")
    return 0
