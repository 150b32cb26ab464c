"""The search page's filter form, built in Python (candidate_form.py), is byte for byte what
templates/search/_filter_form.html renders with the shared form macros, in both languages."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from werkgeversportaal.domain.search.candidate_form import filter_form, filter_options
from werkgeversportaal.lib import i18n
from werkgeversportaal.lib.templating import create_jinja_env
from werkgeversportaal.settings import PROJECT_ROOT

TEXTS = ["", "kok", "<b>&\"'x</b>", "Huizen", "24", "2027-01-01", "Oekraïens café", "{{ x }}", "a" * 300]


def cases() -> list[tuple[dict[str, str], dict[str, dict[str, int]]]]:
    rng = random.Random(3)
    choices = filter_options()
    found = []
    for i in range(60):
        values = {name: rng.choice(TEXTS) for name in ("q", "available", "hours", "place", "km")}
        for name, options in choices.items():
            values[name] = rng.choice(["", "bogus", *[v for v, _t in options]])
        values["video"] = rng.choice(["", "on"])
        values["sort"] = rng.choice(["", "newest", "distance"])
        counts: dict[str, dict[str, int]] = {
            name: {v: rng.randint(0, 5000) for v, _t in options if rng.random() < 0.6}
            for name, options in choices.items()
        }
        counts["video"] = {"on": 0 if i % 3 == 0 else rng.randint(1, 9999)}
        found.append((values, counts))
    return found


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_python_form_matches_the_template(locale: str) -> None:
    env = create_jinja_env(PROJECT_ROOT / "templates", strict=True)
    template = env.get_template("search/_filter_form.html")
    previous = i18n.get_locale()
    i18n.set_locale(locale)
    try:
        for values, counts in itertools.islice(cases(), 60):
            context: dict[str, Any] = {"values": values, "counts": counts, "opt": filter_options()}
            expected = template.render(context)
            assert str(filter_form(env, values, counts)) == expected, (values, counts)
    finally:
        i18n.set_locale(previous)


def test_translated_once_per_language() -> None:
    env = create_jinja_env(PROJECT_ROOT / "templates")
    previous = i18n.get_locale()
    try:
        i18n.set_locale("nl")
        dutch = str(filter_form(env, {}, {"sector": {}, "kind": {}, "dutch": {}, "education": {},
                                          "video": {"on": 1}}))
        i18n.set_locale("en")
        english = str(filter_form(env, {}, {"sector": {}, "kind": {}, "dutch": {}, "education": {},
                                            "video": {"on": 1}}))
    finally:
        i18n.set_locale(previous)
    assert "Zoekwoorden" in dutch and "Zoekwoorden" not in english
