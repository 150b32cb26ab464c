"""PortalEnvironment reads `value.key` from a plain dict as Jinja does, without a failed attribute lookup."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import UndefinedError

from werkgeversportaal.lib.templating import create_jinja_env

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def render(source: str, strict: bool = False, **context: object) -> str:
    return create_jinja_env(TEMPLATES, strict=strict).from_string(source).render(**context)


def test_dict_keys_objects_and_dict_methods_read_as_before() -> None:
    profile = {"place": "Huizen", "items": "sleutel", "count": 3}
    # A key that is no attribute of dict: the key's value.
    assert render("{{ p.place }}", p=profile) == "Huizen"
    # dict's own attributes stay attributes first, as in Jinja: `items` is the method, not the key.
    assert render("{% for k, v in p.items() %}{{ k }}{% endfor %}", p=profile) == "placeitemscount"
    assert render("{{ p['items'] }}", p=profile) == "sleutel"
    # Objects, subclasses of dict and other mappings: unchanged.
    assert render("{{ o.place }}", o=SimpleNamespace(place="Bussum")) == "Bussum"
    assert render("{{ o.place }}", o=OrderedDict(place="Naarden")) == "Naarden"


def test_a_missing_key_is_undefined_as_before() -> None:
    assert render("[{{ p.nothing }}]", p={"place": "Huizen"}) == "[]"
    assert render("{{ p.nothing is defined }}", p={}) == "False"
    with pytest.raises(UndefinedError, match="has no attribute 'nothing'"):
        render("{{ p.nothing }}", strict=True, p={"place": "Huizen"})


def test_html_in_a_dict_value_is_escaped() -> None:
    assert render("{{ p.name }}", p={"name": "<b>Amir</b>"}) == "&lt;b&gt;Amir&lt;/b&gt;"


def test_template_globals_overlay_the_environment_without_touching_it() -> None:
    env = create_jinja_env(TEMPLATES)
    env.globals["site"] = "Werkgeversportaal"
    page = env.from_string("{{ site }} {{ region }} [{{ nothing }}]", globals={"region": "Gooi"})
    assert page.render() == "Werkgeversportaal Gooi []"
    page.globals["region"] = "Vechtstreek"  # a template's own globals stay its own
    assert "region" not in env.globals and page.render() == "Werkgeversportaal Vechtstreek []"
    env.globals["site"] = "Portaal"  # the environment's still show through
    assert page.render().startswith("Portaal ")
    assert render("{{ _('Taal') }} {{ range(2) | list }}") == "Taal [0, 1]"
