"""A real `verbatim serve` in a subprocess on a free loopback port, for what an in-process
TestClient cannot show: uvicorn's event loop, its threadpool and the engine's pool as a
deployment runs them, with settings read from the environment as an operator sets them."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, NamedTuple

import httpx

ROOT = Path(__file__).resolve().parent.parent.parent
STARTUP_SECONDS = 60


class Server(NamedTuple):
    base: str
    """`http://127.0.0.1:PORT`"""
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(
    db_url: str, *options: str, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """`verbatim serve --db db_url` with default settings (every inherited `VERBATIM_*`
    variable dropped) plus `env`, running once /v1/health answers 200."""
    port = free_port()
    clean = {name: value for name, value in os.environ.items() if not name.startswith("VERBATIM_")}
    command = [sys.executable, "-m", "app.cli", "serve", "--db", db_url, "--port", str(port)]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [*command, *options],
            cwd=ROOT,
            env={**clean, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Server(_wait_until_ready(process, log, f"http://127.0.0.1:{port}"), process.pid)
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], log: IO[bytes], base: str) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"serve exited with {process.returncode}: {log.read().decode()}")
        try:
            if httpx.get(base + "/v1/health", timeout=5).status_code == 200:
                return base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"serve did not answer within {STARTUP_SECONDS} s")


def worker_processes(pid: int) -> list[int]:
    """The uvicorn workers that `pid` started (Linux: its children that multiprocessing
    spawned, which leaves out the resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]
