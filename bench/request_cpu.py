"""CPU time per request, in-process: the portal's ASGI app driven by httpx.ASGITransport.

    PYTHONPATH=src python bench/request_cpu.py                       # own PostgreSQL db, 10,000 candidates
    PYTHONPATH=src python bench/request_cpu.py --env /tmp/wgp-load-x/env.json   # a db kept by load_bench --keep
    PYTHONPATH=src python bench/request_cpu.py --requests 100 --profile search   # + cProfile of one scenario

Unlike the wall-clock load benchmark (bench/load_bench.py) this hardly depends on what else the machine
is doing: every scenario runs N requests one after the other through the app (production settings,
lifespan started, users logged in) and reports the process CPU time per request (time.process_time,
which includes the search backend's threads; not PostgreSQL's own CPU), the database queries and
connection checkouts per request (the round with the least CPU time of --rounds, to damp the noise
of other processes on the machine). The same client drives bench/bare_app.py as the baseline, so the
client's own share is visible ("bare" row).

One JSON line per scenario: {"scenario", "requests", "cpu_ms", "wall_ms", "render_ms" (of cpu_ms, in
Jinja's Template.render), "queries", "checkouts"}.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import html
import io
import json
import os
import pstats
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "src"), str(BENCH)]

import load_bench  # noqa: E402  (bench/ is on the path above)

AM_QUEUES = ("/accountmanager", "/accountmanager/videos", "/accountmanager/kennismakingen")
SCENARIOS = ["search", "candidate", "video", "am_queues", "am_search", "bare"]


def prepare(args: argparse.Namespace) -> tuple[dict[str, str], Any]:
    """The environment of a seeded database: a kept one (--env) or a fresh one dropped afterwards."""
    if args.env:
        return json.loads(Path(args.env).read_text()), None
    from sqlalchemy import create_engine, text

    from werkgeversportaal.db import migrate
    from werkgeversportaal.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="wgp-cpu-"))
    name = f"wgp_cpubench_{os.getpid()}"
    admin = create_engine(args.postgres_url.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = args.postgres_url.rsplit("/", 1)[0] + f"/{name}"
    env = {"APP_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": database_url,
           "BASE_URL": "http://127.0.0.1:8000", "VAR_DIR": str(work / "var"), "MEDIA_ROOT": str(work / "media"),
           "SEARCH_DIR": str(work / "search"), "MAIL_BACKEND": "console", "WORKER_EMBEDDED": "false"}
    os.environ.update(env)
    migrate.upgrade(database_url)
    seeded = load_bench.seed(Settings.from_env(), args.candidates, work / "media", work, n_employers=4,
                             n_managers=2, rng=random.Random(7))
    import subprocess

    subprocess.run([sys.executable, "-c", "from werkgeversportaal.cli import main; main()", "search", "reindex"],
                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=True,
                   stdout=subprocess.DEVNULL)
    env["_employers"], env["_managers"] = seeded["employers"][0], seeded["managers"][0]

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return env, drop


def search_urls(rng: random.Random, n: int) -> list[str]:
    """The load benchmark's mix of employer searches."""
    urls = []
    for _ in range(n):
        urls.append("/werkgever/kandidaten?" + load_bench.search_query(rng))
    return urls


class Counter:
    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.queries = self.checkouts = 0

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _query(*_a: Any) -> None:
            self.queries += 1

        @event.listens_for(engine.sync_engine.pool, "checkout")
        def _checkout(*_a: Any) -> None:
            self.checkouts += 1


RENDER = {"cpu": 0.0}


def time_rendering() -> None:
    """Count the CPU time of Jinja's top-level Template.render (pages; includes what they extend/include)."""
    from jinja2.environment import Template

    original = Template.render

    def render(self: Template, *args: Any, **kwargs: Any) -> str:
        started = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            RENDER["cpu"] += time.process_time() - started

    Template.render = render  # type: ignore[method-assign]


async def measure(client: Any, urls: list[str], counter: Counter | None, expect: tuple[int, ...],
                  headers: dict[str, str] | None, profile: cProfile.Profile | None) -> dict[str, float]:
    q0, c0 = (counter.queries, counter.checkouts) if counter else (0, 0)
    r0 = RENDER["cpu"]
    if profile:
        profile.enable()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for url in urls:
        response = await client.get(url, headers=headers)
        if response.status_code not in expect:
            raise SystemExit(f"{response.status_code} on {url}: {response.text[:300]}")
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    if profile:
        profile.disable()
    n = len(urls)
    result = {"requests": n, "cpu_ms": round(cpu * 1000 / n, 2), "wall_ms": round(wall * 1000 / n, 2),
              "render_ms": round((RENDER["cpu"] - r0) * 1000 / n, 2)}
    if counter:
        result["queries"] = round((counter.queries - q0) / n, 2)
        result["checkouts"] = round((counter.checkouts - c0) / n, 2)
    return result


