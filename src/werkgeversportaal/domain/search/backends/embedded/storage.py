"""One SQLite file per index: the durable copy every process reads its in-memory index from.

Each write transaction stamps its rows with a new revision; a deleted document stays as a row without
body (a tombstone) so other processes learn about the deletion. A process refreshes by reading the
rows with a newer revision; `generation` changes when the whole table is replaced (clear, reindex),
which tells readers to reload everything. WAL mode lets readers go on while one process writes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from .analysis import DocumentTokens

__all__ = ["Changes", "Row", "Stats", "Storage"]

_COLUMNS = "id TEXT PRIMARY KEY, rev INTEGER NOT NULL, body BLOB, terms BLOB, lengths BLOB, touched INTEGER NOT NULL"
_ID_CHUNK = 500  # stays well under SQLite's bound-parameter limit
_MAX_TOMBSTONES = 1000

Row = tuple[str, bytes | None, bytes | None]  # id, JSON body (None = deleted), msgpack terms
TermEncoder = Callable[[DocumentTokens, list[float]], bytes]


class Stats(msgspec.Struct):
    """Document count and summed token counts per searchable attribute, for average lengths."""

    docs: int = 0
    lengths: list[int] = msgspec.field(default_factory=list)

    def averages(self, attributes: int) -> list[float]:
        totals = self.lengths + [0] * (attributes - len(self.lengths))
        return [total / self.docs if self.docs else 0.0 for total in totals[:attributes]]

    def add(self, lengths: Sequence[int], sign: int) -> None:
        if len(self.lengths) < len(lengths):
            self.lengths.extend([0] * (len(lengths) - len(self.lengths)))
        for i, value in enumerate(lengths):
            self.lengths[i] += sign * value
        self.docs += sign


class Changes(msgspec.Struct):
    generation: int
    rev: int
    full: bool
    rows: list[Row]


_lengths_decoder = msgspec.msgpack.Decoder(list[int])


class Storage:
    def __init__(self, path: Path, timeout_s: float = 10.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._timeout_s = timeout_s
        # Separate connections: PRAGMA data_version only moves for commits made by *other*
        # connections, so the reader notices this process's own writes too.
        self._writer = self._connect()
        self._reader = self._connect()
        # A connection must not run two transactions at once: threads of one process take turns.
        self._write_lock = threading.RLock()
        self._read_lock = threading.RLock()
        self._data_version: int | None = None
        self._init_schema()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._timeout_s, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _init_schema(self) -> None:
        with self._transaction() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            conn.execute(f"CREATE TABLE IF NOT EXISTS documents ({_COLUMNS})")
            conn.execute("CREATE INDEX IF NOT EXISTS documents_rev ON documents(rev)")
            for key, value in (("generation", "1"), ("rev", "0"), ("stats", msgspec.json.encode(Stats()).decode())):
                conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def close(self) -> None:
        self._writer.close()
        self._reader.close()

    # -- reading -------------------------------------------------------------------------------

    def has_changed(self) -> bool:
        """Cheap check (no table access) whether anyone committed since the last call."""
        with self._read_lock:
            version = self._reader.execute("PRAGMA data_version").fetchone()[0]
        changed = version != self._data_version
        self._data_version = version
        return changed

    def may_have_changed(self) -> bool:
        """Like `has_changed`, but leaves the answer for `has_changed` (the refresh) to consume, and
        answers True rather than wait for another thread's read."""
        if not self._read_lock.acquire(blocking=False):
            return True
        try:
            version = self._reader.execute("PRAGMA data_version").fetchone()[0]
        finally:
            self._read_lock.release()
        return bool(version != self._data_version)

    def read_changes(self, generation: int, rev: int) -> Changes:
        conn = self._reader
        with self._read_lock:
            return self._read_changes(conn, generation, rev)

    @staticmethod
    def _read_changes(conn: sqlite3.Connection, generation: int, rev: int) -> Changes:
        conn.execute("BEGIN")
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('generation', 'rev')").fetchall())
            current_generation, current_rev = int(meta["generation"]), int(meta["rev"])
            if current_generation != generation:
                rows = conn.execute("SELECT id, body, terms FROM documents WHERE body IS NOT NULL").fetchall()
                return Changes(current_generation, current_rev, True, rows)
            rows = conn.execute("SELECT id, body, terms FROM documents WHERE rev > ?", (rev,)).fetchall()
            return Changes(current_generation, current_rev, False, rows)
        finally:
            conn.execute("COMMIT")

    def meta(self, key: str) -> str | None:
        with self._read_lock:
            row = self._reader.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        with self._read_lock:
            return int(self._reader.execute("SELECT count(*) FROM documents WHERE body IS NOT NULL").fetchone()[0])

    def bodies(self) -> list[bytes]:
        with self._read_lock:
            return [row[0] for row in self._reader.execute("SELECT body FROM documents WHERE body IS NOT NULL")]

    # -- writing -------------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self._writer, self._write_lock)

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def write(
        self,
        puts: Sequence[tuple[str, bytes, DocumentTokens]],
        deletes: Sequence[str],
        encode_terms: TermEncoder,
        attributes: int,
    ) -> None:
        """Upsert and delete in one transaction; mirrored into a running reindex's staging table."""
        with self._transaction() as conn:
            rev = _get_int(conn, "rev") + 1
            _set(conn, "rev", str(rev))
            tables = ["documents"]
            if _get(conn, "staging") is not None:
                tables.append("staging")
            for table in tables:
                stats_key = "stats" if table == "documents" else "staging_stats"
                stats = msgspec.json.decode(_get(conn, stats_key) or "{}", type=Stats)
                self._apply(conn, table, stats, puts, deletes, encode_terms, attributes, rev, touched=1)
                _set(conn, stats_key, msgspec.json.encode(stats).decode())
            if deletes:
                self._compact_if_needed(conn)

    @staticmethod
    def _compact_if_needed(conn: sqlite3.Connection) -> None:
        """Tombstones only serve readers that have not caught up yet. Once they outnumber the
        documents, drop them and bump the generation so every reader reloads in full instead."""
        tombstones = conn.execute("SELECT count(*) FROM documents WHERE body IS NULL").fetchone()[0]
        if tombstones < _MAX_TOMBSTONES:
            return
        live = conn.execute("SELECT count(*) FROM documents WHERE body IS NOT NULL").fetchone()[0]
        if tombstones > live:
            conn.execute("DELETE FROM documents WHERE body IS NULL")
            _bump(conn, "generation")

    def _apply(
        self,
        conn: sqlite3.Connection,
        table: str,
        stats: Stats,
        puts: Sequence[tuple[str, bytes, DocumentTokens]],
        deletes: Sequence[str],
        encode_terms: TermEncoder,
        attributes: int,
        rev: int,
        touched: int,
    ) -> None:
        replaced = _old_lengths(conn, table, [doc_id for doc_id, _, _ in puts] + list(deletes))
        for lengths in replaced.values():
            stats.add(lengths, -1)
        for _, _, tokens in puts:
            stats.add(tokens.lengths, +1)
        averages = stats.averages(attributes)
        conn.executemany(
            f"INSERT OR REPLACE INTO {table} (id, rev, body, terms, lengths, touched) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (doc_id, rev, body, encode_terms(tokens, averages), msgspec.msgpack.encode(tokens.lengths), touched)
                for doc_id, body, tokens in puts
            ],
        )
        put_ids = {doc_id for doc_id, _, _ in puts}
        conn.executemany(
            f"INSERT OR REPLACE INTO {table} (id, rev, touched) VALUES (?, ?, ?)",
            [(doc_id, rev, touched) for doc_id in dict.fromkeys(deletes) if doc_id not in put_ids],
        )

    def clear(self) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM documents")
            _bump(conn, "generation")
            _bump(conn, "rev")
            _set(conn, "stats", msgspec.json.encode(Stats()).decode())

    # -- zero-downtime rebuild ----------------------------------------------------------------

    def start_staging(self) -> None:
        with self._transaction() as conn:
            conn.execute("DROP TABLE IF EXISTS staging")
            conn.execute(f"CREATE TABLE staging ({_COLUMNS})")
            _set(conn, "staging", "1")
            _set(conn, "staging_stats", msgspec.json.encode(Stats()).decode())

    def write_staging(
        self, puts: Sequence[tuple[str, bytes, DocumentTokens]], encode_terms: TermEncoder, attributes: int
    ) -> None:
        """Rows changed by `write()` since staging began are newer than the rebuild's source: keep them."""
        with self._transaction() as conn:
            if _get(conn, "staging") is None:
                raise RuntimeError("the rebuild was cancelled by another process")
            newer = _touched(conn, [doc_id for doc_id, _, _ in puts])
            fresh = [put for put in puts if put[0] not in newer]
            stats = msgspec.json.decode(_get(conn, "staging_stats") or "{}", type=Stats)
            self._apply(conn, "staging", stats, fresh, (), encode_terms, attributes, rev=0, touched=0)
            _set(conn, "staging_stats", msgspec.json.encode(stats).decode())

    def swap_staging(self) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM staging WHERE body IS NULL")
            conn.execute("DROP TABLE documents")
            conn.execute("ALTER TABLE staging RENAME TO documents")
            conn.execute("CREATE INDEX documents_rev ON documents(rev)")
            _set(conn, "stats", _get(conn, "staging_stats") or "{}")
            conn.execute("DELETE FROM meta WHERE key IN ('staging', 'staging_stats')")
            _bump(conn, "generation")
            _bump(conn, "rev")

    def drop_staging(self) -> None:
        with self._transaction() as conn:
            conn.execute("DROP TABLE IF EXISTS staging")
            conn.execute("DELETE FROM meta WHERE key IN ('staging', 'staging_stats')")


class _Transaction:
    """BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self.conn = conn
        self.lock = lock

    def __enter__(self) -> sqlite3.Connection:
        self.lock.acquire()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self.conn.execute("ROLLBACK" if exc_type is not None else "COMMIT")
        finally:
            self.lock.release()


def _get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _get_int(conn: sqlite3.Connection, key: str) -> int:
    return int(_get(conn, key) or 0)


def _set(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def _bump(conn: sqlite3.Connection, key: str) -> None:
    _set(conn, key, str(_get_int(conn, key) + 1))


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + _ID_CHUNK] for i in range(0, len(ids), _ID_CHUNK)]


def _old_lengths(conn: sqlite3.Connection, table: str, ids: Sequence[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        marks = ",".join("?" * len(chunk))
        for doc_id, lengths in conn.execute(
            f"SELECT id, lengths FROM {table} WHERE body IS NOT NULL AND id IN ({marks})", chunk
        ):
            found[doc_id] = _lengths_decoder.decode(lengths)
    return found


def _touched(conn: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0] for row in conn.execute(f"SELECT id FROM staging WHERE touched = 1 AND id IN ({marks})", chunk)
        )
    return found
