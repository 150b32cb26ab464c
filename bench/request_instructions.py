"""Instructions per request, counted by valgrind (callgrind): the same figure on every run, whatever else the
machine is doing, unlike CPU time on a shared machine (which drifts by 10-35 % between minutes).

    PYTHONPATH=src python bench/request_instructions.py --env /tmp/wgp-load-x/env.json  # kept by load_bench --keep
    PYTHONPATH=src python bench/request_instructions.py --env ... --scenarios candidate,noop --requests 60

Each scenario runs in its own process under `valgrind --tool=callgrind --instr-atstart=no`: the portal's ASGI
app (production settings, lifespan started, the user logged in) is called directly with a request scope, as
uvicorn calls it, so no HTTP client is counted; instrumentation is switched on (callgrind_control) only around
the measured requests, after a warm-up. Counts the server's own instructions, not PostgreSQL's.

Scenarios: the load benchmark's pages (search, candidate, am_queues: the three accountmanager queues in turn,
am_search), "noop" (a logged-in page that does nothing: what every page pays before its own work), "anonymous"
(the same page without a log-in) and "bare" (bench/bare_app.py). One JSON line each:
{"scenario", "requests", "instructions_per_request_m"}. Needs valgrind (Debian's package).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "src"), str(BENCH)]

import load_bench  # noqa: E402  (bench/ is on the path above)

AM_QUEUES = ("/accountmanager", "/accountmanager/videos", "/accountmanager/kennismakingen")
SCENARIOS = ["bare", "anonymous", "noop", "search", "candidate", "am_queues", "am_search"]


def scope_for(url: str, cookie: bytes) -> dict[str, Any]:
    parts = urlsplit(url)
    headers = [(b"host", b"127.0.0.1:8000"), (b"accept", b"*/*"), (b"accept-encoding", b"gzip, deflate"),
               (b"connection", b"keep-alive"), (b"user-agent", b"python-httpx/0.28.1")]
    if cookie:
        headers.append((b"cookie", cookie))
    return {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(),
            "query_string": parts.query.encode(), "root_path": "", "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000), "headers": headers}


async def call(app: Any, url: str, cookie: bytes) -> int:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    await app(scope_for(url, cookie), receive, send)
    return int(sent[0]["status"])


def instrument(on: bool) -> None:
    subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],  # noqa: S603, S607
                   stdout=subprocess.DEVNULL, check=True)


async def measured(app: Any, urls: list[str], cookie: bytes) -> None:
    for url in urls[:10]:
        await call(app, url, cookie)
    instrument(True)
    for url in urls:
        status = await call(app, url, cookie)
        if status != 200:
            raise SystemExit(f"{status} on {url}")
    instrument(False)


async def child(scenario: str, n: int, env: dict[str, str]) -> None:
    """Runs under callgrind: the requests of one scenario."""
    import httpx

    if scenario == "bare":
        from bare_app import create_app as create_bare

        bare = create_bare()
        async with bare.lifespan():
            await measured(bare, ["/"] * n, b"")
        return
    os.environ.update({k: v for k, v in env.items() if not k.startswith("_")})
    import logging

    logging.disable(logging.INFO)
    from litestar import MediaType, get

    import werkgeversportaal.app as portal
    from werkgeversportaal.lib.middleware import AUTOCOMMIT_OPT
    from werkgeversportaal.settings import Settings

    @get("/bench/niets", media_type=MediaType.HTML, opt=AUTOCOMMIT_OPT, include_in_schema=False)
    async def nothing() -> str:
        return "ok"

    handlers = portal.route_handlers
    portal.route_handlers = lambda: [*handlers(), nothing]  # type: ignore[assignment]
    app = portal.create_app(Settings.from_env())
    async with app.lifespan():
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                   base_url=app.state.runtime.settings.app.base_url)
        if scenario == "anonymous":
            await client.get("/inloggen")  # the CSRF cookie, as a browser has it
        else:
            await load_bench.login(client, env.get("_managers", "bench.am0@demo.nl") if scenario.startswith("am_")
                                   else env.get("_employers", "bench.werkgever0@demo.nl"))
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items()).encode()
        rng = random.Random(3)
        if scenario in ("search", "candidate"):
            page = await client.get("/werkgever/kandidaten?q=&video=on")
            ids = load_bench.CANDIDATE_LINK.findall(page.text)
        urls = {
            "anonymous": lambda: ["/bench/niets"] * n,
            "noop": lambda: ["/bench/niets"] * n,
            "search": lambda: ["/werkgever/kandidaten?" + load_bench.search_query(rng) for _ in range(n)],
            "candidate": lambda: [f"/werkgever/kandidaten/{rng.choice(ids)}" for _ in range(n)],
            "am_queues": lambda: [AM_QUEUES[i % 3] for i in range(n)],
            "am_search": lambda: [f"/accountmanager/zoeken?q={rng.choice(load_bench.QUERIES)}" for _ in range(n)],
        }[scenario]()
        await client.aclose()
        await measured(app, urls, cookie)


def parent(args: argparse.Namespace, env_file: Path) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind: apt-get install -y valgrind")
    for scenario in [s.strip() for s in args.scenarios.split(",")]:
        with tempfile.TemporaryDirectory(prefix="wgp-callgrind-") as work:
            log = Path(work) / "valgrind.log"
            with log.open("wb") as out:
                subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",  # noqa: S603, S607
                                f"--callgrind-out-file={work}/callgrind.out.%p", sys.executable, __file__,
                                "--child", scenario, "--requests", str(args.requests), "--env", str(env_file)],
                               cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=True)
            collected = [line for line in log.read_text().splitlines() if "Collected :" in line]
            if not collected:
                raise SystemExit(f"no count for {scenario}; see the output:\n{log.read_text()[-3000:]}")
            count = int(collected[-1].split(":")[-1].replace(",", ""))
            print(json.dumps({"scenario": scenario, "requests": args.requests,
                              "instructions_per_request_m": round(count / args.requests / 1e6, 3)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env", required=True, help="env.json of a database kept by `load_bench.py --keep`")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per scenario")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    env_file = Path(args.env)
    if args.child:
        asyncio.run(child(args.child, args.requests, json.loads(env_file.read_text())))
    else:
        parent(args, env_file)


if __name__ == "__main__":
    main()
