"""Pages wait their turn when a server process is busy: at most `limit` GET requests run at once, the
rest are served first come first served; a page waits at most `max_wait` seconds; forms, uploads and
files are never held back."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from litestar import Litestar, get, post
from litestar.params import FromPath

from werkgeversportaal.lib.middleware import ConcurrencyLimit
from werkgeversportaal.lib.storage.media_route import NO_SESSION_OPT


class Probe:
    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.started: list[str] = []
        self.release = asyncio.Event()
        self.busy = asyncio.Event()  # a request is in a handler

    async def work(self, name: str, hold: bool = False) -> str:
        self.running += 1
        self.most = max(self.most, self.running)
        self.started.append(name)
        self.busy.set()
        try:
            if hold:
                await self.release.wait()
            else:
                await asyncio.sleep(0.02)
        finally:
            self.running -= 1
        return name


def make_app(probe: Probe, limit: int, max_wait: float = 10.0) -> Litestar:
    @get("/page/{name:str}")
    async def page(name: FromPath[str]) -> str:
        return await probe.work(name)

    @get("/hang/{name:str}")
    async def hang(name: FromPath[str]) -> str:
        return await probe.work(name, hold=True)

    @post("/form/{name:str}", status_code=200)
    async def form(name: FromPath[str]) -> str:
        return await probe.work(name, hold=True)

    @get("/file/{name:str}", opt=NO_SESSION_OPT)
    async def file(name: FromPath[str]) -> str:
        return await probe.work(name, hold=True)

    return Litestar([page, hang, form, file], middleware=[ConcurrencyLimit(limit, max_wait)])


def client(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver", timeout=30)


async def test_pages_run_at_most_limit_at_once_in_arrival_order() -> None:
    probe = Probe()
    async with client(make_app(probe, limit=3)) as c:
        names = [f"p{i}" for i in range(12)]
        pages = []
        for name in names:  # one after the other into the queue, each started before the next
            pages.append(asyncio.create_task(c.get(f"/page/{name}")))
            await asyncio.sleep(0)
        responses = await asyncio.gather(*pages)
    assert [r.status_code for r in responses] == [200] * 12
    assert [r.text for r in responses] == names
    assert probe.most == 3
    assert probe.started == names  # first come, first served


async def test_a_hanging_page_holds_up_others_only_until_max_wait() -> None:
    probe = Probe()
    async with client(make_app(probe, limit=1, max_wait=0.2)) as c:
        hanging = asyncio.create_task(c.get("/hang/slow"))
        await asyncio.wait_for(probe.busy.wait(), timeout=5)
        loop = asyncio.get_running_loop()
        started = loop.time()
        other = await c.get("/page/next")
        waited = loop.time() - started
        probe.release.set()
        assert (await hanging).text == "slow"
    assert other.status_code == 200 and other.text == "next"
    assert 0.15 <= waited < 2.0, waited


async def test_forms_and_files_are_not_held_back() -> None:
    probe = Probe()
    async with client(make_app(probe, limit=1, max_wait=30)) as c:
        hanging = asyncio.create_task(c.get("/hang/slow"))
        await asyncio.wait_for(probe.busy.wait(), timeout=5)
        form = asyncio.create_task(c.post("/form/f"))
        file = asyncio.create_task(c.get("/file/v"))
        for _ in range(200):
            if probe.running == 3:
                break
            await asyncio.sleep(0.005)
        assert probe.running == 3, probe.started  # the form and the file run while the slot is taken
        probe.release.set()
        assert [(await t).status_code for t in (hanging, form, file)] == [200, 200, 200]


async def test_slots_are_given_back_when_a_page_fails() -> None:
    @get("/boom")
    async def boom() -> Any:
        raise RuntimeError("kapot")

    probe = Probe()
    app = make_app(probe, limit=1)
    app.register(boom)
    async with client(app) as c:
        for _ in range(3):
            assert (await c.get("/boom")).status_code == 500
        page = await asyncio.wait_for(c.get("/page/after"), timeout=5)
    assert page.status_code == 200
