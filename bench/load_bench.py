"""Load benchmark: the portal served the production way under 50 logged-in users for 60 s.

    PYTHONPATH=src python bench/load_bench.py                    # 10,000 candidates, 50 users, 60 s, 2 workers
    PYTHONPATH=src python bench/load_bench.py --duration 20 --users 20 --candidates 2000
    PYTHONPATH=src python bench/load_bench.py --database sqlite   # the embedded default instead of PostgreSQL
    PYTHONPATH=src python bench/load_bench.py --keep              # keep the database and work folder, then:
    REQUEST_CONCURRENCY=0 PYTHONPATH=src python bench/load_bench.py --reuse /tmp/wgp-load-...  # portal only, same data

What it does:
1. A fresh database (its own PostgreSQL database on --postgres-url, dropped afterwards; or a SQLite
   file), migrated with Alembic; the demo region seeded (`demo seed`), then --candidates published
   candidates with profile and video consent in the demo municipalities, 60 % of them with an
   approved, processed video (one real MP4 + poster made with PyAV, hard-linked into every video
   folder), 5 % more waiting for moderation; extra employer and accountmanager users; then
   `search reindex` (embedded search backend).
2. The portal served the way the Dockerfile does: `werkgeversportaal serve --workers N` (uvicorn,
   APP_ENV=production). Over plain http on 127.0.0.1: BASE_URL is http://..., so cookies are not
   marked Secure and no HSTS header is sent (both follow an https BASE_URL); everything else is the
   production configuration. Media: the local backend (signed, expiring /media URLs served by the app).
3. A load generator in its own process (asyncio + httpx, one keep-alive connection per user): every
   virtual user logs in first (its own session), then for --duration seconds loops over
   employers: search (text + filters) 40 %, candidate page 35 %, video (Range request of the signed
   URL found on the candidate page) 25 %; accountmanagers: home with work queues, video moderation
   queue, introductions, candidate search.
4. The same generator against a bare Litestar page (bench/bare_app.py) served the same way.

Prints one JSON line per scenario and per target total (requests, errors, p50/p95/p99 ms, requests/s,
peak RSS of the uvicorn master + workers, sampled from /proc), then a ratio line.
Goals: 0 errors, search p95 <= 200 ms, ratio (portal requests/s / bare requests/s) >= 0.25.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import multiprocessing
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "media")]

PASSWORD = "Belasting-Test-2026!"  # noqa: S105 (benchmark users only)
EMPLOYER_SHARE = 0.8
PLACES = ["Huizen", "Hilversum", "Bussum", "Naarden", "Blaricum", "Eemnes", "Kortenhoef", "Loosdrecht", "Muiden",
          "Weesp", "Ankeveen", "Nederhorst den Berg"]
OCCUPATIONS = {
    "construction": ["Timmerman", "Metselaar", "Lasser", "Stukadoor", "Dakdekker", "Schilder"],
    "installation": ["Installatiemonteur", "Elektricien", "Loodgieter", "Servicemonteur"],
    "transport": ["Heftruckchauffeur", "Vrachtwagenchauffeur", "Magazijnmedewerker", "Orderpicker"],
    "care": ["Verzorgende", "Verpleegkundige", "Zorgmedewerker", "Helpende"],
    "ict": ["Programmeur", "Systeembeheerder", "Helpdeskmedewerker", "Tester"],
    "engineering": ["Draaier", "Monteur", "Mechanicus", "Onderhoudsmonteur"],
    "hospitality": ["Kok", "Keukenhulp", "Barista", "Bediening"],
    "agriculture": ["Tuinder", "Hovenier", "Oogstmedewerker"],
}
NAMES = ["Amir", "Sara", "Yonas", "Fatima", "Hassan", "Olena", "Dawit", "Rania", "Ahmad", "Mariam", "Omar", "Tesfay",
         "Nour", "Khalid", "Ali", "Samira", "Yusuf", "Lina", "Bereket", "Viktor", "Aisha", "Hamid", "Layla", "Zahra"]
FAMILY = ["Haddad", "Tesfay", "Berhe", "Omar", "Rahimi", "Kovalenko", "Hussein", "Yilmaz", "Ahmadi", "Abdi"]
LANGUAGES = ["Arabisch", "Tigrinya", "Dari", "Farsi", "Oekraïens", "Turks", "Koerdisch", "Somalisch", "Engels"]
COUNTRIES = ["Syrië", "Eritrea", "Afghanistan", "Oekraïne", "Turkije", "Irak", "Somalië"]
KINDS = ["vacancy", "internship", "work_experience", "work_study", "language_internship"]
CEFR = ["A0", "A1", "A2", "B1", "B2", "C1"]
EDUCATION = ["none", "mbo1", "mbo2", "mbo3", "mbo4", "hbo", "wo"]
_OWN_ENV = {"APP_ENV", "SECRET_KEY", "DATABASE_URL", "BASE_URL", "VAR_DIR", "MEDIA_ROOT", "SEARCH_DIR", "MAIL_BACKEND",
            "WORKER_EMBEDDED"}
QUERIES = ["", "", "heftruck", "lasser", "kok", "zorg", "monteur", "verpleeg", "magazijn", "instalatie", "elektricien",
           "timmerman", "programmeur", "tuinder", "chauffeur", "barista"]


# --- seeding ----------------------------------------------------------------------------------

def make_media(folder: Path) -> tuple[Path, Path]:
    """One real processed video and poster, made from a PyAV-generated recording by the app's own pipeline."""
    from media_clips import make_clip

    from werkgeversportaal.domain.media.processing import VideoLimits, process_video

    folder.mkdir(parents=True, exist_ok=True)
    source = make_clip(folder / "source.webm", 6)
    result = process_video(source, folder / "out", VideoLimits(min_s=1, max_s=90, max_bytes=50 * 1024 * 1024))
    return Path(result.video_path), Path(result.poster_path)


