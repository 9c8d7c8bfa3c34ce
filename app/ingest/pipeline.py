"""The ingest pipeline: read → clean → (parse → analyze) → store, with a report of what happened.

Articles already stored unchanged, and duplicates of stored articles, skip the NLP entirely.
The rest are parsed in batches bounded in characters, not in documents: spaCy's working memory
grows with the text in a batch (about 3 KB per character with en_core_web_sm), so a bound on
documents is no bound on memory. A body longer than one batch is parsed in pieces cut at
paragraph breaks and joined back into one `Doc`.

With `workers` > 1, parsing and analysis run in that many processes (each loads the model once).
Who writes depends on the database (`writes_in_workers`): on SQLite the calling process reads,
cleans and stores, in the input order (SQLite has a single writer, and the order keeps runs
reproducible); on PostgreSQL each worker also stores the articles it parsed, over its own
connection, and the calling process only reads, cleans and counts what the workers report.
Work is handed out in chunks, with a bounded number in flight, so memory does not grow with
the corpus.

A file that fails at any stage is reported and skipped; the others go on.
"""

import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.util import Finalize
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc
from sqlalchemy import Engine
from sqlmodel import Session

from app.config import get_settings
from app.db import make_engine
from app.ingest.analyze import analyze
from app.ingest.clean import clean
from app.ingest.document import CleanArticle, InputError, ParsedArticle
from app.ingest.nlp import MAX_CHARS, load_model
from app.ingest.read import ReadFailure, read_paths
from app.ingest.resolve import tidy_article
from app.ingest.store import Stored, already_stored, counts, store_article

BATCH_CHARS = 25_000
"""Characters given to spaCy at once, and the longest piece of a text parsed on its own. With
en_core_web_sm a batch this size costs about 100 MB on top of the model; larger batches were
not faster (within 5 %, measured on 200 news articles)."""

CHUNK_CHARS = 4 * BATCH_CHARS
"""Characters of articles sent to a worker process as one task."""

IN_FLIGHT_PER_WORKER = 2
"""Tasks queued per worker: enough to keep it busy, few enough to bound memory."""

PARALLEL_MIN_CHARS = 100_000
"""Below this much text to parse, worker processes are not started: loading the model in each
costs about as much as parsing 10,000 words."""


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    """A document with the same content as an article stored from another path or URL."""

    path: str
    same_as: str


@dataclass(frozen=True)
class Written:
    """What the store made of one parsed article, as a worker that writes reports it to the
    calling process: the article itself stays in the worker."""

    path: str
    stored: Stored
    words: int
    """Words of the body if it was stored (new or updated), else 0: the report's rate counts
    only the articles written."""


@dataclass
class IngestReport:
    documents: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    """Not stored: see `app.ingest.store.content_hash` for what counts as the same content."""
    undated: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    """Rows in the database after the run: articles, quotes, people, places, topics."""

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def add(self, path: str, stored: Stored) -> None:
        """Count what the store made of the document at `path`."""
        if stored.outcome == "duplicate":
            self.duplicates.append(Duplicate(path, stored.same_as or ""))
        else:
            setattr(self, stored.outcome, getattr(self, stored.outcome) + 1)


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


def resolve_workers(workers: int | None) -> int:
    """`workers` as given, or every core for 0 or None."""
    if workers is None or workers <= 0:
        return os.cpu_count() or 1
    return workers


def parsed(
    articles: Iterable[CleanArticle],
    topics_file: Path | None,
    on_failure: Callable[[Failure], None],
    *,
    workers: int = 1,
) -> Iterator[ParsedArticle]:
    """Parse and analyze articles, in their order, in this process or in `workers` processes
    (0: one per core). Articles that are too long or fail analysis are reported and skipped."""
    workers = resolve_workers(workers)
    if workers == 1:
        results = analyzed(load_model(), parseable(articles, on_failure), topics_file)
    else:
        results = _in_workers(parseable(articles, on_failure), topics_file, workers)
    for result in results:
        if isinstance(result, Failure):
            on_failure(result)
        else:
            yield result


def parseable(
    articles: Iterable[CleanArticle], on_failure: Callable[[Failure], None]
) -> Iterator[CleanArticle]:
    """The articles short enough to parse; the others are reported: spaCy's memory grows with
    the text, and `MAX_CHARS` keeps one article from taking more than a machine has."""
    for article in articles:
        size = len(article.body) + len(article.title)
        if size > MAX_CHARS:
            on_failure(
                Failure(
                    article.path,
                    f"too long to parse ({size:,} characters; the limit is {MAX_CHARS:,})",
                )
            )
            continue
        yield article


