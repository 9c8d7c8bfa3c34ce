"""Back-pressure: how many requests one server process serves at once, and what the rest get.

Routes are plain `def` functions run in anyio's threadpool, and a request takes its database
connection in one thread and gives it back several thread hops later (FastAPI validates the
response in another pool thread, and the session closes after the response is sent). Left
unbounded, requests that are waiting for a connection can hold every thread while the
requests that hold the connections wait for a thread to finish on: nothing moves until the
pool's timeout fails the waiters (the README's "Concurrency" section has the evidence).

So a request is admitted before it reaches a route, when one of `max_requests_in_flight`
slots is free; it waits for one in a queue (first come, first served) for at most
`request_queue_timeout_s`, then gets a 503 problem with `Retry-After`. The connection pool
holds a connection for everything that can be admitted at once (`connections_needed`), so no
admitted request ever waits for a connection, and the threadpool has a thread for each of them.
The health check has a lane of its own, so it answers at once under any load, and still asks
the database. Streaming exports are capped separately (`ExportSlots`): an export holds its slot
and a second connection for as long as its client reads.
"""

import math
import threading
from collections.abc import Callable, Collection, Iterator
from http import HTTPStatus
from typing import TypeVar

import anyio
import anyio.to_thread
from anyio.lowlevel import RunVar
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.http import problem

HEALTH_PATHS = ("/v1/health",)
HEALTH_SLOTS = 1
"""Requests to HEALTH_PATHS in flight at once, beside the others: enough for a load balancer."""

T = TypeVar("T")


def connections_needed(settings: Settings) -> int:
    """Connections that the admitted requests can hold at once: one per request in flight, a
    second one per export (its stream reads on a session of its own while the request's is
    still open), and the health lane's. A pool of this size never makes a request wait."""
    return settings.max_requests_in_flight + settings.max_exports_in_flight + HEALTH_SLOTS


def retry_after_s(settings: Settings) -> int:
    """What a refused client is told to wait: a queue that was full for the whole timeout is
    not likely to be empty much sooner."""
    return max(1, math.ceil(settings.request_queue_timeout_s))


def overloaded(detail: str, retry_after: int) -> JSONResponse:
    return problem(
        HTTPStatus.SERVICE_UNAVAILABLE, detail, headers={"Retry-After": str(retry_after)}
    )


class AdmissionMiddleware:
    """Admits at most `slots` requests at once (plus `reserved_slots` to `reserved` paths);
    the others queue for `queue_timeout_s`, then get a 503 problem with `Retry-After`.

    The semaphores belong to the running event loop (an anyio `RunVar`): a server runs one
    loop per process, while tests may run an app under several loops one after another.
    A request whose client left while it queued is dropped when its turn comes, so a burst
    that has gone away does not keep the server busy after it.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        slots: int,
        queue_timeout_s: float,
        retry_after: int,
        reserved: Collection[str] = HEALTH_PATHS,
        reserved_slots: int = HEALTH_SLOTS,
    ) -> None:
        self.app = app
        self.slots = slots
        self.queue_timeout_s = queue_timeout_s
        self.retry_after = retry_after
        self.reserved = frozenset(reserved)
        self.reserved_slots = reserved_slots
        self._lanes: RunVar[tuple[anyio.Semaphore, anyio.Semaphore]] = RunVar(
            f"verbatim_lanes_{id(self)}"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        general, reserved = self._lanes_of_this_loop()
        lane = reserved if scope["path"] in self.reserved else general
        try:
            with anyio.fail_after(self.queue_timeout_s):
                await lane.acquire()
        except TimeoutError:
            detail = (
                f"The server is busy: no request slot freed within "
                f"{self.queue_timeout_s:g} s. Retry after {self.retry_after} s."
            )
            await overloaded(detail, self.retry_after)(scope, receive, send)
            return
        try:
            first = await receive()
            if first["type"] == "http.disconnect":
                return
            await self.app(scope, _replaying(first, receive), send)
        finally:
            lane.release()

    def _lanes_of_this_loop(self) -> tuple[anyio.Semaphore, anyio.Semaphore]:
        """The two semaphores, made on first use in each event loop; the loop's threadpool is
        widened then, if needed, to a thread for every request that can be admitted."""
        lanes = self._lanes.get(None)
        if lanes is None:
            lanes = (anyio.Semaphore(self.slots), anyio.Semaphore(self.reserved_slots))
            self._lanes.set(lanes)
            threads = anyio.to_thread.current_default_thread_limiter()
            threads.total_tokens = max(threads.total_tokens, self.slots + self.reserved_slots)
        return lanes


def _replaying(first: Message, receive: Receive) -> Receive:
    """`receive` with `first` (read at admission to see whether the client is still there)
    given back before anything else."""
    pending = [first]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay


class Overloaded(Exception):
    """A request refused for want of capacity; answered with 503 and `Retry-After`."""


class ExportSlots:
    """At most `slots` streaming exports at once in this process; one more is refused at
    once (503) rather than queued, since a slot frees only when a stranger's download ends.

    Routes run in threads, so the count is a thread-safe semaphore. The slot is taken before
    the export's first batch is read and given back when the stream ends, fails or is dropped.
    """

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._free = threading.BoundedSemaphore(slots)

    def stream(self, start: Callable[[], Iterator[T]]) -> Iterator[T]:
        """The chunks of `start()`, holding a slot until they end; Overloaded if none is free."""
        if not self._free.acquire(blocking=False):
            raise Overloaded(
                f"{self.slots} exports are already running; retry when one has finished."
            )
        try:
            chunks = start()
        except BaseException:
            self._free.release()
            raise
        return _Releasing(chunks, self._free.release)


class _Releasing(Iterator[T]):
    """An iterator that calls `release` once: when exhausted, when it fails, or when it is
    closed or collected unfinished (a client that hangs up mid-download)."""

    def __init__(self, chunks: Iterator[T], release: Callable[[], None]) -> None:
        self._chunks = chunks
        self._release: Callable[[], None] | None = release

    def __next__(self) -> T:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Release the slot, and close the chunks (a generator's `finally` and `with` blocks
        run now: the export's session is given back at once, not when collected)."""
        release, self._release = self._release, None
        if release is not None:
            release()
            close = getattr(self._chunks, "close", None)
            if close is not None:
                close()

    def __del__(self) -> None:
        self.close()


def export_slots(request: Request) -> ExportSlots:
    slots: ExportSlots = request.app.state.export_slots
    return slots


def install(app: FastAPI, settings: Settings) -> None:
    """Admission in front of the routes, export slots, and 503s for both limits and for a pool
    that still runs dry (a connection taken outside the admitted requests' count)."""
    retry_after = retry_after_s(settings)
    app.add_middleware(
        AdmissionMiddleware,
        slots=settings.max_requests_in_flight,
        queue_timeout_s=settings.request_queue_timeout_s,
        retry_after=retry_after,
    )
    app.state.export_slots = ExportSlots(settings.max_exports_in_flight)

    def refused(_request: Request, exc: Overloaded) -> JSONResponse:
        return overloaded(str(exc), retry_after)

    def pool_exhausted(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        return overloaded("Every database connection is busy; retry shortly.", retry_after)

    app.add_exception_handler(Overloaded, refused)
    app.add_exception_handler(PoolTimeout, pool_exhausted)
