"""How much extraction and storage cost on top of spaCy: ingest speed against bare `nlp.pipe`.

    .venv/bin/python bench/ingest.py [--corpus PATH] [--articles N] [--workers N] [--repeat R]
        [--db postgresql://USER@HOST:PORT/DB]

One run, on one corpus written to a temporary folder of .txt files, measures:

(a) bare spaCy: `nlp.pipe` over exactly the texts the ingest parses, cut and batched by the
    same code (`app.ingest.pipeline.parse_batches`), with the same model and pipes
    (`app.ingest.nlp.load_model`), in a new process (as the ingest runs in one: a process that
    has parsed before is faster), after loading the model and parsing one seed article. Only
    the `nlp.pipe` calls are timed (not reading, cleaning or cutting the texts).
(b) `verbatim ingest FOLDER --db sqlite:///...` into a new database, run as a subprocess and
    timed from start to exit. Its start-up (Python imports, migrating a new database, loading
    the model and the word lists the rules load on first use) is measured by the same command
    on a folder of one seed article, and the rate is the marginal one: (words - words of the
    seed) / (seconds - seconds for the seed). So neither (a) nor (b) includes model loading.
(c) the same ingest with `--workers N`; the speed-up over (b) is given both end to end and
    without the start-up of (b) (workers load their models while the parent starts up, so this
    is approximate).
(d), (e) with `--db`, a PostgreSQL server: (b) and (c) again into a new database on that server
    (created for each run, dropped at the end; the URL's own database is only connected to),
    with a start-up run of its own (migrating a new PostgreSQL database costs more). There
    `--workers N` has each worker store its own articles (`writes_in_workers`), so the two
    databases are compared on the same articles, in the same run, each against the same (a).
    The server's own processes are not the ingest's: their CPU time shows in `others`, not in
    `CPU s`, and their memory is not in the peak.

words/s counts the words of the article bodies (`str.split`), as `verbatim ingest` reports.
b/a is the ratio of words/s. Wall time suffers from other load on the machine, so CPU time
(user + system, of all processes of the run) is given too: for a single process it is the
fairer ratio. With `--repeat R` each measurement is taken R times and the fastest kept.

Peak memory of an ingest is the largest sum of the resident set sizes of its processes (the
ingest and its workers), sampled every 0.1 s from /proc, and the largest single process as the
kernel counted it (`ru_maxrss` from `wait4`, never missed by sampling).

The corpus: `--corpus` (a folder of .txt files, a .txt file or a .jsonl file with a `text`
field), else the evaluation set at /work/shared/eval/dev.jsonl when present, else the articles
in seeds/. `--articles N` repeats it, in order, up to N articles (default: its size).
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.ingest.nlp import load_model
from app.ingest.pipeline import Failure, cleaned, parse_batches, parses

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = Path("/work/shared/eval/dev.jsonl")
SEEDS = ROOT / "seeds"
VERBATIM = Path(sys.executable).parent / "verbatim"


def main() -> None:
    options = _options()
    if options.bare_spacy:
        print(json.dumps(vars(_bare_spacy(options.bare_spacy))))
        return
    source, texts = _corpus(options.corpus)
    count = options.articles or len(texts)
    with tempfile.TemporaryDirectory(prefix="verbatim-bench-") as tmp:
        work = Path(tmp)
        folder = _write_corpus(work / "articles", texts, count)
        probe = work / "probe"
        probe.mkdir()
        (probe / "probe.txt").write_text(_first_seed().read_text(encoding="utf-8"))

        print(
            f"corpus: {source}, {count} articles; {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.1f} at start",
            flush=True,
        )
        bare = startup = single = multi = None
        server: list[Run | None] = [None, None, None]
        for _ in range(options.repeat):
            bare = _best(bare, _in_new_process(folder))
            startup = _best(startup, _ingest(probe, _new_sqlite(work / "probe.db"), 1))
            single = _best(single, _ingest(folder, _new_sqlite(work / "single.db"), 1))
            multi = _best(multi, _ingest(folder, _new_sqlite(work / "multi.db"), options.workers))
            if options.db:
                runs = [(probe, 1), (folder, 1), (folder, options.workers)]
                for i, (articles, workers) in enumerate(runs):
                    with _new_postgres(options.db, f"run{i}") as url:
                        server[i] = _best(server[i], _ingest(articles, url, workers))
        assert bare and startup and single and multi
        _print_table(bare, startup, single, multi, options.workers)
        if options.db:
            pg_startup, pg_single, pg_multi = server
            assert pg_startup and pg_single and pg_multi
            postgres = (pg_startup, pg_single, pg_multi)
            _print_postgres(bare, (startup, single, multi), postgres, options)


@dataclass
class Run:
    seconds: float
    cpu: float
    words: int = 0
    peak_mb: float = 0.0
    """Largest sum of resident memory over the run's processes."""
    largest_mb: float = 0.0
    """Largest single process."""
    others: float = 0.0
    """Cores kept busy meanwhile by other processes (this benchmark's sampler included)."""

    def rate(self, startup: "Run | None" = None) -> float:
        """Words per second; with `startup`, the marginal rate: what this run took more than
        the start-up run, for the words it had more."""
        if startup is None:
            return self.words / self.seconds
        return (self.words - startup.words) / (self.seconds - startup.seconds)

    def cpu_rate(self, startup: "Run | None" = None) -> float:
        if startup is None:
            return self.words / self.cpu
        return (self.words - startup.words) / (self.cpu - startup.cpu)


