"""A real `verbatim serve` on a database built from seeds/ plus the articles of
`tests.web.articles`, and Debian's Chromium driven by Playwright.

Without a Chromium the browser tests are skipped, saying why; under CI (`CI=true`), where
`.ci/run` installs it, they fail instead. Every page records its console errors and every
request it makes: a test ends by asserting there were none of the first and that the
second all went to the server's own origin (anything else is also blocked, not fetched).
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.api.server import running_server
from tests.conftest import SEEDS, migrated_engine
from tests.web.articles import write_articles

STATIC = Path(__file__).resolve().parent.parent.parent / "app" / "web" / "static"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("VERBATIM_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ci_requires(reason: str) -> None:
    """Under CI, where `.ci/run` installs Chromium and the dev extra, a missing piece fails."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Chromium)")


def _missing(reason: str) -> None:
    ci_requires(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def web_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from app.ingest.pipeline import ingest_paths

    engine = migrated_engine(tmp_path_factory, "web")
    articles = write_articles(tmp_path_factory.mktemp("web-articles"))
    ingest_paths([SEEDS, articles], engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def base_url(web_engine: Engine) -> Iterator[str]:
    with running_server(web_engine.url.render_as_string(hide_password=False)) as server:
        yield server.base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        _missing("no Chromium found (as root: bash scripts/chromium.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did: its console errors and every URL it requested."""

    origin: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    allowed_errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.origin + "/")]

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(a in e for a in self.allowed_errors)]


def open_page(browser, base_url: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, base_url=base_url, accept_downloads=True)
    page = context.new_page()
    watch = Watch(base_url)

    def route(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        watch.requests.append(url)
        if url.startswith(base_url + "/"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(f"uncaught: {e}"))
    return context, page, watch


@pytest.fixture
def web(browser, base_url: str) -> Iterator[tuple[object, Watch]]:  # type: ignore[no-untyped-def]
    """A desktop-sized page and its watch; afterwards, no console error and no foreign
    request."""
    context, page, watch = open_page(browser, base_url, DESKTOP)
    yield page, watch
    context.close()
    assert watch.unexpected_errors() == []
    assert watch.foreign() == []
    assert watch.requests, "the page made no request"


def screenshot(page, name: str, *, full_page: bool = True) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
