"""Write parsed articles to the database, and remove them: the only place ingest touches it.

This module writes articles and their quotes, and decides what becomes of an article; it
writes through `app.ingest.writes` (write transactions next to other writers), finds or adds
the people, places and topics an article names through `app.ingest.entities`, and puts its
quotes in their wire groups through `app.ingest.wire`.

One article is one write transaction: its row, its quotes and its links are written together
or not at all, and every lookup that decides what to write (is the article stored, who is this
person) runs inside it.

An article is known by its `source_key` (URL, else path) and by its content (`content_hash`):
the same content under a second path is a duplicate and is not stored again. A changed article
keeps its id, and so does each of its quotes whose text and speaker did not change (saved links
keep working); its other quotes are deleted or inserted. New rows never take the id of a
deleted one (`first_new_id`, `retire_ids`).

The rows are written with Core statements, each article's quotes and links with one statement
per table: an ORM flush and a query per quote cost more CPU than the extraction rules.
"""

import datetime as dt
import hashlib
from collections import defaultdict, deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Connection,
    bindparam,
    delete,
    false,
    func,
    insert,
    or_,
    update,
)
from sqlmodel import Session, col, select

from app.ingest.document import CleanArticle, ParsedArticle
from app.ingest.entities import (
    CachedPerson,
    CachedPlace,
    forget_cache,
    person_for,
    place_for,
    prefetch,
    resolution_keys,
    session_cache,
    topic_for,
)
from app.ingest.wire import fingerprint, join_wire_groups, regroup
from app.ingest.writes import first_new_id, lock_keys, retire_ids, write
from app.models import (
    Article,
    ArticlePerson,
    ArticlePlace,
    ArticleTopic,
    Person,
    Place,
    Quote,
    QuotePlace,
    QuoteTopic,
    Topic,
)

EXTRACTOR_VERSION = "1"
"""Part of the content hash: a new extractor re-extracts articles that did not change."""

Outcome = Literal["new", "updated", "unchanged", "duplicate"]


@dataclass(frozen=True)
class Stored:
    """What became of an article given to the store."""

    outcome: Outcome
    same_as: str | None = None
    """For a duplicate: the path (or URL) of the stored article with the same content."""


@dataclass(frozen=True)
class Removed:
    articles: int
    quotes: int


