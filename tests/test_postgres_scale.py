"""PostgreSQL past one machine (issue 13, second half): the API reading a streaming replica
while ingest writes the primary, and several ingest processes writing one database at once.

Both run against the live servers of `scripts/postgres.sh` (`tests.postgres`), skipped with
the reason when they are not given; CI always gives them.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from typer.testing import CliRunner

from app import cli as cli_module
from app.cli import app as cli
from app.config import get_settings
from app.db import get_engine, get_session, is_read_only, make_engine
from app.ingest import pipeline, writes
from app.ingest.pipeline import IngestReport, ingest_paths
from app.main import create_app
from tests.postgres import migrated_database, needs_postgres, needs_replica, replica_url

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = [
    ("Maria Lopez", "the mayor of Oslo"),
    ("Henrik Dahl", "the finance minister"),
    ("Amina Yusuf", "a union leader"),
    ("Peter Novak", "the harbour director"),
    ("Clara Jensen", "an opposition lawmaker"),
]
PLACES = ["OSLO", "BERGEN", "LISBON"]
SUBJECTS = ["the harbour budget", "the ferry strike", "the climate plan", "the housing law"]


def _article(number: int) -> str:
    """A short wire story by hand: a dateline, two people quoted directly, one reported,
    in an order that changes with `number`, so that concurrent writers create the same
    people, places and topics in different orders (the way to a deadlock)."""
    first, second, third = (PEOPLE[(number + k) % len(PEOPLE)] for k in (0, 2, 3))
    place = PLACES[number % len(PLACES)]
    subject = SUBJECTS[number % len(SUBJECTS)]
    return (
        f"Council weighs {subject}, round {number}\n\n"
        f"{place} (Reuters) - Officials met on Tuesday to discuss {subject} for the "
        f"{number + 1}th time this year.\n\n"
        f'"We will not accept {subject} in its current form, not after meeting {number}," '
        f"said {first[0]}, {first[1]}.\n\n"
        f'{second[0]}, {second[1]}, told reporters: "The vote on {subject} must happen '
        f'before the summer, and round {number} changes nothing."\n\n'
        f"{third[0]} said the talks on {subject} would go on in {place.title()} next week.\n"
    )


def _write_articles(root: Path) -> list[list[Path]]:
    """Sixteen stories in two folders under `root`, and one story copied into both (same
    content, two files: one article and a duplicate); returns the four overlapping sets of
    folders the ingest processes are given, each story in two or three of them."""
    for folder, numbers in (("a", range(0, 8)), ("b", range(8, 16))):
        (root / folder).mkdir(parents=True)
        for number in numbers:
            (root / folder / f"story-{number:02}.txt").write_text(_article(number))
        (root / folder / "copy.txt").write_text(_article(99))
    return [[root], [root / "a"], [root / "a", root / "b"], [root / "b"]]


def _snapshot(engine: Engine) -> dict[str, object]:
    """What ingest made, in terms no id or order depends on: each table's rows by their
    unique keys (a duplicate shows as a count above one), and the stored counts beside the
    counts recomputed from the quotes. Which of the two copies is stored depends on which
    process came first, so both copies' paths read as one."""
    queries = {
        "articles": "SELECT content_hash, count(*) FROM articles GROUP BY 1",
        "paths": "SELECT replace(source_key, '/b/copy.txt', '/a/copy.txt'), count(*) "
        "FROM articles GROUP BY 1",
        "people": "SELECT key || '/' || kind, count(*) FROM people GROUP BY 1",
        "places": "SELECT key, count(*) FROM places GROUP BY 1",
        "topics": "SELECT slug, count(*) FROM topics GROUP BY 1",
        "quotes": "SELECT a.content_hash || ':' || q.start || ':' || q.text, count(*) "
        "FROM quotes q JOIN articles a ON a.id = q.article_id GROUP BY 1",
        "person counts": "SELECT p.key, p.quote_count, (SELECT count(*) FROM quotes q "
        "WHERE q.speaker_id = p.id AND q.duplicate_of IS NULL) FROM people p",
    }
    with engine.connect() as connection:
        return {
            name: sorted(tuple(row) for row in connection.execute(text(query)))
            for name, query in queries.items()
        }


