"""The load benchmark's own parts: its Python client (used where wrk is not installed) reads
every answer the API gives, and its verdicts fail what the targets forbid."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bench.load import Level, python_level, verdicts
from tests.api.server import running_server


@pytest.fixture(scope="module")
def server(seeded_engine: Engine) -> Iterator[str]:
    url = seeded_engine.url.render_as_string(hide_password=False)
    one_at_a_time = {
        "VERBATIM_MAX_REQUESTS_IN_FLIGHT": "1",
        "VERBATIM_REQUEST_QUEUE_TIMEOUT_S": "0.001",
    }
    with running_server(url, env=one_at_a_time) as running:
        yield running.base


def test_python_client_reads_sized_chunked_and_refused_answers(server: str) -> None:
    """JSON pages (Content-Length), streamed CSV exports (chunked) and, with one request slot
    for 3 clients that wait 1 ms for it, 503s with Retry-After: every answer is read to its
    end, so the clients keep their connections and count each one."""
    paths = ["/v1/quotes", "/v1/quotes?format=csv", "/v1/people?q=pes"]
    level = python_level(server, paths, connections=3, seconds=2)
    assert level.ok > 0
    assert level.unavailable > 0
    assert level.timeouts == level.socket_errors == 0
    assert level.non_2xx == level.unavailable == level.retry_after
    assert level.p50_ms > 0


def test_verdicts_fail_errors_collapse_timeouts_and_a_slow_health_check() -> None:
    def level(connections: int, ok: int, **counts: int) -> Level:
        return Level(connections, seconds=1, ok=ok, **counts)

    passing = [
        level(16, 100),
        level(64, 100),
        level(256, 95),
        level(1024, 90, non_2xx=5, unavailable=5, retry_after=5),
    ]
    assert all(line.startswith("PASS") for line in verdicts(passing, 0.1, 200))
    failing = [
        level(16, 100),
        level(64, 100, non_2xx=1),
        level(256, 80),
        level(1024, 90, timeouts=1),
    ]
    judged = [line.split()[0] for line in verdicts(failing, 1.5, 200)]
    assert judged == ["FAIL", "PASS", "FAIL", "FAIL", "FAIL"]
    wedged = [level(16, 100), level(64, 0), level(256, 0), level(1024, 0)]
    judged = [line.split()[0] for line in verdicts(wedged, 0.1, 200)]
    assert judged == ["FAIL", "FAIL", "FAIL", "FAIL", "PASS"]


def test_throughput_at_256_is_judged_against_the_first_and_last_runs_at_16() -> None:
    """The first level runs again after the others: a machine that slowed down meanwhile
    does not count as a collapse, nor one that sped up hide it."""

    def level(connections: int, ok: int) -> Level:
        return Level(connections, seconds=1, ok=ok)

    slowed = verdicts([level(16, 100), level(256, 85), level(16, 80)], 0.1, 200)
    assert slowed[1].startswith("PASS throughput at 256 is 94% of that at 16")
    collapsed = verdicts([level(16, 100), level(256, 85), level(16, 110)], 0.1, 200)
    assert collapsed[1].startswith("FAIL throughput at 256 is 81% of that at 16")
