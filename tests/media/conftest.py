"""Storage fixtures: the local backend in tmp_path, the S3 backend against moto's server over real HTTP."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from werkgeversportaal.lib.storage import LocalStorage, MediaStorage, S3Storage

SECRET = b"test-secret-key-0123456789abcdef"
# The smallest part size S3 allows, so multipart behaviour shows up with modest test data.
SMALL_PART = 5 * 1024 * 1024


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    # Dummy credentials so boto3 never looks for real ones (or asks an instance metadata service).
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        os.environ.setdefault(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def make_s3(endpoint: str, **kwargs: object) -> S3Storage:
    return S3Storage(
        bucket=f"media-{uuid.uuid4().hex[:12]}",
        endpoint_url=endpoint,
        region="eu-west-1",
        access_key="testing",
        secret_key="testing",
        part_size=SMALL_PART,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def s3_factory(moto_endpoint: str) -> Callable[..., S3Storage]:
    """Build an S3Storage on a fresh bucket (not created yet) with extra keyword arguments."""
    return lambda **kwargs: make_s3(moto_endpoint, **kwargs)


@pytest.fixture
def local_storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "media", SECRET)


@pytest.fixture
async def s3_storage(moto_endpoint: str) -> S3Storage:
    storage = make_s3(moto_endpoint)
    await storage.ensure_ready()
    return storage


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStorage:
    backend: MediaStorage
    if request.param == "local":
        backend = LocalStorage(tmp_path / "media", SECRET)
    else:
        backend = make_s3(request.getfixturevalue("moto_endpoint"))
    await backend.ensure_ready()
    return backend
