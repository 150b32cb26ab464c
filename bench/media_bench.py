"""Media benchmarks for issue 4.

(a) processing time of a 60 s 640x480 VP8/Opus WebM recording (generated first; only
    `process_video` is timed);
(b) peak RSS growth of an app process while a 100 MB file is streamed into LocalStorage through
    a Litestar route served by uvicorn (bench/upload_app.py).

    /work/venv/bin/python bench/media_bench.py [--seconds 60] [--upload-mb 100] [--only processing|upload]

Prints one JSON line per result at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
# The clip generator is shared with the tests; the package itself comes from src/.
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "media")]

MiB = 1024 * 1024


def bench_processing(seconds: int, workdir: Path) -> list[dict[str, Any]]:
    from media_clips import make_clip

    from werkgeversportaal.domain.media.processing import VideoLimits, process_video

    print(f"generating a {seconds} s 640x480 VP8/Opus recording ...", file=sys.stderr)
    # Chrome records 640x480 at about 2.5 Mbit/s; sensor noise keeps the encoders honest.
    clip = make_clip(workdir / "recording.webm", seconds, width=640, height=480, fps=30, noise=True, bit_rate=2_500_000)
    limits = VideoLimits(max_s=seconds + 10, max_bytes=1024 * MiB)
    print("processing ...", file=sys.stderr)
    started = time.perf_counter()
    result = process_video(clip, workdir / "out", limits)
    elapsed = time.perf_counter() - started
    return [
        {
            "metric": f"process_{seconds}s_640x480_s",
            "value": round(elapsed, 2),
            "realtime_factor": round(seconds / elapsed, 1),
            "input_mb": round(clip.stat().st_size / MiB, 1),
            "output_mb": round(result.video_bytes / MiB, 1),
            "duration_from_packets": result.probe.duration_from_packets,
            "cpus": os.cpu_count(),
        }
    ]


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _body(total: int, chunk: int = MiB) -> Iterator[bytes]:
    block = os.urandom(chunk)
    sent = 0
    while sent < total:
        piece = block[: min(chunk, total - sent)]
        sent += len(piece)
        yield piece


def bench_upload(megabytes: int, workdir: Path) -> list[dict[str, Any]]:
    port = _free_port()
    env = {**os.environ, "BENCH_MEDIA_ROOT": str(workdir / "media"), "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        [
            sys.executable,
            "-m",
            "uvicorn",
            "upload_app:app",
            "--app-dir",
            str(ROOT / "bench"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            for _ in range(100):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            # Warm up every code path once so imports and first-call allocations are not counted.
            client.post("/upload", content=_body(2 * MiB), headers={"content-length": str(2 * MiB)})

            pid = server.pid
            try:
                # "5" resets VmHWM, so VmHWM afterwards is the peak during the upload alone.
                Path(f"/proc/{pid}/clear_refs").write_text("5")
                hwm_reset = True
            except OSError:
                hwm_reset = False
            rss_before = _status_kb(pid, "VmRSS")
            peak_polled = rss_before
            stop = threading.Event()

            def poll() -> None:
                nonlocal peak_polled
                while not stop.is_set():
                    peak_polled = max(peak_polled, _status_kb(pid, "VmRSS"))
                    time.sleep(0.005)

            sampler = threading.Thread(target=poll, daemon=True)
            sampler.start()
            total = megabytes * MiB
            started = time.perf_counter()
            response = client.post(
                "/upload",
                content=_body(total),
                headers={"content-length": str(total), "content-type": "video/webm"},
            )
            elapsed = time.perf_counter() - started
            stop.set()
            sampler.join()
            response.raise_for_status()
            assert response.json()["size"] == total
            hwm_after = _status_kb(pid, "VmHWM")
    finally:
        server.terminate()
        server.wait(timeout=10)

    peak = max(peak_polled, hwm_after if hwm_reset else 0)
    return [
        {
            "metric": f"upload_{megabytes}mb_peak_rss_growth_mb",
            "value": round((peak - rss_before) / 1024, 1),
            "rss_before_mb": round(rss_before / 1024, 1),
            "peak_rss_mb": round(peak / 1024, 1),
            "peak_source": "VmHWM after reset + VmRSS polling" if hwm_reset else "VmRSS polling every 5 ms",
        },
        {"metric": f"upload_{megabytes}mb_s", "value": round(elapsed, 2)},
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--upload-mb", type=int, default=100)
    parser.add_argument("--only", choices=["processing", "upload"])
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="media-bench-") as tmp:
        workdir = Path(tmp)
        if args.only in (None, "processing"):
            results += bench_processing(args.seconds, workdir)
        if args.only in (None, "upload"):
            results += bench_upload(args.upload_mb, workdir)
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