def seed(settings: Any, count: int, media_root: Path, work: Path, n_employers: int, n_managers: int,
         rng: random.Random) -> dict[str, Any]:
    from sqlalchemy import create_engine, insert, select, text
    from sqlalchemy.orm import Session

    from werkgeversportaal.db.models import (
        Candidate,
        Consent,
        ConsentScope,
        Employer,
        EmployerMembership,
        ModerationStatus,
        Municipality,
        Role,
        User,
        Video,
        VideoStatus,
    )
    from werkgeversportaal.demo import seed as demo_seed
    from werkgeversportaal.domain.candidates.consent_texts import current_version
    from werkgeversportaal.lib.security import PasswordPolicy, hash_password

    asyncio.run(demo_seed(settings))
    url = settings.database_url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    engine = create_engine(url)
    PasswordPolicy.configure(settings.auth.argon2_time_cost, settings.auth.argon2_memory_cost)
    password_hash = hash_password(PASSWORD)
    video_file, poster_file = make_media(work / "media-src")
    stamp = datetime.now(UTC)
    with Session(engine) as session:
        municipalities = list(session.scalars(select(Municipality).order_by(Municipality.cbs_code)))
        employers = list(session.scalars(select(Employer).where(Employer.verification_status == "verified")))
        users: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        employer_logins, manager_logins = [], []
        for i in range(n_employers):
            uid = uuid.uuid4()
            email = f"bench.werkgever{i}@demo.nl"
            users.append({"id": uid, "email": email, "role": Role.EMPLOYER, "display_name": f"Werkgever {i}",
                          "password_hash": password_hash})
            memberships.append({"employer_id": employers[i % len(employers)].id, "user_id": uid})
            employer_logins.append(email)
        for i in range(n_managers):
            email = f"bench.am{i}@demo.nl"
            users.append({"id": uuid.uuid4(), "email": email, "role": Role.ACCOUNT_MANAGER,
                          "display_name": f"Accountmanager {i}", "password_hash": password_hash,
                          "municipality_id": municipalities[i % len(municipalities)].id})
            manager_logins.append(email)
        session.execute(insert(User), users)
        session.execute(insert(EmployerMembership), memberships)

        candidates, consents, videos = [], [], []
        profile_version, video_version = current_version(ConsentScope.PROFILE), current_version(ConsentScope.VIDEO)
        for n in range(count):
            cid = uuid.uuid4()
            sectors = rng.sample(list(OCCUPATIONS), rng.choice([1, 1, 2]))
            occupation = rng.choice(OCCUPATIONS[sectors[0]])
            level = rng.choices(CEFR, weights=[5, 15, 30, 25, 15, 5])[0]
            candidates.append({
                "id": cid, "municipality_id": municipalities[n % len(municipalities)].id,
                "given_name": rng.choice(NAMES), "family_name": rng.choice(FAMILY),
                "birth_year": rng.randint(1965, 2004), "place": rng.choice(PLACES),
                "travel_radius_km": rng.choice([10, 15, 25, 40]),
                "dutch_levels": {"listening": level, "reading": level, "speaking": level, "writing": level},
                "other_languages": [{"language": lang, "level": "C2"} for lang in rng.sample(LANGUAGES, 2)],
                "education": {"level": rng.choice(EDUCATION), "field": "", "country": rng.choice(COUNTRIES),
                              "in_nl": False, "diploma_valued": False},
                "experience": [{"sector": sectors[0], "occupation": occupation, "years": rng.randint(1, 12)}],
                "wished_sectors": sectors, "wished_occupations": rng.choice(OCCUPATIONS[sectors[-1]]),
                "wished_opening_kinds": rng.sample(KINDS, rng.randint(1, 3)),
                "hours_per_week": rng.choice([16, 24, 32, 36, 40]),
                "available_from": date(2027, 1, 4) + timedelta(days=rng.randint(0, 180)),
                "language_class_days": rng.sample(["mon", "tue", "wed", "thu", "fri"], 2),
                "self_introduction": f"In {rng.choice(COUNTRIES)} werkte ik {rng.randint(1, 15)} jaar als "
                                     f"{occupation.lower()}. Ik leer snel en werk graag samen.",
                "published": True, "published_at": stamp - timedelta(days=rng.randint(0, 300)),
            })
            for scope, version in ((ConsentScope.PROFILE, profile_version), (ConsentScope.VIDEO, video_version)):
                consents.append({"id": uuid.uuid4(), "candidate_id": cid, "scope": scope, "text_version": version,
                                 "language": "nl", "granted_at": stamp})
            roll = rng.random()
            if roll < 0.65:
                vid = uuid.uuid4()
                folder = f"candidates/{cid.hex}/{vid.hex}"
                target = media_root / folder
                target.mkdir(parents=True)
                os.link(video_file, target / "video.mp4")
                os.link(poster_file, target / "poster.jpg")
                videos.append({
                    "id": vid, "candidate_id": cid, "folder": folder, "processed_key": f"{folder}/video.mp4",
                    "poster_key": f"{folder}/poster.jpg", "processed_bytes": video_file.stat().st_size,
                    "original_bytes": 2 * video_file.stat().st_size, "duration_s": 6.0, "status": VideoStatus.READY,
                    "moderation": ModerationStatus.APPROVED if roll < 0.6 else ModerationStatus.PENDING,
                })
        for table, rows in ((Candidate, candidates), (Consent, consents), (Video, videos)):
            for start in range(0, len(rows), 2000):
                session.execute(insert(table), rows[start:start + 2000])
        session.commit()
    # Planner statistics and the visibility map, as autovacuum would have them on a database that grew
    # over time (right after a bulk load PostgreSQL knows nothing about the tables and picks poor plans,
    # and index-only scans still have to visit every row).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
    return {"employers": employer_logins, "managers": manager_logins, "videos": len(videos)}