def _ingest_processes(
    url: str, folder_sets: list[list[Path]]
) -> list[subprocess.CompletedProcess[str]]:
    """`verbatim ingest` in one process per set of folders, all started at once."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "ingest", *map(str, folders), "--db", url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folders in folder_sets
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


@needs_postgres
def test_four_ingest_processes_on_overlapping_folders_make_what_one_makes(
    tmp_path: Path,
) -> None:
    """Four `verbatim ingest` processes into one PostgreSQL database, each story given to
    two or three of them: every process succeeds (none loses an article to a unique key
    another took first, or to a deadlock), and the database holds exactly what one process
    ingesting everything makes: no duplicate article, person, place or topic, every quote,
    and counts that agree with the quotes."""
    folder_sets = _write_articles(tmp_path / "stories")
    expected_url = migrated_database("alone")
    alone = make_engine(expected_url)
    try:
        report = ingest_paths([tmp_path / "stories"], alone)
        assert not report.failures
        expected = _snapshot(alone)
    finally:
        alone.dispose()
    assert len(expected["articles"]) == 17 and expected["quotes"]
    assert all(count == 1 for _key, count in expected["people"])

    url = migrated_database("together")
    results = _ingest_processes(url, folder_sets)
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "could not be stored" not in result.stderr
    together = create_engine(url)
    try:
        assert _snapshot(together) == expected
    finally:
        together.dispose()


def _report_counts(report: IngestReport) -> dict[str, object]:
    """What a report says, in terms that do not depend on which of two writers came first:
    of the two copies of one story, the first stored is new and the other a duplicate, but a
    story given twice may meet either copy first (unchanged, or a duplicate)."""
    return {
        "documents": report.documents,
        "new": report.new,
        "updated": report.updated,
        "seen before": report.unchanged + len(report.duplicates),
        "failures": sorted(report.failures, key=lambda failure: failure.path),
    }


@needs_postgres
def test_ingest_workers_that_write_make_what_one_process_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verbatim ingest --workers 3` into PostgreSQL, each story given twice (its folder and
    the folder above) with a copy under another name and an empty file: the workers parse
    and store at once, and make exactly what one process makes (no duplicate article,
    person, place or topic, every quote, counts that agree with the quotes), report the
    same counts and the bad file, and the same run again stores nothing new. The calling
    process must not store anything: workers do it."""
    stories = tmp_path / "stories"
    _write_articles(stories)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    paths = [stories, stories / "a", bad]
    expected_url = migrated_database("alone")
    alone = make_engine(expected_url)
    try:
        one = ingest_paths(paths, alone)
        expected = _snapshot(alone)
    finally:
        alone.dispose()
    assert [failure.path for failure in one.failures] == [str(bad / "empty.txt")]
    assert one.new == 17 and expected["quotes"]

    def not_here(*_args: object) -> None:
        raise AssertionError("the calling process stored an article")

    monkeypatch.setattr(pipeline, "store_article", not_here)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_CHARS", 0)  # even this small job
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 1)  # one article per task: all workers busy
    url = migrated_database("workers")
    reports: list[IngestReport] = []
    monkeypatch.setattr(cli_module, "_print_summary", lambda report: reports.append(report))
    arguments = ["ingest", *map(str, paths), "--db", url, "--workers", "3"]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 1, first.output  # the bad file
    assert f"skipped {bad / 'empty.txt'}: empty file" in first.output.replace("\n", "")
    assert _report_counts(reports[0]) == _report_counts(one)
    assert reports[0].words == one.words
    engine = create_engine(url)
    try:
        assert _snapshot(engine) == expected
        again = CliRunner().invoke(cli, arguments)
        assert again.exit_code == 1, again.output
        assert (reports[1].new, reports[1].updated, reports[1].words) == (0, 0, 0)
        assert reports[1].unchanged + len(reports[1].duplicates) == one.documents
        assert _snapshot(engine) == expected
    finally:
        engine.dispose()


