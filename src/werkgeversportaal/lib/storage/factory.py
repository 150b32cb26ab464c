"""Build the configured storage backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from werkgeversportaal.lib.storage.base import MediaStorage
from werkgeversportaal.lib.storage.local import LocalStorage
from werkgeversportaal.lib.storage.s3 import S3Storage

__all__ = ["create_storage"]


def create_storage(kind: Literal["local", "s3"], **settings: Any) -> MediaStorage:
    """`create_storage("local", root=..., secret_key=..., base_url="/media")` or
    `create_storage("s3", bucket=..., endpoint_url=..., region=..., access_key=..., secret_key=..., ...)`.

    Unknown settings raise TypeError, so a typo in configuration fails at startup, not at upload.
    """
    if kind == "local":
        settings.setdefault("root", Path("media"))
        return LocalStorage(**settings)
    if kind == "s3":
        return S3Storage(**settings)
    raise ValueError(f"unknown media storage kind {kind!r}; expected 'local' or 's3'")
