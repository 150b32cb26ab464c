"""lib/sql.prebuilt: statements executed by a short cache key give the same results as the statements."""

from __future__ import annotations

import itertools

from sqlalchemy import bindparam, create_engine, literal, select

from werkgeversportaal.lib.sql import prebuilt


def test_prebuilt_statements_keep_their_sql_and_parameters_apart() -> None:
    counter = itertools.count(1)
    one = select(literal(1).label("n"), bindparam("x").label("x"))
    called = select(bindparam("v", callable_=lambda: next(counter)).label("v"))
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        assert conn.execute(prebuilt(one), {"x": "a"}).one() == (1, "a")
        assert conn.execute(prebuilt(one), {"x": "b"}).one() == (1, "b")
        # A callable parameter is still called on every execution (the consent text version is one).
        statement = prebuilt(called)
        assert [conn.execute(statement).scalar() for _ in range(3)] == [1, 2, 3]
        assert conn.execute(prebuilt(select(literal(2).label("n")))).scalar() == 2
