"""Parts of the search page built in Python are byte for byte what their reference templates render,
in both languages: the filter form (candidate_form.py, templates/search/_filter_form.html with the
shared form macros), the result cards (candidate_pages.cards_html, templates/search/_result_cards.html)
and the empty fields of the form that saves a search (candidate_form.save_fields)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from markupsafe import Markup

from werkgeversportaal.domain.search.candidate_form import filter_form, filter_options, save_fields
from werkgeversportaal.domain.search.candidate_pages import HTML_FIELDS, Card, _html, cards_html
from werkgeversportaal.domain.search.criteria import Criteria
from werkgeversportaal.lib import i18n
from werkgeversportaal.lib.templating import create_jinja_env
from werkgeversportaal.settings import PROJECT_ROOT

TEXTS = ["", "kok", "<b>&\"'x</b>", "Huizen", "24", "2027-01-01", "Oekraïens café", "{{ x }}", "a" * 300]



@contextmanager
def in_locale(locale: str) -> Iterator[None]:
    previous = i18n.get_locale()
    i18n.set_locale(locale)
    try:
        yield
    finally:
        i18n.set_locale(previous)

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
    with in_locale(locale):
        for values, counts in itertools.islice(cases(), 60):
            context: dict[str, Any] = {"values": values, "counts": counts, "opt": filter_options()}
            expected = template.render(context)
            assert str(filter_form(env, values, counts)) == expected, (values, counts)


def test_translated_once_per_language() -> None:
    env = create_jinja_env(PROJECT_ROOT / "templates")
    no_counts: dict[str, dict[str, int]] = {"sector": {}, "kind": {}, "dutch": {}, "education": {}, "video": {"on": 1}}
    with in_locale("nl"):
        dutch = str(filter_form(env, {}, no_counts))
    with in_locale("en"):
        english = str(filter_form(env, {}, no_counts))
    assert "Zoekwoorden" in dutch and "Zoekwoorden" not in english


def some_cards() -> list[Card]:
    rng = random.Random(4)
    texts = [Markup("Kok"), Markup("<mark>Ko</mark>k, L&amp;s"), Markup(""), None]
    cards = []
    for i in range(40):
        poster = rng.choice([None, "/media/a/b/poster.jpg?exp=1&sig=ab", "/media/x\"<y>.jpg"])
        cards.append(Card(
            id=f"00000000-0000-0000-0000-{i:012d}",
            name=rng.choice([Markup("Samir H."), Markup("&lt;b&gt; X."), Markup("سمير ح.")]),
            poster=poster,
            poster_alt=Markup("Stilstaand beeld uit de video van Samir") if poster else None,
            details=rng.choice([Markup("Huizen · Zorg"), Markup("")]),
            occupations=rng.choice(texts), experience=rng.choice(texts), intro=rng.choice(texts),
            has_video=rng.random() < 0.5,
        ))
    return cards


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_python_cards_match_the_template(locale: str) -> None:
    env = create_jinja_env(PROJECT_ROOT / "templates", strict=True)
    template = env.get_template("search/_result_cards.html")
    with in_locale(locale):
        cards = some_cards()
        for end in (0, 1, 2, 7, len(cards)):
            # The reference template got the HTML values as Markup (and escaped the plain ones).
            as_markup = [card._replace(**{f: Markup(getattr(card, f)) for f in HTML_FIELDS
                                         if getattr(card, f) is not None}) for card in cards[:end]]
            expected = template.render({"cards": as_markup})
            assert '<ul class="cards search-results">\n' + str(cards_html(cards[:end])) + "</ul>" == expected


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_prebuilt_save_fields_match_the_macros(locale: str) -> None:
    env = create_jinja_env(PROJECT_ROOT / "templates", strict=True)
    template = env.get_template("search/_save_form.html")
    with in_locale(locale):
        criteria = Criteria(values={"q": "kok", "sector": "care", "page": "2"})
        context: dict[str, Any] = {"criteria": criteria, "csrf_token": lambda: "t", "save_errors": {}}
        prebuilt = template.render({**context, "save_values": {}, "save_fields": save_fields(env)})
        # A value that changes nothing shown makes the template call the macros itself.
        through_macros = template.render({**context, "save_values": {"unrelated": ""}})
        assert prebuilt == through_macros and "notify_daily" in prebuilt


def test_card_values_are_escaped_as_markupsafe_and_marked_do() -> None:
    from markupsafe import escape

    from werkgeversportaal.lib.templating import marked, marked_text

    for text in ["", "Kok", "<b>&\"'x</b>", "a & b", "سمير", "&amp;", "\x00<"]:
        assert _html(text) == str(escape(text))
    for formatted, plain, expected in [
        (None, "a<b", "a&lt;b"), (None, ["x&y", "z"], "x&amp;y, z"), (None, None, ""),
        ("<mark>K</mark>ok", "Kok", "<mark>K</mark>ok"),
        (["<mark>K</mark>ok", "a &amp; b"], ["Kok", "a & b"], "<mark>K</mark>ok, a &amp; b"), ([], [], ""),
    ]:
        assert marked_text(formatted, plain) == expected
        assert marked(formatted, plain) == Markup(expected)
