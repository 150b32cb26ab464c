"""Embedded engine specifics: several processes sharing the files, rebuilds, and its building blocks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import msgspec
import pytest

from werkgeversportaal.domain.search.backends import SearchQuery, SearchUnavailable, create_backend
from werkgeversportaal.domain.search.backends.definitions import load_definitions
from werkgeversportaal.domain.search.backends.embedded import EmbeddedBackend
from werkgeversportaal.domain.search.backends.embedded.analysis import Analyzer, fold
from werkgeversportaal.domain.search.backends.embedded.typo import Vocabulary

from .fixtures import CANDIDATES

SRC = Path(__file__).resolve().parents[2] / "src"


def total(backend: EmbeddedBackend, q: str = "") -> int:
    return backend.search(SearchQuery(index="candidates", q=q)).total


def found(backend: EmbeddedBackend, q: str) -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(index="candidates", q=q)).hits]


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "search"


def test_a_second_instance_sees_writes_deletes_and_clears(directory: Path) -> None:
    app_server = EmbeddedBackend(directory)
    worker = EmbeddedBackend(directory)
    assert total(app_server) == 0
    worker.upsert("candidates", CANDIDATES)
    assert total(app_server) == 20
    worker.delete("candidates", [CANDIDATES[0]["id"]])
    assert CANDIDATES[0]["id"] not in found(app_server, "lasser")
    assert total(app_server) == 19
    worker.clear("candidates")
    assert total(app_server) == 0


def test_a_real_other_process_writes_and_this_one_reads(directory: Path) -> None:
    reader = EmbeddedBackend(directory)
    reader.upsert("candidates", CANDIDATES[:3])
    assert total(reader) == 3
    script = (
        "import sys, msgspec\n"
        "from werkgeversportaal.domain.search.backends import create_backend\n"
        "docs = msgspec.json.decode(sys.stdin.buffer.read())\n"
        "backend = create_backend('embedded', directory=sys.argv[1])\n"
        "backend.upsert('candidates', docs)\n"
        "backend.delete('candidates', [docs[0]['id']])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run(
        [sys.executable, "-c", script, str(directory)],
        input=msgspec.json.encode(CANDIDATES[3:10]),
        env=env,
        check=True,
        timeout=60,
    )
    assert total(reader) == 3 + 7 - 1
    assert CANDIDATES[8]["id"] in found(reader, "timmerman")


def test_writes_during_a_rebuild_survive_the_swap(directory: Path) -> None:
    rebuilder = EmbeddedBackend(directory, batch_size=5)
    worker = EmbeddedBackend(directory)
    rebuilder.upsert("candidates", CANDIDATES)
    stale = [dict(doc) for doc in CANDIDATES]
    newer = {**CANDIDATES[2], "intro": "Nu ook lasser", "occupations": ["lasser"]}

    def progress(count: int) -> None:
        if count == 5:  # the rebuild's source was read before these changes were made
            worker.upsert("candidates", [newer])
            worker.delete("candidates", [CANDIDATES[15]["id"]])

    rebuilder.reindex("candidates", stale, progress)
    assert CANDIDATES[2]["id"] in found(worker, "lasser")
    assert total(worker) == 19


def test_a_failed_rebuild_leaves_the_live_index_alone(directory: Path) -> None:
    backend = EmbeddedBackend(directory, batch_size=5)
    backend.upsert("candidates", CANDIDATES)

    def broken():  # type: ignore[no-untyped-def]
        yield from CANDIDATES[:7]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.reindex("candidates", broken())
    assert total(backend) == 20
    backend.upsert("candidates", [CANDIDATES[0]])  # no staging table left to mirror into
    assert total(backend) == 20


def test_trailing_space_ends_prefix_search(directory: Path) -> None:
    backend = EmbeddedBackend(directory)
    backend.upsert("candidates", CANDIDATES)
    assert found(backend, "timmer") == [CANDIDATES[8]["id"]]
    assert found(backend, "timmer ") == []


def test_changed_settings_reanalyse_stored_documents(directory: Path, tmp_path: Path) -> None:
    EmbeddedBackend(directory).upsert("candidates", CANDIDATES)
    definitions = load_definitions()
    candidates = definitions["candidates"]
    extra_stop = msgspec.structs.replace(candidates, stop_words=[*candidates.stop_words, "lasser"])
    backend = EmbeddedBackend(directory, definitions={**definitions, "candidates": extra_stop})
    assert found(backend, "lasser") != []  # stored analysis still has the word
    backend.ensure_indexes()
    assert found(backend, "lasser") == []
    assert total(backend) == 20


def test_unusable_folder_is_reported_as_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    backend = create_backend("embedded", directory=blocker)
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(index="candidates"))
    assert backend.health().ok is False


def test_search_now_answers_only_from_a_current_index(directory: Path) -> None:
    app_server = EmbeddedBackend(directory)
    worker = EmbeddedBackend(directory)
    query = SearchQuery(index="candidates", q="lasser")
    assert app_server.search_now(query) is None  # nothing loaded yet: the caller uses search()
    worker.upsert("candidates", CANDIDATES)
    assert app_server.search_now(query) is None
    expected = app_server.search(query)
    now = app_server.search_now(query)
    assert now is not None and [hit.id for hit in now.hits] == [hit.id for hit in expected.hits]
    worker.delete("candidates", [expected.hits[0].id])
    assert app_server.search_now(query) is None  # a write since the last refresh: search() reloads first
    assert expected.hits[0].id not in found(app_server, "lasser")
    again = app_server.search_now(query)
    assert again is not None and expected.hits[0].id not in [hit.id for hit in again.hits]
    engine = app_server._engine("candidates")
    with engine.lock:  # another thread is busy with the index: do not wait for it
        result: list[object] = []
        thread = threading.Thread(target=lambda: result.append(app_server.search_now(query)))
        thread.start()
        thread.join()
    assert result == [None]


def test_facet_counts_stay_right_as_documents_change(directory: Path) -> None:
    from werkgeversportaal.domain.search.backends import Filter

    facets = ["sectors", "opening_kinds", "dutch_level", "has_video", "municipality_id", "id"]
    queries = [SearchQuery(index="candidates", facets=facets),
               SearchQuery(index="candidates", q="lasser", facets=facets),
               SearchQuery(index="candidates", facets=facets, filters=[Filter.gte("dutch_level", 2)]),
               SearchQuery(index="candidates", q="bouw", facets=facets, filters=[Filter.eq("has_video", True)]),
               SearchQuery(index="candidates", q="las", facets=facets, filters=[Filter.gte("dutch_level", 1)])]

    def answers(backend: EmbeddedBackend) -> list[tuple[int, dict[str, dict[str, int]]]]:
        return [(result.total, result.facet_distribution) for result in map(backend.search, queries)]

    app_server = EmbeddedBackend(directory)
    app_server.upsert("candidates", CANDIDATES)
    before = answers(app_server)  # builds the per-value bitmasks of the facet fields
    changed = [{**doc, "sectors": ["zorg"], "has_video": not doc.get("has_video")} for doc in CANDIDATES[:5]]
    app_server.upsert("candidates", changed)
    app_server.delete("candidates", [CANDIDATES[5]["id"], CANDIDATES[6]["id"]])
    after = answers(app_server)  # masks kept current while the changes were applied
    assert after != before
    assert after == answers(EmbeddedBackend(directory))  # another instance: masks built from scratch


def test_returned_documents_do_not_share_state(directory: Path) -> None:
    backend = EmbeddedBackend(directory)
    backend.upsert("candidates", CANDIDATES[:1])
    hit = backend.search(SearchQuery(index="candidates")).hits[0]
    hit.document.pop("intro")
    assert "intro" in backend.search(SearchQuery(index="candidates")).hits[0].document


# -- building blocks ------------------------------------------------------------------------------


def test_folding_removes_case_and_accents() -> None:
    assert fold("Oekraïens CAFÉ") == "oekraiens cafe"


def test_query_words_drop_stop_words_but_keep_a_word_being_typed() -> None:
    analyzer = Analyzer(load_definitions()["candidates"])
    assert analyzer.query("lasser in de bouw").words == ("lasser", "bouw")
    assert analyzer.query("lasser lasser bouw lasser ").words == ("lasser", "bouw")
    typing = analyzer.query("lasser de")
    assert typing.words == ("lasser", "de")
    assert typing.last_is_prefix


def test_typo_rules() -> None:
    vocabulary = Vocabulary()
    for word in ("heftruck", "lasser", "verpleegkundige", "kapper", "kok"):
        vocabulary.add(word)
    assert "heftruck" in vocabulary.fuzzy("hetfruck", 1, prefix=False)  # a swap is one typo
    assert vocabulary.fuzzy("lasser", 1, prefix=False)["lasser"][0] == 0
    assert "kapper" not in vocabulary.fuzzy("tapper", 1, prefix=False)  # first letter counts double
    assert vocabulary.fuzzy("verpleegkundjge", 2, prefix=False)["verpleegkundige"][0] == 1
    assert vocabulary.fuzzy("ferpleegkundige", 2, prefix=False)["verpleegkundige"][0] == 2
    vocabulary.discard("heftruck")
    assert vocabulary.fuzzy("heftruk", 1, prefix=True) == {}
    assert vocabulary.root.get("h") is None


def test_threads_of_one_process_can_search_and_write_at_once(directory: Path) -> None:
    backend = EmbeddedBackend(directory)
    backend.upsert("candidates", CANDIDATES)
    errors: list[BaseException] = []

    def searching() -> None:
        try:
            for q in ("lasser", "heftruk", "", "zorg") * 10:
                backend.search(SearchQuery(index="candidates", q=q, facets=["sectors"]))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def writing() -> None:
        try:
            for doc in CANDIDATES * 2:
                backend.upsert("candidates", [{**doc, "intro": doc["intro"] + " bijgewerkt"}])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=searching) for _ in range(3)] + [threading.Thread(target=writing)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert total(backend, "bijgewerkt") == 20


def test_tombstones_are_compacted_and_readers_reload(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from werkgeversportaal.domain.search.backends.embedded import storage

    monkeypatch.setattr(storage, "_MAX_TOMBSTONES", 5)
    reader, writer = EmbeddedBackend(directory), EmbeddedBackend(directory)
    writer.upsert("candidates", CANDIDATES)
    assert total(reader) == 20
    writer.delete("candidates", [doc["id"] for doc in CANDIDATES[:15]])
    engine = writer._engine("candidates")
    assert engine.storage._writer.execute("SELECT count(*) FROM documents WHERE body IS NULL").fetchone()[0] == 0
    assert total(reader) == 5


def test_highlighting_finds_the_same_words_as_a_match_per_word() -> None:
    """highlight_text finds marked words in ASCII text (and text folded into ASCII character by
    character) with str.find; the spans are those of one WORD match per word (the plain way), for
    texts with repeats, words inside words, punctuation, accents and characters that fold into more."""
    import html
    import random

    from werkgeversportaal.domain.search.backends.base import MARK_CLOSE, MARK_OPEN
    from werkgeversportaal.domain.search.backends.embedded.analysis import WORD, fold
    from werkgeversportaal.domain.search.backends.embedded.highlight import highlight_text

    def plain(text: str, marks: dict[str, int]) -> str:
        out, position = [], 0
        for m in WORD.finditer(text):
            word = fold(m.group())
            if word not in marks:
                continue
            start, end = m.start(), m.end()
            length = marks[word]
            stop = start + length if 0 < length < end - start and len(word) == end - start else end
            out += [html.escape(text[position:start]), MARK_OPEN + html.escape(text[start:stop]) + MARK_CLOSE]
            position = stop
        return "".join(out) + html.escape(text[position:])

    rng = random.Random(8)
    words = ["kok", "Kok", "koken", "kokkok", "ok", "a", "aa", "aaa", "Lasser", "las", "x1", "1x", "café", "Straße",
             "Syrië", "SYRIË", "syrie", "Oekraïne", "x²", "ﬁets", "İstanbul", "Ⓐb", "٣x", "سمير", "e\u0301", "Ǆ"]
    glue = [" ", "", ", ", "-", "_", "<", "&", "'", '"', ".", "\n", "é", "’", "–", "€", "\u0301"]
    for _ in range(6000):
        text = "".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(0, 8)))
        marks = {fold(w): rng.choice([0, 0, 1, 2]) for w in rng.sample(words, rng.randint(1, 4))}
        if rng.random() < 0.3:  # many marked words (a short prefix): the text's words are looked up instead
            marks.update({f"zz{i}": 0 for i in range(20)})
        assert highlight_text(text, marks) == plain(text, marks), (text, marks)


def test_filter_mask_is_the_filtered_documents(directory: Path) -> None:
    """Facet counts of a search without words use the filters' masks ANDed: the same documents as filter_docs."""
    from werkgeversportaal.domain.search.backends import Filter
    from werkgeversportaal.domain.search.backends.embedded.executor import filter_docs, filter_mask

    backend = EmbeddedBackend(directory)
    backend.upsert("candidates", CANDIDATES)
    backend.search(SearchQuery(index="candidates"))
    combos = [[Filter.eq("sectors", "bouw")], [Filter.gte("dutch_level", 2)], [Filter.eq("has_video", True)],
              [Filter.eq("sectors", "bouw"), Filter.gte("dutch_level", 1), Filter.eq("has_video", False)],
              [Filter.lte("dutch_level", 3), Filter.gte("dutch_level", 2)], [Filter.eq("sectors", "nergens")]]
    for _round in range(2):  # the second time from the kept range masks
        memory = backend._engine("candidates").memory
        assert memory is not None
        for filters in combos:
            assert filter_mask(memory, filters) == memory.mask_of(filter_docs(memory, filters) or ()), filters
        backend.upsert("candidates", [{**CANDIDATES[0], "dutch_level": 6, "has_video": True}])
        backend.search(SearchQuery(index="candidates"))
