"""`verbatim` command line: migrate, ingest, extract, remove, serve."""

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app import __version__
from app.config import get_settings
from app.db import is_read_only, make_engine, refuses_writes, upgrade_database
from app.ingest.document import ParsedArticle, Statement
from app.ingest.pipeline import Failure, IngestReport, cleaned, ingest_paths, parsed
from app.ingest.store import counts, find_articles, remove_articles

app = typer.Typer(help="Verbatim: who said what in the news.", no_args_is_help=True)
errors = Console(stderr=True, soft_wrap=True)
"""Messages go to stderr unwrapped, one line each, so that logs can be grepped."""

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: VERBATIM_DATABASE_URL or ./data)."),
]
PathsArgument = Annotated[list[Path], typer.Argument(help="Files or folders of articles.")]


def _use_database(db: str | None) -> str:
    """Make `--db` the setting for everything in this process (the API reads it too)."""
    if db:
        os.environ["VERBATIM_DATABASE_URL"] = db
        get_settings.cache_clear()
    return get_settings().database_url


def _refuse_read_only(url: str) -> typer.Exit:
    """The one clear error for a database that takes no writes (a read replica's URL given
    where the primary's belongs), instead of a traceback or a failure per article."""
    shown = make_url(url).render_as_string(hide_password=True)
    errors.print(
        f"[red]read-only[/red] the database at {shown} refuses writes (a read replica?): "
        "migrate, ingest and remove write to the primary; replicas are only for the API's "
        "reads (VERBATIM_READ_DATABASE_URL)",
        highlight=False,
    )
    return typer.Exit(code=2)


def _migrated(url: str) -> None:
    """Bring the database at `url` to the newest migration, or stop with `_refuse_read_only`."""
    try:
        upgrade_database(url)
    except DBAPIError as error:
        if is_read_only(error):
            raise _refuse_read_only(url) from None
        raise


def _writer(url: str) -> Engine:
    """A migrated read-write engine on `url`; a database that only reads stops the command
    before any work (its migrations may be current, so migrating proves nothing)."""
    _migrated(url)
    engine = make_engine(url)
    if refuses_writes(engine):
        engine.dispose()
        raise _refuse_read_only(url)
    return engine


def _report_failure(failure: Failure) -> None:
    errors.print(f"[red]skipped[/red] {failure.path}: {failure.reason}", highlight=False)


