"""The catalogue check (scripts/check_catalogues.py) passes, and fails on a missing or broken translation."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_catalogues.py"


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("check_catalogues", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_check_passes_on_the_committed_catalogues() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for language in ("ar", "en", "ti"):
        assert f"{language}: OK" in result.stdout


def test_candidate_messages_cover_candidate_pages_and_emails(checker) -> None:
    messages = checker.extract(checker.expand(checker.CANDIDATE_SOURCES))
    for expected in ("Mijn toestemming", "Opname starten", "Kies uw taal", "Welkom! Kies een wachtwoord",
                     "Uw accountmanager %(inviter)s heeft een account voor u gemaakt. Daar maakt u uw profiel "
                     "en een korte video over uzelf. Werkgevers kunnen u dan leren kennen.",
                     "Deze pagina bestaat niet. Of u mag deze pagina niet zien."):
        assert expected in messages


def test_the_check_fails_on_missing_and_broken_translations(checker, tmp_path, monkeypatch, capsys) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(checker.LOCALE_DIR, locale)
    ar = locale / "ar" / "LC_MESSAGES" / "inclusion.po"
    text = ar.read_text(encoding="utf-8")
    assert 'msgid "Opname starten"\nmsgstr "بدء التسجيل"' in text
    ar.write_text(text.replace('msgid "Opname starten"\nmsgstr "بدء التسجيل"', 'msgid "Opname starten"\nmsgstr ""'),
                  encoding="utf-8")
    ti = locale / "ti" / "LC_MESSAGES" / "inclusion.po"
    ti.write_text(ti.read_text(encoding="utf-8").replace("ሰላም %(name)s", "ሰላም %(naam)s"), encoding="utf-8")
    monkeypatch.setattr(checker, "LOCALE_DIR", locale)
    assert checker.run() == 1
    out = capsys.readouterr().out
    assert "ar: 1 problem(s)" in out and "missing: 'Opname starten'" in out
    assert "unknown placeholder(s) ['naam']" in out and "missing placeholder(s) ['name']" in out
    assert "en: OK" in out


def test_arabic_catalogue_has_six_plural_forms(checker) -> None:
    catalogue, problems = checker.load_catalogue("ar")
    assert problems == [] and len(catalogue) > 300
