"""The one Jinja environment, shared by pages and e-mails."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Undefined,
    pass_eval_context,
    select_autoescape,
)
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from werkgeversportaal.lib import i18n

_DICT_NAMES = frozenset(dir(dict))


class _TemplateGlobals(ChainMap[str, Any]):
    """A template's globals over the environment's, as Jinja's ChainMap, looked up without exceptions.

    Every render copies them into its context (dict(globals)): ChainMap finds each environment global by
    trying the template's own, empty map first and catching the KeyError, sixteen times per page. Asking
    `in` first finds the same value; writes still go to the template's own map.
    """

    def __getitem__(self, key: str) -> Any:
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)


class PortalEnvironment(Environment):
    """Jinja's environment, with `value.key` read from a plain dict without a failed attribute lookup first.

    Jinja compiles `profile.place` to getattr(profile, "place") and only then tries profile["place"]; on a
    dict the first step raises and formats an AttributeError every time (some forty per candidate page).
    A name that is no attribute of dict can only be found as a key, so it is looked up as one straight
    away: the same value, or the same undefined, as before. Names of dict's own attributes (`items`,
    `get`, ...) still go the usual way. Template globals are a _TemplateGlobals (make_globals).
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _TemplateGlobals({} if d is None else d, self.globals)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        # Environment.getattr, inlined (it runs for every `a.b` in every template).
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


def create_jinja_env(templates_dir: Path, *, strict: bool = False, production: bool = False,
                     cache_dir: Path | None = None) -> Environment:
    """In production templates never change while the process runs: no stat() of every template
    (and of each one it extends, imports or includes) per render, and compiled templates are kept
    in `cache_dir` so new worker processes start without compiling them again."""
    bytecode_cache: BytecodeCache | None = None
    if production and cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = FileSystemBytecodeCache(str(cache_dir))
    env = PortalEnvironment(
        auto_reload=not production,
        bytecode_cache=bytecode_cache,
        cache_size=1000,
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined if strict else Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message, **kw: i18n.gettext(message, **kw),
        ngettext=lambda s, p, n, **kw: i18n.ngettext(s, p, n, **kw),
        newstyle=True,
    )
    # The same newstyle functions, called directly: Jinja's go through three Context.call()s per
    # message (the `_` alias, its wrapper, our function) and format even text without a "%"; a
    # page has dozens of messages.
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
    env.filters["day"] = i18n.format_day
    env.filters["number"] = i18n.format_number
    env.filters["month"] = i18n.format_month
    env.filters["bdi"] = bdi
    env.globals["text_direction"] = i18n.text_direction
    env.globals["enum_label"] = enum_label
    env.globals["marked"] = marked
    return env


def _finish(eval_ctx: EvalContext, text: str, variables: dict[str, Any]) -> str:
    # As jinja2.ext's newstyle gettext: markup when autoescaping, always formatted ("%%" -> "%",
    # values escaped); text without "%" formats to itself, so that step is skipped. A message with
    # placeholders asked for without values (an error there) comes back unformatted instead, for a list
    # to look it up once and fill it in per item with |format(...), which escapes the values the same way.
    rv = Markup(text) if eval_ctx.autoescape else text  # noqa: S704 (a message from our catalogues)
    if "%" not in rv or (not variables and "%(" in rv):
        return rv
    return rv % variables


@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    return _finish(eval_ctx, i18n.gettext(message), variables)


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _finish(eval_ctx, i18n.ngettext(singular, plural, num), variables)


def bdi(value: Any) -> Markup:
    """Isolate a name or other user-entered text from the direction of the sentence around it, so an
    Arabic name in a Dutch sentence (or a Dutch name in an Arabic one) stays readable."""
    return Markup("<bdi>{}</bdi>").format(value)


def marked(formatted: Any, plain: Any) -> Markup:
    """A search hit's field with the engine's <mark> highlights, else the plain value (escaped).

    `formatted` comes from the search engine: its text is HTML-escaped there and only <mark> is
    added, so it is trusted as markup; lists are joined with ", ". A function rather than a macro:
    it runs a few times per result card, and a macro call costs several times as much.
    """
    return Markup(marked_text(formatted, plain))  # noqa: S704 (escaped by the engine or below)


def marked_text(formatted: Any, plain: Any) -> str:
    """`marked` as HTML in a plain str (for HTML built in Python, such as the candidate search's cards)."""
    if formatted is not None:
        return formatted if isinstance(formatted, str) else ", ".join(map(str, formatted))
    return escape(plain if isinstance(plain, str) else ", ".join(map(str, plain or [])))


def enum_label(value: Any) -> str:
    """Translated label of an enum member, from the label tables in lib/labels.py."""
    from werkgeversportaal.lib.labels import label

    return label(value)
