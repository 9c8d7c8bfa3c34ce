"""What a database holds, in forms two databases can be compared by: wire groups as sets of
quotes, and the counts the triggers keep beside the same counts taken from the rows.

Quotes are named by their article's file name, text and offset, never by id: ids depend on
the order things were stored in, which is what the tests vary.
"""

from pathlib import Path

from sqlalchemy import Engine, text

Quote = tuple[str, str, int]
"""(article file name, quote text, start)."""


def rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def groups(engine: Engine) -> set[frozenset[Quote]]:
    """Every wire group (a first copy and the copies pointing to it, or a quote alone)."""
    found: dict[int, set[Quote]] = {}
    for group, path, said, start in rows(
        engine,
        "SELECT coalesce(q.duplicate_of, q.id), a.path, q.text, q.start FROM quotes q "
        "JOIN articles a ON a.id = q.article_id",
    ):
        found.setdefault(group, set()).add((_name(path), said, start))
    return {frozenset(members) for members in found.values()}


def _name(path: str) -> str:
    """A file's name, or `name:line` for a JSON Lines record."""
    return Path(path).name


STORED = {
    "people": "SELECT key, kind, quote_count FROM people",
    "topics": "SELECT slug, quote_count, article_count FROM topics",
    "places": "SELECT key, quote_count, article_count FROM places",
    "days": "SELECT date, quotes FROM quote_dates WHERE quotes != 0",
}
COUNTED = {
    "people": "SELECT p.key, p.kind, (SELECT count(*) FROM quotes q WHERE q.speaker_id = p.id "
    "AND q.duplicate_of IS NULL) FROM people p",
    "topics": "SELECT t.slug, (SELECT count(*) FROM quote_topics l JOIN quotes q "
    "ON q.id = l.quote_id WHERE l.topic_id = t.id AND q.duplicate_of IS NULL), "
    "(SELECT count(*) FROM article_topics l WHERE l.topic_id = t.id) FROM topics t",
    "places": "SELECT p.key, (SELECT count(*) FROM quote_places l JOIN quotes q "
    "ON q.id = l.quote_id WHERE l.place_id = p.id AND q.duplicate_of IS NULL), "
    "(SELECT count(*) FROM article_places l WHERE l.place_id = p.id) FROM places p",
    "days": "SELECT date, count(*) FROM quotes WHERE date IS NOT NULL AND duplicate_of IS NULL "
    "GROUP BY date",
}
TABLES = ("articles", "quotes", "people", "person_aliases", "places", "topics", "quotes_fts")


def stored_counts(engine: Engine) -> dict[str, list[tuple]]:
    """The counts the triggers keep, and the number of rows in each main table."""
    counts = {name: sorted(rows(engine, sql)) for name, sql in STORED.items()}
    counts["tables"] = [(t, rows(engine, f"SELECT count(*) FROM {t}")[0][0]) for t in TABLES]
    return counts


def counted(engine: Engine) -> dict[str, list[tuple]]:
    """The same counts taken from the rows themselves."""
    counts = {name: sorted(rows(engine, sql)) for name, sql in COUNTED.items()}
    counts["tables"] = stored_counts(engine)["tables"]
    return counts


def links_out_of_step(engine: Engine) -> int:
    """Topic and place links whose copy of their quote's date, first-copy flag or speaker is
    not their quote's."""
    return sum(
        rows(
            engine,
            f"SELECT count(*) FROM {links} l JOIN quotes q ON q.id = l.quote_id "
            "WHERE l.date IS NOT q.date OR l.first_copy != (q.duplicate_of IS NULL)"
            + (" OR l.speaker_id IS NOT q.speaker_id" if links == "quote_topics" else ""),
        )[0][0]
        for links in ("quote_topics", "quote_places")
    )


def consistent(engine: Engine) -> dict[str, list[tuple]]:
    """The stored counts, after checking that they are right and the links in step: the
    state to compare with another database's."""
    stored = stored_counts(engine)
    assert stored == counted(engine)
    assert links_out_of_step(engine) == 0
    return stored
