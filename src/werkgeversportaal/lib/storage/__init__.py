"""One media storage interface, two backends: a local folder (default) and S3 (production)."""

from __future__ import annotations

from werkgeversportaal.lib.storage.base import (
    DEFAULT_URL_EXPIRY_S,
    InvalidKey,
    MediaNotFound,
    MediaStorage,
    StorageError,
    StorageUnavailable,
    UploadIncomplete,
    UploadTarget,
    UploadTooLarge,
    content_type_for,
    new_media_key,
    validate_key,
    validate_prefix,
)
from werkgeversportaal.lib.storage.factory import create_storage
from werkgeversportaal.lib.storage.local import LocalStorage
from werkgeversportaal.lib.storage.media_route import make_media_route
from werkgeversportaal.lib.storage.ranges import RangeParts, iter_file, range_response_parts
from werkgeversportaal.lib.storage.s3 import S3Storage
from werkgeversportaal.lib.storage.signing import SignatureCheck

__all__ = [
    "DEFAULT_URL_EXPIRY_S",
    "InvalidKey",
    "LocalStorage",
    "MediaNotFound",
    "MediaStorage",
    "RangeParts",
    "S3Storage",
    "SignatureCheck",
    "StorageError",
    "StorageUnavailable",
    "UploadIncomplete",
    "UploadTarget",
    "UploadTooLarge",
    "content_type_for",
    "create_storage",
    "iter_file",
    "make_media_route",
    "new_media_key",
    "range_response_parts",
    "validate_key",
    "validate_prefix",
]
