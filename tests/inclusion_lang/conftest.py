"""Fixtures for the language tests: a municipality, logged-in clients, an accountmanager."""

from __future__ import annotations

from typing import Any

import pytest

from tests import factories
from tests.conftest import attach_session
from werkgeversportaal.db.models import Role
from werkgeversportaal.settings import Settings


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
