"""The offline list of Dutch places: accent- and case-insensitive lookup, suggestions for typos."""

from __future__ import annotations

from werkgeversportaal.domain.employers.places import normalise, places


def test_region_places_are_there_with_coordinates() -> None:
    for name in ("Huizen", "Blaricum", "Laren", "Eemnes", "Naarden", "Bussum", "Weesp", "Muiden", "Hilversum",
                 "Loosdrecht", "Kortenhoef", "Ankeveen", "Nederhorst den Berg", "'s-Graveland", "Baarn", "Soest",
                 "Almere", "Amersfoort"):
        place = places().lookup(name)
        assert place is not None, name
        assert 51.9 < place.lat < 52.6 and 4.9 < place.lng < 5.5, name


def test_matching_ignores_case_accents_and_punctuation() -> None:
    assert places().lookup("S GRAVELAND").name == "'s-Graveland"
    assert places().lookup("’s-Graveland").name == "'s-Graveland"
    assert places().lookup("den bosch").name == "'s-Hertogenbosch"
    assert places().lookup("Laren").province == "Noord-Holland"  # the Gooi's Laren, not Gelderland's
    assert normalise("Nederhorst-den-Berg") == normalise("nederhorst den berg")


def test_suggestions_for_unknown_names() -> None:
    assert places().lookup("Hilverzum") is None
    assert "Hilversum" in places().suggest("Hilverzum")
    assert "Huizen" in places().suggest("Huisen")
    assert places().suggest("Qqqqqq") == []