# --- serving ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(command: list[str], env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"),  # noqa: S603 (our own commands)
                               stderr=subprocess.STDOUT, start_new_session=True)
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not answer in time; see {log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Peak of the summed RSS of a process tree (the uvicorn master and its workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.processes = pid, 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _tree(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in pids))
            self._halt.wait(0.25)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (from /proc/<pid>/stat)."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    """The PostgreSQL server processes on this machine (the benchmark's connections among them)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as fh:
                    if fh.read().strip() == "postgres":
                        found.append(int(entry))
            except OSError:
                continue
    return found


# --- load generator (its own process) ---------------------------------------------------------

CANDIDATE_LINK = re.compile(r'href="/werkgever/kandidaten/([0-9a-f-]{36})"')
VIDEO_SRC = re.compile(r'<video id="candidate-video"[^>]* src="([^"]+)"')
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class Recorder:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: dict[str, str] = {}
        self.recording = False

    async def call(self, scenario: str, client: Any, url: str, expect: tuple[int, ...] = (200,),
                   headers: dict[str, str] | None = None) -> Any:
        started = time.perf_counter()
        try:
            response = await client.get(url, headers=headers)
            ok = response.status_code in expect
            problem = f"{response.status_code} on {url}"
        except Exception as exc:  # a timeout or a dropped connection is an error of the run, not a crash
            response, ok, problem = None, False, f"{type(exc).__name__} on {url}: {exc}"
        if self.recording:
            self.samples[scenario].append((time.perf_counter() - started) * 1000)
            if not ok:
                self.errors[scenario] += 1
                self.examples.setdefault(scenario, problem)
        return response if ok else None



def search_query(rng: random.Random) -> str:
    """An employer search as users type it: text, sometimes filters, distance or a later page."""
    params: dict[str, str] = {"q": rng.choice(QUERIES)}
    if rng.random() < 0.5:
        params["sector"] = rng.choice(list(OCCUPATIONS))
    if rng.random() < 0.3:
        params["dutch"] = rng.choice(["A1", "A2", "B1"])
    if rng.random() < 0.3:
        params["video"] = "on"
    if rng.random() < 0.2:
        params["hours"] = str(rng.choice([16, 24, 32]))
    if rng.random() < 0.2:
        params.update(place="Huizen", km="15", sort="distance")
    if rng.random() < 0.15:
        params["page"] = str(rng.randint(2, 5))
    return "&".join(f"{k}={v}" for k, v in params.items())

async def login(client: Any, email: str) -> None:
    page = await client.get("/inloggen")
    match = CSRF.search(page.text)
    assert match, "no CSRF token on /inloggen"
    response = await client.post("/inloggen", data={"email": email, "password": PASSWORD,
                                                    "_csrf_token": match.group(1)})
    if response.status_code != 303:
        raise SystemExit(f"log-in of {email} failed: {response.status_code}")


async def employer_user(client: Any, rec: Recorder, rng: random.Random, deadline: float) -> None:
    seen: list[str] = []
    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.40 or not seen:
            query = search_query(rng)
            response = await rec.call("search", client, f"/werkgever/kandidaten?{query}")
            if response is not None:
                found = CANDIDATE_LINK.findall(response.text)
                if found:
                    seen = (found + seen)[:40]
        elif roll < 0.75:
            await rec.call("candidate", client, f"/werkgever/kandidaten/{rng.choice(seen)}")
        else:
            # Open a candidate with a video (search with the video filter keeps `seen` full of them)
            # and fetch the first bytes of the signed URL, as a browser's <video preload> does.
            page = await rec.call("candidate", client, f"/werkgever/kandidaten/{rng.choice(seen)}")
            match = VIDEO_SRC.search(page.text) if page is not None else None
            if match is None:
                continue
            await rec.call("video", client, html.unescape(match.group(1)), expect=(206,),
                           headers={"Range": "bytes=0-65535"})


async def manager_user(client: Any, rec: Recorder, rng: random.Random, deadline: float) -> None:
    pages = [("am_queues", "/accountmanager", 0.30), ("am_queues", "/accountmanager/videos", 0.30),
             ("am_queues", "/accountmanager/kennismakingen", 0.20)]
    while time.monotonic() < deadline:
        roll, acc = rng.random(), 0.0
        for scenario, path, share in pages:
            acc += share
            if roll < acc:
                await rec.call(scenario, client, path)
                break
        else:
            await rec.call("am_search", client, f"/accountmanager/zoeken?q={rng.choice(QUERIES)}")


async def bare_user(client: Any, rec: Recorder, rng: random.Random, deadline: float) -> None:
    while time.monotonic() < deadline:
        await rec.call("bare_page", client, "/")


async def run_load(base_url: str, target: str, users: int, duration: float, employers: list[str],
                   managers: list[str], seed_value: int, window: Any = None) -> dict[str, Any]:
    import httpx

    rec = Recorder()
    clients = [httpx.AsyncClient(base_url=base_url, timeout=30, follow_redirects=False,
                                 limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))
               for _ in range(users)]
    roles: list[tuple[Any, str]] = []
    for i in range(users):
        if target == "bare":
            roles.append((bare_user, ""))
        elif i < round(users * EMPLOYER_SHARE):
            roles.append((employer_user, employers[i % len(employers)]))
        else:
            roles.append((manager_user, managers[i % len(managers)]))
    # Every user logs in first (a few at a time: argon2 is meant to be slow), then the clock starts.
    gate = asyncio.Semaphore(4)

    async def sign_in(client: Any, email: str) -> None:
        if email:
            async with gate:
                await login(client, email)
            # From here on the user sends its cookies as one fixed header, as a browser does: httpx's cookie
            # jar (http.cookiejar) costs the generator more CPU per request than the bare page costs the
            # server, and the generator shares the machine's two cores with the portal.
            client.headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
            client.cookies = httpx.Cookies()

    await asyncio.gather(*(sign_in(c, email) for c, (_fn, email) in zip(clients, roles, strict=True)))
    warmup_end = time.monotonic() + 3
    await asyncio.gather(*(fn(c, rec, random.Random(seed_value + i), warmup_end)
                           for i, (c, (fn, _e)) in enumerate(zip(clients, roles, strict=True))))
    rec.recording = True
    if window is not None:
        window.put("start")  # the parent samples the server's CPU time at the edges of the measured window
    started = time.monotonic()
    cpu_before = time.process_time()
    deadline = started + duration
    await asyncio.gather(*(fn(c, rec, random.Random(seed_value * 7 + i), deadline)
                           for i, (c, (fn, _e)) in enumerate(zip(clients, roles, strict=True))))
    elapsed = time.monotonic() - started
    cpu = time.process_time() - cpu_before
    if window is not None:
        window.put("end")
    for client in clients:
        await client.aclose()
    return {"samples": dict(rec.samples), "errors": dict(rec.errors), "examples": rec.examples,
            "elapsed": elapsed, "generator_cpu_s": cpu}


def _generator_main(queue: Any, *args: Any) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    queue.put(asyncio.run(run_load(*args, window=queue)))


def generate(*args: Any, server_pid: int | None = None) -> dict[str, Any]:
    """Run the generator process; with `server_pid`, also the CPU seconds the server's process tree
    and the PostgreSQL processes used during the measured window (not the log-ins)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_generator_main, args=(queue, *args))
    process.start()
    marks: dict[str, tuple[float, float]] = {}
    per_process: dict[str, dict[int, float]] = {}
    while True:
        message = queue.get()
        if isinstance(message, str):
            tree = _tree(server_pid) if server_pid else []
            marks[message] = (cpu_seconds(tree), cpu_seconds(postgres_pids()))
            per_process[message] = {pid: cpu_seconds([pid]) for pid in tree}
            continue
        result: dict[str, Any] = message
        break
    process.join()
    if server_pid and "start" in marks and "end" in marks:
        result["server_cpu_s"] = marks["end"][0] - marks["start"][0]
        # CPU seconds per server process (master first, then the workers): shows whether the
        # keep-alive connections were spread evenly over the workers.
        result["server_cpu_by_process"] = [round(per_process["end"][pid] - per_process["start"].get(pid, 0.0), 1)
                                           for pid in per_process["end"]]
        result["postgres_cpu_s"] = marks["end"][1] - marks["start"][1]
    return result


# --- report -----------------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(target: str, result: dict[str, Any], rss_kib: int, processes: int, extra: dict[str, Any]) -> float:
    elapsed = result["elapsed"]
    every: list[float] = []
    errors = 0
    for scenario in sorted(result["samples"]):
        values = result["samples"][scenario]
        every.extend(values)
        errors += result["errors"].get(scenario, 0)
        line = {"target": target, "scenario": scenario, "requests": len(values),
                "errors": result["errors"].get(scenario, 0), "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1), "p99_ms": round(percentile(values, 99), 1),
                "rps": round(len(values) / elapsed, 1)}
        if scenario in result["examples"]:
            line["first_error"] = result["examples"][scenario]
        print(json.dumps(line), flush=True)
    rps = len(every) / elapsed
    print(json.dumps({"target": target, "scenario": "total", "requests": len(every), "errors": errors,
                      "p50_ms": round(percentile(every, 50), 1), "p95_ms": round(percentile(every, 95), 1),
                      "p99_ms": round(percentile(every, 99), 1), "rps": round(rps, 1),
                      "mean_ms": round(statistics.fmean(every), 1) if every else 0.0,
                      "peak_rss_mib": round(rss_kib / 1024, 1), "server_processes": processes,
                      "generator_cpu_s": round(result["generator_cpu_s"], 1),
                      "generator_cpu_ms_per_request": round(result["generator_cpu_s"] * 1000 / len(every), 2)
                      if every else None,
                      **({"server_cpu_s": round(result["server_cpu_s"], 1),
                          "server_cpu_ms_per_request": round(result["server_cpu_s"] * 1000 / len(every), 2)
                          if every else None,
                          "postgres_cpu_s": round(result["postgres_cpu_s"], 1),
                          "server_cpu_by_process": result["server_cpu_by_process"]}
                         if "server_cpu_s" in result else {}),
                      "seconds": round(elapsed, 1),
                      **extra}), flush=True)
    return rps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60, help="seconds of measured load per target")
    parser.add_argument("--users", type=int, default=50, help="concurrent virtual users")
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgresql+asyncpg://postgres@127.0.0.1:5432/test"),
                        help="server to create the benchmark database on (it is dropped afterwards)")
    parser.add_argument("--skip-bare", action="store_true", help="do not measure the bare Litestar page")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work folder (logs, env.json) and the database afterwards, for profiling")
    parser.add_argument("--reuse", type=Path, metavar="FOLDER",
                        help="measure again on the database and index of a work folder kept by --keep (no seeding; "
                             "at most as many --users as then): compares code or settings on the same data")
    args = parser.parse_args()
    if args.reuse:
        run_again(args)
        return

    from sqlalchemy import create_engine, text

    from werkgeversportaal.db import migrate
    from werkgeversportaal.settings import Settings

    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="wgp-load-"))
    drop_database = None
    if args.database == "postgresql":
        name = f"wgp_loadbench_{os.getpid()}"
        admin = create_engine(args.postgres_url.replace("+asyncpg", "+psycopg"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))

        def drop_database() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        database_url = args.postgres_url.rsplit("/", 1)[0] + f"/{name}"
    else:
        database_url = f"sqlite+aiosqlite:///{work / 'portal.sqlite3'}"
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{BENCH}", "APP_ENV": "production",
           "SECRET_KEY": secrets.token_urlsafe(48), "DATABASE_URL": database_url,
           "BASE_URL": f"http://127.0.0.1:{port}", "VAR_DIR": str(work / "var"), "MEDIA_ROOT": str(work / "media"),
           "SEARCH_DIR": str(work / "search"), "MAIL_BACKEND": "console", "WORKER_EMBEDDED": "false"}
    server: subprocess.Popen[bytes] | None = None
    try:
        os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
        settings = Settings.from_env()
        t0 = time.monotonic()
        migrate.upgrade(database_url)
        seeded = seed(settings, args.candidates, work / "media", work, n_employers=max(1, args.users),
                      n_managers=max(1, args.users // 4), rng=rng)
        cli = [sys.executable, "-c", "from werkgeversportaal.cli import main; main()"]
        subprocess.run([*cli, "search", "reindex"], cwd=ROOT, env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
        print(json.dumps({"setup": "seeded", "candidates": args.candidates, "videos": seeded["videos"],
                          "database": args.database, "seconds": round(time.monotonic() - t0, 1)}), flush=True)

        loadavg = Path("/proc/loadavg").read_text().split()[:3]
        server = serve([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)],
                       env, port, work / "portal.log")
        sampler = RssSampler(server.pid)
        sampler.start()
        result = generate(f"http://127.0.0.1:{port}", "portal", args.users, args.duration, seeded["employers"],
                          seeded["managers"], 11, server_pid=server.pid)
        sampler.stop()
        stop(server)
        portal_rps = report("portal", result, sampler.peak_kib, sampler.processes,
                            {"workers": args.workers, "users": args.users, "loadavg_before": loadavg})
        if args.skip_bare:
            return
        bare_port = free_port()
        # The same uvicorn options as `werkgeversportaal serve` in production (cli.py): uvloop, httptools,
        # no access log.
        bare_cmd = [sys.executable, "-c",
                    "import uvicorn; uvicorn.run('bare_app:create_app', factory=True, host='127.0.0.1', "
                    f"port={bare_port}, workers={args.workers}, proxy_headers=True, loop='uvloop', "
                    "http='httptools', access_log=False, log_level='warning')"]
        loadavg = Path("/proc/loadavg").read_text().split()[:3]
        server = serve(bare_cmd, env, bare_port, work / "bare.log")
        sampler = RssSampler(server.pid)
        sampler.start()
        result = generate(f"http://127.0.0.1:{bare_port}", "bare", args.users, args.duration, [], [], 13,
                          server_pid=server.pid)
        sampler.stop()
        stop(server)
        bare_rps = report("bare", result, sampler.peak_kib, sampler.processes,
                          {"workers": args.workers, "users": args.users, "loadavg_before": loadavg})
        print(json.dumps({"ratio": round(portal_rps / bare_rps, 3) if bare_rps else None,
                          "portal_rps": round(portal_rps, 1), "bare_rps": round(bare_rps, 1),
                          "loadavg_after": Path("/proc/loadavg").read_text().split()[:3]}), flush=True)
    finally:
        if server is not None:
            stop(server)
        if args.keep:
            (work / "env.json").write_text(json.dumps({**{k: env[k] for k in _OWN_ENV}, "_users": args.users}))
            print(json.dumps({"work_folder": str(work), "database_url": database_url}), flush=True)
        elif drop_database is not None:
            drop_database()
        else:
            shutil.rmtree(work, ignore_errors=True)


def run_again(args: argparse.Namespace) -> None:
    """--reuse: the portal measured again on the database and index of a kept work folder (no bare page)."""
    kept = json.loads((args.reuse / "env.json").read_text())
    if args.users > kept.get("_users", 50):
        raise SystemExit(f"{args.reuse} was seeded for {kept.get('_users', 50)} users; ask for as many or fewer")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{BENCH}",
           **{k: v for k, v in kept.items() if k in _OWN_ENV}, "BASE_URL": f"http://127.0.0.1:{port}"}
    # The users seed() made (n_employers=max(1, users), n_managers=max(1, users // 4)).
    employers = [f"bench.werkgever{i}@demo.nl" for i in range(max(1, args.users))]
    managers = [f"bench.am{i}@demo.nl" for i in range(max(1, args.users // 4))]
    cli = [sys.executable, "-c", "from werkgeversportaal.cli import main; main()"]
    loadavg = Path("/proc/loadavg").read_text().split()[:3]
    server = serve([*cli, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)],
                   env, port, args.reuse / "portal.log")
    try:
        sampler = RssSampler(server.pid)
        sampler.start()
        result = generate(f"http://127.0.0.1:{port}", "portal", args.users, args.duration, employers, managers, 11,
                          server_pid=server.pid)
        sampler.stop()
    finally:
        stop(server)
    report("portal", result, sampler.peak_kib, sampler.processes,
           {"workers": args.workers, "users": args.users, "loadavg_before": loadavg, "reused": str(args.reuse)})


if __name__ == "__main__":
    main()
