"""Liveness that also proves the database answers."""

from fastapi import APIRouter

from app import search
from app.api.deps import SessionDep, problems
from app.api.params import CheckedRoute
from app.schemas import Health

router = APIRouter(prefix="/health", tags=["health"], route_class=CheckedRoute)


@router.get("", response_model=Health, responses=problems(), summary="Health check")
def health(session: SessionDep) -> Health:
    """Counts rows, so a missing or locked database shows as 503 rather than `ok`."""
    return search.count_rows(session)