def _wait_for_replay(primary: str, replica: str, timeout_s: float = 20) -> None:
    """Wait until the replica has replayed everything the primary had written when asked
    (streaming replication is asynchronous: a read straight after a commit may miss it)."""
    source = create_engine(make_url(primary).set(database="postgres"))
    target = create_engine(make_url(replica).set(database="postgres"))
    try:
        with source.connect() as connection:
            lsn = connection.execute(text("SELECT pg_current_wal_lsn()")).scalar_one()
        deadline = time.monotonic() + timeout_s
        while True:
            with target.connect() as connection:
                behind = connection.execute(
                    text("SELECT pg_wal_lsn_diff(:lsn, pg_last_wal_replay_lsn()) > 0"),
                    {"lsn": lsn},
                ).scalar_one()
            if not behind:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)
    finally:
        source.dispose()
        target.dispose()


@pytest.fixture
def primary_and_replica(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str]]:
    """A migrated database on the primary and the same database's URL on the replica; the
    settings and the API's cached engine are dropped on both sides."""
    primary = migrated_database("replicated")
    streaming = replica_url()
    assert streaming is not None
    replica = (
        make_url(primary)
        .set(host=streaming.host, port=streaming.port)
        .render_as_string(hide_password=False)
    )
    monkeypatch.setenv("VERBATIM_DATABASE_URL", primary)
    monkeypatch.setenv("VERBATIM_READ_DATABASE_URL", replica)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield primary, replica
    get_engine().dispose()
    get_engine.cache_clear()
    monkeypatch.undo()
    get_settings.cache_clear()


@needs_replica
def test_the_api_reads_the_replica_that_ingest_into_the_primary_reaches(
    tmp_path: Path, primary_and_replica: tuple[str, str]
) -> None:
    primary, replica = primary_and_replica
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "one.txt").write_text(_article(1))
    (folder / "two.txt").write_text(_article(2))
    ingested = CliRunner().invoke(cli, ["ingest", str(folder)])
    assert ingested.exit_code == 0, ingested.output
    _wait_for_replay(primary, replica)
    assert get_engine().url.port == make_url(replica).port
    with TestClient(create_app()) as client:
        articles = client.get("/v1/articles")
        assert articles.status_code == 200, articles.text
        assert len(articles.json()["items"]) == 2
        quotes = client.get("/v1/quotes", params={"q": "summer"})
        assert quotes.status_code == 200 and quotes.json()["items"]


@needs_replica
def test_a_write_through_the_read_url_is_refused_clearly(
    tmp_path: Path, primary_and_replica: tuple[str, str]
) -> None:
    """Ingest, removal and migration pointed at the replica stop with one clear message
    (before: a failure per article, each a driver error and its SQL); the API's own session
    on the replica refuses a write with an error `is_read_only` recognises."""
    primary, replica = primary_and_replica
    _wait_for_replay(primary, replica)
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "one.txt").write_text(_article(1))
    for command in (["ingest", str(folder)], ["remove", "1"], ["migrate"]):
        result = CliRunner().invoke(cli, [*command, "--db", replica])
        assert result.exit_code == 2, result.output
        assert "refuses writes (a read replica?)" in result.output
        assert "Traceback" not in result.output
    sessions = get_session()
    session = next(sessions)
    with pytest.raises(DBAPIError) as refused:
        session.execute(text("INSERT INTO topics (slug, name, key) VALUES ('x', 'X', 'x')"))
    assert is_read_only(refused.value)
    sessions.close()


class _DriverError(Exception):
    """A driver's error as psycopg raises it: its SQLSTATE in `sqlstate`."""

    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(f"error {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "sqlstate, retried",
    [
        ("40P01", True),  # deadlock detected
        ("40001", True),  # serialization failure
        ("23505", True),  # unique violation: another writer stored the row first
        ("23503", False),  # foreign key violation: a bug, not a race
        ("25006", False),  # read-only transaction: trying again changes nothing
        (None, False),
    ],
)
def test_only_a_write_lost_to_another_writer_is_tried_again(
    sqlstate: str | None, retried: bool
) -> None:
    error = OperationalError("INSERT ...", {}, _DriverError(sqlstate))
    assert (writes._retry_pause(error, 0) is not None) is retried
    assert writes._retry_pause(error, writes.BUSY_RETRIES) is None