def content_hash(article: CleanArticle) -> str:
    """The identity of an article's content: the cleaned title, body, date and source (and the
    extractor's version). Two files or records with the same hash are the same article, stored
    once; page boilerplate, markup and the file's name or URL do not count."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for part in (article.title, article.body, str(article.published), article.source or ""):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def already_stored(session: Session, article: CleanArticle) -> Stored | None:
    """What `store_article` would make of this article without parsing it: unchanged, or a
    duplicate of another stored article; None when it has to be parsed. (The store decides
    again inside its transaction: another writer may have stored it meanwhile.)"""
    return _known(session.connection(), article.source_key, content_hash(article))


def _known(connection: Connection, source_key: str, digest: str) -> Stored | None:
    stored = connection.execute(
        select(Article.content_hash).where(Article.source_key == source_key)
    ).first()
    if stored is not None and stored[0] == digest:
        return Stored("unchanged")
    same = connection.execute(
        select(Article.path, Article.source_key).where(Article.content_hash == digest)
    ).first()
    if same is not None:
        return Stored("duplicate", same_as=same.path or same.source_key)
    return None


def store_article(session: Session, parsed: ParsedArticle) -> Stored:
    """Insert or update one article with everything found in it, in one write transaction,
    and commit; or find it unchanged, or a duplicate of another article (nothing written)."""
    digest = content_hash(parsed.article)
    return write(
        session,
        lambda connection: _store(session, connection, parsed, digest),
        on_rollback=forget_cache,
    )


def _store(session: Session, connection: Connection, parsed: ParsedArticle, digest: str) -> Stored:
    clean = parsed.article
    lock_keys(connection, [clean.source_key, digest, *resolution_keys(parsed)])
    cache = session_cache(session, connection)
    known = _known(connection, clean.source_key, digest)
    if known is not None:
        return known
    article = session.exec(select(Article).where(Article.source_key == clean.source_key)).first()
    outcome: Outcome = "new" if article is None else "updated"
    if article is None:
        article = Article(
            id=first_new_id(connection, Article),
            source_key=clean.source_key,
            title=clean.title,
            body="",
            content_hash="",
            ingested_at=dt.datetime.now(dt.UTC),
        )
    else:
        retire_ids(connection)
        _unlink_article(connection, article.id)
    prefetch(connection, cache, parsed)
    places = {p.name: place_for(connection, cache, p) for p in parsed.places}
    _fill_article(article, clean, digest, places.get(parsed.dateline_place or ""))
    session.add(article)
    session.flush()
    assert article.id is not None
    people = {e.name: person_for(connection, cache, e) for e in parsed.people}
    topics = {t.slug: topic_for(connection, cache, t) for t in parsed.topics}
    cache.write_pending(connection)
    _link_article(connection, article.id, parsed, people, places, topics)
    _write_quotes(connection, article.id, parsed, people, places, topics, outcome == "updated")
    if outcome == "updated":
        _drop_orphans(session)
        forget_cache(session)
    return Stored(outcome)


def find_articles(session: Session, targets: Sequence[str]) -> dict[str, list[int]]:
    """The ids of the stored articles each target names (none for a target that names none):
    see `_names_article`."""
    return {
        target: list(
            session.exec(select(Article.id).where(_names_article(target)).order_by(Article.id))
        )
        for target in targets
    }


def _names_article(target: str) -> ColumnElement[bool]:
    """A number is an article id; `scheme://…` a URL (the article's, or the key of a record
    stored under its URL); anything else a path: a file's article, every record of a JSON Lines
    file, or a path as ingest showed it (`feed.jsonl:3` is the record on line 3)."""
    if target.isascii() and target.isdigit():
        number = int(target)
        return col(Article.id) == number if number < 2**63 else false()
    if "://" in target:
        return or_(col(Article.url) == target, col(Article.source_key) == target)
    resolved = str(Path(target).resolve())
    return or_(
        col(Article.source_key) == resolved,
        col(Article.source_key).startswith(f"{resolved}#L", autoescape=True),
        col(Article.path) == target,
        col(Article.path).startswith(f"{target}:", autoescape=True),
    )


def remove_articles(session: Session, article_ids: Collection[int]) -> Removed:
    """Remove articles with their quotes and links, and the people, places and topics only
    they mentioned, in one write transaction, and commit. The wire groups of their quotes are
    made again without them (`regroup`): a group whose first copy goes gets its next copy as
    its first. Counts follow (SQLite triggers)."""
    ids = sorted(set(article_ids))

    def remove(connection: Connection) -> Removed:
        quotes = connection.execute(
            select(func.count()).select_from(Quote).where(col(Quote.article_id).in_(ids))
        ).scalar_one()
        retire_ids(connection)
        touched: set[str] = set()
        for article_id in ids:
            touched |= _forget_contents(connection, article_id)
        removed = connection.execute(delete(Article).where(col(Article.id).in_(ids)))
        regroup(connection, touched)
        _drop_orphans(session)
        return Removed(removed.rowcount, quotes)

    try:
        return write(session, remove, on_rollback=forget_cache)
    finally:
        forget_cache(session)


def delete_article(session: Session, article_id: int) -> None:
    """`remove_articles` of one article."""
    remove_articles(session, [article_id])


# Articles


def _fill_article(
    article: Article, clean: CleanArticle, digest: str, dateline: CachedPlace | None
) -> None:
    article.path = clean.path
    article.url = clean.url
    article.title = clean.title
    article.published = clean.published
    article.source = clean.source
    article.byline = clean.byline
    article.dateline = clean.dateline
    article.dateline_place_id = dateline.id if dateline is not None else None
    article.body = clean.body
    article.word_count = len(clean.body.split())
    article.content_hash = digest
    article.ingested_at = dt.datetime.now(dt.UTC)


def _unlink_article(connection: Connection, article_id: int | None) -> None:
    """Drop an updated article's links to people, places and topics (written again)."""
    for table in (ArticlePerson, ArticlePlace, ArticleTopic):
        connection.execute(delete(table).where(col(table.article_id) == article_id))


def _forget_contents(connection: Connection, article_id: int) -> set[str]:
    """Drop a removed article's quotes and links (their link rows cascade); the fingerprints
    of the quotes, whose wire groups are to be made again."""
    fingerprints = connection.scalars(
        select(Quote.fingerprint).where(
            Quote.article_id == article_id, col(Quote.fingerprint).is_not(None)
        )
    )
    touched = {key for key in fingerprints if key is not None}
    connection.execute(delete(Quote).where(col(Quote.article_id) == article_id))
    _unlink_article(connection, article_id)
    return touched


