"""Two PostgreSQL writers at once resolve names as one writer would (issue 13: N writers
"create no duplicate person"): a writer whose article names a person another writer is
storing under another name waits for that writer's transaction, then finds its person.

The race is made deterministic: the first writer's transaction is held open just before its
commit while the second writer stores, and the test waits until the second has either
finished or is waiting on an advisory lock, before letting the first commit.
"""

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.db import make_engine
from app.ingest import store
from app.ingest.document import CleanArticle, EntityRef, ParsedArticle
from app.ingest.entities import resolution_keys
from tests.postgres import migrated_database, needs_postgres

WAIT_S = 20
"""Longest a step may take before the test gives up (never reached when it passes)."""


def _article(name: str, body: str, people: list[EntityRef]) -> ParsedArticle:
    clean = CleanArticle(source_key=name, path=name, title=name, body=body)
    return ParsedArticle(clean, people=people)


FIRST = _article("first.txt", "Donald Trump spoke.", [EntityRef("Donald Trump")])
SECOND = _article("second.txt", "Donald J. Trump spoke again.", [EntityRef("Donald J. Trump")])


def _people(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        query = text("SELECT name, kind FROM people ORDER BY name")
        return [tuple(row) for row in connection.execute(query)]


def _waiting_on_a_lock(engine: Engine) -> bool:
    with engine.connect() as connection:
        query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return connection.execute(query).scalar_one() > 0


def _until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, "the writers neither finished nor waited"
        time.sleep(0.01)


def _held_open(session: Session, holding: threading.Event, release: threading.Event) -> None:
    """Make `session` stop just before committing, its transaction open, until `release`."""
    commit = session.commit

    def held_commit() -> None:
        holding.set()
        assert release.wait(WAIT_S)
        commit()

    session.commit = held_commit  # type: ignore[method-assign]


def _store_while_open(
    engine: Engine, first: ParsedArticle, second: ParsedArticle
) -> tuple[bool, list[tuple[str, str]]]:
    """Store `second` while the transaction storing `first` is open; whether `second` had to
    wait for it, and the people stored in the end."""
    holding, release = threading.Event(), threading.Event()
    with Session(engine) as one, Session(engine) as two, ThreadPoolExecutor(2) as pool:
        _held_open(one, holding, release)
        stored_first: Future = pool.submit(store.store_article, one, first)
        _until(lambda: holding.is_set() or stored_first.done())
        stored_second: Future = pool.submit(store.store_article, two, second)
        _until(lambda: stored_second.done() or _waiting_on_a_lock(engine))
        waited = not stored_second.done()
        release.set()
        assert stored_first.result(WAIT_S).outcome == "new"
        assert stored_second.result(WAIT_S).outcome == "new"
    return waited, _people(engine)


@pytest.fixture
def engine() -> Engine:
    engine = make_engine(migrated_database("writers"))
    yield engine
    engine.dispose()


@needs_postgres
@pytest.mark.parametrize("first, second", [(FIRST, SECOND), (SECOND, FIRST)])
def test_a_writer_waits_for_another_storing_the_same_person_by_another_name(
    engine: Engine, first: ParsedArticle, second: ParsedArticle
) -> None:
    """Without the locks the second writer finds nobody (the first's row is not committed)
    and inserts "Donald J. Trump" beside "Donald Trump": two people."""
    waited, people = _store_while_open(engine, first, second)
    assert people == [("Donald J. Trump", "person")]
    assert waited


@needs_postgres
def test_writers_of_other_names_do_not_wait_for_each_other(engine: Engine) -> None:
    other = _article("other.txt", "Angela Merkel spoke.", [EntityRef("Angela Merkel")])
    waited, people = _store_while_open(engine, FIRST, other)
    assert not waited
    assert people == [("Angela Merkel", "person"), ("Donald Trump", "person")]


def test_two_names_of_one_person_share_a_resolution_key() -> None:
    """What makes the writers above take turns: "Donald Trump" and "Donald J. Trump" have the
    same surname spelling key, and "Trump" alone is an alias the first writer stores."""
    first, second = set(resolution_keys(FIRST)), set(resolution_keys(SECOND))
    trump = set(resolution_keys(_article("t.txt", "Trump spoke.", [EntityRef("Trump")])))
    assert first & second
    assert first & trump
    other = _article("o.txt", "Angela Merkel spoke.", [EntityRef("Angela Merkel")])
    assert not first & set(resolution_keys(other))
