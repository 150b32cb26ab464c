"""The real `werkgeversportaal worker` command, stopped dead in the middle of a video job.

The test kills this process with SIGKILL at the worst moment of a video job: the transcode has
written its outputs to storage, but the database still says "processing" and the original is
still there. The marker file tells the test where the worker is. Everything else (the CLI, the
job loop, the lease and its heartbeat, the handler) is the production code.

Usage: python -m tests.trust_faults.hanging_worker MARKER_FILE
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import anyio

from werkgeversportaal.domain.candidates import jobs as video_jobs

MARKER = Path(sys.argv[1])
_real = video_jobs.process_stored_video


async def _outputs_then_hang(*args: Any, **kwargs: Any) -> Any:
    await anyio.Path(MARKER).write_text("transcoding")
    stored = await _real(*args, **kwargs)
    await anyio.Path(MARKER).write_text("outputs written")
    await asyncio.sleep(3600)  # the test kills the process here
    return stored


video_jobs.process_stored_video = _outputs_then_hang  # type: ignore[assignment]

if __name__ == "__main__":
    from werkgeversportaal.cli import main

    main(["worker"])
