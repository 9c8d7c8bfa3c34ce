"""Row counts, which double as the health check."""

from sqlalchemy import (
    func,
    select,
)
from sqlmodel import Session

from app.models import (
    Article,
    Quote,
)
from app.schemas import (
    Health,
)


def count_rows(session: Session) -> Health:
    """Counts double as the health check: they fail if the database or its tables are missing."""
    quotes = session.exec(select(func.count()).select_from(Quote)).scalar_one()
    articles = session.exec(select(func.count()).select_from(Article)).scalar_one()
    return Health(quotes=quotes, articles=articles)
