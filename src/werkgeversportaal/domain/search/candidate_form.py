"""The filter form of the employer candidate search (/werkgever/kandidaten), built in Python.

The form is on every search page and hardly changes between requests: its labels, hints and
option lists depend only on the language. Rendered through the macros it costs a macro call per
field and an escape per option (about 0.5 ms a page); here the parts that depend on the language
are made once per process and language, and each request only fills in what the employer typed,
which option is selected and the counts.

The output is byte for byte what templates/search/_filter_form.html renders (the readable
version, with the same macros as every other form); tests/searchui/test_prebuilt_html.py compares
the two over many values, counts and both languages. The text fields are not copied at all: they
are rendered once through macros/forms.html's `field` macro with a placeholder value, which is
split off, so the label, hint and aria-describedby stay exactly the macro's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from jinja2 import Environment
from markupsafe import Markup, escape

from werkgeversportaal.domain.candidates import options
from werkgeversportaal.domain.search.documents import CEFR
from werkgeversportaal.lib import i18n

__all__ = ["filter_form", "filter_options", "message", "pieces", "save_fields"]

_PLACEHOLDER = "\x00"  # never in a value: the criteria drop control characters


def filter_options() -> dict[str, list[tuple[str, str]]]:
    """The form's choices, translated into the current language."""
    return {
        "sector": [(v, str(t)) for v, t in options.sector_choices()],
        "kind": [(v, str(t)) for v, t in options.OPENING_KINDS],
        "dutch": [(level, level) for level in CEFR],
        "education": [(v, str(t)) for v, t in options.EDUCATION_LEVELS],
    }


def message(msgid: str) -> Markup:
    """A message as the templates' `_()` gives it: from our catalogues, trusted as markup."""
    text = Markup(i18n.gettext(msgid))  # noqa: S704 (a message from our catalogues)
    return text % {} if "%" in text else text


class _Select(NamedTuple):
    name: str
    head: str
    options: tuple[tuple[str, str, str], ...]  # value, '<option value="..."', '>text'


class _Pieces(NamedTuple):
    head: str
    fields: dict[str, tuple[str, str]]  # name -> the field's HTML before and after its value
    selects: tuple[_Select, ...]
    video: tuple[str, str, str]
    sort_head: str
    sorts: tuple[tuple[str, str, str], ...]
    tail: str
    sector_names: dict[str, str]


_pieces: dict[str, _Pieces] = {}


def _field(env: Environment, name: str, label: str, **kwargs: Any) -> tuple[str, str]:
    field = env.get_template("macros/forms.html").module.field  # type: ignore[attr-defined]
    html = str(field(name, message(label), {name: _PLACEHOLDER}, {}, **kwargs))
    before, found, after = html.partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in after:
        raise RuntimeError(f"the field macro should show the value of {name!r} once")
    return "  " + before, after + "\n"


def _select(name: str, label: str, choices: list[tuple[str, str]]) -> _Select:
    head = (f'  <div class="field">\n  <label for="field-{name}">{message(label)}</label>\n'
            f'  <select id="field-{name}" name="{name}">\n    <option value="">—</option>\n')
    return _Select(name, head, tuple((value, f'    <option value="{escape(value)}"', f">{escape(text)}")
                                     for value, text in choices))