def _best(old: Run | None, new: Run) -> Run:
    return new if old is None or new.seconds < old.seconds else old


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="folder of .txt, a .txt or a .jsonl (text)")
    parser.add_argument("--articles", type=int, help="repeat the corpus up to N articles")
    parser.add_argument("--workers", type=int, default=2, help="workers for (c); default 2")
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of R runs")
    parser.add_argument(
        "--db",
        help="also measure (b) and (c) into PostgreSQL: a server's URL (postgresql://...), "
        "on which the benchmark creates and drops databases of its own",
    )
    parser.add_argument("--bare-spacy", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def _corpus(path: Path | None) -> tuple[str, list[str]]:
    if path is None:
        path = DEV_SET if DEV_SET.exists() else SEEDS
    if path.is_dir():
        files = sorted(path.glob("*.txt"))
        texts = [f.read_text(encoding="utf-8") for f in files]
    elif path.suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()]
    else:
        texts = [path.read_text(encoding="utf-8")]
    if not texts:
        sys.exit(f"no articles in {path}")
    return str(path), texts


def _write_corpus(folder: Path, texts: list[str], count: int) -> Path:
    """Article i is text i modulo the corpus size. A repeat gets its round number after its
    first line (the title), so that it is another article, which the ingest parses and stores
    again, rather than a duplicate of one stored, which it would skip."""
    folder.mkdir()
    for i in range(count):
        text = texts[i % len(texts)]
        if repeat := i // len(texts):
            title, _, rest = text.partition("\n")
            text = f"{title} ({repeat + 1})\n{rest}"
        (folder / f"{i:07d}.txt").write_text(text, encoding="utf-8")
    return folder