def analyzed(
    nlp: Language, articles: Iterable[CleanArticle], topics_file: Path | None
) -> Iterator[ParsedArticle | Failure]:
    """Each article's parse analyzed by the extraction rules, or the reason it could not be."""
    for article, body, title in parses(nlp, articles):
        try:
            yield tidy_article(analyze(article, body, title, topics_file))
        except Exception as error:  # one article's failure must not stop the others
            yield Failure(article.path, f"could not be analyzed: {error!r}")


def parses(
    nlp: Language, articles: Iterable[CleanArticle]
) -> Iterator[tuple[CleanArticle, Doc, Doc]]:
    """(article, body doc, title doc) for each article, in order, parsed in bounded batches."""
    pending: list[Doc] = []
    body: Doc | None = None
    for batch in parse_batches(articles):
        for doc, (article, part) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            pending.append(doc)
            if part == "body":
                body, pending = _joined(pending), []
            elif part == "title":
                assert body is not None
                yield article, body, _joined(pending)
                body, pending = None, []


Unit = tuple[str, tuple[CleanArticle, str | None]]
"""A text for spaCy, with its article and, on the last piece of a part, "body" or "title"."""


def parse_batches(articles: Iterable[CleanArticle]) -> Iterator[list[Unit]]:
    """The texts `parses` gives spaCy, in the batches it gives them: the benchmark times bare
    spaCy over exactly these."""

    def units() -> Iterator[Unit]:
        for article in articles:
            for part, text in (("body", article.body), ("title", article.title)):
                cut = pieces(text)
                for i, piece in enumerate(cut):
                    yield piece, (article, part if i == len(cut) - 1 else None)

    batch: list[Unit] = []
    size = 0
    for unit in units():
        batch.append(unit)
        size += len(unit[0])
        if size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def pieces(text: str, limit: int | None = None) -> list[str]:
    """`text` cut into pieces of at most `limit` (default `BATCH_CHARS`) characters that join
    back into it: at the last paragraph break that fits, else a line break, a sentence end or a
    space."""
    limit = limit or BATCH_CHARS
    cut: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        stop = end
        for mark in ("\n\n", "\n", ". ", " "):
            found = text.rfind(mark, start, end)
            if found >= start:
                stop = found + len(mark)
                break
        cut.append(text[start:stop])
        start = stop
    cut.append(text[start:])
    return cut


def _joined(docs: list[Doc]) -> Doc:
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def _in_workers(
    articles: Iterable[CleanArticle], topics_file: Path | None, workers: int
) -> Iterator[ParsedArticle | Failure]:
    """`analyzed` in `workers` processes, results in input order, at most
    `IN_FLIGHT_PER_WORKER` chunks per worker queued; small jobs stay in this process."""
    waiting, chunks = _first_chunks(articles)
    if chunks is None:
        yield from analyzed(load_model(), (a for chunk in waiting for a in chunk), topics_file)
        return
    pool = _pool(workers, _start_worker, ())
    yield from _in_order(pool, _analyze_chunk, waiting, chunks, topics_file, workers)


def writes_in_workers(engine: Engine, workers: int) -> bool:
    """Whether worker processes store the articles they parsed, each over its own connection,
    rather than hand them back for the calling process to store: on PostgreSQL with more than
    one worker. PostgreSQL locks rows, not the database, so writers run side by side (the
    store's advisory locks, `ON CONFLICT` keys and retries make that safe, as for separate
    `verbatim ingest` processes); storing is then parallel too, and the parsed articles never
    cross between processes. SQLite lets one connection write at a time: workers that write
    would only queue for its lock, so there the calling process writes, in the input order."""
    return workers > 1 and engine.dialect.name == "postgresql"


def _written_in_workers(
    articles: Iterable[CleanArticle],
    topics_file: Path | None,
    workers: int,
    session: Session,
) -> Iterator[Written | Failure]:
    """Each article parsed, analyzed and stored by one of `workers` processes
    (`_store_chunk`), the outcomes in input order; a small job stays in this process, which
    stores it over `session`."""
    waiting, chunks = _first_chunks(articles)
    if chunks is None:
        flat = (a for chunk in waiting for a in chunk)
        for result in analyzed(load_model(), flat, topics_file):
            yield result if isinstance(result, Failure) else written(session, result)
        return
    bind = session.get_bind()
    url = bind.url.render_as_string(hide_password=False)
    pool = _pool(workers, _start_writer, (url,))
    yield from _in_order(pool, _store_chunk, waiting, chunks, topics_file, workers)


