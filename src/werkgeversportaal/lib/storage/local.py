"""Media storage in a local folder: the embedded default.

Files are served by the app itself (see `serving.make_media_route`) behind HMAC-signed,
expiring URLs, so the folder must never be exposed by a static file server.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO
from urllib.parse import quote, urlencode

import anyio.to_thread

from werkgeversportaal.lib.storage import signing
from werkgeversportaal.lib.storage.base import (
    DEFAULT_URL_EXPIRY_S,
    InvalidKey,
    MediaNotFound,
    MediaStorage,
    UploadTarget,
    limit_stream,
    validate_key,
    validate_prefix,
)

__all__ = ["LocalStorage"]

# Partial uploads live inside the root so the final os.replace() stays on one filesystem and is
# atomic; the leading dot keeps the folder out of the key space (segments cannot start with ".").
_PARTIAL_DIR = ".partial"
_WRITE_BUFFER = 1024 * 1024


class LocalStorage(MediaStorage):
    kind = "local"

    def __init__(self, root: Path | str, secret_key: bytes | str, base_url: str = "/media") -> None:
        secret = secret_key.encode() if isinstance(secret_key, str) else secret_key
        if len(secret) < 16:
            raise ValueError("secret_key must be at least 16 bytes")
        self.root = Path(root).resolve()
        self.base_url = base_url.rstrip("/")
        self._secret = secret
        self._signer = signing.Signer(secret)

    # -- paths ---------------------------------------------------------------------------------

    def path_for(self, key: str) -> Path:
        """The file for `key`; raises InvalidKey for anything that could leave the root."""
        path = (self.root / validate_key(key)).resolve()
        # validate_key already refuses "..", this also catches a symlink planted inside the root.
        if not path.is_relative_to(self.root) or path == self.root:
            raise InvalidKey(f"key {key!r} leaves the media root")
        return path

    def _partial_file(self) -> tuple[int, Path]:
        folder = self.root / _PARTIAL_DIR
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, suffix=".part")
        return fd, Path(name)

    # -- interface -----------------------------------------------------------------------------

    async def ensure_ready(self) -> None:
        await anyio.to_thread.run_sync(lambda: (self.root / _PARTIAL_DIR).mkdir(parents=True, exist_ok=True))

    async def save_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        max_bytes: int,
        content_type: str,
        *,
        expected_bytes: int | None = None,
    ) -> int:
        target = self.path_for(key)
        fd, partial = await anyio.to_thread.run_sync(self._partial_file)
        total = 0
        try:
            with os.fdopen(fd, "wb") as f:
                # Collect small ASGI chunks (often 64 KiB) into ~1 MiB writes: one thread hop per MiB
                # instead of per chunk, while memory stays bounded by the buffer size.
                buf = bytearray()
                async for chunk in limit_stream(chunks, max_bytes, expected_bytes):
                    buf += chunk
                    total += len(chunk)
                    if len(buf) >= _WRITE_BUFFER:
                        await anyio.to_thread.run_sync(f.write, buf)
                        buf.clear()
                await anyio.to_thread.run_sync(_finish_file, f, bytes(buf))
            await anyio.to_thread.run_sync(_move_into_place, partial, target)
        except BaseException:
            # BaseException on purpose: a cancelled request or a disconnect must not leave a partial file.
            partial.unlink(missing_ok=True)
            raise
        return total

    @asynccontextmanager
    async def local_path(self, key: str) -> AsyncIterator[Path]:
        path = self.path_for(key)
        if not await anyio.to_thread.run_sync(path.is_file):
            raise MediaNotFound(key)
        yield path

    async def put_file(self, key: str, path: Path, content_type: str) -> int:
        target = self.path_for(key)

        def copy() -> int:
            fd, partial = self._partial_file()
            try:
                with os.fdopen(fd, "wb") as dst, open(path, "rb") as src:
                    shutil.copyfileobj(src, dst, _WRITE_BUFFER)
                    _finish_file(dst, b"")
                _move_into_place(partial, target)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            return target.stat().st_size

        return await anyio.to_thread.run_sync(copy)

    async def delete(self, key: str) -> None:
        path = self.path_for(key)

        def remove() -> None:
            path.unlink(missing_ok=True)
            self._prune_empty_parents(path.parent)

        await anyio.to_thread.run_sync(remove)

    async def delete_prefix(self, prefix: str) -> int:
        folder = self.path_for(validate_prefix(prefix).rstrip("/"))

        def remove_tree() -> int:
            if not folder.is_dir():
                return 0
            count = sum(1 for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
            self._prune_empty_parents(folder.parent)
            return count

        return await anyio.to_thread.run_sync(remove_tree)

    async def exists(self, key: str) -> bool:
        return await anyio.to_thread.run_sync(self.path_for(key).is_file)

    async def size(self, key: str) -> int:
        path = self.path_for(key)
        try:
            stat = await anyio.to_thread.run_sync(path.stat)
        except FileNotFoundError:
            raise MediaNotFound(key) from None
        return stat.st_size

    def signed_url(self, key: str, expires_in: int | None = None, filename: str | None = None) -> str:
        validate_key(key)
        exp = int(time.time()) + (DEFAULT_URL_EXPIRY_S if expires_in is None else expires_in)
        signature = self._signer.sign(key, exp, filename)
        if filename:
            return f"{self.base_url}/{quote(key)}?{urlencode({'exp': exp, 'sig': signature, 'dl': filename})}"
        return f"{self.base_url}/{quote(key)}?exp={exp}&sig={signature}"  # digits and hex: nothing to encode

    def verify_signature(self, key: str, exp: str | int | None, sig: str | None, filename: str | None = None) -> bool:
        return self.check_signature(key, exp, sig, filename) is signing.SignatureCheck.VALID

    def check_signature(
        self, key: str, exp: str | int | None, sig: str | None, filename: str | None = None
    ) -> signing.SignatureCheck:
        """Like verify_signature, but says whether a correctly signed URL merely expired."""
        return signing.check_signature(self._secret, key, exp, sig, filename)

    def upload_target(self, key: str, max_bytes: int, content_type: str, expires_in: int | None = None) -> UploadTarget:
        return UploadTarget(kind="app", key=validate_key(key), max_bytes=max_bytes, content_type=content_type)

    # -- helpers -------------------------------------------------------------------------------

    def _prune_empty_parents(self, folder: Path) -> None:
        # Keeps the tree from filling up with empty videos/<id>/ folders after erasure.
        while folder != self.root and folder.is_relative_to(self.root):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent


def _finish_file(f: IO[bytes], tail: bytes) -> None:
    if tail:
        f.write(tail)
    f.flush()
    # fsync before the rename: after a crash the key either points at the whole file or at nothing.
    os.fsync(f.fileno())


def _move_into_place(partial: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, target)
