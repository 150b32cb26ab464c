"""Behaviour every MediaStorage backend must share; runs against LocalStorage and S3Storage (moto)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from werkgeversportaal.lib.storage import (
    InvalidKey,
    LocalStorage,
    MediaNotFound,
    MediaStorage,
    S3Storage,
    UploadIncomplete,
    UploadTooLarge,
    new_media_key,
)

MiB = 1024 * 1024


async def chunks_of(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def cut_off(data: bytes, after: int) -> AsyncIterator[bytes]:
    """A client that disconnects halfway, the way the ASGI server reports it: an exception mid-stream."""
    async for chunk in chunks_of(data[:after]):
        yield chunk
    raise ConnectionResetError("client disconnected")


async def read(storage: MediaStorage, key: str) -> bytes:
    async with storage.local_path(key) as path:
        return path.read_bytes()


async def nothing_left_behind(storage: MediaStorage, key: str) -> None:
    assert not await storage.exists(key)
    if isinstance(storage, LocalStorage):
        assert [p for p in storage.root.rglob("*") if p.is_file()] == []
    if isinstance(storage, S3Storage):
        uploads = storage._client.list_multipart_uploads(Bucket=storage.bucket)
        assert uploads.get("Uploads", []) == []


async def test_save_stream_then_read_back(storage: MediaStorage) -> None:
    key = new_media_key("original.webm")
    data = os.urandom(300_000)

    size = await storage.save_stream(key, chunks_of(data), max_bytes=MiB, content_type="video/webm")

    assert size == len(data)
    assert await storage.exists(key)
    assert await storage.size(key) == len(data)
    assert await read(storage, key) == data


async def test_large_stream_goes_through_in_parts(storage: MediaStorage) -> None:
    key = new_media_key("original.webm")
    data = os.urandom(12 * MiB)  # more than two S3 parts of 5 MiB

    size = await storage.save_stream(key, chunks_of(data, MiB), max_bytes=20 * MiB, content_type="video/webm")

    assert size == len(data)
    assert await read(storage, key) == data


async def test_saving_again_replaces_the_object(storage: MediaStorage) -> None:
    key = new_media_key("original.webm")
    await storage.save_stream(key, chunks_of(b"first version"), max_bytes=MiB, content_type="video/webm")
    await storage.save_stream(key, chunks_of(b"second"), max_bytes=MiB, content_type="video/webm")
    assert await read(storage, key) == b"second"


@pytest.mark.parametrize("size", [100, 11 * MiB], ids=["small", "multipart"])
async def test_too_large_upload_is_refused_and_leaves_nothing(storage: MediaStorage, size: int) -> None:
    key = new_media_key("original.webm")
    with pytest.raises(UploadTooLarge):
        await storage.save_stream(key, chunks_of(os.urandom(size), MiB), max_bytes=size - 1, content_type="video/webm")
    await nothing_left_behind(storage, key)


async def test_announced_size_over_the_limit_is_refused_before_reading(storage: MediaStorage) -> None:
    key = new_media_key("original.webm")
    with pytest.raises(UploadTooLarge):
        await storage.save_stream(key, chunks_of(b"x"), max_bytes=10, content_type="video/webm", expected_bytes=11)
    await nothing_left_behind(storage, key)


@pytest.mark.parametrize("after", [200_000, 11 * MiB], ids=["small", "multipart"])
async def test_cut_off_upload_leaves_nothing(storage: MediaStorage, after: int) -> None:
    key = new_media_key("original.webm")
    with pytest.raises(ConnectionResetError):
        await storage.save_stream(key, cut_off(os.urandom(after), after), max_bytes=50 * MiB, content_type="video/webm")
    await nothing_left_behind(storage, key)


async def test_stream_shorter_than_announced_leaves_nothing(storage: MediaStorage) -> None:
    key = new_media_key("original.webm")
    with pytest.raises(UploadIncomplete):
        await storage.save_stream(
            key, chunks_of(b"half a video"), max_bytes=MiB, content_type="video/webm", expected_bytes=1000
        )
    await nothing_left_behind(storage, key)


async def test_a_failed_upload_keeps_the_earlier_version(storage: MediaStorage) -> None:
    key = new_media_key("original.webm")
    await storage.save_stream(key, chunks_of(b"saved before"), max_bytes=MiB, content_type="video/webm")
    with pytest.raises(ConnectionResetError):
        await storage.save_stream(key, cut_off(b"y" * 5000, 2000), max_bytes=MiB, content_type="video/webm")
    assert await read(storage, key) == b"saved before"


async def test_put_file_delete_and_missing_objects(storage: MediaStorage, tmp_path: Path) -> None:
    source = tmp_path / "video.mp4"
    source.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(5000))
    key = new_media_key("video.mp4")

    assert await storage.put_file(key, source, "video/mp4") == source.stat().st_size
    assert await read(storage, key) == source.read_bytes()

    await storage.delete(key)
    assert not await storage.exists(key)
    await storage.delete(key)  # deleting twice is fine: erasure may be retried
    with pytest.raises(MediaNotFound):
        await storage.size(key)
    with pytest.raises(MediaNotFound):
        async with storage.local_path(key):
            pass


async def test_delete_prefix_removes_one_folder_only(storage: MediaStorage) -> None:
    mine = "videos/abc123"
    neighbour = "videos/abc1234"  # shares the string prefix, must survive
    for key in [f"{mine}/original.webm", f"{mine}/video.mp4", f"{mine}/poster.jpg", f"{neighbour}/video.mp4"]:
        await storage.save_stream(key, chunks_of(b"data"), max_bytes=MiB, content_type="application/octet-stream")

    assert await storage.delete_prefix(mine) == 3

    assert not await storage.exists(f"{mine}/video.mp4")
    assert await storage.exists(f"{neighbour}/video.mp4")
    assert await storage.delete_prefix(mine + "/") == 0


@pytest.mark.parametrize(
    "key",
    ["../etc/passwd", "videos/../../x", "/etc/passwd", "videos//x", "videos/.hidden", "a\\b", "", "videos/x y"],
)
async def test_unsafe_keys_are_rejected(storage: MediaStorage, key: str) -> None:
    with pytest.raises(InvalidKey):
        await storage.save_stream(key, chunks_of(b"x"), max_bytes=10, content_type="text/plain")
    with pytest.raises(InvalidKey):
        await storage.exists(key)
    with pytest.raises(InvalidKey):
        storage.signed_url(key)


def test_new_keys_are_not_guessable() -> None:
    keys = {new_media_key("original.webm") for _ in range(100)}
    assert len(keys) == 100
    assert all(len(k.split("/")[1]) == 32 for k in keys)