def _build(env: Environment) -> _Pieces:
    choices = filter_options()
    fields = {
        "q": _field(env, "q", "Zoekwoorden", type="search", hint=message("Bijvoorbeeld een beroep, ervaring of taal"),
                    attrs={"autocomplete": "off"}),
        "available": _field(env, "available", "Beschikbaar vanaf uiterlijk", type="date"),
        "hours": _field(env, "hours", "Uren per week minimaal", type="number", attrs={"min": "1", "max": "60"}),
        "place": _field(env, "place", "Plaats"),
        "km": _field(env, "km", "Afstand (km)", type="number", attrs={"min": "1", "max": "500"}),
    }
    selects = (
        _select("sector", "Sector", choices["sector"]),
        _select("kind", "Soort plek gewenst", choices["kind"]),
        _select("dutch", "Nederlands minimaal", choices["dutch"]),
        _select("education", "Opleiding minimaal", choices["education"]),
    )
    video = ('  <div class="field">\n    <label class="choice" for="field-video"><input type="checkbox" '
             'id="field-video" name="video" value="on"',
             f'>\n      {message("Met goedgekeurde video")} <span class="count">(',
             ")</span></label>\n  </div>\n")
    sort_head = (f'  <div class="field">\n    <label for="field-sort">{message("Sorteren op")}</label>\n'
                 '    <select id="field-sort" name="sort">\n')
    sorts = tuple((value, f'      <option value="{value}"', f">{message(text)}</option>\n")
                  for value, text in (("", "Relevantie"), ("newest", "Nieuwste"), ("distance", "Afstand")))
    head = ('<form method="get" action="/werkgever/kandidaten" class="filters search-form" role="search"\n'
            '      hx-get="/werkgever/kandidaten" hx-target="#search-results" hx-push-url="true"\n'
            '      hx-trigger="input changed delay:300ms from:#field-q, change">\n')
    tail = f'    </select>\n  </div>\n  <button type="submit">{message("Zoeken")}</button>\n</form>'
    return _Pieces(head, fields, selects, video, sort_head, sorts, tail, dict(choices["sector"]))


def pieces(env: Environment) -> _Pieces:
    locale = i18n.get_locale()
    found = _pieces.get(locale)
    if found is None:
        found = _pieces[locale] = _build(env)
    return found


def filter_form(env: Environment, values: Mapping[str, str], counts: Mapping[str, Mapping[str, int]]) -> Markup:
    """The form as search/_filter_form.html renders it, for the values shown and the facet counts."""
    p = pieces(env)
    out = [p.head]

    def text_field(name: str) -> None:
        before, after = p.fields[name]
        out.append(before)
        out.append(escape(values.get(name) or ""))
        out.append(after)

    text_field("q")
    for select in p.selects:
        out.append(select.head)
        chosen = values.get(select.name)
        facet = counts[select.name]
        for value, start, text in select.options:
            out.append(start)
            if chosen == value:
                out.append(" selected")
            out.append(text)
            count = facet.get(value)
            if count is not None:
                out.append(f" ({count})")
            out.append("</option>\n")
        out.append("  </select>\n</div>\n\n")
    for name in ("available", "hours", "place", "km"):
        text_field(name)
    checkbox, label, end = p.video
    out.append(checkbox)
    if values.get("video"):
        out.append(" checked")
    out.append(label)
    out.append(escape(counts["video"]["on"]))
    out.append(end)
    out.append(p.sort_head)
    chosen = values.get("sort")
    for value, start, text in p.sorts:
        out.append(start)
        if chosen == value:
            out.append(" selected")
        out.append(text)
    out.append(p.tail)
    return Markup("".join(out))  # noqa: S704 (every value escaped above; the rest is ours)


_save_fields: dict[str, Markup] = {}


def save_fields(env: Environment) -> Markup:
    """The empty fields of the form that saves the search (search/_save_form.html), through the same
    macros with the same arguments, rendered once per language: they are on every search page."""
    locale = i18n.get_locale()
    found = _save_fields.get(locale)
    if found is None:
        forms = env.get_template("macros/forms.html").module
        name = forms.field("name", message("Naam van de zoekopdracht"), {}, {}, required=True,  # type: ignore[attr-defined]
                           attrs={"maxlength": "120"})
        notify = forms.checkbox("notify_daily", message("Stuur mij dagelijks een e-mail met nieuwe kandidaten"),  # type: ignore[attr-defined]
                                {}, {})
        found = _save_fields[locale] = Markup(f"{name}\n    {notify}")  # noqa: S704 (the macros' own output)
    return found