def _print_version(value: bool) -> None:
    """Eager: runs before a command is required, so `verbatim --version` alone works."""
    if value:
        typer.echo(f"verbatim {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Verbatim: who said what in the news."""


@app.command()
def migrate(db: DbOption = None) -> None:
    """Create or upgrade the database schema (Alembic)."""
    url = _use_database(db)
    _writer(url).dispose()
    errors.print(f"database at {url} is up to date")


def _workers(value: str | int) -> int:
    """A count of processes; 0 or "auto" for one per core."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return 0
    try:
        count = int(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a number of processes or 'auto'") from None
    if count < 0:
        raise typer.BadParameter("cannot be negative")
    return count


WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        parser=_workers,
        metavar="N|auto",
        help="Processes that parse and extract (0 or auto: one per core); on PostgreSQL "
        "each also writes its own articles, on SQLite this one writes them all. Worth it "
        "from a few dozen articles: each loads the model.",
    ),
]


@app.command()
def ingest(paths: PathsArgument, db: DbOption = None, workers: WorkersOption = 1) -> None:
    """Ingest article files (plain text, HTML, JSON Lines) or folders of them."""
    engine = _writer(_use_database(db))
    try:
        report = ingest_paths(
            paths,
            engine,
            workers=workers,
            show_progress=sys.stderr.isatty(),
            on_failure=_report_failure,
        )
    finally:
        engine.dispose()
    _print_summary(report)
    if report.failures:
        raise typer.Exit(code=1)


def _print_summary(report: IngestReport) -> None:
    for duplicate in report.duplicates:
        errors.print(
            f"duplicate {duplicate.path}: same content as {duplicate.same_as}", highlight=False
        )
    duplicates = f"{len(report.duplicates)} duplicate, " if report.duplicates else ""
    errors.print(
        f"{report.documents + len(report.failures)} documents: "
        f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged, "
        f"{duplicates}{len(report.failures)} failed; {report.undated} without a date\n"
        f"{_database_line(report.totals)}\n"
        f"{report.words} words in {report.seconds:.1f} s "
        f"({report.words_per_second:.0f} words/s)",
        highlight=False,
    )


def _database_line(totals: dict[str, int]) -> str:
    return (
        f"database: {totals.get('articles', 0)} articles, {totals.get('quotes', 0)} quotes, "
        f"{totals.get('people', 0)} people, {totals.get('places', 0)} places, "
        f"{totals.get('topics', 0)} topics"
    )


TargetsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Articles: ids, URLs, or paths (a file's article, every record of a JSON Lines "
        "file, or a path as ingest showed it, such as feed.jsonl:3).",
        metavar="ARTICLE...",
    ),
]


@app.command()
def remove(targets: TargetsArgument, db: DbOption = None) -> None:
    """Remove articles with their quotes, and the people, places and topics only they named,
    all in one transaction. Nothing is removed if any ARTICLE is not found."""
    engine = _writer(_use_database(db))
    try:
        with Session(engine) as session:
            found = find_articles(session, targets)
            missing = [target for target, ids in found.items() if not ids]
            for target in missing:
                errors.print(
                    f"[red]not found[/red] {target}: no article has this id, URL or path",
                    highlight=False,
                )
            if missing:
                errors.print("nothing removed", highlight=False)
                raise typer.Exit(code=1)
            removed = remove_articles(session, [i for ids in found.values() for i in ids])
            its = "article and its" if removed.articles == 1 else "articles and their"
            errors.print(
                f"removed {removed.articles} {its} {removed.quotes} quotes\n"
                f"{_database_line(counts(session))}",
                highlight=False,
            )
    finally:
        engine.dispose()


BodyOption = Annotated[
    bool,
    typer.Option(
        "--body",
        help="Add each article's cleaned text as `body` (quote offsets point into it), to "
        "check what the cleaner kept of a page.",
    ),
]


@app.command()
def extract(paths: PathsArgument, body: BodyOption = False) -> None:
    """Run the extraction without a database: one JSON object per article on stdout."""
    failures: list[Failure] = []

    def fail(failure: Failure) -> None:
        failures.append(failure)
        _report_failure(failure)

    topics_file = get_settings().topics_file
    for result in parsed(cleaned(paths, fail), topics_file, fail):
        record = as_json(result)
        if body:
            record["body"] = result.article.body
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failures:
        raise typer.Exit(code=1)


def _speaker_json(statement: Statement) -> dict[str, object] | None:
    """Who said it: the resolved person or organisation, or else the words the text used
    ("the newspaper", "he") with `resolved: false`, so that no attribution is lost."""
    speaker = statement.speaker
    if speaker is not None:
        return {"name": speaker.name, "kind": speaker.kind, "role": speaker.role, "resolved": True}
    if statement.speaker_mention:
        return {"name": statement.speaker_mention, "kind": None, "role": None, "resolved": False}
    return None


def as_json(result: ParsedArticle) -> dict[str, object]:
    article = result.article
    return {
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "byline": article.byline,
        "dateline": article.dateline,
        "quotes": [
            {
                "text": s.text,
                "kind": s.kind,
                "speaker": _speaker_json(s),
                "speaker_mention": s.speaker_mention,
                "reported_by": s.reported_by,
                "cue": s.cue,
                "start": s.start,
                "end": s.end,
                "date": s.date.isoformat() if s.date else None,
                "topics": s.topics,
                "places": s.places,
            }
            for s in result.statements
        ],
        "people": [
            {"name": e.name, "kind": e.kind, "role": e.role, "aliases": e.aliases}
            for e in result.people
        ],
        "places": [
            {"name": p.name, "kind": p.kind, "country_code": p.country_code, "aliases": p.aliases}
            for p in result.places
        ],
        "topics": [{"slug": t.slug, "name": t.name} for t in result.topics],
    }


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            parser=_workers,
            metavar="N|auto",
            help="Server processes (uvicorn workers; 0 or auto: one per core). Each has its "
            "own request slots and connection pool; SQLite readers do not block each other, "
            "so throughput grows with cores.",
        ),
    ] = 1,
) -> None:
    """Serve the HTTP API (uvicorn); the schema is migrated first."""
    import uvicorn

    _migrated(_use_database(db))
    # Workers are new processes that build the app from the environment, where `--db` is.
    uvicorn.run("app.main:app", host=host, port=port, workers=workers or os.cpu_count() or 1)


if __name__ == "__main__":
    app()
