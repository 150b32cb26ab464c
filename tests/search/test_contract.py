"""The search contract: everything an employer or accountmanager can see, the same on every backend."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from werkgeversportaal.domain.search.backends import (
    Filter,
    GeoFilter,
    InvalidDocument,
    InvalidQuery,
    SearchBackend,
    SearchQuery,
    SearchResult,
)
from werkgeversportaal.domain.search.backends.validation import haversine_km

from .fixtures import CANDIDATES, PLACES

AMSTERDAM = PLACES["Amsterdam"]
BY_ID = {doc["id"]: doc for doc in CANDIDATES}


def search(backend: SearchBackend, q: str = "", index: str = "candidates", **kwargs: Any) -> SearchResult:
    kwargs.setdefault("per_page", 100)
    return backend.search(SearchQuery(index=index, q=q, **kwargs))


def ids(result: SearchResult) -> list[str]:
    return [hit.id for hit in result.hits]


def cid(number: int) -> str:
    return next(doc["id"] for doc in CANDIDATES if doc["id"].startswith(f"c{number:02d}-"))


def where(predicate: Any) -> set[str]:
    return {doc["id"] for doc in CANDIDATES if predicate(doc)}


# -- finding by text -----------------------------------------------------------------------------


def test_empty_query_shows_everyone_newest_first(loaded: SearchBackend) -> None:
    result = search(loaded)
    assert result.total == len(CANDIDATES)
    expected = [d["id"] for d in sorted(CANDIDATES, key=lambda d: d["published_at"], reverse=True)]
    assert ids(result) == expected


def test_heftruk_with_a_typo_finds_heftruck(loaded: SearchBackend) -> None:
    assert {cid(3), cid(14)} <= set(ids(search(loaded, "heftruk")))


def test_instalatie_finds_installatietechniek_by_typo_and_prefix(loaded: SearchBackend) -> None:
    found = set(ids(search(loaded, "instalatie")))
    assert {cid(5), cid(11), cid(18)} <= found


def test_two_typos_allowed_from_nine_letters(loaded: SearchBackend) -> None:
    assert cid(2) in ids(search(loaded, "verplegkundgie"))


def test_short_words_must_be_exact(loaded: SearchBackend) -> None:
    assert ids(search(loaded, "kok")) == [cid(4)]
    assert search(loaded, "kak").total == 0


def test_last_word_is_a_prefix_while_typing(loaded: SearchBackend) -> None:
    assert cid(9) in ids(search(loaded, "timmer"))
    assert ids(search(loaded, "ervaring elektr"))[0] == cid(11)


def test_synonyms_from_the_trade(loaded: SearchBackend) -> None:
    assert {cid(3), cid(14)} <= set(ids(search(loaded, "vorkheftruck")))
    assert {cid(6), cid(20)} <= set(ids(search(loaded, "programmeur")))
    assert {cid(2), cid(13)} <= set(ids(search(loaded, "zorgmedewerker")))
    assert cid(1) in ids(search(loaded, "constructiewerker"))
    assert {cid(7)} <= set(ids(search(loaded, "chauffeur")))


def test_occupation_match_ranks_above_a_mention_in_the_intro(loaded: SearchBackend) -> None:
    assert ids(search(loaded, "lasser"))[:2] == [cid(1), cid(17)]


def test_exact_word_ranks_above_a_synonym(loaded: SearchBackend) -> None:
    found = ids(search(loaded, "monteur"))
    assert found.index(cid(5)) < found.index(cid(18))


def test_documents_matching_all_words_come_first(loaded: SearchBackend) -> None:
    found = ids(search(loaded, "heftruck magazijn"))
    assert found[0] == cid(3)
    assert cid(14) in found


def test_stop_words_are_ignored(loaded: SearchBackend) -> None:
    assert ids(search(loaded, "de lasser"))[:2] == ids(search(loaded, "lasser"))[:2]


def test_accents_do_not_matter(loaded: SearchBackend) -> None:
    assert {cid(6), cid(20)} <= set(ids(search(loaded, "oekraiens")))


# -- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flt", "predicate"),
    [
        (Filter.eq("sectors", "bouw"), lambda d: "bouw" in d["sectors"]),
        (Filter.any_of("sectors", ["zorg", "ict"]), lambda d: {"zorg", "ict"} & set(d["sectors"])),
        (Filter.eq("opening_kinds", "internship"), lambda d: "internship" in d["opening_kinds"]),
        (Filter.gte("dutch_level", 3), lambda d: d["dutch_level"] >= 3),
        (Filter.lte("education_level", 1), lambda d: d["education_level"] <= 1),
        (Filter.between("hours_per_week", 24, 36), lambda d: 24 <= d["hours_per_week"] <= 36),
        (Filter.eq("has_video", True), lambda d: d["has_video"] is True),
        (Filter.eq("has_video", False), lambda d: d["has_video"] is False),
        (Filter.lte("available_from", 20_089 + 30), lambda d: d["available_from"] <= 20_089 + 30),
        (Filter.eq("languages", "Tigrinya"), lambda d: "Tigrinya" in d["languages"]),
        (Filter.eq("dutch_level", 2), lambda d: d["dutch_level"] == 2),
    ],
    ids=lambda v: f"{v.field}-{v.op}-{v.value}" if isinstance(v, Filter) else None,
)
def test_filters(loaded: SearchBackend, flt: Filter, predicate: Any) -> None:
    result = search(loaded, filters=[flt])
    assert set(ids(result)) == where(predicate)
    assert result.total == len(where(predicate))


def test_filters_combine_and_narrow_text_results(loaded: SearchBackend) -> None:
    result = search(loaded, "lasser", filters=[Filter.eq("sectors", "groen"), Filter.gte("hours_per_week", 32)])
    assert ids(result) == [cid(17)]


def test_a_value_that_does_not_exist_finds_nothing(loaded: SearchBackend) -> None:
    assert search(loaded, filters=[Filter.eq("sectors", "ruimtevaart")]).total == 0


@pytest.mark.parametrize(
    "value",
    ['bouw" OR sectors = "zorg', "bouw' OR sectors = 'zorg", "bouw\\", 'bouw\\" OR sectors EXISTS OR "', ") OR (1"],
)
def test_filter_injection_through_a_value_finds_nothing(loaded: SearchBackend, value: str) -> None:
    assert search(loaded, filters=[Filter.eq("sectors", value)]).total == 0
    assert search(loaded, filters=[Filter.any_of("sectors", [value])]).total == 0


def test_unknown_filter_field_is_refused(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, filters=[Filter.eq("family_name", "X")])
    with pytest.raises(InvalidQuery):
        search(loaded, filters=[Filter.eq("sectors = 'bouw' OR sectors", "zorg")])


def test_comparisons_need_numbers(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, filters=[Filter("dutch_level", "gte", "B1")])


# -- facets -------------------------------------------------------------------------------------


def _count(docs: set[str], field: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for doc_id in docs:
        value = BY_ID[doc_id][field]
        for item in value if isinstance(value, list) else [value]:
            key = ("true" if item else "false") if isinstance(item, bool) else str(item)
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_facet_counts_over_everything(loaded: SearchBackend) -> None:
    result = search(loaded, facets=["sectors", "dutch_level", "has_video"])
    every = set(BY_ID)
    for field in ("sectors", "dutch_level", "has_video"):
        assert result.facet_distribution[field] == _count(every, field)


def test_facet_counts_follow_query_and_filters(loaded: SearchBackend) -> None:
    result = search(loaded, filters=[Filter.gte("dutch_level", 3)], facets=["sectors", "opening_kinds"])
    matching = where(lambda d: d["dutch_level"] >= 3)
    assert result.facet_distribution["sectors"] == _count(matching, "sectors")
    assert result.facet_distribution["opening_kinds"] == _count(matching, "opening_kinds")
    text = search(loaded, "lasser", facets=["sectors"])
    assert text.facet_distribution["sectors"] == _count({cid(1), cid(17)}, "sectors")


def test_unknown_facet_is_refused(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, facets=["intro"])


# -- distance -----------------------------------------------------------------------------------


def _distance(doc_id: str) -> float | None:
    geo = BY_ID[doc_id].get("_geo")
    return haversine_km(*AMSTERDAM, geo["lat"], geo["lng"]) if geo else None


def test_radius_filter_and_distance_on_hits(loaded: SearchBackend) -> None:
    result = search(loaded, geo=GeoFilter(*AMSTERDAM, radius_km=30))
    expected = {d for d in BY_ID if (km := _distance(d)) is not None and km <= 30}
    assert set(ids(result)) == expected
    assert expected == {cid(1), cid(3), cid(5), cid(13), cid(17), cid(18), cid(20)}
    for hit in result.hits:
        assert hit.distance_km == pytest.approx(_distance(hit.id), abs=0.5)


def test_sort_by_distance(loaded: SearchBackend) -> None:
    result = search(loaded, geo=GeoFilter(*AMSTERDAM, radius_km=60), sort="distance")
    distances = [hit.distance_km for hit in result.hits]
    assert distances == sorted(distances)
    assert {cid(1), cid(13), cid(20)} == set(ids(result)[:3])


def test_sort_by_distance_with_text(loaded: SearchBackend) -> None:
    result = search(loaded, "installatietechniek", geo=GeoFilter(*AMSTERDAM), sort="distance")
    assert ids(result)[:3] == [cid(5), cid(18), cid(11)]


@pytest.mark.parametrize("radius", [-5, 0, -0.001])
def test_zero_or_negative_radius_is_refused(loaded: SearchBackend, radius: float) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, geo=GeoFilter(*AMSTERDAM, radius_km=radius))


def test_huge_radius_means_anywhere(loaded: SearchBackend) -> None:
    result = search(loaded, geo=GeoFilter(*AMSTERDAM, radius_km=1e9))
    assert set(ids(result)) == {d for d in BY_ID if "_geo" in BY_ID[d]}


def test_distance_sort_needs_a_location(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, sort="distance")


# -- sorting and pages ----------------------------------------------------------------------------


def test_sort_by_field_both_ways(loaded: SearchBackend) -> None:
    ascending = [BY_ID[i]["hours_per_week"] for i in ids(search(loaded, sort="hours_per_week:asc"))]
    assert ascending == sorted(ascending)
    descending = [BY_ID[i]["dutch_level"] for i in ids(search(loaded, sort="dutch_level:desc"))]
    assert descending == sorted(descending, reverse=True)
    newest = [BY_ID[i]["published_at"] for i in ids(search(loaded, "ervaring", sort="newest"))]
    assert newest == sorted(newest, reverse=True)


def test_unknown_sort_is_refused(loaded: SearchBackend) -> None:
    for sort in ("intro:asc", "hours_per_week:sideways", "_geo:asc"):
        with pytest.raises(InvalidQuery):
            search(loaded, sort=sort)


def test_pages_cover_all_results_once(loaded: SearchBackend) -> None:
    pages = [search(loaded, page=n, per_page=6) for n in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [6, 6, 6, 2]
    assert all(p.total == 20 and p.total_pages == 4 for p in pages)
    seen = [hit_id for p in pages for hit_id in ids(p)]
    assert sorted(seen) == sorted(BY_ID)
    assert search(loaded, page=5, per_page=6).hits == []


def test_page_ten_thousand_is_empty_not_an_error(loaded: SearchBackend) -> None:
    result = search(loaded, page=10_000)
    assert result.hits == []
    assert result.total == 20


def test_bad_page_numbers(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, page=0)
    with pytest.raises(InvalidQuery):
        search(loaded, per_page=0)
    assert search(loaded, per_page=5000).per_page == 100


# -- highlighting ---------------------------------------------------------------------------------

TAG = re.compile(r"</?mark>")


def test_matched_words_are_marked(loaded: SearchBackend) -> None:
    hit = search(loaded, "lasser", highlight=["intro", "occupations"]).hits[0]
    assert hit.id == cid(1)
    assert hit.formatted["occupations"] == ["<mark>lasser</mark>"]
    assert "Ik ben <mark>lasser</mark> en" in hit.formatted["intro"]


def test_highlighting_escapes_html_first(loaded: SearchBackend) -> None:
    hit = search(loaded, "kapper", highlight=["intro"]).hits[0]
    intro = hit.formatted["intro"]
    assert "<script>" not in intro
    assert "&lt;script&gt;" in intro
    assert "<mark>kapper</mark>" in intro
    assert html.unescape(TAG.sub("", intro)) == BY_ID[cid(8)]["intro"]


def test_highlighted_text_is_the_original_text(loaded: SearchBackend) -> None:
    for q in ("heftruk", "instalatie", "zorgmedewerker", "ervaring elek"):
        for hit in search(loaded, q, highlight=["intro", "experience"]).hits:
            assert html.unescape(TAG.sub("", hit.formatted["intro"])) == BY_ID[hit.id]["intro"]
            assert "<" not in TAG.sub("", hit.formatted["intro"])


def test_cannot_highlight_what_is_not_searchable(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, "lasser", highlight=["municipality_id"])


# -- bad input ---------------------------------------------------------------------------------


def test_thousand_character_query_is_cut_not_refused(loaded: SearchBackend) -> None:
    result = search(loaded, "lasser " * 143)
    assert len(result.query) <= 200
    assert cid(1) in ids(result)


def test_unknown_index_is_refused(loaded: SearchBackend) -> None:
    with pytest.raises(InvalidQuery):
        search(loaded, index="users")


def test_document_without_id_is_refused(backend: SearchBackend) -> None:
    with pytest.raises(InvalidDocument):
        backend.upsert("candidates", [{"given_name": "Zonder"}])
    with pytest.raises(InvalidDocument):
        backend.upsert("candidates", [{"id": "x/../y"}])


# -- keeping the index current --------------------------------------------------------------------


def test_delete_removes_from_results(loaded: SearchBackend) -> None:
    loaded.delete("candidates", [cid(1), "does-not-exist"])
    assert ids(search(loaded, "lasser")) == [cid(17)]
    assert search(loaded).total == 19


def test_upsert_replaces_the_whole_document(loaded: SearchBackend) -> None:
    changed = {key: value for key, value in BY_ID[cid(1)].items() if key != "experience"}
    changed.update(occupations=["bakker"], intro="Nu bakker.")
    loaded.upsert("candidates", [changed])
    assert cid(1) not in ids(search(loaded, "lasser"))
    assert cid(1) in ids(search(loaded, "bakker"))
    assert search(loaded).total == 20
    hit = next(h for h in search(loaded, "bakker").hits if h.id == cid(1))
    assert "experience" not in hit.document


def test_reindex_swaps_in_new_documents_without_a_gap(loaded: SearchBackend) -> None:
    seen_during: list[int] = []

    def progress(count: int) -> None:
        seen_during.append(search(loaded).total)

    fresh = CANDIDATES[:5]
    assert loaded.reindex("candidates", iter(fresh), progress) == 5
    assert seen_during
    assert all(total == 20 for total in seen_during)
    assert search(loaded).total == 5
    assert cid(17) not in ids(search(loaded, "lasser"))


def test_clear_empties_one_index(loaded: SearchBackend) -> None:
    loaded.clear("candidates")
    assert search(loaded).total == 0
    assert search(loaded, index="openings").total == 5


def test_health(loaded: SearchBackend) -> None:
    health = loaded.health()
    assert health.ok
    assert health.documents["candidates"] == 20


# -- the other indexes ----------------------------------------------------------------------------


def test_openings_search_with_filters(loaded: SearchBackend) -> None:
    result = search(loaded, "heftruk", index="openings", filters=[Filter.eq("status", "published")])
    assert ids(result)[0] == "o02"
    stage = search(loaded, "stageplaats", index="openings", filters=[Filter.eq("kind", "internship")])
    assert ids(stage) == ["o03"]
    published = search(loaded, index="openings", filters=[Filter.eq("status", "published")], facets=["kind"])
    assert published.facet_distribution["kind"] == {"internship": 1, "vacancy": 2, "work_study": 1}


def test_employers_search(loaded: SearchBackend) -> None:
    result = search(loaded, "bouwbedrijf", index="employers", filters=[Filter.eq("public_register", True)])
    assert ids(result) == ["e01"]
    assert search(loaded, index="employers", sort="name:asc").hits[0].id == "e01"
    near = search(loaded, index="employers", geo=GeoFilter(*AMSTERDAM, radius_km=30), sort="distance")
    assert ids(near) == ["e04", "e01"]
