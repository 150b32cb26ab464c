"""Translations through Babel catalogues, with the active locale kept in a context variable.

Catalogues are read from the .po files at start-up (compiled in memory), so a fresh checkout
needs no compile step; `make i18n` still runs pybabel extract/update/compile for translators.
"""

from __future__ import annotations

import gettext as _gettext
import io
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import LazyProxy

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LOCALE = "nl"
# Every language a page can be shown in. Candidate pages exist in all of them; employer and
# accountmanager pages in INTERFACE_LOCALES (other languages fall back to Dutch there).
LOCALES: dict[str, str] = {"nl": "Nederlands", "en": "English", "ar": "العربية", "ti": "ትግርኛ"}
INTERFACE_LOCALES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
RTL_LOCALES = frozenset({"ar"})
# Pages for employers (and accountmanagers, administrators) only: Dutch and English, also when nobody is
# logged in. Every other page a visitor can reach (log-in, password, invitation, language choice, errors)
# may be passed through by a candidate, so it is shown in every language.
EMPLOYER_PUBLIC_PATHS = ("/registreren", "/werkgever", "/accountmanager", "/beheer")

_current: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """All catalogues of a locale merged: messages.po plus one .po per area (<area>.po), so areas
    can add their messages without touching each other's files."""
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    if locale == DEFAULT_LOCALE or not folder.is_dir():
        return _gettext.NullTranslations()
    merged = None
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and message.string and not merged.get(message.id, message.context):
                merged[message.id] = message
            elif message.id and message.string:
                existing = merged.get(message.id, message.context)
                if existing is not None and not existing.string:
                    existing.string = message.string
    if merged is None:
        return _gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def set_locale(locale: str) -> None:
    _current.set(locale if locale in LOCALES else DEFAULT_LOCALE)


def get_locale() -> str:
    return _current.get()


def gettext(message: str, **variables: Any) -> str:
    text = translations(get_locale()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(get_locale()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def lazy_gettext(message: str, **variables: Any) -> LazyProxy:
    """For messages defined at import time (form errors, labels): translated when shown."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


_ = gettext


def negotiate(accept_language: str, supported: dict[str, str] | None = None) -> str | None:
    supported = supported or LOCALES
    candidates: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        lang, _sep, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        candidates.append((quality, lang.strip().lower().split("-")[0]))
    for _quality, lang in sorted(candidates, key=lambda c: -c[0]):
        if lang in supported:
            return lang
    return None


def locales_for(role: str | None, path: str = "") -> dict[str, str]:
    """The languages a page may be shown in: every language for candidates and the public pages they
    pass through; Dutch and English for employers, accountmanagers and administrators."""
    if role == "candidate":
        return LOCALES
    if role is None and path != "/" and not path.startswith(EMPLOYER_PUBLIC_PATHS):
        return LOCALES
    return INTERFACE_LOCALES


def choose(wanted: str | None, allowed: dict[str, str], accept_language: str = "") -> str:
    """The page language: the chosen one when this page exists in it, else Dutch (a chosen language is
    never silently replaced by the browser's); without a choice the browser's preference."""
    if wanted in LOCALES:
        return wanted if wanted in allowed else DEFAULT_LOCALE
    return negotiate(accept_language, allowed) or DEFAULT_LOCALE


def text_direction(locale: str | None = None) -> str:
    return "rtl" if (locale or get_locale()) in RTL_LOCALES else "ltr"


@cache
def babel_locale(locale: str) -> Locale:
    """The Babel Locale of a language code, parsed once (Locale.parse costs more than the formatting)."""
    return Locale.parse(locale)


def format_day(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    # The time zone is part of the key: aware datetimes of the same instant compare equal, but are shown
    # in their own zone.
    return _format_day(value, value.tzinfo if isinstance(value, datetime) else None, fmt, get_locale())


@lru_cache(maxsize=4096)
def _format_day(value: date | datetime, _zone: Any, fmt: str, locale: str) -> str:
    """Babel's formatting of one value, kept: lists such as the moderation queue show the same dates on
    every visit, and Babel takes ~15 us per date."""
    if isinstance(value, datetime):
        return format_datetime(value, format=fmt, locale=babel_locale(locale), tzinfo=None)
    return format_date(value, format=fmt, locale=babel_locale(locale))


def format_month(value: date | str) -> str:
    """A month with its name in the active language ("mrt 2026", "Mar 2026"); accepts "YYYY-MM"."""
    if isinstance(value, str):
        value = date.fromisoformat(f"{value}-01")
    return format_skeleton("yMMM", value, locale=babel_locale(get_locale()))


def format_number(value: float | int) -> str:
    # Latin digits in every language, Arabic included (also Babel's default for "ar"): the digits candidates
    # type into forms and read on Dutch letters, so numbers on the page and in the forms look the same.
    return format_decimal(value, locale=babel_locale(get_locale()), numbering_system="latn")
