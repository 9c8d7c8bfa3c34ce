"""The ingest pipeline: read → clean → (parse → analyze) → store, with a report of what happened.

Articles already stored unchanged skip the NLP entirely; the rest are parsed in batches with
`nlp.pipe`. A file that fails at any stage is reported and skipped; the others go on.
"""

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.config import get_settings
from app.ingest.analyze import analyze
from app.ingest.clean import clean
from app.ingest.document import CleanArticle, InputError, ParsedArticle
from app.ingest.nlp import load_model
from app.ingest.read import ReadFailure, read_paths
from app.ingest.store import counts, is_unchanged, store_article

BATCH_SIZE = 16


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


@dataclass
class IngestReport:
    documents: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    undated: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    """Rows in the database after the run: articles, quotes, people, places, topics."""

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def cleaned(paths: Sequence[Path], on_failure: Callable[[Failure], None]) -> Iterator[CleanArticle]:
    """Read and clean every document under `paths`, reporting the ones that cannot be used."""
    for item in read_paths(paths):
        if isinstance(item, ReadFailure):
            on_failure(Failure(item.path, item.reason))
            continue
        try:
            yield clean(item)
        except InputError as error:
            on_failure(Failure(item.path, str(error)))


def parsed(articles: Iterable[CleanArticle], topics_file: Path | None) -> Iterator[ParsedArticle]:
    """Run the spaCy model over bodies and titles in batches, then the extraction rules."""
    nlp = load_model()

    def texts() -> Iterator[tuple[str, tuple[CleanArticle, str]]]:
        for article in articles:
            yield article.body, (article, "body")
            yield article.title, (article, "title")

    body_doc = None
    for doc, (article, part) in nlp.pipe(texts(), as_tuples=True, batch_size=BATCH_SIZE):
        if part == "body":
            body_doc = doc
            continue
        yield analyze(article, body_doc, doc, topics_file)


def ingest_paths(
    paths: Sequence[Path],
    engine: Engine,
    *,
    show_progress: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the database at `engine` (already migrated)."""
    report = IngestReport()
    started = time.perf_counter()
    topics_file = get_settings().topics_file

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    with Session(engine) as session, _progress(show_progress) as advance:

        def to_parse() -> Iterator[CleanArticle]:
            for article in cleaned(paths, fail):
                report.documents += 1
                if article.published is None:
                    report.undated += 1
                if is_unchanged(session, article):
                    report.unchanged += 1
                    advance()
                    continue
                yield article

        for result in parsed(to_parse(), topics_file):
            try:
                outcome = store_article(session, result)
            except Exception as error:  # one article's failure must not stop the others
                fail(Failure(result.article.path, f"could not be stored: {error}"))
                continue
            report.words += len(result.article.body.split())
            setattr(report, outcome, getattr(report, outcome) + 1)
            advance()
        report.totals = counts(session)
    report.seconds = time.perf_counter() - started
    return report


class _progress:
    """A live counter of stored articles on a terminal; nothing when output is redirected."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
        )
        self._bar.__enter__()
        task = self._bar.add_task("ingesting", total=None)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._bar.__exit__(None, None, None)
