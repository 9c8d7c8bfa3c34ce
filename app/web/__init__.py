"""Verbatim's own search page, served under `/` beside the API.

Plain HTML, CSS and JavaScript modules from `static/` (package data): no build step, nothing
loaded from another origin. The page reads only the public /v1 API, so it is also the worked
example of a client (README, "Build your own frontend"). `/people/{id}`, `/topics/{slug}` and
`/places/{id}` are the same page, which reads its path; the state of a search is in the query
string, so every view can be shared and the back button restores it.

Every response of the page carries a strict Content-Security-Policy: scripts, styles, images
and requests from this origin only, nothing inline, no frames. /docs and /redoc, whose pages
FastAPI builds with inline scripts, are left as they are.
"""

from pathlib import Path

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC = Path(__file__).resolve().parent / "static"
ASSETS_PATH = "/static"
PAGE_PATHS = ("/", "/people/{person_id:int}", "/topics/{slug}", "/places/{place_id:int}")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def page(_request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=SECURITY_HEADERS)


class _Secured:
    """The static files, each with the page's security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_secured)


def add_web(app: FastAPI) -> None:
    """Serve the page on `app`: plain routes, out of the OpenAPI schema."""
    app.mount(ASSETS_PATH, _Secured(StaticFiles(directory=STATIC)), name="web-assets")
    for path in PAGE_PATHS:
        app.add_route(path, page, include_in_schema=False)
