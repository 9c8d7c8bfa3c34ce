"""Quotes: who said what, when, filtered by speaker, topic, place, date and words."""

import datetime as dt
from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import AfterValidator, WithJsonSchema

from app import search
from app.api.deps import PageDep, SessionDep, link_next, problems
from app.api.params import CheckedRoute
from app.http import ClosingStreamingResponse
from app.limits import export_slots
from app.schemas import (
    AT_MOST,
    LIST_RULE,
    MAX_ID,
    SPLIT_LISTS,
    QuoteFilters,
    QuotePublic,
    QuotesFaceted,
    Timeline,
    comma_list_pattern,
)
from app.search.export import CSV_COLUMNS, ExportFormat, export_filename, export_quotes
from app.search.facets import FACETS, facet_names, quote_facets
from app.search.plan import choose_plan
from app.search.quotes import quote_listing
from app.search.timeline import MAX_BUCKETS, Interval, quote_timeline

router = APIRouter(prefix="/quotes", tags=["quotes"], route_class=CheckedRoute)


def _known_facets(value: str) -> str:
    facet_names([value])
    return value


FacetItem = Annotated[
    str,
    AfterValidator(_known_facets),
    WithJsonSchema({"type": "string", "pattern": comma_list_pattern("|".join(FACETS))}),
]
FacetList = Annotated[Annotated[list[FacetItem], AT_MOST] | None, SPLIT_LISTS]
"""`speaker,topic`: each name checked with a message naming the unknown facet, while the
pattern puts the valid names in the OpenAPI schema for clients and schema-driven tests."""

FiltersDep = Annotated[QuoteFilters, Depends()]
EXPORTS: dict[ExportFormat, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", ".csv"),
    "ndjson": ("application/x-ndjson", ".ndjson"),
}
PLAN_HEADER = "X-Verbatim-Plan"
_PLAN_HEADERS = {
    PLAN_HEADER: {
        "description": "How the quotes were read (the query plan's name, see the README): "
        "for debugging and tests, not a stable interface.",
        "schema": {"type": "string"},
    }
}
_EXPORT_RESPONSES = {
    200: {
        "description": "A page of quotes as JSON; or, with `format=csv|ndjson` or a matching "
        "`Accept`, every matching quote as a streamed attachment.",
        "headers": _PLAN_HEADERS,
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
        FacetList,
        Query(
            description="Count the matching quotes by "
            f"{', '.join(f'`{name}`' for name in FACETS)}." + LIST_RULE + " Adds `facets` "
            "(top 10 values of each) to the response; without it `facets` is null. A facet "
            "slower than `VERBATIM_FACET_TIME_LIMIT_MS` is named in `facets_timed_out` instead.",
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
            f"columns: {', '.join(CSV_COLUMNS)} (topics and places joined by `;`); a text "
            "cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` "
            "first, so that spreadsheets do not run it as a formula. NDJSON lines are "
            "/v1/quotes items. The file is named after the filters and the day "
            "(`verbatim-quotes-speaker-peskov-2025-11-20.csv`).",
            examples=["csv"],
        ),
    ] = None,
    excel: Annotated[
        bool,
        Query(
            description="With a CSV export: begin the file with a UTF-8 byte-order mark, "
            "so that Excel reads accented letters right. Ignored otherwise.",
            examples=[True],
        ),
    ] = False,
) -> QuotesFaceted | StreamingResponse:
    """Best match first with `q`, else newest first (undated last). Different filters combine
    with AND; a repeated filter with OR (`speaker=Peskov&speaker=Erdogan&topic=istanbul-talks`:
    either speaker, on that topic). A `Link: <...>; rel="next"` header points to the next page.
    """
    chosen = export_format or negotiate(request.headers.get("accept"))
    names = facet_names(facets or [])
    plan = choose_plan(session, filters)
    if chosen != "json":
        media_type, extension = EXPORTS[chosen]
        filename = export_filename(filters, extension, dt.datetime.now(dt.UTC).date())
        return ClosingStreamingResponse(
            export_slots(request).stream(lambda: export_quotes(session, plan, chosen, excel)),
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Vary": "Accept",
                PLAN_HEADER: plan.name,
            },
        )
    response.headers["Vary"] = "Accept"
    response.headers[PLAN_HEADER] = plan.name
    found = quote_listing(session, plan, page)
    link_next(request, response, found.next_cursor)
    if facets is None:
        return QuotesFaceted(**dict(found))
    counted, timed_out, window = quote_facets(session, plan, names)
    return QuotesFaceted(
        **dict(found), facets=counted, facets_timed_out=timed_out, facets_window=window
    )


@router.get(
    "/timeline",
    response_model=Timeline,
    responses={
        **problems(HTTPStatus.UNPROCESSABLE_ENTITY),
        200: {"description": "The series.", "headers": _PLAN_HEADERS},
    },
    summary="Quotes per day, week or month",
)
def quote_timeline_route(
    response: Response,
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
    plan = choose_plan(session, filters)
    response.headers[PLAN_HEADER] = plan.name
    return quote_timeline(session, filters, interval, plan)


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
