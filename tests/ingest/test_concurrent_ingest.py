"""Writers at once on one SQLite file: two `verbatim ingest` processes on overlapping folders
store what one ingest of the union stores, a writer waits for a busy database, and a run's
cache never hands out an id that another connection's changes made stale."""

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.db import make_engine, upgrade_database
from app.ingest import entities, store, writes
from app.ingest.document import EntityRef, ParsedArticle
from app.ingest.pipeline import cleaned, ingest_paths, parsed
from tests.ingest.stored import consistent, groups, rows
from tests.ingest.test_store import BUDGET, LEVY

ROOT = Path(__file__).resolve().parent.parent.parent

PORTS = [
    # the harbour director, the chair of the shippers' council, their port
    ("Agnes Aalto", "Marta Albrecht", "Gdansk"),
    ("Bruno Bergqvist", "Lars Brandt", "Rostock"),
    ("Cecilia Castell", "Karin Cederholm", "Tallinn"),
    ("Dmitri Dombrowski", "Jonas Dahl", "Riga"),
    ("Elin Ekdahl", "Ilse Engstrom", "Klaipeda"),
    ("Fredrik Fogel", "Hannes Falk", "Turku"),
    ("Greta Gustafsson", "Greta Grabowski", "Malmo"),
    ("Hannes Hallik", "Fredrik Holm", "Aarhus"),
    ("Ilse Ivask", "Elin Isaksen", "Kiel"),
    ("Jonas Kivimaa", "Dmitri Jurgens", "Szczecin"),
]


def corpus(folder: Path) -> list[Path]:
    """Two folders in which article i of each names the same two people and port, new to the
    corpus, and carries the same statement (a wire group: which copy is its first depends on
    which run stores first, so both are dated alike); a third of copies of articles of the
    first under other names."""
    one, two, copies = folder / "one", folder / "two", folder / "copies"
    for part in (one, two, copies):
        part.mkdir(parents=True)
    for i, (director, chair, port) in enumerate(PORTS):
        surname = director.split()[-1]
        (one / f"{i:02d}.txt").write_text(
            f"{port} port fees to rise, {surname} says\n\nMonday, 3 Nov 2025\n\n"
            f"{port.upper()} (Baltic Wire) - {director}, the harbour director, said on Monday "
            f"that port fees in {port} would rise next year.\n\n"
            f'"We cannot keep the quays open for free," {surname} said.\n\n'
            f"{chair}, who chairs the shippers' council, said the rise would hurt trade.\n",
            encoding="utf-8",
        )
        (two / f"{i:02d}.txt").write_text(
            f"Shippers protest {port} fee plan\n\nMonday, 3 Nov 2025\n\n"
            f"{port.upper()} (Coastal Post) - {chair}, who chairs the shippers' council, said "
            f"on Monday that shipping lines would leave {port}.\n\n"
            f'{director}, the harbour director, defended the plan. "We cannot keep the quays '
            f'open for free," {surname} said.\n',
            encoding="utf-8",
        )
    for i in range(0, len(PORTS), 4):
        (copies / f"copy_of_{i:02d}.txt").write_bytes((one / f"{i:02d}.txt").read_bytes())
    return [one, two, copies]


def contents(engine: Engine) -> dict[str, object]:
    """Everything stored, by names rather than ids (ids depend on who stored first)."""
    return {
        "articles": rows(engine, "SELECT path FROM articles ORDER BY path"),
        "quotes": rows(
            engine,
            "SELECT a.path, q.text, q.kind, q.start, q.date, p.name FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.speaker_id "
            "ORDER BY a.path, q.start",
        ),
        "people": rows(engine, "SELECT name, kind, role FROM people ORDER BY name, kind"),
        "aliases": rows(
            engine,
            "SELECT p.name, a.key FROM person_aliases a JOIN people p ON p.id = a.person_id "
            "ORDER BY 1, 2",
        ),
        "places": rows(engine, "SELECT key FROM places ORDER BY key"),
        "topics": rows(engine, "SELECT slug FROM topics ORDER BY slug"),
        "groups": groups(engine),
        "counts": consistent(engine),
    }


