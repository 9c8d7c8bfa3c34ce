"""The `verbatim` command line, run in process with typer's CliRunner (`serve`, which does not
return, as a subprocess)."""

import importlib.metadata
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner, Result

from app import __version__
from app.cli import app
from app.config import get_settings
from app.db import make_engine
from tests.api.server import running_server, worker_processes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REUTERS = SEEDS / "000_62128d0bbe379d49.txt"


@pytest.fixture(autouse=True)
def isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """`--db` writes VERBATIM_DATABASE_URL into the process: set it here so that monkeypatch
    restores it after each test, to a file no command should touch without `--db`."""
    monkeypatch.setenv("VERBATIM_DATABASE_URL", f"sqlite:///{tmp_path / 'default.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def unwrapped(output: str) -> str:
    """Rich wraps stderr at 80 columns when it is not a terminal; compare without whitespace."""
    return re.sub(r"\s+", "", output)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """The two seed articles, an empty file and a binary file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.bin").write_bytes(b"\x89PNG\x00\x00\x00data")
    return folder


def test_ingest_stores_good_files_and_names_bad_ones(tmp_path: Path, inbox: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = invoke("ingest", "--db", url, str(inbox))
    assert result.exit_code == 1
    assert unwrapped(f"skipped {inbox / 'empty.txt'}: empty file") in unwrapped(result.stderr)
    assert unwrapped(
        f"skipped {inbox / 'blob.bin'}: binary file (contains NUL bytes)"
    ) in unwrapped(result.stderr)
    assert unwrapped("4 documents: 2 new, 0 updated, 0 unchanged, 2 failed") in unwrapped(
        result.stderr
    )
    assert result.stdout == ""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            paths = connection.execute(text("SELECT path FROM articles ORDER BY path")).all()
    finally:
        engine.dispose()
    assert [Path(p).name for (p,) in paths] == [s.name for s in sorted(SEEDS.glob("*.txt"))]


def test_second_ingest_finds_the_articles_unchanged(tmp_path: Path, inbox: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = invoke("ingest", "--db", url, str(inbox))
    second = invoke("ingest", "--db", url, str(inbox))
    assert "2 new" in first.stderr
    assert unwrapped("0 new, 0 updated, 2 unchanged, 2 failed") in unwrapped(second.stderr)
    summary = re.compile(r"database: .*")
    assert summary.findall(first.stderr) == summary.findall(second.stderr)


def test_ingest_of_good_files_exits_zero(tmp_path: Path) -> None:
    result = invoke("ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}", str(REUTERS))
    assert result.exit_code == 0, result.output
    assert "1 documents: 1 new" in result.stderr
    assert not (tmp_path / "default.db").exists()


def test_failure_message_is_one_line_whatever_the_path_length(tmp_path: Path) -> None:
    missing = tmp_path / ("long-folder-name-" * 5) / "missing.txt"
    result = invoke("ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}", str(missing))
    assert f"skipped {missing}: file not found\n" in result.stderr


def test_extract_prints_one_json_line_per_article() -> None:
    result = invoke("extract", str(REUTERS))
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    article = json.loads(line)
    assert article["path"] == str(REUTERS)
    assert article["title"] == (
        "Russia is ready to resume talks with Ukraine in Istanbul, foreign ministry official says"
    )
    assert (article["published"], article["source"]) == ("2025-11-12", "Reuters")
    [quote] = [
        q
        for q in article["quotes"]
        if q["text"] == "The Russian team is ready for this, the ball is in the Ukrainian court"
    ]
    assert quote["kind"] == "direct"
    assert quote["speaker"]["name"] == "Alexei Polishchuk"
    assert quote["speaker_mention"] == "he"
    assert {"slug": "istanbul-talks", "name": "Istanbul talks"} in article["topics"]


def test_extract_body_adds_the_cleaned_text_that_quote_offsets_point_into() -> None:
    plain = json.loads(invoke("extract", str(REUTERS)).stdout)
    result = invoke("extract", "--body", str(REUTERS))
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert "body" not in plain
    assert article["body"].startswith("Russia is ready")
    for quote in article["quotes"]:
        if quote["kind"] != "indirect":
            assert article["body"][quote["start"] : quote["end"]] == quote["text"]


def test_extract_of_a_missing_file_fails_with_a_reason(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = invoke("extract", str(missing))
    assert result.exit_code != 0
    assert result.stdout == ""
    assert unwrapped(f"{missing}: file not found") in unwrapped(result.stderr)


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = invoke("migrate", "--db", url)
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(text("SELECT name FROM sqlite_master")).scalars().all()
    finally:
        engine.dispose()
    assert {"articles", "quotes", "people", "quotes_fts"} <= set(tables)


def test_no_arguments_shows_help() -> None:
    result = invoke()
    assert "migrate" in result.output and "ingest" in result.output


HANDWRITTEN = {
    "harbour.txt": "Harbour reopens\n\n"
    '"The harbour is open again," Mayor Anna Berg said on Monday in Bergen.\n\n'
    "Berg said the repairs had cost less than planned.",
    "budget.txt": "Budget passes\n\n"
    '"This budget protects schools," Finance Minister Lars Holm told reporters in Oslo.\n\n'
    '"We did not cut a single teacher," Holm said.',
    "strike.txt": "Strike ends\n\n"
    "Union leader Kari Dahl said the strike was over after talks in Trondheim.\n\n"
    '"Our members voted yes," Dahl said, adding that Anna Berg had helped.',
}


def contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                "quotes": connection.execute(
                    text(
                        "SELECT a.path, q.text, q.kind, q.start, p.name FROM quotes q "
                        "JOIN articles a ON a.id = q.article_id "
                        "LEFT JOIN people p ON p.id = q.speaker_id ORDER BY a.path, q.start"
                    )
                ).all(),
                "people": connection.execute(
                    text(
                        "SELECT p.name, count(ap.article_id), sum(ap.mentions) FROM people p "
                        "JOIN article_people ap ON ap.person_id = p.id "
                        "GROUP BY p.name ORDER BY p.name"
                    )
                ).all(),
                "articles": connection.execute(
                    text("SELECT path, title, word_count FROM articles ORDER BY id")
                ).all(),
            }
    finally:
        engine.dispose()


def test_two_workers_store_what_one_process_stores(
    tmp_path: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes are spawned (each loads the model): one such test is enough."""
    from app.ingest import pipeline

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_CHARS", 0)  # even this small job
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 1)  # one article per task: order matters
    for name, body in HANDWRITTEN.items():
        (inbox / name).write_text(body, encoding="utf-8")
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"

    first = invoke("ingest", "--db", one, str(inbox))
    parallel = invoke("ingest", "--db", two, "--workers", "2", str(inbox))
    again = invoke("ingest", "--db", two, "--workers", "2", str(inbox))

    assert parallel.exit_code == 1
    assert unwrapped(f"skipped {inbox / 'empty.txt'}: empty file") in unwrapped(parallel.stderr)
    assert unwrapped("7 documents: 5 new, 0 updated, 0 unchanged, 2 failed") in unwrapped(
        parallel.stderr
    )
    assert contents(two) == contents(one)
    assert contents(two)["quotes"]
    assert unwrapped("0 new, 0 updated, 5 unchanged, 2 failed") in unwrapped(again.stderr)
    assert contents(two) == contents(one)
    summary = re.compile(r"database: .*")
    assert summary.findall(first.stderr) == summary.findall(again.stderr)


