"""Many clients at once against a real server: every request is answered, none starves.

The server is `verbatim serve` in a subprocess with its default settings, so uvicorn's event
loop, the threadpool and the connection pool are the ones a deployment runs.
"""

import threading
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine

from tests.api.server import running_server

CLIENTS = 128
REQUESTS_PER_CLIENT = 4
PATHS = [
    "/v1/quotes",
    "/v1/quotes?speaker=Peskov",
    "/v1/quotes?q=talks",
    "/v1/quotes?facets=speaker,topic,place,source,kind",
    "/v1/quotes/timeline?interval=week",
    "/v1/articles",
    "/v1/people",
    "/v1/topics",
    "/v1/places",
]
"""Paged queries of every kind; on the seed database each is a few milliseconds, so the
clients, not the queries, make the load."""


@pytest.fixture(scope="module")
def server(seeded_engine: Engine) -> Iterator[str]:
    with running_server(seeded_engine.url.render_as_string(hide_password=False)) as running:
        yield running.base


def hammer(base: str, clients: int, requests: int) -> Counter[str]:
    """`clients` threads, each with its own connection, all sending `requests` requests at
    once (a barrier releases them together); the outcome of every request. A client stops at
    its first failure, so a server that starves fails the test in one timeout, not four."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(worker: int) -> None:
        with httpx.Client(base_url=base, timeout=10) as http:
            start.wait()
            for i in range(requests):
                try:
                    outcome = str(http.get(PATHS[(worker + i) % len(PATHS)]).status_code)
                except httpx.TimeoutException:
                    outcome = "timeout"
                except httpx.TransportError as error:
                    outcome = type(error).__name__
                with lock:
                    outcomes[outcome] += 1
                if outcome != "200":
                    return

    threads = [threading.Thread(target=client, args=(w,)) for w in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_128_concurrent_clients_all_get_200(server: str) -> None:
    outcomes = hammer(server, CLIENTS, REQUESTS_PER_CLIENT)
    assert outcomes == {"200": CLIENTS * REQUESTS_PER_CLIENT}
    health = httpx.get(server + "/v1/health", timeout=10)
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
