"""The one Jinja environment, shared by pages and e-mails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined, select_autoescape
from markupsafe import Markup

from werkgeversportaal.lib import i18n


def create_jinja_env(templates_dir: Path, *, strict: bool = False) -> Environment:
    env = Environment(
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
    env.filters["day"] = i18n.format_day
    env.filters["number"] = i18n.format_number
    env.filters["month"] = i18n.format_month
    env.filters["bdi"] = bdi
    env.globals["text_direction"] = i18n.text_direction
    env.globals["enum_label"] = enum_label
    return env


def bdi(value: Any) -> Markup:
    """Isolate a name or other user-entered text from the direction of the sentence around it, so an
    Arabic name in a Dutch sentence (or a Dutch name in an Arabic one) stays readable."""
    return Markup("<bdi>{}</bdi>").format(value)


def enum_label(value: Any) -> str:
    """Translated label of an enum member, from the label tables in lib/labels.py."""
    from werkgeversportaal.lib.labels import label

    return label(value)