def _first_chunks(
    articles: Iterable[CleanArticle],
) -> tuple[list[list[CleanArticle]], Iterator[list[CleanArticle]] | None]:
    """The first chunks of `articles`, up to `PARALLEL_MIN_CHARS` of text, and the iterator
    of the rest; None for the rest when that much text was never reached (a job too small
    to be worth starting workers)."""
    chunks = _chunks(articles)
    waiting: list[list[CleanArticle]] = []
    size = 0
    for chunk in chunks:
        waiting.append(chunk)
        size += sum(len(a.body) for a in chunk)
        if size >= PARALLEL_MIN_CHARS:
            return waiting, chunks
    return waiting, None


def _pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[object, ...]
) -> ProcessPoolExecutor:
    spawn = get_context("spawn")  # fork would copy the parent's SQLite connection and threads
    return ProcessPoolExecutor(
        workers, mp_context=spawn, initializer=initializer, initargs=initargs
    )


_Result = TypeVar("_Result")


def _in_order(
    pool: ProcessPoolExecutor,
    task: Callable[[list[CleanArticle], Path | None], list[_Result]],
    waiting: list[list[CleanArticle]],
    chunks: Iterator[list[CleanArticle]],
    topics_file: Path | None,
    workers: int,
) -> Iterator[_Result]:
    """`task` over every chunk in `pool`, results in input order, at most
    `IN_FLIGHT_PER_WORKER` chunks per worker queued; the pool is shut down at the end."""
    queued: deque[Future[list[_Result]]] = deque()
    try:
        for chunk in itertools.chain(waiting, chunks):
            queued.append(pool.submit(task, chunk, topics_file))
            if len(queued) >= IN_FLIGHT_PER_WORKER * workers:
                yield from queued.popleft().result()
        while queued:
            yield from queued.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(articles: Iterable[CleanArticle]) -> Iterator[list[CleanArticle]]:
    chunk: list[CleanArticle] = []
    size = 0
    for article in articles:
        chunk.append(article)
        size += len(article.body)
        if size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _start_worker() -> None:
    load_model()


def _analyze_chunk(
    chunk: list[CleanArticle], topics_file: Path | None
) -> list[ParsedArticle | Failure]:
    return list(analyzed(load_model(), chunk, topics_file))


_writer: Session | None = None
"""A writing worker's session (`_start_writer`): one per process, as a separate `verbatim
ingest` has; each article is still its own transaction."""


def _start_writer(url: str) -> None:
    """Load the model and open this worker's own engine on the (already migrated) database at
    `url`: a connection is never shared between processes. The engine is disposed when the
    worker exits (`Finalize`: a pool's workers end without running `atexit`), so the server
    sees the connections closed rather than dropped."""
    global _writer
    load_model()
    engine = make_engine(url)
    _writer = Session(engine)
    Finalize(_writer, engine.dispose, exitpriority=10)


def _store_chunk(chunk: list[CleanArticle], topics_file: Path | None) -> list[Written | Failure]:
    """What became of each article of `chunk`, parsed, analyzed and stored in this worker."""
    assert _writer is not None, "_start_writer did not run"
    return [
        result if isinstance(result, Failure) else written(_writer, result)
        for result in analyzed(load_model(), chunk, topics_file)
    ]


def written(session: Session, result: ParsedArticle) -> Written | Failure:
    """Store one parsed article over `session` (its own transaction, committed or rolled back
    whole): what became of it, or why it could not be stored. One article's failure must not
    stop the others."""
    try:
        stored = store_article(session, result)
    except Exception as error:
        return Failure(result.article.path, f"could not be stored: {error}")
    words = len(result.article.body.split()) if stored.outcome in ("new", "updated") else 0
    return Written(result.article.path, stored, words)


def ingest_paths(
    paths: Sequence[Path],
    engine: Engine,
    *,
    workers: int = 1,
    show_progress: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the database at `engine` (already migrated), parsing in
    `workers` processes (0: one per core), which also store on PostgreSQL
    (`writes_in_workers`)."""
    report = IngestReport()
    started = time.perf_counter()
    topics_file = get_settings().topics_file
    workers = resolve_workers(workers)

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
                known = already_stored(session, article)
                # End the lookup's transaction: while workers write, this session would
                # otherwise sit idle in one for the whole run, holding its table locks.
                session.commit()
                if known is not None:
                    report.add(article.path, known)
                    advance()
                    continue
                yield article

        results: Iterator[Written | Failure]
        if writes_in_workers(engine, workers):
            results = _written_in_workers(
                parseable(to_parse(), fail), topics_file, workers, session
            )
        else:
            results = (
                written(session, result)
                for result in parsed(to_parse(), topics_file, fail, workers=workers)
            )
        for result in results:
            if isinstance(result, Failure):
                fail(result)
                continue
            report.words += result.words
            report.add(result.path, result.stored)
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
