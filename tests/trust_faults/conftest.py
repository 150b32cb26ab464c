"""Helpers for the fault tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from litestar import Litestar


def csrf(client: Any) -> dict[str, str]:
    return {"x-csrftoken": client.cookies.get("wgp_csrf")}


@contextmanager
def served_in_thread(app: Litestar, port: int) -> Iterator[str]:
    """The app served by uvicorn in a thread of this process (lifespan on), as a live server: its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
