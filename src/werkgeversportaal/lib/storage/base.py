"""The one media storage interface; the backends live in `local.py` and `s3.py`."""

from __future__ import annotations

import abc
import re
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import ClassVar, Literal

import msgspec

__all__ = [
    "DEFAULT_URL_EXPIRY_S",
    "InvalidKey",
    "MediaNotFound",
    "MediaStorage",
    "StorageError",
    "StorageUnavailable",
    "UploadIncomplete",
    "UploadTarget",
    "UploadTooLarge",
    "content_type_for",
    "limit_stream",
    "new_media_key",
    "validate_key",
    "validate_prefix",
]

DEFAULT_URL_EXPIRY_S = 300
MAX_KEY_LENGTH = 512

# A segment may not start with a dot, so "." and ".." (and hidden files) can never appear.
# Backslashes, colons, spaces and anything non-ASCII are refused outright: keys are generated
# by us, so a strict alphabet costs nothing and rules out every traversal trick.
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

_CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
}


class StorageError(Exception):
    """Base class for media storage failures."""


class StorageUnavailable(StorageError):
    """The store cannot be reached (or answers 5xx) right now; trying again later may work."""


class InvalidKey(StorageError, ValueError):
    """The key is not a safe storage key (traversal, odd characters, too long)."""


class MediaNotFound(StorageError, LookupError):
    """No object is stored under the key."""


class UploadTooLarge(StorageError):
    """The upload went past `max_bytes`; nothing was stored."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"upload exceeds the limit of {max_bytes} bytes")
        self.max_bytes = max_bytes


class UploadIncomplete(StorageError):
    """The stream ended before the announced number of bytes arrived; nothing was stored."""

    def __init__(self, expected: int, received: int) -> None:
        super().__init__(f"upload ended after {received} of {expected} bytes")
        self.expected = expected
        self.received = received


class UploadTarget(msgspec.Struct, frozen=True, kw_only=True):
    """How the browser should upload one object.

    kind="app": POST the raw file as the request body to the app's own upload route (the app
    knows that URL, so `url` is None). kind="presigned_post": a multipart/form-data POST to
    `url` with every entry of `fields` first and the file last, in a field named "file".
    """

    kind: Literal["app", "presigned_post"]
    key: str
    max_bytes: int
    content_type: str
    url: str | None = None
    fields: dict[str, str] = msgspec.field(default_factory=dict)
    expires_in: int | None = None


def validate_key(key: str) -> str:
    """Return `key` unchanged if it is a safe object key, else raise InvalidKey."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidKey("key is empty or too long")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidKey(f"invalid key segment in {key!r}")
    return key


def validate_prefix(prefix: str) -> str:
    """Normalise a prefix to folder form ("videos/ab12/") so "videos/ab1" never matches "videos/ab12/..."."""
    return validate_key(prefix.rstrip("/")) + "/"


def new_media_key(filename: str, folder: str = "videos") -> str:
    """A fresh, non-guessable key such as ``videos/<32 hex>/original.webm``."""
    return validate_key(f"{folder}/{uuid.uuid4().hex}/{filename}")


def content_type_for(key: str) -> str:
    """Content type to serve an object with, from its extension (never from the uploader's claim)."""
    return _CONTENT_TYPES.get(Path(key).suffix.lower(), "application/octet-stream")


async def limit_stream(
    chunks: AsyncIterable[bytes], max_bytes: int, expected_bytes: int | None = None
) -> AsyncIterator[bytes]:
    """Pass chunks through, raising UploadTooLarge as soon as the total passes `max_bytes`.

    The check happens per chunk, before the chunk is handed on, so a backend never writes a
    byte past the limit. A short stream (the client gave up) raises UploadIncomplete when the
    caller knows the expected size, e.g. from Content-Length.
    """
    if expected_bytes is not None and expected_bytes > max_bytes:
        raise UploadTooLarge(max_bytes)
    total = 0
    async for chunk in chunks:
        if not chunk:
            continue
        total += len(chunk)
        if total > max_bytes:
            raise UploadTooLarge(max_bytes)
        yield chunk
    if expected_bytes is not None and total != expected_bytes:
        raise UploadIncomplete(expected_bytes, total)


class MediaStorage(abc.ABC):
    """Private object storage for media. Keys come from `new_media_key`; never from user input.

    Every I/O method is async and safe to call from the event loop; `signed_url` and
    `upload_target` are pure computation and therefore sync (usable in templates).
    """

    kind: ClassVar[str]

    @abc.abstractmethod
    async def ensure_ready(self) -> None:
        """Create the root folder or the private bucket; call once at startup."""

    @abc.abstractmethod
    async def save_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        max_bytes: int,
        content_type: str,
        *,
        expected_bytes: int | None = None,
    ) -> int:
        """Store a streamed upload; return its size. All or nothing: on UploadTooLarge,
        UploadIncomplete, a client that disconnects, or cancellation, nothing remains stored."""

    @abc.abstractmethod
    def local_path(self, key: str) -> AbstractAsyncContextManager[Path]:
        """``async with storage.local_path(key) as path:`` a readable local file for processing.

        Local: the stored file itself (do not modify it). S3: a temporary download, removed on exit.
        """

    @abc.abstractmethod
    async def put_file(self, key: str, path: Path, content_type: str) -> int:
        """Store a local file (e.g. a processed MP4) under `key`; return its size."""

    @abc.abstractmethod
    async def delete(self, key: str) -> None:
        """Delete one object; deleting a missing object is not an error."""

    @abc.abstractmethod
    async def delete_prefix(self, prefix: str) -> int:
        """Delete every object under the folder `prefix`; return how many were deleted."""

    @abc.abstractmethod
    async def exists(self, key: str) -> bool: ...

    @abc.abstractmethod
    async def size(self, key: str) -> int:
        """Size in bytes; raises MediaNotFound."""

    @abc.abstractmethod
    def signed_url(self, key: str, expires_in: int | None = None, filename: str | None = None) -> str:
        """A short-lived URL for GET. `filename` makes it a download (Content-Disposition: attachment).

        Call only after the authorization check: whoever holds the URL can fetch the object until it expires.
        """

    @abc.abstractmethod
    def upload_target(self, key: str, max_bytes: int, content_type: str, expires_in: int | None = None) -> UploadTarget:
        """Describe how the browser uploads the object `key`."""
