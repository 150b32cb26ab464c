"""The smallest app that streams an upload into LocalStorage, for measuring its memory use.

Started by media_bench.py as `uvicorn upload_app:app --app-dir bench`; the media root comes
from BENCH_MEDIA_ROOT.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, get, post

from werkgeversportaal.lib.storage import LocalStorage, new_media_key

MAX_BYTES = 200 * 1024 * 1024
storage = LocalStorage(Path(os.environ.get("BENCH_MEDIA_ROOT", "media")), b"benchmark-secret-not-for-production")


@get("/health", sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


# request_max_body_size: Litestar's default (10 MB) applies to request.stream() as well.
@post("/upload", request_max_body_size=MAX_BYTES)
async def upload(request: Request[Any, Any, Any]) -> dict[str, object]:
    announced = request.headers.get("content-length")
    key = new_media_key("original.webm")
    size = await storage.save_stream(
        key,
        request.stream(),
        max_bytes=MAX_BYTES,
        content_type=request.headers.get("content-type", "application/octet-stream"),
        expected_bytes=int(announced) if announced else None,
    )
    return {"key": key, "size": size}


app = Litestar([health, upload])
