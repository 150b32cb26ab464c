#!/usr/bin/env python3
"""Check the translation catalogues: exit 1 (listing what is missing per language) when

- Arabic (ar), Tigrinya (ti) or English (en) lacks a translation of a message a candidate can see
  (candidate templates and layouts, the shared base/macros/error/log-in/password pages, the
  e-mails candidates receive, and the Python modules of the candidate area);
- English lacks a translation of any message of any page;
- a translation's %(name)s placeholders differ from the Dutch source;
- a consent text version has no text in one of the languages.

Messages are extracted with Babel, with the keywords and options of babel.cfg.

    PYTHONPATH=src python scripts/check_catalogues.py [--verbose]
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "src" / "werkgeversportaal" / "locale"

# Everything a candidate can see. Globs are relative to the repository root.
CANDIDATE_SOURCES = (
    "templates/base.html",
    "templates/macros/*.html",
    "templates/layouts/candidate.html",
    "templates/layouts/by_role.html",
    "templates/layouts/public.html",
    "templates/candidate/*.html",
    "templates/errors/*.html",
    "templates/account/account.html",
    "templates/accounts/login.html",
    "templates/accounts/forgot.html",
    "templates/accounts/forgot_sent.html",
    "templates/accounts/set_password.html",
    "templates/accounts/link_invalid.html",
    "templates/accounts/choose_language.html",
    "templates/introductions/candidate_list.html",
    "templates/introductions/notifications.html",
    "templates/introductions/fragment_unread.html",
    "templates/email/_layout.html",
    "templates/email/candidate_invitation.*",
    "templates/email/password_reset.*",
    "templates/email/introduction_notice.*",
    "src/werkgeversportaal/domain/candidates/*.py",
    "src/werkgeversportaal/domain/introductions/candidate_pages.py",
    "src/werkgeversportaal/domain/introductions/notification_pages.py",
    "src/werkgeversportaal/domain/introductions/labels.py",
    "src/werkgeversportaal/domain/introductions/services.py",
    "src/werkgeversportaal/domain/accounts/schemas.py",
    "src/werkgeversportaal/lib/labels.py",
    "src/werkgeversportaal/domain/accounts/controllers.py",
    "src/werkgeversportaal/domain/accounts/account.py",
    "src/werkgeversportaal/lib/forms.py",
    "src/werkgeversportaal/lib/errors.py",
    "src/werkgeversportaal/lib/security.py",
)
ALL_SOURCES = ("templates/**/*.html", "templates/**/*.txt", "src/**/*.py")
CANDIDATE_LANGUAGES = ("en", "ar", "ti")
INTERFACE_LANGUAGES = ("en",)
EXPECTED_PLURALS = {"en": 2, "ar": 6, "ti": 2}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")

MessageId = str | tuple[str, str]


def read_babel_cfg() -> tuple[dict[str, tuple[str, dict[str, str]]], set[str]]:
    """{glob: (method, options)} and the extra keywords from babel.cfg."""
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords: set[str] = set()
    for opts in options_map.values():
        keywords.update(opts.get("keywords") or {})
    methods = {pattern: (method, dict(options_map.get(pattern, {}))) for pattern, method in method_map}
    return methods, keywords


def method_for(relative: str, methods: dict[str, tuple[str, dict[str, str]]]) -> tuple[str, dict[str, str]] | None:
    for pattern, (method, options) in methods.items():
        regex = fnmatch.translate(pattern.replace("**/", "*").replace("**", "*"))
        if re.match(regex, relative):
            if method == "jinja2":
                method = "jinja2.ext:babel_extract"
            return method, {k: v for k, v in options.items() if k != "keywords"}
    return None


def expand(globs: Iterable[str]) -> list[Path]:
    found: set[Path] = set()
    for pattern in globs:
        found.update(p for p in ROOT.glob(pattern) if p.is_file())
    return sorted(found)


def extract(paths: Iterable[Path]) -> dict[MessageId, list[str]]:
    """{msgid or (singular, plural): [where it is used]} of the given files."""
    methods, extra = read_babel_cfg()
    keywords = dict(DEFAULT_KEYWORDS)
    for word in extra:
        keywords.setdefault(word, None)
    messages: dict[MessageId, list[str]] = {}
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        found = method_for(relative, methods)
        if found is None:
            continue
        method, options = found
        for lineno, message, _comments, _context in extract_from_file(method, str(path), keywords=keywords,
                                                                     options=options):
            key: MessageId = message if isinstance(message, str) else (message[0], message[1])
            if not (key if isinstance(key, str) else key[0]):
                continue
            messages.setdefault(key, []).append(f"{relative}:{lineno}")
    return messages


def load_catalogue(language: str) -> tuple[dict[str, Message], list[str]]:
    """All <area>.po files of a language merged, as the app merges them; and header problems."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    merged: dict[str, Message] = {}
    problems: list[str] = []
    for po_path in sorted(folder.glob("*.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        expected = EXPECTED_PLURALS.get(language)
        if expected is not None and catalog.num_plurals != expected:
            problems.append(f"{po_path.relative_to(ROOT)}: Plural-Forms has nplurals={catalog.num_plurals}, "
                            f"expected {expected}")
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if key not in merged or not _translated(merged[key]):
                merged[key] = message
    return merged, problems


def _translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def placeholder_problems(key: MessageId, message: Message) -> list[str]:
    sources = [key] if isinstance(key, str) else list(key)
    allowed = set().union(*(PLACEHOLDER.findall(s) for s in sources))
    required = allowed - {"num"}
    strings = list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]
    problems = []
    for text in strings:
        used = set(PLACEHOLDER.findall(text or ""))
        if used - allowed:
            problems.append(f"unknown placeholder(s) {sorted(used - allowed)}")
        if required - used:
            problems.append(f"missing placeholder(s) {sorted(required - used)}")
    return problems


def check_messages(messages: dict[MessageId, list[str]], languages: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(language, problem) for every missing or broken translation."""
    for language in languages:
        catalogue, header_problems = load_catalogue(language)
        for problem in header_problems:
            yield language, problem
        for key, where in sorted(messages.items(), key=lambda item: str(item[0])):
            singular = key if isinstance(key, str) else key[0]
            message = catalogue.get(singular)
            if message is None or not _translated(message):
                yield language, f"missing: {singular!r} ({where[0]})"
                continue
            for problem in placeholder_problems(key, message):
                yield language, f"{problem}: {singular!r} ({where[0]})"


def check_consent_texts(languages: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The current version of every consent text in every language; older versions (kept for the
    grants given on them) at least in the fallback language."""
    from werkgeversportaal.domain.candidates.consent_texts import FALLBACK_LANGUAGE, TEXTS, current_version

    versions = {(scope, version) for (scope, version, _lang) in TEXTS}
    for scope, version in sorted(versions, key=lambda v: (v[0].value, v[1])):
        needed = languages if version == current_version(scope) else [FALLBACK_LANGUAGE]
        for language in needed:
            text = TEXTS.get((scope, version, language))
            if text is None or not all(part.strip() for part in text):
                yield language, f"missing: consent text {scope.value} version {version}"


def run(verbose: bool = False) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from werkgeversportaal.lib.i18n import LOCALES

    candidate_messages = extract(expand(CANDIDATE_SOURCES))
    all_messages = extract(expand(ALL_SOURCES))
    problems: dict[str, list[str]] = {}
    for language, problem in check_messages(candidate_messages, CANDIDATE_LANGUAGES):
        problems.setdefault(language, []).append(problem)
    others = {k: v for k, v in all_messages.items() if k not in candidate_messages}
    for language, problem in check_messages(others, INTERFACE_LANGUAGES):
        problems.setdefault(language, []).append(problem)
    for language, problem in check_consent_texts(LOCALES):
        problems.setdefault(language, []).append(problem)

    print(f"candidate pages: {len(candidate_messages)} messages, checked in {', '.join(CANDIDATE_LANGUAGES)}")
    print(f"all pages: {len(all_messages)} messages, checked in {', '.join(INTERFACE_LANGUAGES)}")
    for language in sorted(set(CANDIDATE_LANGUAGES) | set(INTERFACE_LANGUAGES) | set(LOCALES) - {"nl"}):
        found = problems.get(language, [])
        print(f"{language}: {'OK' if not found else f'{len(found)} problem(s)'}")
        for problem in found if verbose or len(found) <= 400 else found[:400]:
            print(f"  {problem}")
    if problems.get("nl"):
        for problem in problems["nl"]:
            print(f"nl: {problem}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every problem, however many")
    args = parser.parse_args()
    return run(verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())
