"""Statements built once and executed on every request, without SQLAlchemy walking them each time.

`prebuilt` makes a statement cheap to find in SQLAlchemy's cache; `fetch_rows` runs a prebuilt statement on
asyncpg directly (in a page marked AUTOCOMMIT_OPT, or a read), with SQLAlchemy's own SQL, parameters and
conversions.
"""

from __future__ import annotations

import keyword
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import Executable, lambda_stmt
from sqlalchemy.sql.elements import _anonymous_label
from sqlalchemy.sql.lambdas import StatementLambdaElement

from werkgeversportaal.lib.runtime import AUTOCOMMIT, AutocommitSession

# Every statement handed to `prebuilt`, by the id() of its lambda element, kept alive with that element: the
# id of the statement is part of a cache key (see below), so no other statement may ever get that id.
_SOURCES: dict[int, tuple[StatementLambdaElement, Executable]] = {}


def prebuilt(statement: Executable) -> StatementLambdaElement:
    """`statement` (built once, at import) to execute as is: same SQL, same parameters.

    On every execution SQLAlchemy looks up the compiled SQL by the statement's cache key, which it builds by
    walking the whole statement: 0.1-0.3 ms of CPU for a page query with its subqueries. As a lambda
    statement the key is the lambda's code and the statement's id(), a few microseconds. Bind parameters
    keep working: values passed to execute(), and callable ones (the consent text version) are called on
    each execution as before. Only for statements that never change after import (they are kept)."""
    element = lambda_stmt(lambda: statement, track_closure_variables=False, track_on=[id(statement)])
    _SOURCES[id(element)] = (element, statement)
    return element


# Column types whose conversion returns what asyncpg already gives for the server's type: GUID keeps a UUID as
# it is (asyncpg decodes uuid into one), DateTimeUTC keeps a datetime with a zone (asyncpg decodes timestamptz
# into one, in UTC). Their conversions are skipped; test_direct_rows compares the values and their types.
_DECODED_BY_ASYNCPG = {(GUID, 2950), (DateTimeUTC, 1184)}  # (type, PostgreSQL type oid: uuid, timestamptz)


class DirectStatement:
    """A prebuilt statement as asyncpg runs it: SQLAlchemy's SQL for the dialect, its parameters in their
    order, converted by SQLAlchemy's bind processors, and the rows' values by its result processors (what
    SQLAlchemy's execution context and cursor result do), as named tuples with the columns' keys."""

    def __init__(self, compiled: Any, dialect: Any) -> None:
        self.dialect = dialect  # kept: its id() is part of the cache key (_direct)
        self.compiled = compiled
        self.sql: str = compiled.string
        names = tuple(compiled.positiontup or ())
        bind_processors: Mapping[str, Callable[[Any], Any]] = compiled._bind_processors
        self.bind: tuple[tuple[str, Callable[[Any], Any] | None], ...] = tuple(
            (name, bind_processors.get(name)) for name in names)
        # Parameters that all come from the caller (none with a value or a callable of its own): taken from
        # `params` by their keys, without SQLAlchemy's construct_params.
        binds = compiled.binds
        self.given: tuple[tuple[str, Callable[[Any], Any] | None], ...] | None = None
        if all(binds[name].required and binds[name].callable is None for name in names):
            self.given = tuple((binds[name].key, process) for name, process in self.bind)
        columns = compiled._result_columns
        # Set on first use (learn_types): some conversions depend on the type the server sends (a float or
        # a numeric column), which SQLAlchemy learns from each result's description.
        self.results: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None  # (column, its conversion)
        self.row: Any = namedtuple("Row", [column.keyname for column in columns])  # type: ignore[misc]

    async def learn_types(self, driver: Any) -> None:
        """The result processors, as SQLAlchemy picks them for the column types the server reports
        (asyncpg's attribute type ids, what SQLAlchemy's cursor description carries)."""
        attributes = (await driver.prepare(self.sql)).get_attributes()
        columns = self.compiled._result_columns
        if len(attributes) != len(columns):
            raise RuntimeError(f"{len(attributes)} columns in the result, {len(columns)} expected: {self.sql}")
        results = [None if (type(column.type), attribute.type.oid) in _DECODED_BY_ASYNCPG
                   else column.type._cached_result_processor(self.dialect, attribute.type.oid)
                   for column, attribute in zip(columns, attributes, strict=True)]
        self.results = tuple((index, process) for index, process in enumerate(results) if process is not None)

    @classmethod
    def build(cls, statement: Any, dialect: Any) -> DirectStatement | None:
        """For statements whose SQL is complete as compiled, with plain keys: a SELECT (a write in its CTEs
        included) without IN lists expanded per execution or schema names translated per connection.
        None for others."""
        compiled: Any = statement.compile(dialect=dialect)
        keys = [column.keyname for column in compiled._result_columns]
        supported = bool(
            compiled.positional and not compiled.isplaintext and compiled._result_columns
            and not (compiled.isinsert or compiled.isupdate or compiled.isdelete)
            and not compiled.post_compile_params and not compiled.literal_execute_params
            and not compiled.schema_translate_map
            and len(set(keys)) == len(keys)
            and all(k.isidentifier() and not k.startswith("_") and not keyword.iskeyword(k) for k in keys)
            # Named columns only: the ORM keys an unnamed expression (anon_1, lower_1 in the SQL) otherwise.
            and not any(isinstance(name, _anonymous_label) for column in compiled._result_columns
                        for name in (column.name, *column.objects))
        )
        return cls(compiled, dialect) if supported else None

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        if self.given is not None:
            return [params[key] if process is None else process(params[key]) for key, process in self.given]
        values = self.compiled.construct_params(params, escape_names=False)
        return [value if process is None else process(value)
                for value, process in ((values[name], process) for name, process in self.bind)]

    def rows(self, records: Sequence[Any]) -> list[Any]:
        make, results = self.row._make, self.results
        if not results:
            return [make(record) for record in records]
        rows = []
        for record in records:
            values = list(record)
            for index, process in results:
                value = values[index]
                if value is not None:
                    values[index] = process(value)
            rows.append(make(values))
        return rows


