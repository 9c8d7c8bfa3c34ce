"""Quotes: who said what, when, filtered by speaker, topic, place, date and words."""

from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import AfterValidator, WithJsonSchema

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.limits import export_slots
from app.schemas import MAX_ID, QuoteFilters, QuotePublic, QuotesFaceted, Timeline
from app.search.export import CSV_COLUMNS, ExportFormat, export_quotes
from app.search.facets import FACETS, facet_names, quote_facets
from app.search.timeline import MAX_BUCKETS, Interval, quote_timeline

router = APIRouter(prefix="/quotes", tags=["quotes"])

_FACET_NAME = f"(?:{'|'.join(FACETS)})"


def _known_facets(value: str) -> str:
    facet_names([value])
    return value


FacetList = Annotated[
    str,
    AfterValidator(_known_facets),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\s*(?:{_FACET_NAME}\s*(?:,\s*{_FACET_NAME}\s*)*)?,?\s*$",
        }
    ),
]
"""`speaker,topic`: checked with a message naming the unknown facet, while the pattern puts the
valid names in the OpenAPI schema for clients and schema-driven tests."""

FiltersDep = Annotated[QuoteFilters, Depends()]
EXPORTS: dict[ExportFormat, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "quotes.csv"),
    "ndjson": ("application/x-ndjson", "quotes.ndjson"),
}
_EXPORT_RESPONSES = {
    200: {
        "description": "A page of quotes as JSON; or, with `format=csv|ndjson` or a matching "
        "`Accept`, every matching quote as a streamed attachment.",
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": ",".join(CSV_COLUMNS) + "\r\n",
            },
            "application/x-ndjson": {
                "schema": {"type": "string"},
                "example": '{"id": 7, "text": "...", "kind": "direct"}\n',
            },
        },
    }
}


def negotiate(accept: str | None) -> Literal["json"] | ExportFormat:
    """The format an `Accept` header prefers: CSV or NDJSON only when named outright and rated
    at least as high as JSON; wildcards mean JSON, as does any tie with `application/json`."""
    ratings: dict[str, tuple[float, int]] = {}
    for entry in (accept or "").split(","):
        media, *params = (part.strip() for part in entry.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        candidates = {
            "application/json": ("json", 2),
            "application/*": ("json", 1),
            "*/*": ("json", 0),
            "text/csv": ("csv", 2),
            "application/x-ndjson": ("ndjson", 2),
        }
        if media.lower() in candidates and q > 0:
            name, specificity = candidates[media.lower()]
            ratings[name] = max(ratings.get(name, (0.0, 0)), (q, specificity))
    if not ratings:
        return "json"
    best = max(ratings.values())
    if ratings.get("json") == best:
        return "json"
    return max(ratings, key=lambda name: ratings[name])  # type: ignore[return-value]


@router.get(
    "",
    response_model=QuotesFaceted,
    responses={**problems(HTTPStatus.UNPROCESSABLE_ENTITY), **_EXPORT_RESPONSES},
    summary="Search quotes, count them by facet, or export them",
)
def list_quotes(
    request: Request,
    response: Response,
    session: SessionDep,
    filters: FiltersDep,
    page: PageDep,
    facets: Annotated[
        list[FacetList] | None,
        Query(
            description="Count the matching quotes by "
            f"{', '.join(f'`{name}`' for name in FACETS)}: comma-separated and/or repeated. "
            "Adds `facets` (top 10 values of each) to the response; without it `facets` is "
            "null. A facet slower than `VERBATIM_FACET_TIME_LIMIT_MS` is named in "
            "`facets_timed_out` instead.",
            examples=[["speaker,topic"]],
        ),
    ] = None,
    export_format: Annotated[
        Literal["json", "csv", "ndjson"] | None,
        Query(
            alias="format",
            description="`csv` or `ndjson` streams EVERY matching quote as an attachment "
            "(`limit`, `cursor` and `facets` are ignored), newest first. Without it, "
            "`Accept: text/csv` or `Accept: application/x-ndjson` choose the same. CSV "
            f"columns: {', '.join(CSV_COLUMNS)} (topics and places joined by `;`); NDJSON "
            "lines are /v1/quotes items.",
            examples=["csv"],
        ),
    ] = None,
) -> QuotesFaceted | StreamingResponse:
    """Best match first with `q`, else newest first (undated last). Different filters combine
    with AND; a repeated filter with OR (`speaker=Peskov&speaker=Erdogan&topic=istanbul-talks`:
    either speaker, on that topic). A `Link: <...>; rel="next"` header points to the next page.
    """
    chosen = export_format or negotiate(request.headers.get("accept"))
    names = facet_names(facets or [])
    if chosen != "json":
        media_type, filename = EXPORTS[chosen]
        return StreamingResponse(
            export_slots(request).stream(lambda: export_quotes(session, filters, chosen)),
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{filename}"', "Vary": "Accept"},
        )
    response.headers["Vary"] = "Accept"
    found = search.search_quotes(session, filters, page)
    link_next(request, response, found.next_cursor)
    if facets is None:
        return QuotesFaceted(**dict(found))
    counted, timed_out, window = quote_facets(session, filters, names)
    return QuotesFaceted(
        **dict(found), facets=counted, facets_timed_out=timed_out, facets_window=window
    )


@router.get(
    "/timeline",
    response_model=Timeline,
    responses=problems(HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="Quotes per day, week or month",
)
def quote_timeline_route(
    session: SessionDep,
    filters: FiltersDep,
    interval: Annotated[
        Interval,
        Query(
            description="Bucket size: `day`, `week` (starting Monday) or `month` (starting "
            f"on the 1st). A series of more than {MAX_BUCKETS} buckets is a 422.",
            examples=["week"],
        ),
    ] = "month",
) -> Timeline:
    """How many quotes matching the /v1/quotes filters were said in each interval, oldest first.

    Every bucket between the first and the last is present, with zeros, so the series can be
    charted as is; with `date_from` and `date_to` it spans exactly that range. Quotes without a
    date are not in any bucket: `undated` counts them.
    """
    return quote_timeline(session, filters, interval)


@router.get(
    "/{quote_id}",
    response_model=QuotePublic,
    responses=problems(HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY),
    summary="One quote",
)
def get_quote(
    session: SessionDep,
    quote_id: Annotated[int, Path(ge=1, le=MAX_ID, description="Quote id.", examples=[1])],
) -> QuotePublic:
    """With its speaker, article, topics, places and the sentences around it."""
    return search.get_quote(session, quote_id)
