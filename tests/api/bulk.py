"""A database of many generated quotes, for what the two seed articles are too small to show:
more than a page of export, more than ten facet values, undated quotes, slow facets."""

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.models import Article, Person, Place, Quote, QuotePlace, QuoteTopic, Topic
from tests.conftest import migrated_engine

SPEAKERS = 13
FIRST_DAY = dt.date(2024, 1, 1)
AWKWARD_TEXT = 'Quote {k}: "yes, no", she said;\nthen, again'
"""Commas, quotes and a line break: everything a CSV writer must escape."""


def quote_date(k: int) -> dt.date | None:
    """Forty days, many quotes a day (ties across export batches), every 25th quote undated."""
    return None if k % 25 == 0 else FIRST_DAY + dt.timedelta(days=k % 40)


def speaker_index(k: int) -> int | None:
    return None if k % 20 == 0 else k % SPEAKERS


def bulk_engine(
    tmp_path_factory: pytest.TempPathFactory, name: str, quotes: int, backend: str = "sqlite"
) -> Engine:
    engine = migrated_engine(tmp_path_factory, name, backend)
    with Session(engine) as session:
        people = [
            Person(name=f"Speaker {i:02}", key=f"speaker {i:02}", surname_key=f"{i:02}")
            for i in range(SPEAKERS)
        ]
        topics = [Topic(slug=f"topic-{i}", name=f"Topic {i}", key=f"topic {i}") for i in range(3)]
        places = [Place(name=f"Place {i}", key=f"place {i}", kind="city") for i in range(2)]
        articles = [
            Article(
                source_key=f"bulk-{i}",
                title=f"Article {i}, with a comma",
                published=FIRST_DAY,
                source=("Reuters", "AP", None)[i],
                body="body",
                content_hash=str(i),
                ingested_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            )
            for i in range(3)
        ]
        session.add_all([*people, *topics, *places, *articles])
        session.flush()
        links: list[QuoteTopic | QuotePlace] = []
        for k in range(quotes):
            speaker = speaker_index(k)
            said = quote_date(k)
            session.add(
                Quote(
                    id=k + 1,
                    article_id=articles[k % 3].id,
                    text=AWKWARD_TEXT.format(k=k),
                    kind=("direct", "partial", "indirect")[k % 3],
                    speaker_id=None if speaker is None else people[speaker].id,
                    start=0,
                    end=10,
                    date=said,
                    context="context",
                )
            )
            tagged = {topics[k % 3].id, topics[0].id} if k % 5 == 0 else {topics[k % 3].id}
            speaker_id = None if speaker is None else people[speaker].id
            links.extend(
                QuoteTopic(quote_id=k + 1, topic_id=t, date=said, speaker_id=speaker_id)  # type: ignore[arg-type]
                for t in tagged
            )
            if k % 2:
                place_id = places[k % 4 // 2].id
                links.append(QuotePlace(quote_id=k + 1, place_id=place_id, date=said))  # type: ignore[arg-type]
        session.flush()
        session.add_all(links)
        session.commit()
    return engine