async def run(args: argparse.Namespace, env: dict[str, str]) -> None:
    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)
    os.environ.update({k: v for k, v in env.items() if not k.startswith("_")})
    from werkgeversportaal.app import create_app
    from werkgeversportaal.settings import Settings

    settings = Settings.from_env()
    time_rendering()
    app = create_app(settings)
    runtime = app.state.runtime
    counter = Counter(runtime.engine)
    employer = env.get("_employers", "bench.werkgever0@demo.nl")
    manager = env.get("_managers", "bench.am0@demo.nl")
    wanted = [s.strip() for s in args.scenarios.split(",")]
    results: dict[str, dict[str, float]] = {}
    profiles: dict[str, cProfile.Profile] = {}
    rng = random.Random(11)
    n, warm = args.requests, max(5, args.requests // 5)

    def prof(scenario: str) -> cProfile.Profile | None:
        if scenario in args.profile.split(","):
            profiles[scenario] = cProfile.Profile()
            return profiles[scenario]
        return None

    transport = httpx.ASGITransport(app=app)
    async with app.lifespan():  # noqa: SIM117 (the clients need the started app)
        async with httpx.AsyncClient(transport=transport, base_url=settings.app.base_url) as boss, \
                httpx.AsyncClient(transport=transport, base_url=settings.app.base_url) as am:
            await load_bench.login(boss, employer)
            await load_bench.login(am, manager)
            searches = search_urls(rng, n + warm)
            ids: list[str] = []
            for url in searches[: 3 * warm]:
                page = await boss.get(url + "&video=on")
                ids.extend(load_bench.CANDIDATE_LINK.findall(page.text))
            ids = list(dict.fromkeys(ids))
            candidates = [f"/werkgever/kandidaten/{rng.choice(ids)}" for _ in range(n + warm)]
            videos = []
            for url in candidates[:20]:
                match = load_bench.VIDEO_SRC.search((await boss.get(url)).text)
                if match:
                    videos.append(html.unescape(match.group(1)))
            plan: dict[str, tuple[Any, list[str], tuple[int, ...], dict[str, str] | None]] = {
                "search": (boss, searches, (200,), None),
                "candidate": (boss, candidates, (200,), None),
                "video": (boss, [rng.choice(videos) for _ in range(n + warm)] if videos else [], (206,),
                          {"Range": "bytes=0-65535"}),
                "am_queues": (am, [AM_QUEUES[i % 3] for i in range(n + warm)], (200,), None),
                "am_search": (am, [f"/accountmanager/zoeken?q={rng.choice(load_bench.QUERIES)}"
                                   for _ in range(n + warm)], (200,), None),
            }
            for scenario, (client, urls, expect, headers) in plan.items():
                if scenario not in wanted or not urls:
                    continue
                await measure(client, urls[:warm], counter, expect, headers, None)
                rounds = [await measure(client, urls[warm:], counter, expect, headers,
                                        prof(scenario) if r == 0 else None) for r in range(args.rounds)]
                results[scenario] = min(rounds, key=lambda r: r["cpu_ms"])
    if "bare" in wanted:
        from bare_app import create_app as create_bare

        bare = create_bare()
        async with bare.lifespan(), httpx.AsyncClient(transport=httpx.ASGITransport(app=bare),
                                                      base_url="http://127.0.0.1") as client:
            await measure(client, ["/"] * warm, None, (200,), None, None)
            results["bare"] = min([await measure(client, ["/"] * n, None, (200,), None,
                                                 prof("bare") if r == 0 else None) for r in range(args.rounds)],
                                  key=lambda r: r["cpu_ms"])
    for scenario, result in results.items():
        print(json.dumps({"scenario": scenario, **result}), flush=True)
    for scenario, profile in profiles.items():
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats(args.sort).print_stats(args.top)
        print(f"--- cProfile {scenario} (sorted by {args.sort}) ---\n{out.getvalue()}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env", help="env.json of a database kept by `load_bench.py --keep`")
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per scenario")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per scenario; the lowest CPU time counts")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--profile", default="", help="comma-separated scenarios to profile with cProfile")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgresql+asyncpg://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    env, drop = prepare(args)
    try:
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        asyncio.run(run(args, env))
    finally:
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
