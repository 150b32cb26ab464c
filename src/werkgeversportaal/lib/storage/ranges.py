"""HTTP Range support for serving local files, independent of any web framework.

Video players seek by asking for byte ranges; without 206 responses Safari refuses to play at
all and other browsers cannot seek.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NamedTuple

from werkgeversportaal.lib.storage.base import content_type_for

__all__ = ["RangeParts", "iter_file", "parse_range", "range_response_parts"]

_READ_CHUNK = 256 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class RangeParts(NamedTuple):
    """What to send: `start`..`end` inclusive (end = start - 1 when there is no body)."""

    status: int
    headers: dict[str, str]
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    pass


def parse_range(range_header: str | None, size: int) -> tuple[int, int] | None:
    """Return the inclusive (start, end) to send, None for the whole file, or raise Unsatisfiable.

    Per RFC 9110 §14.2 a header we do not understand (other units, garbage, several ranges) is
    ignored and the whole file is sent; a well-formed bytes range that does not fit the file is 416.
    Several ranges would need multipart/byteranges, which no media player asks for.
    """
    if not range_header:
        return None
    match = _RANGE.fullmatch(range_header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        # Suffix range: the last N bytes.
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        raise Unsatisfiable
    return start, end


def range_response_parts(path: Path | str, range_header: str | None) -> RangeParts:
    """Status (200, 206 or 416), headers and byte span for answering a GET of `path`."""
    size = os.stat(path).st_size
    headers = {"Accept-Ranges": "bytes", "Content-Type": content_type_for(str(path))}
    try:
        span = parse_range(range_header, size)
    except Unsatisfiable:
        headers["Content-Range"] = f"bytes */{size}"
        headers["Content-Length"] = "0"
        return RangeParts(416, headers, 0, -1)
    if span is None:
        headers["Content-Length"] = str(size)
        return RangeParts(200, headers, 0, size - 1)
    start, end = span
    headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end - start + 1)
    return RangeParts(206, headers, start, end)


def read_span(path: Path | str, start: int, end: int) -> bytes:
    """Bytes `start`..`end` (inclusive) of a file in one read (for small spans; shorter if the file shrank)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.pread(fd, max(0, end - start + 1), start)
    finally:
        os.close(fd)


async def iter_file(path: Path | str, start: int, end: int, chunk_size: int = _READ_CHUNK) -> AsyncIterator[bytes]:
    """Yield bytes `start`..`end` (inclusive) of a file without loading it whole.

    Reads inline with pread: media files are local and mostly in the page cache, where a 256 KiB read
    takes microseconds, less than the hand-off to a worker thread and back that each read cost before.
    """
    remaining = end - start + 1
    if remaining <= 0:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        offset = start
        while remaining > 0:
            chunk = os.pread(fd, min(chunk_size, remaining), offset)
            if not chunk:
                # The file shrank while we were sending it; stop rather than loop forever.
                return
            remaining -= len(chunk)
            offset += len(chunk)
            yield chunk
    finally:
        os.close(fd)
