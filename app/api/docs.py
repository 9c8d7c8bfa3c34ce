"""/docs (Swagger UI) and /redoc (ReDoc) served from files installed with the package.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, ReDoc's fonts from Google and the
favicon from FastAPI's site: on a machine without internet, or behind a firewall, the pages
come up blank. The pinned `fastapi-offline` package ships the built files (Swagger UI 5,
ReDoc 2, FastAPI's favicon) inside its wheel, so they are served from there under
`/docs/assets/` and FastAPI's page builders are pointed at them. Nothing is fetched at run
time, and a newer Swagger UI or ReDoc comes with a new pin of that package.

That package leaves out the licence files of the two builds, which their first line points
to (`For license information please see swagger-ui-bundle.js.LICENSE.txt`) and which the MIT
and Apache licences of what they bundle ask to be passed on: `docs_licenses/` holds them, taken
from the same releases on npm, and they are served beside the scripts (THIRD_PARTY_NOTICES.md).
"""

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs/assets"
ASSET_PACKAGES: list[str | tuple[str, str]] = [
    ("fastapi_offline", "static"),
    ("app.api", "docs_licenses"),
]
"""swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js and favicon.png; then the
licence files of those builds."""


def _root(request: Request) -> str:
    """The prefix a proxy serves the app under (`root_path`), which every URL the browser is
    given must carry, as FastAPI's own docs pages do."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def add_docs(app: FastAPI, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Serve the assets and both pages on `app`, built with `docs_url=None, redoc_url=None`.

    Plain routes (not API operations): they stay out of the OpenAPI schema, and as `async`
    handlers they take no worker thread from the API's queries.
    """
    openapi_url = app.openapi_url or "/openapi.json"
    app.mount(ASSETS_PATH, StaticFiles(packages=ASSET_PACKAGES), name="docs-assets")

    async def swagger_ui(request: Request) -> HTMLResponse:
        root = _root(request)
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    async def redoc(request: Request) -> HTMLResponse:
        root = _root(request)
        return get_redoc_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )

    app.add_route(docs_url, swagger_ui, include_in_schema=False)
    app.add_route(redoc_url, redoc, include_in_schema=False)