@pytest.mark.parametrize("value", ["-1", "many"])
def test_workers_must_be_a_count_or_auto(tmp_path: Path, value: str) -> None:
    result = invoke("ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--workers", value, ".")
    assert result.exit_code == 2
    assert "--workers" in result.output


def test_version_prints_the_package_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"verbatim {__version__}\n"


def test_version_is_the_installed_package_version() -> None:
    """`app.__version__` is what the API and the CLI report: it must not drift from
    pyproject.toml's, which pip records."""
    assert __version__ == importlib.metadata.version("verbatim")


HARBOUR_PAGE = Path(__file__).resolve().parent / "fixtures" / "articles" / "harbour.html"


def test_extract_gives_each_article_its_url(tmp_path: Path) -> None:
    """The page's canonical link, the record's `url`, or null for a plain text file."""
    records = tmp_path / "feed.jsonl"
    records.write_text(
        json.dumps({"url": "https://news.example/budget", "text": HANDWRITTEN["budget.txt"]})
        + "\n",
        encoding="utf-8",
    )
    plain = tmp_path / "harbour.txt"
    plain.write_text(HANDWRITTEN["harbour.txt"], encoding="utf-8")

    result = invoke("extract", str(HARBOUR_PAGE), str(records), str(plain))

    assert result.exit_code == 0, result.output
    urls = [json.loads(line)["url"] for line in result.stdout.splitlines()]
    assert urls == [
        "https://courier.example/news/harbour-ferry",
        "https://news.example/budget",
        None,
    ]


def pdf_file(folder: Path, name: str) -> Path:
    """The start of a real PDF (NUL bytes and all), whatever its name says."""
    path = folder / name
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00endobj\n")
    return path


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_urls_and_pdfs_are_refused_by_name_and_the_rest_is_read(
    tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    story = folder / "harbour.txt"
    story.write_text(HANDWRITTEN["harbour.txt"], encoding="utf-8")
    pdfs = [pdf_file(folder, "report.pdf"), pdf_file(folder, "scan.txt")]
    url = "https://news.example/2025/03/harbour-ferry"
    database = ("--db", f"sqlite:///{tmp_path / 'x.db'}") if command == "ingest" else ()

    result = invoke(command, *database, url, str(folder))

    assert result.exit_code == 1
    stderr = unwrapped(result.stderr)
    assert (
        unwrapped(f"skipped {url}: URLs are not supported; save the page and ingest the file")
        in stderr
    )
    for pdf in pdfs:
        assert unwrapped(f"skipped {pdf}: PDF is not supported") in stderr
    assert "filenotfound" not in stderr and "binaryfile" not in stderr
    if command == "ingest":
        assert unwrapped("4 documents: 1 new, 0 updated, 0 unchanged, 3 failed") in stderr
    else:
        [article] = [json.loads(line) for line in result.stdout.splitlines()]
        assert article["path"] == str(story)


def test_serve_with_workers_runs_them_on_the_db_option(seeded_engine: Engine) -> None:
    """Workers are new processes that build the app from the environment: each must get
    `--db` (without it they would open ./data/verbatim.db, or fail)."""
    url = seeded_engine.url.render_as_string(hide_password=False)
    with seeded_engine.connect() as connection:
        articles = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
    with running_server(url, "--workers", "2") as server:
        workers = worker_processes(server.pid)
        answers = []
        for _ in range(8):
            with httpx.Client(base_url=server.base, timeout=10) as client:
                answers.append(client.get("/v1/health").json()["articles"])
    assert len(workers) == 2
    assert answers == [articles] * 8