def _bare_spacy(folder: Path) -> Run:
    failures: list[Failure] = []
    nlp = load_model()
    for _ in parses(nlp, cleaned([_first_seed()], failures.append)):
        pass  # warm-up, as the ingest's start-up parses the seed
    seconds = cpu = busy = 0.0
    words = 0
    for batch in parse_batches(cleaned([folder], failures.append)):
        words += sum(len(text.split()) for text, (_, part) in batch if part == "body")
        started, started_cpu, started_busy = time.perf_counter(), time.process_time(), _busy()
        for _ in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            pass
        seconds += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        busy += _busy() - started_busy
    if failures:
        sys.exit(f"the corpus has unreadable articles: {failures[:3]}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Run(seconds, cpu, words, peak_mb, peak_mb, max(0.0, busy - cpu) / seconds)


def _first_seed() -> Path:
    return sorted(SEEDS.glob("*.txt"))[0]


def _in_new_process(folder: Path) -> Run:
    command = [sys.executable, __file__, "--bare-spacy", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bare spaCy run failed:\n{done.stderr}")
    return Run(**json.loads(done.stdout))


def _new_sqlite(db: Path) -> str:
    """The URL of a new SQLite database at `db` (a file left by the last repeat removed)."""
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return f"sqlite:///{db}"


@contextmanager
def _new_postgres(server: str, name: str) -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL `server`, dropped afterwards: each
    ingest starts from nothing, as on SQLite. Named after this process, so that two runs on
    one server (or the test suite's databases) are never touched."""
    url = make_url(server).set(drivername="postgresql+psycopg")
    database = f"verbatim_bench_ingest_{name}_{os.getpid()}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
        yield url.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.dispose()


def _ingest(folder: Path, url: str, workers: int) -> Run:
    command = [str(VERBATIM), "ingest", str(folder), "--db", url]
    command += ["--workers", str(workers)]
    started, started_busy = time.perf_counter(), _busy()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = _MemorySampler(process.pid)
    sampler.start()
    stderr = process.stderr.read().decode() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds, busy = time.perf_counter() - started, _busy() - started_busy
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr}")
    words = re.search(r"(\d+) words in", stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        seconds,
        cpu,
        int(words.group(1)) if words else 0,
        sampler.peak_kb / 1024,
        usage.ru_maxrss / 1024,
        max(0.0, busy - cpu) / seconds,
    )


def _busy() -> float:
    """CPU seconds spent by the whole machine since boot (all cores, all processes)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class _MemorySampler(threading.Thread):
    """The largest total resident memory of a process and its descendants, from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> Iterator[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    family = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    yield from family


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _print_table(bare: Run, startup: Run, single: Run, multi: Run, workers: int) -> None:
    if single.words != bare.words or multi.words != bare.words:
        print(f"warning: words differ: bare {bare.words}, ingest {single.words}, {multi.words}")
    rows = [
        ("(a) bare nlp.pipe", bare, bare.rate(), bare.cpu_rate(), f"{bare.peak_mb:.0f} MB"),
        ("start-up (1-article ingest)", startup, 0.0, 0.0, f"{startup.largest_mb:.0f} MB"),
        (
            "(b) verbatim ingest",
            single,
            single.rate(startup),
            single.cpu_rate(startup),
            f"{single.peak_mb:.0f} MB",
        ),
        (
            f"(c) ingest --workers {workers}",
            multi,
            multi.rate(startup),
            multi.cpu_rate(startup),
            f"{multi.peak_mb:.0f} MB (largest process {multi.largest_mb:.0f} MB)",
        ),
    ]
    print(
        f"{'':30} {'wall s':>7} {'CPU s':>7} {'words/s':>8} {'w/CPU s':>8} {'others':>6}"
        "  peak memory"
    )
    for name, run, rate, cpu_rate, memory in rows:
        shown = f"{rate:8.0f} {cpu_rate:8.0f}" if rate else f"{'':8} {'':8}"
        print(f"{name:30} {run.seconds:7.1f} {run.cpu:7.1f} {shown} {run.others:6.2f}  {memory}")
    print(
        "others: cores busy with other processes meanwhile (on a shared machine, wall-time "
        "rates and the speed-up are only as good as this is low)"
    )
    print(
        f"words: {bare.words}; ingest rates are without start-up; (a) is timed after the "
        "model is loaded"
    )
    print(
        f"ratio b/a: {single.rate(startup) / bare.rate():.2f} wall, "
        f"{single.cpu_rate(startup) / bare.cpu_rate():.2f} CPU (target >= 0.8)"
    )
    print(
        f"speed-up with {workers} workers: {single.seconds / multi.seconds:.2f}x end to end, "
        f"{(single.seconds - startup.seconds) / (multi.seconds - startup.seconds):.2f}x "
        "without start-up"
    )
    print(
        f"peak memory: {single.largest_mb:.0f} MB for one ingest process (ru_maxrss), "
        f"{multi.peak_mb:.0f} MB for --workers {workers} (all its processes)"
    )


def _print_postgres(
    bare: Run,
    sqlite: tuple[Run, Run, Run],
    postgres: tuple[Run, Run, Run],
    options: argparse.Namespace,
) -> None:
    """The PostgreSQL runs, then both databases side by side: each ingest's marginal rate
    (start-up left out, each database's own) and its ratio to (a)."""
    sqlite_startup, single, multi = sqlite
    startup, pg_single, pg_multi = postgres
    if pg_single.words != bare.words or pg_multi.words != bare.words:
        print(
            f"warning: words differ: bare {bare.words}, "
            f"PostgreSQL ingest {pg_single.words}, {pg_multi.words}"
        )
    server = make_url(options.db).render_as_string(hide_password=True)
    workers = options.workers
    print(f"\nPostgreSQL at {server} (a new database per run):")
    print(
        f"{'':30} {'wall s':>7} {'CPU s':>7} {'words/s':>8} {'w/CPU s':>8} {'others':>6}"
        "  peak memory"
    )
    rows = [
        ("start-up (1-article ingest)", startup, 0.0, 0.0, f"{startup.largest_mb:.0f} MB"),
        (
            "(d) verbatim ingest",
            pg_single,
            pg_single.rate(startup),
            pg_single.cpu_rate(startup),
            f"{pg_single.peak_mb:.0f} MB",
        ),
        (
            f"(e) ingest --workers {workers}",
            pg_multi,
            pg_multi.rate(startup),
            pg_multi.cpu_rate(startup),
            f"{pg_multi.peak_mb:.0f} MB (largest process {pg_multi.largest_mb:.0f} MB)",
        ),
    ]
    for name, run, rate, cpu_rate, memory in rows:
        shown = f"{rate:8.0f} {cpu_rate:8.0f}" if rate else f"{'':8} {'':8}"
        print(f"{name:30} {run.seconds:7.1f} {run.cpu:7.1f} {shown} {run.others:6.2f}  {memory}")
    print("CPU s leaves out the server's processes; others includes them")
    print(
        f"{'side by side, words/s (wall)':30} {'SQLite':>10} {'PostgreSQL':>11}"
        f" {'SQLite/(a)':>11} {'PostgreSQL/(a)':>15}"
    )
    for name, lite, pg in (
        ("one process", single.rate(sqlite_startup), pg_single.rate(startup)),
        (f"--workers {workers}", multi.rate(sqlite_startup), pg_multi.rate(startup)),
    ):
        print(
            f"{name:30} {lite:10.0f} {pg:11.0f} {lite / bare.rate():11.2f} {pg / bare.rate():15.2f}"
        )
    print(
        f"ratio d/a: {pg_single.rate(startup) / bare.rate():.2f} wall (target >= 0.8); "
        f"speed-up with {workers} workers on PostgreSQL: "
        f"{pg_single.seconds / pg_multi.seconds:.2f}x end to end, "
        f"{(pg_single.seconds - startup.seconds) / (pg_multi.seconds - startup.seconds):.2f}x "
        "without start-up"
    )
    print(
        f"peak memory with --workers {workers}: SQLite {multi.peak_mb:.0f} MB, "
        f"PostgreSQL {pg_multi.peak_mb:.0f} MB (all the ingest's processes; not the server's)"
    )


if __name__ == "__main__":
    main()
