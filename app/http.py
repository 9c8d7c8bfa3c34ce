"""HTTP manners around the routes: problem documents for every error, conditional GETs, HEAD.

Successful GETs get Cache-Control and, when JSON, an ETag; a matching `If-None-Match` gets
304. The middleware is pure ASGI rather than `BaseHTTPMiddleware`, which buffers every
response: only JSON responses of known length are held back to be hashed, and anything
streamed (CSV and NDJSON exports) passes through chunk by chunk. It sits outside GZip, so the
ETag names the bytes actually sent: a gzipped and a plain response get different strong ETags,
as RFC 9110 requires of strong validators (Starlette's gzip writes no timestamp, so the hash
is stable).
"""

import hashlib
import re
from collections.abc import Collection, Iterator
from http import HTTPStatus
from typing import Any

import anyio
import anyio.to_thread
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.schemas import Problem

_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')
# RFC 9110 15.4.5: what a 304 carries of the 200 it stands for.
_KEPT_BY_304 = ("cache-control", "content-location", "date", "etag", "expires", "vary")


def problem(
    status: int, detail: str, param: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An RFC 9457 problem document: the one shape of every error this service sends."""
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, param=param)
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type="application/problem+json",
        headers=headers,
    )


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, whose refused preflight is a problem document rather than plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < HTTPStatus.BAD_REQUEST:
            return response
        kept = {
            name: value
            for name, value in response.headers.items()
            if name not in ("content-length", "content-type")
        }
        return problem(response.status_code, bytes(response.body).decode(), headers=kept)


class UnexpectedErrorMiddleware:
    """A 500 problem for an exception from a route, sent from inside the other middleware.

    Starlette's own last-resort handler sits outside every middleware, so its 500 would lack
    the CORS headers and a browser client could not read it. The exception is raised on, for
    the server to log. A response already under way (a failing stream) can only be cut off.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception:
            if scope["type"] == "http" and not started:
                detail = "Unexpected error; it has been logged."
                await problem(HTTPStatus.INTERNAL_SERVER_ERROR, detail)(scope, receive, send)
            raise


class ClosingStreamingResponse(StreamingResponse):
    """A streamed body whose iterator is closed when the response ends, however it ends.

    Starlette leaves an unfinished iterator to the garbage collector: after a HEAD (stopped at
    its first chunk, `HeadMiddleware`) or a client that hangs up. An export's iterator holds a
    database session inside a savepoint (`app.search.export`), and closed by the collector it
    may run after its connection was already reset, failing on a savepoint that no longer
    exists, in whatever request is running then. Closed here, at once, in a worker thread (the
    rollback is I/O) shielded from the cancellation that may have ended the stream.
    """

    def __init__(self, content: Iterator[Any], **kwargs: Any) -> None:
        super().__init__(content, **kwargs)
        self._source = content

    async def stream_response(self, send: Send) -> None:
        try:
            await super().stream_response(send)
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                with anyio.CancelScope(shield=True):
                    await anyio.to_thread.run_sync(close)


class _BodyNotWanted(Exception):
    """Raised into a streaming response to stop it once a HEAD has its headers."""


class HeadMiddleware:
    """HEAD as RFC 9110 (9.3.2) asks: the status and headers a GET would get, and no body.

    FastAPI routes answer GET alone (a HEAD was a 405). Passed inward as a GET, a HEAD meets
    every other middleware as its GET would, so its ETag, 304, gzip and CORS headers and its
    Content-Length are the GET's; only the body is dropped, here, outermost. A streamed body
    (an export) is stopped at its first chunk rather than produced for nothing, the way a
    client that hangs up stops it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: Message) -> None:
            nonlocal finished
            if message["type"] != "http.response.body":
                await send(message)
            elif not finished:
                finished = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                if message.get("more_body", False):
                    raise _BodyNotWanted

        try:
            await self.app({**scope, "method": "GET"}, receive, headers_only)
        except* _BodyNotWanted:
            pass


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def names_etag(if_none_match: str, etag: str) -> bool:
    """Whether `If-None-Match` lists `etag` or is `*` (weak comparison, RFC 9110 13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    opaque = _ENTITY_TAG.fullmatch(etag.removeprefix("W/"))
    listed = {match.group(1) for match in _ENTITY_TAG.finditer(if_none_match)}
    return opaque is not None and opaque.group(1) in listed


def _is_json(headers: Headers) -> bool:
    media_type = headers.get("content-type", "").partition(";")[0].strip().lower()
    return media_type == "application/json"


class ConditionalGetMiddleware:
    """`Cache-Control` on every successful GET (or HEAD); an ETag and 304s on JSON ones.

    Paths in `no_store` (liveness checks, whose answer is about now) get `no-store` and no ETag.
    Errors get neither: a cached 503 would outlive the outage.
    """

    def __init__(self, app: ASGIApp, *, max_age: int, no_store: Collection[str] = ()) -> None:
        self.app = app
        self.cache_control = f"public, max-age={max_age}"
        self.no_store = frozenset(no_store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        if scope["path"] in self.no_store:
            await self.app(scope, receive, _with_header(send, "cache-control", "no-store"))
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        await self.app(scope, receive, _Tagger(send, self.cache_control, if_none_match).send)


def _with_header(send: Send, name: str, value: str) -> Send:
    async def send_with_header(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == HTTPStatus.OK:
            MutableHeaders(scope=message)[name] = value
        await send(message)

    return send_with_header


class _Tagger:
    """One response: passes it through, or holds a JSON body back until it can be hashed."""

    def __init__(self, send: Send, cache_control: str, if_none_match: str | None) -> None:
        self.downstream = send
        self.cache_control = cache_control
        self.if_none_match = if_none_match
        self.start: Message | None = None
        self.body: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if message["status"] != HTTPStatus.OK:
                await self.downstream(message)
                return
            headers = MutableHeaders(scope=message)
            headers["cache-control"] = self.cache_control
            if _is_json(headers) and "content-length" in headers:
                self.start = message
            else:
                await self.downstream(message)
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._finish()
        else:
            await self.downstream(message)

    async def _finish(self) -> None:
        assert self.start is not None
        body = b"".join(self.body)
        headers = MutableHeaders(scope=self.start)
        headers["etag"] = entity_tag(body)
        if self.if_none_match is not None and names_etag(self.if_none_match, headers["etag"]):
            kept = [
                (name, value)
                for name, value in self.start["headers"]
                if name.decode("latin-1").lower() in _KEPT_BY_304
            ]
            await self.downstream(
                {"type": "http.response.start", "status": HTTPStatus.NOT_MODIFIED, "headers": kept}
            )
            await self.downstream({"type": "http.response.body", "body": b""})
            return
        await self.downstream(self.start)
        await self.downstream({"type": "http.response.body", "body": body})
