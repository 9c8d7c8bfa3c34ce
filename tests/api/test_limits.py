"""Back-pressure (app.limits): a request beyond what the server admits waits a bounded time
and then gets a 503 problem with `Retry-After`; the health check has a lane of its own;
exports are capped; a pool that runs dry is a 503 too, not a 500 after 30 s."""

import threading
from collections.abc import Callable
from typing import Any

import anyio
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from starlette.types import Message

from app.db import make_engine
from app.limits import AdmissionMiddleware, ExportSlots
from tests.api.test_errors import problem
from tests.conftest import serve

HOLD_SECONDS = 30
"""How long a held request waits for the test to let it go: never reached when it passes."""


class Holder:
    """A route that stays in flight until the test lets it go, taking a request slot."""

    def __init__(self, client: TestClient) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()
        self.client = client
        self.status: int | None = None

        def hold() -> dict[str, str]:
            self.entered.set()
            self.released.wait(HOLD_SECONDS)
            return {}

        client.app.add_api_route("/v1/hold", hold)  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self._request)

    def _request(self) -> None:
        self.status = self.client.get("/v1/hold").status_code

    def __enter__(self) -> "Holder":
        self.thread.start()
        assert self.entered.wait(HOLD_SECONDS)
        return self

    def __exit__(self, *_: object) -> None:
        self.released.set()
        self.thread.join()


def test_a_request_beyond_the_slots_gets_503_with_retry_after(
    seeded_engine: Engine, settings_env: Callable[..., None]
) -> None:
    settings_env(max_requests_in_flight="1", request_queue_timeout_s="0.3")
    with serve(seeded_engine) as client:
        with Holder(client) as holder:
            refused = client.get("/v1/quotes", headers={"origin": "https://a.example"})
            health = client.get("/v1/health")
        after = client.get("/v1/quotes")
    body = problem(refused, 503)
    assert "0.3 s" in body["detail"]
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["access-control-allow-origin"] == "*"
    assert health.status_code == 200, "the health check has a lane of its own"
    assert holder.status == 200
    assert after.status_code == 200


def test_a_queued_request_is_served_when_a_slot_frees_in_time(
    seeded_engine: Engine, settings_env: Callable[..., None]
) -> None:
    settings_env(max_requests_in_flight="1", request_queue_timeout_s="30")
    queued: dict[str, Any] = {}
    with serve(seeded_engine) as client:
        waiter = threading.Thread(target=lambda: queued.update(r=client.get("/v1/quotes")))
        with Holder(client):
            waiter.start()
            waiter.join(0.5)
            waited = waiter.is_alive()
        waiter.join(HOLD_SECONDS)
    assert waited, "the second request waits while the only slot is taken"
    assert queued["r"].status_code == 200


def test_exports_beyond_the_cap_get_503_and_a_finished_export_frees_its_slot(
    seeded_engine: Engine, settings_env: Callable[..., None]
) -> None:
    settings_env(max_exports_in_flight="1")
    with serve(seeded_engine) as client:
        slots: ExportSlots = client.app.state.export_slots  # type: ignore[attr-defined]
        assert client.get("/v1/quotes", params={"format": "csv"}).status_code == 200
        assert client.get("/v1/quotes", params={"format": "ndjson"}).status_code == 200
        problem(client.get("/v1/quotes", params={"format": "csv", "date_from": "x"}), 422)
        downloading = slots.stream(lambda: iter(["a", "b"]))
        refused = client.get("/v1/quotes", params={"format": "csv"})
        assert next(downloading) == "a"
        del downloading  # a client that hangs up mid-download
        again = client.get("/v1/quotes", params={"format": "csv"})
    assert "1 exports are already running" in problem(refused, 503)["detail"]
    assert refused.headers["retry-after"] == "8"
    assert again.status_code == 200


def test_a_pool_that_runs_dry_is_a_503_with_retry_after(seeded_engine: Engine) -> None:
    """Connections taken outside the admitted requests' count (here, by the test) make a
    request wait for the pool a short while, then refuse it, instead of a 500 after 30 s."""
    url = seeded_engine.url.render_as_string(hide_password=False)
    engine = make_engine(url, pool_size=1)
    try:
        with engine.connect(), serve(engine) as client:
            response = client.get("/v1/health")
    finally:
        engine.dispose()
    assert "connection" in problem(response, 503)["detail"]
    assert response.headers["retry-after"] == "8"


def test_a_request_whose_client_left_while_queued_is_dropped() -> None:
    """The admission reads the request's first message before running the route: a client
    that has gone does not get its query run for nobody."""
    called: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append(scope["path"])
        assert (await receive())["type"] == "http.request", "the first message is replayed"

    middleware = AdmissionMiddleware(app, slots=1, queue_timeout_s=1, retry_after=1)

    async def request(path: str, first: Message) -> None:
        async def receive() -> Message:
            return first

        async def send(_message: Message) -> None:
            raise AssertionError("nothing is sent")

        await middleware({"type": "http", "path": path}, receive, send)

    async def both() -> None:
        await request("/gone", {"type": "http.disconnect"})
        await request("/here", {"type": "http.request", "body": b"", "more_body": False})

    anyio.run(both)
    assert called == ["/here"]
