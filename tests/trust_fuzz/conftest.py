"""Fixtures of the trust fuzz tests: one app and one client per test, mail on the console backend
(no SMTP round trips in hundreds of examples), and a report line with the figures of each run."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from werkgeversportaal.settings import MailSettings, Settings

FIGURES: list[str] = []


@pytest.fixture
def fuzz_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, mail=MailSettings(backend="console"))


@pytest.fixture
def figures() -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    FIGURES.extend(lines)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("trust fuzz figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
