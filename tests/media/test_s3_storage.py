"""S3 backend specifics against moto's server over real HTTP: presigned POST upload, presigned GET.

moto checks neither presigned signatures nor their expiry nor the POST policy conditions
(content-length-range, Content-Type), so those tests check the policy we *send*; real S3 and
MinIO enforce it.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qs, urlsplit

import httpx

from werkgeversportaal.lib.storage import S3Storage, create_storage, new_media_key


async def test_bucket_is_created_private(s3_storage: S3Storage) -> None:
    client = s3_storage._client
    block = client.get_public_access_block(Bucket=s3_storage.bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    grants = client.get_bucket_acl(Bucket=s3_storage.bucket)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("AllUsers")]
    await s3_storage.ensure_ready()  # a second start finds the bucket and leaves it alone


async def test_presigned_post_uploads_from_the_browser(s3_storage: S3Storage) -> None:
    key = new_media_key("original.webm")
    data = os.urandom(50_000)
    target = s3_storage.upload_target(key, max_bytes=100_000, content_type="video/webm;codecs=vp8,opus")

    assert target.kind == "presigned_post"
    assert target.url is not None
    async with httpx.AsyncClient() as http:
        # What the browser's FormData does: every policy field first, the file last.
        response = await http.post(
            target.url, data=target.fields, files={"file": ("video.webm", data, target.content_type)}
        )

    assert response.status_code in (200, 201, 204), response.text
    assert await s3_storage.exists(key)
    assert await s3_storage.size(key) == len(data)
    head = s3_storage._client.head_object(Bucket=s3_storage.bucket, Key=key)
    assert head["ContentType"] == "video/webm;codecs=vp8,opus"


def test_presigned_post_policy_limits_size_and_type(s3_storage: S3Storage) -> None:
    target = s3_storage.upload_target("videos/abc/original.webm", max_bytes=1234, content_type="video/webm")
    policy = json.loads(base64.b64decode(target.fields["policy"]))
    assert ["content-length-range", 1, 1234] in policy["conditions"]
    assert {"Content-Type": "video/webm"} in policy["conditions"]
    assert {"key": "videos/abc/original.webm"} in policy["conditions"]
    assert target.fields["Content-Type"] == "video/webm"


async def test_presigned_get_downloads_with_the_right_type(s3_storage: S3Storage) -> None:
    key = new_media_key("video.mp4")
    data = os.urandom(20_000)

    async def body() -> AsyncIterator[bytes]:
        yield data

    await s3_storage.save_stream(key, body(), max_bytes=100_000, content_type="application/octet-stream")
    url = s3_storage.signed_url(key, expires_in=120)

    assert "X-Amz-Expires=120" in url
    assert "X-Amz-Signature=" in url
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
        ranged = await http.get(url, headers={"Range": "bytes=0-99"})

    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "video/mp4"  # from the key, not from the uploader's claim
    assert ranged.status_code == 206
    assert ranged.content == data[:100]


def test_presigned_get_as_download(s3_storage: S3Storage) -> None:
    url = s3_storage.signed_url("videos/abc/video.mp4", filename="Mijn video.mp4")
    disposition = parse_qs(urlsplit(url).query)["response-content-disposition"][0]
    assert disposition == "attachment; filename*=UTF-8''Mijn%20video.mp4"


def test_public_endpoint_is_used_for_browser_urls(s3_factory: Callable[..., S3Storage]) -> None:
    storage = s3_factory(public_endpoint_url="http://localhost:9999")
    assert storage.signed_url("videos/abc/video.mp4").startswith("http://localhost:9999/")
    target = storage.upload_target("videos/abc/original.webm", 10, "video/webm")
    assert target.url is not None
    assert target.url.startswith("http://localhost:9999/")


def test_factory_builds_s3_storage(moto_endpoint: str) -> None:
    storage = create_storage("s3", bucket="media", endpoint_url=moto_endpoint, access_key="a", secret_key="b")
    assert isinstance(storage, S3Storage)
