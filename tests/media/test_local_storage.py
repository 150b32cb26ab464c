"""Local backend specifics: signed URLs, serving with HTTP Range through the Litestar route."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from werkgeversportaal.lib.storage import (
    InvalidKey,
    LocalStorage,
    create_storage,
    iter_file,
    make_media_route,
    new_media_key,
    range_response_parts,
)
from werkgeversportaal.lib.storage.media_route import EXPIRED_MESSAGE, INLINE_BYTES, INVALID_MESSAGE

DATA = bytes(range(256)) * 4  # 1024 bytes, every offset recognisable


async def one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


@pytest.fixture
async def stored(local_storage: LocalStorage) -> str:
    key = new_media_key("video.mp4")
    await local_storage.save_stream(key, one_chunk(DATA), max_bytes=10_000, content_type="video/mp4")
    return key


@pytest.fixture
def client(local_storage: LocalStorage) -> Iterator[TestClient[Litestar]]:
    with TestClient(Litestar([make_media_route(local_storage)])) as client:
        yield client


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


# -- signatures ----------------------------------------------------------------------------------


def test_signed_url_verifies_for_its_key(local_storage: LocalStorage, stored: str) -> None:
    url = local_storage.signed_url(stored, expires_in=60)
    q = query(url)
    assert url.startswith(f"/media/{stored}?")
    assert local_storage.verify_signature(stored, q["exp"], q["sig"])


def test_expired_signature_is_refused(local_storage: LocalStorage, stored: str) -> None:
    q = query(local_storage.signed_url(stored, expires_in=-1))
    assert not local_storage.verify_signature(stored, q["exp"], q["sig"])


def test_tampered_signature_or_expiry_is_refused(local_storage: LocalStorage, stored: str) -> None:
    q = query(local_storage.signed_url(stored, expires_in=60))
    flipped = ("0" if q["sig"][0] != "0" else "1") + q["sig"][1:]
    assert not local_storage.verify_signature(stored, q["exp"], flipped)
    assert not local_storage.verify_signature(stored, str(int(q["exp"]) + 3600), q["sig"])
    assert not local_storage.verify_signature(stored, "soon", q["sig"])
    assert not local_storage.verify_signature(stored, q["exp"], None)


def test_signature_for_another_key_is_refused(local_storage: LocalStorage, stored: str) -> None:
    q = query(local_storage.signed_url(stored, expires_in=60))
    other = new_media_key("video.mp4")
    assert not local_storage.verify_signature(other, q["exp"], q["sig"])


def test_signature_from_another_secret_is_refused(tmp_path: Path, stored: str, local_storage: LocalStorage) -> None:
    other = LocalStorage(local_storage.root, b"another-secret-0123456789")
    q = query(other.signed_url(stored, expires_in=60))
    assert not local_storage.verify_signature(stored, q["exp"], q["sig"])


def test_short_secrets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LocalStorage(tmp_path, b"short")


@pytest.mark.parametrize("key", ["../secret.txt", "videos/../../secret.txt", "videos/%2e%2e/x", "videos/x\x00"])
def test_traversal_keys_are_rejected(local_storage: LocalStorage, key: str) -> None:
    with pytest.raises(InvalidKey):
        local_storage.path_for(key)


def test_symlink_out_of_the_root_is_rejected(local_storage: LocalStorage, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    local_storage.root.mkdir(parents=True, exist_ok=True)
    (local_storage.root / "videos").symlink_to(tmp_path / "outside")
    with pytest.raises(InvalidKey):
        local_storage.path_for("videos/x.mp4")


def test_upload_target_points_to_the_app(local_storage: LocalStorage) -> None:
    target = local_storage.upload_target("videos/abc/original.webm", 1000, "video/webm")
    assert (target.kind, target.url, target.max_bytes) == ("app", None, 1000)


def test_factory_builds_local_storage(tmp_path: Path) -> None:
    storage = create_storage("local", root=tmp_path, secret_key="a-secret-of-sufficient-length")
    assert isinstance(storage, LocalStorage)
    with pytest.raises(ValueError):
        create_storage("ftp")  # type: ignore[arg-type]


# -- ranges without a framework -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "status", "span", "content_range"),
    [
        (None, 200, (0, 1023), None),
        ("bytes=0-99", 206, (0, 99), "bytes 0-99/1024"),
        ("bytes=-100", 206, (924, 1023), "bytes 924-1023/1024"),
        ("bytes=1000-", 206, (1000, 1023), "bytes 1000-1023/1024"),
        ("bytes=1000-5000", 206, (1000, 1023), "bytes 1000-1023/1024"),
        ("bytes=-5000", 206, (0, 1023), "bytes 0-1023/1024"),
        ("bytes=1024-", 416, (0, -1), "bytes */1024"),
        ("bytes=-0", 416, (0, -1), "bytes */1024"),
        ("bytes=50-10", 416, (0, -1), "bytes */1024"),
        ("bytes=0-1,5-6", 200, (0, 1023), None),  # several ranges: whole file, as RFC 9110 allows
        ("items=0-5", 200, (0, 1023), None),
        ("bytes=abc", 200, (0, 1023), None),
    ],
)
def test_range_response_parts(
    tmp_path: Path, header: str | None, status: int, span: tuple[int, int], content_range: str | None
) -> None:
    path = tmp_path / "video.mp4"
    path.write_bytes(DATA)

    parts = range_response_parts(path, header)

    assert (parts.status, (parts.start, parts.end)) == (status, span)
    assert parts.headers.get("Content-Range") == content_range
    assert parts.headers["Accept-Ranges"] == "bytes"
    assert parts.headers["Content-Length"] == str(max(0, span[1] - span[0] + 1))
    assert parts.headers["Content-Type"] == "video/mp4"


async def test_iter_file_reads_exactly_the_span(tmp_path: Path) -> None:
    path = tmp_path / "video.mp4"
    path.write_bytes(os.urandom(1_000_000))
    got = b"".join([c async for c in iter_file(path, 10, 700_009, chunk_size=65536)])
    assert got == path.read_bytes()[10:700_010]


# -- the Litestar route ---------------------------------------------------------------------------


def test_route_serves_the_whole_file(client: TestClient[Litestar], local_storage: LocalStorage, stored: str) -> None:
    response = client.get(local_storage.signed_url(stored, expires_in=120))
    assert response.status_code == 200
    assert response.content == DATA
    assert response.headers["content-type"] == "video/mp4"
    assert response.headers["content-length"] == "1024"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["x-content-type-options"] == "nosniff"
    cache = response.headers["cache-control"]
    assert cache.startswith("private, max-age=")
    assert 110 <= int(cache.split("=")[1]) <= 120


@pytest.mark.parametrize(
    ("header", "body"), [("bytes=0-99", DATA[:100]), ("bytes=-100", DATA[-100:]), ("bytes=1000-", DATA[1000:])]
)
def test_route_answers_ranges_with_206(
    client: TestClient[Litestar], local_storage: LocalStorage, stored: str, header: str, body: bytes
) -> None:
    response = client.get(local_storage.signed_url(stored), headers={"Range": header})
    assert response.status_code == 206
    assert response.content == body
    assert response.headers["content-length"] == str(len(body))
    assert response.headers["content-range"].endswith("/1024")


async def test_route_serves_spans_below_and_above_the_inline_size_alike(
    client: TestClient[Litestar], local_storage: LocalStorage
) -> None:
    big = os.urandom(INLINE_BYTES + 70_000)
    key = new_media_key("video.mp4")
    await local_storage.save_stream(key, one_chunk(big), max_bytes=len(big), content_type="video/mp4")
    url = local_storage.signed_url(key)
    cases = {None: (200, big), "bytes=0-65535": (206, big[:65536]),
             f"bytes=10-{INLINE_BYTES + 9}": (206, big[10:INLINE_BYTES + 10]),  # exactly the inline size
             "bytes=5-": (206, big[5:]), f"bytes=-{INLINE_BYTES + 1}": (206, big[-INLINE_BYTES - 1:])}
    for header, (status, body) in cases.items():
        response = client.get(url, headers={"Range": header} if header else {})
        assert (response.status_code, response.content) == (status, body), header
        assert response.headers.get_list("content-length") == [str(len(body))], header
        if status == 206:
            assert response.headers["content-range"].endswith(f"/{len(big)}"), header


def test_route_answers_unsatisfiable_range_with_416(
    client: TestClient[Litestar], local_storage: LocalStorage, stored: str
) -> None:
    response = client.get(local_storage.signed_url(stored), headers={"Range": "bytes=5000-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == "bytes */1024"


def test_route_refuses_expired_url_with_a_clear_message(
    client: TestClient[Litestar], local_storage: LocalStorage, stored: str
) -> None:
    response = client.get(local_storage.signed_url(stored, expires_in=-5))
    assert response.status_code == 403
    assert EXPIRED_MESSAGE in response.text


def test_route_refuses_url_signed_for_another_object(
    client: TestClient[Litestar], local_storage: LocalStorage, stored: str
) -> None:
    q = query(local_storage.signed_url(stored))
    other = new_media_key("video.mp4")
    response = client.get(f"/media/{other}", params=q)
    assert response.status_code == 403
    assert INVALID_MESSAGE in response.text
    assert client.get(f"/media/{stored}").status_code == 403  # no signature at all


def test_route_hides_traversal_and_missing_files(
    client: TestClient[Litestar], local_storage: LocalStorage, stored: str
) -> None:
    exp = int(time.time()) + 60
    assert client.get(f"/media/..%2F..%2Fetc%2Fpasswd?exp={exp}&sig=x").status_code == 404
    missing = new_media_key("video.mp4")
    assert client.get(local_storage.signed_url(missing)).status_code == 404


def test_route_download_name_is_signed_too(
    client: TestClient[Litestar], local_storage: LocalStorage, stored: str
) -> None:
    url = local_storage.signed_url(stored, filename="Mijn video.mp4")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith('attachment; filename="Mijn video.mp4"')
    assert client.get(url.replace("Mijn", "Jouw")).status_code == 403


def test_route_serves_posters_and_captions_with_their_types(
    client: TestClient[Litestar], local_storage: LocalStorage
) -> None:
    for name, expected in [("poster.jpg", "image/jpeg"), ("captions.vtt", "text/vtt")]:
        key = new_media_key(name)
        path = local_storage.path_for(key)
        path.parent.mkdir(parents=True)
        path.write_bytes(b"WEBVTT\n" if name.endswith("vtt") else b"\xff\xd8\xff")
        assert client.get(local_storage.signed_url(key)).headers["content-type"].startswith(expected)
