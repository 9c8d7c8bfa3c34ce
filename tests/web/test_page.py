"""The search page in a real browser against a real server (see conftest)."""

import re

import httpx
from playwright.sync_api import expect

from tests.web.conftest import PHONE, open_page, screenshot


def api(base_url: str, path: str, **params: object) -> dict:
    response = httpx.get(base_url + path, params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def test_smoke(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    expect(page.locator("#count")).to_have_text(re.compile(r"\d+ statements"))
    screenshot(page, "home")
