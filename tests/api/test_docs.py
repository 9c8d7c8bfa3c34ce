"""/docs and /redoc work on a machine without internet: every asset they load is our own."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

ASSET_TYPES = {
    ".js": ("text/javascript", "application/javascript"),
    ".css": ("text/css",),
    ".png": ("image/png",),
}
"""The content types a browser takes for each kind of asset (it refuses a stylesheet or a
script served as text/plain when `X-Content-Type-Options: nosniff` is on). Which of the two
JavaScript types comes depends on Python's version and the system's /etc/mime.types."""


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
        media_type = response.headers["content-type"].split(";")[0]
        assert media_type in ASSET_TYPES[url[url.rfind(".") :]], (url, media_type)
        assert len(response.content) > 1000, url


LICENSE_POINTER = re.compile(r"/\*! For license information please see (\S+) \*/")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_licence_file_each_script_points_to_is_served_beside_it(
    client: TestClient, page: str
) -> None:
    """The minified builds keep only a pointer to their licence notices; it must not 404."""
    scripts = [url for url in loaded_urls(client.get(page).text) if url.endswith(".js")]
    assert scripts
    for url in scripts:
        pointer = LICENSE_POINTER.match(client.get(url).text)
        assert pointer, url
        notices = client.get(url[: url.rfind("/") + 1] + pointer[1])
        assert notices.status_code == 200, pointer[1]
        assert notices.headers["content-type"].startswith("text/plain")
        assert "@license" in notices.text or "License" in notices.text


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
