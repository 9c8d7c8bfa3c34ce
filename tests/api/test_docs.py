"""/docs and /redoc work on a machine without internet: every asset they load is our own."""

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

ASSET_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
}
"""The content type a browser needs for each kind of asset (it refuses a stylesheet or a
script served as text/plain when `X-Content-Type-Options: nosniff` is on)."""


LOADING_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "redoc": "spec-url"}


class _References(HTMLParser):
    """Every URL a page makes the browser load: script, stylesheet, icon and image sources,
    and ReDoc's `spec-url`."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LOADING_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


def loaded_urls(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


def is_same_origin(url: str) -> bool:
    """A path on this server: no scheme, no host (`//cdn...` is another host too)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The docs read no database: a plain app is enough."""
    with TestClient(create_app()) as client:
        yield client


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_other_hosts(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    urls = loaded_urls(response.text)
    assert urls, "the page loads no script at all"
    assert [url for url in urls if not is_same_origin(url)] == []
    assert "googleapis" not in response.text and "jsdelivr" not in response.text


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_every_asset_of_a_docs_page_is_served(client: TestClient, page: str) -> None:
    urls = [url for url in loaded_urls(client.get(page).text) if url != "/openapi.json"]
    kinds = {url[url.rfind(".") :] for url in urls}
    assert ".js" in kinds
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(ASSET_TYPES[url[url.rfind(".") :]])
        assert len(response.content) > 1000, url


def test_swagger_ui_reads_the_schema_at_openapi_json(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "url: '/openapi.json'" in page
    schema = client.get("/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Verbatim"


def test_redoc_reads_the_schema_at_openapi_json(client: TestClient) -> None:
    assert "/openapi.json" in loaded_urls(client.get("/redoc").text)


def test_docs_assets_are_not_api_operations(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert all(path.startswith("/v1/") for path in paths)


def test_behind_a_path_prefix_assets_are_under_it() -> None:
    """A proxy serving the API under /verbatim passes that as root_path: the browser must
    ask for /verbatim/... or it would miss the assets."""
    with TestClient(create_app(), root_path="/verbatim") as client:
        for page in ("/docs", "/redoc"):
            urls = loaded_urls(client.get(page).text)
            assert urls and all(url.startswith("/verbatim/") for url in urls), urls
