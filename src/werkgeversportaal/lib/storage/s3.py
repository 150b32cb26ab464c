"""Media storage in a private S3-compatible bucket (production).

boto3 is synchronous, so every call runs in a worker thread. Presigning needs no network and
stays on the calling thread.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import anyio
import anyio.to_thread
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from werkgeversportaal.lib.storage.base import (
    MediaNotFound,
    MediaStorage,
    StorageError,
    StorageUnavailable,
    UploadTarget,
    content_type_for,
    limit_stream,
    validate_key,
    validate_prefix,
)

__all__ = ["S3Storage"]

log = logging.getLogger(__name__)

T = TypeVar("T")

# S3 wants every multipart part but the last to be at least 5 MiB; 8 MiB keeps the number of
# requests low while a single upload holds at most one part in memory.
_PART_SIZE = 8 * 1024 * 1024
_NOT_FOUND = {"404", "NoSuchKey", "NotFound", "NoSuchBucket"}


def _is_not_found(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code")) in _NOT_FOUND


class S3Storage(MediaStorage):
    kind = "s3"

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        access_key: str | None = None,
        secret_key: str | None = None,
        presign_expiry: int = 300,
        *,
        public_endpoint_url: str | None = None,
        part_size: int = _PART_SIZE,
    ) -> None:
        """`public_endpoint_url` is the address browsers use when it differs from the one the app uses
        (docker-compose: app talks to http://minio:9000, the browser to http://localhost:9000)."""
        if part_size < 5 * 1024 * 1024:
            raise ValueError("part_size must be at least 5 MiB")
        self.bucket = bucket
        self.region = region
        self.presign_expiry = presign_expiry
        self.part_size = part_size
        session = boto3.session.Session(
            aws_access_key_id=access_key, aws_secret_access_key=secret_key, region_name=region
        )
        # Path-style addressing: MinIO and most self-hosted stores do not do virtual-host buckets.
        config = Config(
            signature_version="s3v4",
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            retries={"max_attempts": 3, "mode": "standard"},
        )
        self._client = session.client("s3", endpoint_url=endpoint_url, config=config)
        self._presigner = (
            session.client("s3", endpoint_url=public_endpoint_url, config=config)
            if public_endpoint_url
            else self._client
        )

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Call boto3 in a thread; an unreachable or failing store becomes StorageUnavailable
        (after boto3's own retries), so callers can tell the user to try again later."""
        try:
            return await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs))
        except (BotoConnectionError, HTTPClientError) as exc:
            raise StorageUnavailable(f"S3 store unreachable: {exc}") from exc
        except ClientError as exc:
            if int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0) >= 500:
                raise StorageUnavailable(f"S3 store failing: {exc}") from exc
            raise

    # -- interface -----------------------------------------------------------------------------

    async def ensure_ready(self) -> None:
        await self._run(self._ensure_bucket)

    def _ensure_bucket(self) -> None:
        try:
            self._client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as exc:
            if not _is_not_found(exc):
                raise
        # No ACL argument: new buckets are private by default, and AWS refuses any ACL on buckets
        # with the (default) BucketOwnerEnforced ownership; the public access block does the rest.
        params: dict[str, Any] = {"Bucket": self.bucket}
        if self.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        self._client.create_bucket(**params)
        try:
            self._client.put_public_access_block(
                Bucket=self.bucket,
                PublicAccessBlockConfiguration={
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": True,
                    "RestrictPublicBuckets": True,
                },
            )
        except ClientError as exc:
            # Some S3-compatible stores lack this API; their buckets are private by default anyway.
            log.warning("could not block public access on bucket %s: %s", self.bucket, exc)

    async def save_stream(
        self,
        key: str,
        chunks: AsyncIterable[bytes],
        max_bytes: int,
        content_type: str,
        *,
        expected_bytes: int | None = None,
    ) -> int:
        validate_key(key)
        buf = bytearray()
        total = 0
        upload_id: str | None = None
        parts: list[dict[str, Any]] = []
        try:
            async for chunk in limit_stream(chunks, max_bytes, expected_bytes):
                buf += chunk
                total += len(chunk)
                if len(buf) >= self.part_size:
                    if upload_id is None:
                        created = await self._run(
                            self._client.create_multipart_upload,
                            Bucket=self.bucket,
                            Key=key,
                            ContentType=content_type,
                        )
                        upload_id = created["UploadId"]
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, bytes(buf)))
                    buf.clear()
            if upload_id is None:
                # Small upload: one PUT is cheaper than a three-request multipart upload.
                await self._run(
                    self._client.put_object, Bucket=self.bucket, Key=key, Body=bytes(buf), ContentType=content_type
                )
            else:
                if buf:
                    parts.append(await self._upload_part(key, upload_id, len(parts) + 1, bytes(buf)))
                    buf.clear()
                await self._run(
                    self._client.complete_multipart_upload,
                    Bucket=self.bucket,
                    Key=key,
                    UploadId=upload_id,
                    MultipartUpload={"Parts": parts},
                )
        except BaseException:
            if upload_id is not None:
                # Shielded: even when the request is cancelled the stored parts must go, or the
                # bucket keeps (and bills) invisible orphan parts.
                with anyio.CancelScope(shield=True):
                    await self._abort(key, upload_id)
            raise
        return total

    async def _upload_part(self, key: str, upload_id: str, number: int, body: bytes) -> dict[str, Any]:
        result = await self._run(
            self._client.upload_part, Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body
        )
        return {"PartNumber": number, "ETag": result["ETag"]}

    async def _abort(self, key: str, upload_id: str) -> None:
        try:
            await self._run(self._client.abort_multipart_upload, Bucket=self.bucket, Key=key, UploadId=upload_id)
        except (ClientError, StorageUnavailable):
            log.exception("could not abort multipart upload %s of %s", upload_id, key)

    @asynccontextmanager
    async def local_path(self, key: str) -> AsyncIterator[Path]:
        validate_key(key)
        folder = Path(await self._run(tempfile.mkdtemp, prefix="media-"))
        try:
            path = folder / Path(key).name
            try:
                await self._run(self._client.download_file, self.bucket, key, str(path))
            except ClientError as exc:
                if _is_not_found(exc):
                    raise MediaNotFound(key) from None
                raise
            yield path
        finally:
            with anyio.CancelScope(shield=True):
                await self._run(shutil.rmtree, folder, ignore_errors=True)

    async def put_file(self, key: str, path: Path, content_type: str) -> int:
        validate_key(key)

        def upload() -> int:
            self._client.upload_file(str(path), self.bucket, key, ExtraArgs={"ContentType": content_type})
            return Path(path).stat().st_size

        return await self._run(upload)

    async def delete(self, key: str) -> None:
        validate_key(key)
        await self._run(self._client.delete_object, Bucket=self.bucket, Key=key)

    async def delete_prefix(self, prefix: str) -> int:
        prefix = validate_prefix(prefix)
        return await self._run(self._delete_prefix_sync, prefix)

    def _delete_prefix_sync(self, prefix: str) -> int:
        deleted = 0
        paginator = self._client.get_paginator("list_objects_v2")
        # A page holds at most 1000 keys, which is exactly the delete_objects batch limit.
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            objects = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if not objects:
                continue
            result = self._client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True})
            if errors := result.get("Errors"):
                raise StorageError(f"could not delete {len(errors)} objects under {prefix}: {errors[0]}")
            deleted += len(objects)
        return deleted

    async def _head(self, key: str) -> dict[str, Any] | None:
        validate_key(key)
        try:
            return await self._run(self._client.head_object, Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _is_not_found(exc):
                return None
            raise

    async def exists(self, key: str) -> bool:
        return await self._head(key) is not None

    async def size(self, key: str) -> int:
        head = await self._head(key)
        if head is None:
            raise MediaNotFound(key)
        return int(head["ContentLength"])

    def signed_url(self, key: str, expires_in: int | None = None, filename: str | None = None) -> str:
        params = {"Bucket": self.bucket, "Key": validate_key(key), "ResponseContentType": content_type_for(key)}
        if filename:
            params["ResponseContentDisposition"] = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        return str(
            self._presigner.generate_presigned_url(
                "get_object", Params=params, ExpiresIn=expires_in or self.presign_expiry
            )
        )

    def upload_target(self, key: str, max_bytes: int, content_type: str, expires_in: int | None = None) -> UploadTarget:
        validate_key(key)
        expires = expires_in or self.presign_expiry
        post = self._presigner.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            # The policy, not the browser, enforces size and type: S3 rejects anything else.
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=expires,
        )
        return UploadTarget(
            kind="presigned_post",
            key=key,
            max_bytes=max_bytes,
            content_type=content_type,
            url=post["url"],
            fields={str(k): str(v) for k, v in post["fields"].items()},
            expires_in=expires,
        )
