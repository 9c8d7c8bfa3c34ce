"""All SQL behind the API, one module per resource; each handler calls one function here.

Related rows are loaded with one query per relation for a whole page, never one per row.
Statements use SQLAlchemy's `select` rather than SQLModel's so that results are always rows,
onto which pagination can append its sort keys.
"""

from app.search.articles import get_article, search_articles
from app.search.people import get_person, person_quotes, search_people
from app.search.places import get_place, place_quotes, search_places
from app.search.quotes import get_quote, search_quotes
from app.search.stats import count_rows
from app.search.topics import get_topic, search_topics, topic_quotes

__all__ = [
    "count_rows",
    "get_article",
    "get_person",
    "get_place",
    "get_quote",
    "get_topic",
    "person_quotes",
    "place_quotes",
    "search_articles",
    "search_people",
    "search_places",
    "search_quotes",
    "search_topics",
    "topic_quotes",
]
