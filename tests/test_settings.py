"""Settings come from the environment; production refuses to start without its secrets."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from werkgeversportaal.settings import Settings, SettingsError


def test_embedded_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in ("APP_ENV", "DATABASE_URL", "SECRET_KEY", "MEDIA_BACKEND", "SEARCH_BACKEND", "MAIL_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    settings = Settings.from_env()
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert (settings.media.backend, settings.search.backend, settings.mail.backend) == ("local", "embedded", "console")
    assert len(settings.app.secret_key) >= 32
    assert Settings.from_env().app.secret_key == settings.app.secret_key  # kept across restarts


def test_production_needs_secret_key_and_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(SettingsError) as error:
        Settings.from_env()
    assert "SECRET_KEY is not set" in str(error.value) and "DATABASE_URL is not set" in str(error.value)


def test_bad_values_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIA_BACKEND", "ftp")
    monkeypatch.setenv("SMTP_PORT", "twenty-five")
    with pytest.raises(SettingsError, match="SMTP_PORT must be a whole number"):
        Settings.from_env()
    monkeypatch.setenv("SMTP_PORT", "25")
    with pytest.raises(SettingsError, match="MEDIA_BACKEND"):
        Settings.from_env()


def test_cli_stops_with_a_clear_message_in_production() -> None:
    env = {"APP_ENV": "production", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "werkgeversportaal.cli", "db", "upgrade"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr



@pytest.mark.parametrize(("names", "read", "defaults", "good", "bad"), [
    (("DATABASE_POOL_SIZE", "DATABASE_MAX_OVERFLOW"), lambda s: (s.db.pool_size, s.db.max_overflow), (25, 15),
     ("40", "0"), [("DATABASE_POOL_SIZE", "veel", "DATABASE_POOL_SIZE must be a whole number"),
                   ("DATABASE_POOL_SIZE", "0", "DATABASE_POOL_SIZE must be at least 1"),
                   ("DATABASE_MAX_OVERFLOW", "-1", "DATABASE_MAX_OVERFLOW must be 0 or more")]),
    (("REQUEST_CONCURRENCY", "REQUEST_QUEUE_SECONDS"),
     lambda s: (s.app.request_concurrency, s.app.request_queue_seconds), (4, 1.0),
     ("0", "2.5"), [("REQUEST_CONCURRENCY", "-3", "REQUEST_CONCURRENCY must be 0 \\(no limit\\) or more"),
                    ("REQUEST_QUEUE_SECONDS", "0", "REQUEST_QUEUE_SECONDS must be more than 0")]),
])
def test_server_capacity_from_the_environment(monkeypatch: pytest.MonkeyPatch, names: tuple[str, str], read: Any,
                                              defaults: tuple[Any, Any], good: tuple[str, str],
                                              bad: list[tuple[str, str, str]]) -> None:
    monkeypatch.delenv("APP_ENV", raising=False)
    for name in names:
        monkeypatch.delenv(name, raising=False)
    assert read(Settings.from_env()) == defaults
    for name, value in zip(names, good, strict=True):
        monkeypatch.setenv(name, value)
    assert read(Settings.from_env()) == tuple(type(d)(v) for d, v in zip(defaults, good, strict=True))
    for name, value, message in bad:
        for good_name, good_value in zip(names, good, strict=True):
            monkeypatch.setenv(good_name, good_value)
        monkeypatch.setenv(name, value)
        with pytest.raises(SettingsError, match=message):
            Settings.from_env()
