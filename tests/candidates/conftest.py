"""Short video limits so test recordings stay tiny and quick to process."""

from __future__ import annotations

import pytest

from werkgeversportaal.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.media.min_video_seconds = 3
    settings.media.max_video_seconds = 6
    settings.media.max_upload_mb = 2
    settings.media.uploads_per_hour = 5
    return settings


