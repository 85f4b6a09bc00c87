"""SQLite writers of one process take turns on a lock (`store.base.WriteTurns`, issue 18):
a turn that was never given back would make every later writer wait out the busy timeout,
so each way a transaction can end gives it back."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine, text

from openimr.store.base import WriteTurns, make_engine


def test_a_write_takes_the_turn_and_every_end_of_its_transaction_gives_it_back(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/turns.db")
    turns = WriteTurns(engine, timeout=5)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    assert not turns.lock.locked()
    with engine.connect() as connection:
        connection.execute(text("SELECT * FROM t"))
        assert not turns.lock.locked()  # a read takes no turn
        connection.execute(text("INSERT INTO t VALUES (1)"))
        assert turns.lock.locked()
        connection.rollback()
        assert not turns.lock.locked()
        connection.execute(text("INSERT INTO t VALUES (2)"))
        connection.execute(text("INSERT INTO t VALUES (3)"))  # the same turn
        connection.commit()
        assert not turns.lock.locked()
        connection.execute(text("INSERT INTO t VALUES (4)"))
        connection.invalidate()
    assert not turns.lock.locked()
    connection = engine.connect()
    connection.execute(text("INSERT INTO t VALUES (5)"))
    connection.close()  # returned to the pool unfinished: the pool's rollback
    assert not turns.lock.locked()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT x FROM t ORDER BY x")).scalars().all() == [2, 3]


def test_writers_in_many_threads_all_write(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/many.db")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))

    def write(start: int) -> None:
        for x in range(start, start + 20):
            with engine.begin() as connection:
                connection.execute(text("SELECT count(*) FROM t"))
                connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": x})

    threads = [threading.Thread(target=write, args=(20 * i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 160