def _drop_orphans(session: Session) -> None:
    """People, places and topics that no article mentions any more (after an update or a
    removal)."""
    session.flush()
    session.exec(
        delete(Person).where(
            col(Person.id).not_in(select(ArticlePerson.person_id)),
            col(Person.id).not_in(
                select(Quote.speaker_id).where(col(Quote.speaker_id).is_not(None))
            ),
        )
    )  # type: ignore[call-overload]
    session.exec(
        delete(Place).where(
            col(Place.id).not_in(select(ArticlePlace.place_id)),
            col(Place.id).not_in(
                select(Article.dateline_place_id).where(col(Article.dateline_place_id).is_not(None))
            ),
        )
    )  # type: ignore[call-overload]
    session.exec(delete(Topic).where(col(Topic.id).not_in(select(ArticleTopic.topic_id))))  # type: ignore[call-overload]


def _link_article(
    connection: Connection,
    article_id: int,
    parsed: ParsedArticle,
    people: dict[str, CachedPerson],
    places: dict[str, CachedPlace],
    topics: dict[str, int],
) -> None:
    mentions: dict[int, int] = {}
    for entity in parsed.people:
        person_id = people[entity.name].id
        mentions[person_id] = mentions.get(person_id, 0) + entity.mentions
    links: list[tuple[Any, list[dict[str, Any]]]] = [
        (
            ArticlePerson,
            [
                {"article_id": article_id, "person_id": person_id, "mentions": count}
                for person_id, count in mentions.items()
            ],
        ),
        (
            ArticlePlace,
            [
                {"article_id": article_id, "place_id": places[r.name].id, "mentions": r.mentions}
                for r in parsed.places
            ],
        ),
        (
            ArticleTopic,
            [{"article_id": article_id, "topic_id": topic_id} for topic_id in topics.values()],
        ),
    ]
    for table, rows in links:
        if rows:
            connection.execute(insert(table), rows)


# Quotes


@dataclass(frozen=True)
class _StoredQuote:
    id: int
    date: dt.date | None
    duplicate_of: int | None
    fingerprint: str | None


_Identity = tuple[str, int | None, str | None]

KEPT_COLUMNS = (
    "kind",
    "speaker_mention",
    "reported_by",
    "cue",
    "start",
    "end",
    "date",
    "context",
    "duplicate_of",
)
"""What a kept quote (same text, same speaker) may change when its article changes."""


def _identity(text: str, speaker_id: int | None, speaker_mention: str | None) -> _Identity:
    """What a quote must keep to keep its id: its words and who said them, the resolved
    person or else how the article named them (the fingerprint's speaker)."""
    return (text, speaker_id, speaker_mention if speaker_id is None else None)


def _write_quotes(
    connection: Connection,
    article_id: int,
    parsed: ParsedArticle,
    people: dict[str, CachedPerson],
    places: dict[str, CachedPlace],
    topics: dict[str, int],
    updating: bool,
) -> None:
    """The article's quotes: for an updated article, each stored quote with the identity of a
    new one (in order, for repeats) is kept with its id and its other columns updated; the
    others are deleted, the rest inserted. Then the topic and place links of all of them.

    A kept quote keeps its wire group unless its date changed. The groups of the fingerprints
    of the quotes that went, or whose date changed, are then made again (`regroup`), as a
    fresh ingest would make them. One statement per table, not per quote."""
    rows = _quote_rows(article_id, parsed, people)
    stored = _stored_quotes(connection, article_id) if updating else {}
    kept: dict[int, _StoredQuote] = {}
    for index, row in enumerate(rows):
        candidates = stored.get(_identity(row["text"], row["speaker_id"], row["speaker_mention"]))
        if candidates:
            kept[index] = candidates.popleft()
    gone = [quote for candidates in stored.values() for quote in candidates]
    touched = {quote.fingerprint for quote in gone if quote.fingerprint is not None} | {
        rows[index]["fingerprint"]
        for index, quote in kept.items()
        if quote.date != rows[index]["date"]
    }
    if gone:
        connection.execute(delete(Quote).where(col(Quote.id).in_([q.id for q in gone])))
    if kept:
        ids = [quote.id for quote in kept.values()]
        for link in (QuoteTopic, QuotePlace):
            connection.execute(delete(link).where(col(link.quote_id).in_(ids)))
        for index, quote in kept.items():
            rows[index]["id"] = quote.id
            rows[index]["duplicate_of"] = quote.duplicate_of
        connection.execute(
            update(Quote)
            .where(col(Quote.id) == bindparam("quote_id"))
            .values({column: bindparam(f"new_{column}") for column in KEPT_COLUMNS}),
            [
                {"quote_id": rows[index]["id"]}
                | {f"new_{column}": rows[index][column] for column in KEPT_COLUMNS}
                for index in kept
            ],
        )
    added = [row for index, row in enumerate(rows) if index not in kept]
    join_wire_groups(connection, article_id, added)
    _insert_quotes(connection, added)
    _link_quotes(connection, parsed, rows, places, topics)
    regroup(connection, touched)