def start_ingest(signals: Path, name: str, url: str, folders: list[Path]) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.ingest.ingest_on_signal"]
    command += [str(signals / f"{name}.ready"), str(signals / "go"), "ingest", "--db", url]
    return subprocess.Popen(
        [*command, *map(str, folders)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingests_at_once_store_what_one_ingest_of_the_union_stores(tmp_path: Path) -> None:
    one, two, copies = corpus(tmp_path / "in")
    url = f"sqlite:///{tmp_path / 'shared.db'}"  # a new file: both runs migrate it too
    signals = tmp_path / "signals"
    signals.mkdir()
    runs = [
        start_ingest(signals, "first", url, [one, two, copies]),
        start_ingest(signals, "second", url, [two, one, copies]),
    ]
    try:
        deadline = time.monotonic() + 300
        while not all((signals / f"{n}.ready").exists() for n in ("first", "second")):
            assert all(run.poll() is None for run in runs), [r.communicate() for r in runs]
            assert time.monotonic() < deadline, "the runs did not get ready"
            time.sleep(0.05)
        (signals / "go").touch()
        outputs = [run.communicate(timeout=300) for run in runs]
    finally:
        for run in runs:
            run.kill()
    for run, (_stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "3 duplicate, 0 failed" in stderr, stderr
    shared = make_engine(url)
    single = make_engine(f"sqlite:///{tmp_path / 'single.db'}")
    try:
        upgrade_database(str(single.url))
        report = ingest_paths([one, two, copies], single)
        assert (report.new, len(report.duplicates), report.failures) == (20, 3, [])
        assert contents(shared) == contents(single)
    finally:
        shared.dispose()
        single.dispose()


# One writer at a time, and what the others changed


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'verbatim.db'}"
    upgrade_database(url)
    return url


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    yield engine
    engine.dispose()


def parse(folder: Path, files: dict[str, str]) -> list[ParsedArticle]:
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    failures: list[object] = []
    found = list(parsed(cleaned([folder], failures.append), None, failures.append))
    assert failures == []
    return found


def test_a_run_does_not_use_ids_another_connection_removed(
    tmp_path: Path, url: str, engine: Engine
) -> None:
    """The run's cache knows Maria Kowalska and Gdansk from the first article; another
    connection removes that article (and so them); the run's next article names her again."""
    levy, budget = parse(tmp_path / "in", {"a.txt": LEVY, "b.txt": BUDGET})
    other = make_engine(url)
    try:
        with Session(engine) as session:
            store.store_article(session, levy)
            with Session(other) as remover:
                [(article_id,)] = rows(other, "SELECT id FROM articles")
                store.delete_article(remover, article_id)
            assert rows(other, "SELECT count(*) FROM people") == [(0,)]
            store.store_article(session, budget)
    finally:
        other.dispose()
    assert rows(engine, "SELECT name FROM people ORDER BY name") == [
        ("Anna Kowalska",),
        ("Maria Kowalska",),
    ]
    assert rows(engine, "SELECT count(*) FROM quotes q JOIN people p ON p.id = q.speaker_id") == [
        (2,)
    ]
    consistent(engine)


def test_a_person_another_writer_stored_meanwhile_is_found(engine: Engine) -> None:
    """On databases without a write lock at the start of a transaction, a writer can look a
    name up, find nothing, and meet the other writer's row when it inserts."""
    entity = EntityRef("Maria Kowalska")
    with Session(engine) as session:
        connection = session.connection()
        theirs, ours = entities.Cache(), entities.Cache()
        entities._prefetch_people(connection, theirs, [entity])  # finds nobody
        entities._prefetch_people(connection, ours, [entity])
        mine = entities.person_for(connection, ours, entity)
        ours.write_pending(connection)
        found = entities.person_for(
            connection, theirs, EntityRef("Maria Kowalska", role="Minister")
        )
        theirs.write_pending(connection)
        session.commit()
    assert found.id == mine.id
    assert rows(engine, "SELECT id, name, role FROM people") == [
        (mine.id, "Maria Kowalska", "Minister")
    ]


def test_a_writer_waits_for_a_busy_database(
    tmp_path: Path, url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection holds the write lock for longer than the busy timeout (lowered to
    0.1 s here): the store rolls back, pauses and tries again until it gets the lock."""
    [levy] = parse(tmp_path / "in", {"a.txt": LEVY})

    @event.listens_for(engine, "connect")
    def short_timeout(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout=100")

    monkeypatch.setattr(writes, "BUSY_PAUSE_S", 0.05)
    blocker = make_engine(url).raw_connection()
    blocker.isolation_level = None  # type: ignore[attr-defined]
    blocker.execute("BEGIN IMMEDIATE")  # type: ignore[attr-defined]
    release = threading.Timer(0.5, blocker.commit)
    release.start()
    try:
        with Session(engine) as session:
            assert store.store_article(session, levy).outcome == "new"
    finally:
        release.join()
        blocker.close()
    assert rows(engine, "SELECT count(*) FROM quotes") == [(3,)]
