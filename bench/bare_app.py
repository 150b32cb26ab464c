"""The baseline for bench/load_bench.py: a bare Litestar app returning a small HTML page.

Served exactly like the portal (same uvicorn options, same number of workers), so the ratio of the
portal's throughput to this one's says what the portal's own work costs.
"""

from __future__ import annotations

from litestar import Litestar, MediaType, get

PAGE = ("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Kale pagina</title></head>"
        "<body><h1>Werkgeversportaal</h1><p>Een kale Litestar-pagina als ijkpunt.</p></body></html>")


@get("/", media_type=MediaType.HTML)
async def index() -> str:
    return PAGE


@get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


def create_app() -> Litestar:
    return Litestar(route_handlers=[index, health])