# (id of the lambda element, id of the dialect) -> its DirectStatement, or None when it must go through SQLAlchemy
_DIRECT: dict[tuple[int, int], DirectStatement | None] = {}


def _direct(session: Any, statement: Executable, read_only: bool) -> DirectStatement | None:
    if not (read_only or session.info.get(AUTOCOMMIT)):
        return None
    dialect = session.sync_session.bind.dialect  # the AsyncSession's own `bind` is a property that looks it up
    if dialect.driver != "asyncpg":
        return None
    key = (id(statement), id(dialect))
    try:
        return _DIRECT[key]
    except KeyError:
        pass
    source = _SOURCES.get(id(statement))
    direct = DirectStatement.build(source[1], dialect) if source is not None and source[0] is statement else None
    _DIRECT[key] = direct
    return direct


async def fetch_rows(session: Any, statement: StatementLambdaElement, params: Mapping[str, Any], *,
                     read_only: bool = False) -> list[Any]:
    """The rows of a prebuilt statement, as `(await session.execute(statement, params)).all()` gives them.

    On PostgreSQL (asyncpg) it runs on an asyncpg connection directly, the one an AutocommitSession lends
    or else the session's own: SQLAlchemy's execute costs several times asyncpg's own for a page query (its
    execution context, result metadata, ORM session steps: about 0.45 M instructions of a 5 M page, by
    callgrind). That is done in a session of a page marked AUTOCOMMIT_OPT, which has no transaction to keep
    in step with SQLAlchemy (the statement commits by itself either way), and for a statement the caller
    marks `read_only`, which reads the same in or before SQLAlchemy's transaction (each statement reads its
    own snapshot under READ COMMITTED). Otherwise (a write in a transaction, SQLite, a statement
    `DirectStatement.build` refuses) it goes through SQLAlchemy. Whatever fails on the connection is left to
    SQLAlchemy, which runs the statement again and raises its own errors (a statement that failed on the
    server changed nothing)."""
    direct = _direct(session, statement, read_only)
    if direct is None:
        return list((await session.execute(statement, params)).all())
    arguments = direct.arguments(params)
    lent = isinstance(session, AutocommitSession)
    if not lent:
        connection = await session.connection()
    try:
        if lent:
            driver = await session.driver()
        else:
            driver = (await connection.get_raw_connection()).driver_connection
        if direct.results is None:
            await direct.learn_types(driver)
        records = await driver.fetch(direct.sql, *arguments)
    except Exception:
        if lent:
            await session.give_back()  # discarded if it died; SQLAlchemy takes a connection of its own
        return list((await session.execute(statement, params)).all())
    return direct.rows(records)
