"""Short video limits so test recordings stay tiny and quick to process."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tests.conftest import attach_session
from werkgeversportaal.db.models import Role
from werkgeversportaal.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.media.min_video_seconds = 3
    settings.media.max_video_seconds = 6
    settings.media.max_upload_mb = 2
    settings.media.uploads_per_hour = 5
    return settings


@pytest.fixture
def huizen(db: Any) -> Any:
    return factories.municipality(db, "Huizen")


@pytest.fixture
def as_user(new_client: Any, db: Any, settings: Settings) -> Any:
    """A logged-in client for `user` (a fresh browser each time)."""

    def make(user: Any) -> Any:
        c = new_client()
        attach_session(c, db, user, settings)
        return c

    return make


@pytest.fixture
def account_manager(db: Any, huizen: Any) -> Any:
    return factories.user(db, Role.ACCOUNT_MANAGER, municipality_id=huizen.id, name="Anna Accountmanager")