def _quote_rows(
    article_id: int, parsed: ParsedArticle, people: dict[str, CachedPerson]
) -> list[dict[str, Any]]:
    rows = []
    for statement in parsed.statements:
        speaker = people.get(statement.speaker.name) if statement.speaker else None
        speaker_id = speaker.id if speaker is not None else None
        rows.append(
            {
                "article_id": article_id,
                "text": statement.text,
                "kind": statement.kind,
                "speaker_id": speaker_id,
                "speaker_mention": statement.speaker_mention,
                "reported_by": statement.reported_by,
                "cue": statement.cue,
                "start": statement.start,
                "end": statement.end,
                "date": statement.date,
                "context": statement.context,
                "fingerprint": fingerprint(statement.text, speaker_id, statement.speaker_mention),
            }
        )
    return rows


def _stored_quotes(connection: Connection, article_id: int) -> dict[_Identity, deque[_StoredQuote]]:
    """An updated article's stored quotes by identity, each identity's in text order."""
    query = (
        select(
            Quote.id,
            Quote.text,
            Quote.speaker_id,
            Quote.speaker_mention,
            Quote.date,
            Quote.duplicate_of,
            Quote.fingerprint,
        )
        .where(Quote.article_id == article_id)
        .order_by(col(Quote.start), col(Quote.id))
    )
    stored: defaultdict[_Identity, deque[_StoredQuote]] = defaultdict(deque)
    for quote_id, text, speaker_id, mention, date, duplicate_of, key in connection.execute(query):
        stored[_identity(text, speaker_id, mention)].append(
            _StoredQuote(quote_id, date, duplicate_of, key)
        )
    return stored


def _insert_quotes(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert new quote rows in one statement, setting each row's `id`."""
    if not rows:
        return
    first = first_new_id(connection, Quote)
    if first is None:
        returning = insert(Quote).returning(col(Quote.id), sort_by_parameter_order=True)
        ids = connection.scalars(returning, rows).all()
        for row, quote_id in zip(rows, ids, strict=True):
            row["id"] = quote_id
        return
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    connection.execute(insert(Quote), rows)


def _link_quotes(
    connection: Connection,
    parsed: ParsedArticle,
    rows: list[dict[str, Any]],
    places: dict[str, CachedPlace],
    topics: dict[str, int],
) -> None:
    """The topic and place links of every quote of the article (`rows`, with their ids)."""
    quote_topics = []
    quote_places = []
    for statement, row in zip(parsed.statements, rows, strict=True):
        walk = {
            "quote_id": row["id"],
            "date": row["date"],
            "first_copy": row["duplicate_of"] is None,
        }
        for slug in dict.fromkeys(statement.topics):
            quote_topics.append({**walk, "topic_id": topics[slug], "speaker_id": row["speaker_id"]})
        for name in dict.fromkeys(statement.places):
            if name in places:
                quote_places.append({**walk, "place_id": places[name].id})
    if quote_topics:
        connection.execute(insert(QuoteTopic), quote_topics)
    if quote_places:
        connection.execute(insert(QuotePlace), quote_places)


def counts(session: Session) -> dict[str, int]:
    """Rows in the main tables, for the ingest summary."""
    return {
        name: session.exec(select(func.count()).select_from(table)).one()
        for name, table in (
            ("articles", Article),
            ("quotes", Quote),
            ("people", Person),
            ("places", Place),
            ("topics", Topic),
        )
    }
