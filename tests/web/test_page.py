"""The search page in a real browser against a real server (see conftest): what a person sees
and can do. Each test ends with no console error and no request beyond the server's origin
(the `web` fixture checks both)."""

import csv
import io
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import PHONE, STATIC, ci_requires, open_page, screenshot

try:
    from playwright.sync_api import Page, expect
except ImportError:  # pragma: no cover - the dev extra installs it
    ci_requires("Playwright is not installed (pip install -e '.[dev]')")
    pytest.skip("Playwright is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent.parent


def api(base_url: str, path: str, **params: object) -> dict:
    response = httpx.get(base_url + path, params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def every_item(base_url: str, **params: object) -> list[dict]:
    items, cursor = [], None
    while True:
        page = api(base_url, "/v1/quotes", limit=100, cursor=cursor, **params)
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def statements(n: int) -> str:
    return f"{n} statement" if n == 1 else f"{n} statements"


def search(page: Page, text: str) -> None:
    page.get_by_label("Search statements").fill(text)
    page.get_by_label("Search statements").press("Enter")


def settled(page: Page) -> None:
    expect(page.locator("#cards")).to_have_attribute("aria-busy", "false")


def test_phrase_search_shows_highlighted_cards(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    settled(page)
    search(page, '"flood barrier"')
    found = api(base_url, "/v1/quotes", q='"flood barrier"')
    expect(page.locator("#count")).to_have_text(statements(found["total"]))
    assert found["total"] == 2
    cards = page.locator("#cards > li")
    expect(cards).to_have_count(2)
    for i, item in enumerate(found["items"]):
        card = cards.nth(i)
        expect(card.locator("mark")).to_have_text(["flood barrier"])
        expect(card.locator(".statement-text")).to_have_text(item["text"])
        expect(card.locator(".speaker-name")).to_have_text("Helena Marsh")
        expect(card.locator(".role")).to_have_text("mayor")
        expect(card.locator(".kind")).to_have_text("Direct quote")
        expect(card.locator(".outlet")).to_have_text(item["article"]["source"])
        link = card.locator("a.article-link")
        expect(link).to_have_text(item["article"]["title"])
        expect(link).to_have_attribute("href", item["article"]["url"])
        expect(card.locator("time")).to_have_attribute("datetime", item["date"])
    assert "q=%22flood+barrier%22" in page.url
    first = cards.first
    expect(first.locator(".context")).to_be_hidden()
    first.get_by_role("button", name="Show context").click()
    expect(first.locator(".context")).to_have_text(found["items"][0]["context"])
    screenshot(page, "search-highlighted", full_page=False)


def test_agency_copies_are_one_card_also_in_other_outlets(web, base_url: str) -> None:
    page, _ = web
    page.goto("/?q=agreement")
    cards = page.locator("#cards > li")
    expect(cards).to_have_count(1)
    copies = cards.first.locator("details.copies")
    expect(copies.locator("summary")).to_have_text("Also in 1 outlet")
    copies.locator("summary").click()
    expect(copies.locator("li")).to_have_count(1)
    expect(copies.locator("li .outlet")).to_have_text("Valley Times")
    expect(copies.locator("li a")).to_have_attribute(
        "href", "https://news.example/valley/wage-talks-resume"
    )


def test_text_from_the_database_is_shown_as_text(web, base_url: str) -> None:
    page, _ = web
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in ("/?q=librarian+OR+bold", "/?speaker=Ruth+Okafor"):
        page.goto(url)
        text = page.locator("#cards .statement-text").first
        expect(text).to_contain_text("<b>bold</b> things in <script>alert(1)</script> tags")
        assert page.locator("#cards b, #cards script").count() == 0
    assert dialogs == []


def test_speaker_autocomplete_with_the_keyboard(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    settled(page)
    page.get_by_text("Filters", exact=True).click()
    speaker = page.get_by_role("combobox", name="Speaker")
    speaker.press_sequentially("mars")
    options = page.get_by_role("listbox", name="Speakers").get_by_role("option")
    expect(options.first).to_contain_text("Helena Marsh")
    screenshot(page, "autocomplete", full_page=False)
    speaker.press("ArrowDown")
    expect(speaker).to_have_attribute("aria-activedescendant", "speaker-option-0")
    speaker.press("Enter")
    expect(page.get_by_role("button", name="Remove filter Speaker: Helena Marsh")).to_be_visible()
    total = api(base_url, "/v1/quotes", speaker="Helena Marsh")["total"]
    expect(page.locator("#count")).to_have_text(statements(total))
    expect(page.locator("#cards .speaker-name")).to_have_text(["Helena Marsh"] * total)
    assert "speaker=Helena+Marsh" in page.url


def test_facet_adds_a_chip_and_narrows_the_count(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    everything = api(base_url, "/v1/quotes")["total"]
    expect(page.locator("#count")).to_have_text(statements(everything))
    place = page.locator("#facets").get_by_role("button", name=re.compile("^Place: Riverton"))
    place.click()
    narrowed = api(base_url, "/v1/quotes", place="Riverton")["total"]
    assert 0 < narrowed < everything
    chip = page.get_by_role("button", name="Remove filter Place: Riverton")
    expect(chip).to_be_visible()
    expect(page.locator("#count")).to_have_text(statements(narrowed))
    screenshot(page, "facet-chip", full_page=False)
    chip.click()
    expect(page.locator("#count")).to_have_text(statements(everything))
    expect(page.locator("#chips .chip")).to_have_count(0)


def test_timeline_bars_and_choosing_one(web, base_url: str) -> None:
    page, _ = web
    page.goto("/?speaker=Helena+Marsh")
    chart = page.get_by_role("group", name=re.compile("^Statements per "))
    expect(chart).to_be_visible()
    interval = chart.get_attribute("data-interval")
    timeline = api(base_url, "/v1/quotes/timeline", speaker="Helena Marsh", interval=interval)
    bars = chart.locator("g.bar")
    expect(bars).to_have_count(len(timeline["buckets"]))
    assert [int(n) for n in bars.evaluate_all("bs => bs.map(b => b.dataset.count)")] == [
        bucket["count"] for bucket in timeline["buckets"]
    ]
    bar = chart.locator("g.bar[data-count]:not(.bar-empty)").first
    day_from, day_to = bar.get_attribute("data-from"), bar.get_attribute("data-to")
    bar.focus()
    bar.press("Enter")
    expect(page.get_by_role("button", name=re.compile("^Remove filter From: "))).to_be_visible()
    total = api(base_url, "/v1/quotes", speaker="Helena Marsh", date_from=day_from, date_to=day_to)[
        "total"
    ]
    expect(page.locator("#count")).to_have_text(statements(total))
    assert f"date_from={day_from}" in page.url
    assert f"date_to={day_to}" in page.url


def test_dragging_across_bars_selects_their_range(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    chart = page.get_by_role("group", name=re.compile("^Statements per "))
    bars = chart.locator("g.bar")
    timeline = api(base_url, "/v1/quotes/timeline", interval=chart.get_attribute("data-interval"))
    assert len(timeline["buckets"]) >= 3
    expect(bars).to_have_count(len(timeline["buckets"]))
    day_from, day_to = bars.first.get_attribute("data-from"), bars.last.get_attribute("data-to")
    bars.first.locator("rect.hit").hover()
    page.mouse.down()
    bars.last.locator("rect.hit").hover()
    page.mouse.up()
    expect(page).to_have_url(re.compile(f"date_from={day_from}&date_to={day_to}"))
    total = api(base_url, "/v1/quotes", date_from=day_from, date_to=day_to)["total"]
    expect(page.locator("#count")).to_have_text(statements(total))
    assert total == sum(bucket["count"] for bucket in timeline["buckets"])


def test_person_page(web, base_url: str) -> None:
    page, _ = web
    person = api(base_url, "/v1/people", q="Marsh")["items"][0]
    detail = api(base_url, f"/v1/people/{person['id']}")
    page.goto("/?q=barrier")
    page.locator("#cards a.speaker-name").first.click()
    expect(page).to_have_url(f"{base_url}/people/{person['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Helena Marsh")
    expect(page.locator("#q-label")).to_have_text("Search statements by Helena Marsh")
    expect(page.locator(".entity-role")).to_have_text(detail["role"])
    expect(page.locator(".entity-facts")).to_contain_text(f"Quoted {detail['quote_count']} times")
    total = api(base_url, "/v1/quotes", speaker_id=person["id"])["total"]
    expect(page.locator("#count")).to_have_text(statements(total))
    expect(page.locator("#cards .speaker-name")).to_have_text(["Helena Marsh"] * total)
    expect(page.locator("#facets h2", has_text="Places")).to_be_visible()
    expect(page.locator("#facets h2", has_text="Speakers")).to_have_count(0)
    expect(page.get_by_role("group", name=re.compile("^Statements per "))).to_be_visible()
    settled(page)
    screenshot(page, "person", full_page=False)


def test_topic_and_place_pages(web, base_url: str) -> None:
    page, _ = web
    topic = api(base_url, "/v1/topics")["items"][0]
    page.goto(f"/topics/{topic['slug']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(topic["name"])
    total = api(base_url, f"/v1/topics/{topic['slug']}/quotes")["total"]
    expect(page.locator("#count")).to_have_text(statements(total))
    expect(page.locator(".aliases")).to_contain_text("Quoted most:")
    settled(page)
    shown = page.locator('#facets [data-facet="topic"]').evaluate_all(
        "bs => bs.map(b => b.dataset.value)"
    )
    assert topic["name"] not in shown
    screenshot(page, "topic", full_page=False)
    place = api(base_url, "/v1/places", q="Riverton")["items"][0]
    page.goto(f"/places/{place['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverton")
    total = api(base_url, f"/v1/places/{place['id']}/quotes")["total"]
    expect(page.locator("#count")).to_have_text(statements(total))


def test_a_missing_person(web, base_url: str) -> None:
    page, watch = web
    watch.allowed_errors.append("status of 404")
    page.goto("/people/999999")
    expect(page.get_by_role("heading", level=1)).to_have_text("No such person")
    detail = httpx.get(base_url + "/v1/people/999999").json()["detail"]
    expect(page.get_by_role("alert").filter(has_text=detail)).to_be_visible()


def test_export_link_downloads_the_same_rows(web, base_url: str) -> None:
    page, _ = web
    page.goto("/?place=Riverton&kind=direct")
    settled(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    expected = every_item(base_url, place="Riverton", kind="direct")
    assert len(expected) >= 3
    assert sorted(int(row["id"]) for row in rows) == sorted(item["id"] for item in expected)
    assert {row["text"] for row in rows} == {item["text"] for item in expected}
    assert download.value.suggested_filename.endswith(".csv")
    href = page.get_by_role("link", name="NDJSON").get_attribute("href")
    assert href == "/v1/quotes?place=Riverton&kind=direct&format=ndjson"


def test_back_and_forward_restore_the_state(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    everything = statements(api(base_url, "/v1/quotes")["total"])
    expect(page.locator("#count")).to_have_text(everything)
    search(page, "barrier")
    barrier = statements(api(base_url, "/v1/quotes", q="barrier")["total"])
    expect(page.locator("#count")).to_have_text(barrier)
    page.locator("#facets").get_by_role("button", name=re.compile("^Outlet: Valley Times")).click()
    narrowed = statements(api(base_url, "/v1/quotes", q="barrier", source="Valley Times")["total"])
    expect(page.locator("#count")).to_have_text(narrowed)
    page.go_back()
    expect(page.locator("#count")).to_have_text(barrier)
    expect(page.locator("#chips .chip")).to_have_count(0)
    expect(page.get_by_label("Search statements")).to_have_value("barrier")
    page.go_back()
    expect(page.locator("#count")).to_have_text(everything)
    expect(page.get_by_label("Search statements")).to_have_value("")
    page.go_forward()
    page.go_forward()
    expect(page.locator("#count")).to_have_text(narrowed)
    expect(page.get_by_role("button", name="Remove filter Outlet: Valley Times")).to_be_visible()
    expect(page.get_by_label("Search statements")).to_have_value("barrier")
    page.reload()
    expect(page.locator("#count")).to_have_text(narrowed)


def test_sort_and_load_more(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    everything = every_item(base_url)
    assert len(everything) > 20
    expect(page.locator("#cards > li")).to_have_count(20)
    page.get_by_role("button", name="Load more").click()
    expect(page.locator("#cards > li")).to_have_count(len(everything))
    expect(page.get_by_role("button", name="Load more")).to_be_hidden()
    ids = page.locator("#cards > li").evaluate_all("cs => cs.map(c => +c.dataset.quoteId)")
    assert ids == [item["id"] for item in everything]
    page.get_by_label("Sort").select_option("date")
    assert "sort=date" in page.url
    oldest = api(base_url, "/v1/quotes", sort="date")["items"][0]
    expect(page.locator("#cards > li").first).to_have_attribute("data-quote-id", str(oldest["id"]))


def test_a_bad_query_shows_the_api_message_at_the_field(web, base_url: str) -> None:
    page, watch = web
    watch.allowed_errors.append("status of 422")
    page.goto("/")
    settled(page)
    search(page, "(peace")
    problem = httpx.get(base_url + "/v1/quotes", params={"q": "(peace"}).json()
    assert problem["param"] == "q"
    error = page.locator("#q-error")
    expect(error).to_have_text(problem["detail"])
    expect(page.get_by_label("Search statements")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "bad-query", full_page=False)
    page.goto("/?date_from=2025-12-01&date_to=2025-11-01")
    problem = httpx.get(
        base_url + "/v1/quotes", params={"date_from": "2025-12-01", "date_to": "2025-11-01"}
    ).json()
    field = page.locator(f"#{problem['param']}-error")
    expect(field).to_have_text(problem["detail"])
    expect(field).to_be_visible()


def test_empty_result(web, base_url: str) -> None:
    page, _ = web
    page.goto("/?q=zeppelin")
    expect(page.locator("#count")).to_have_text("No statements")
    expect(page.get_by_text("No statements match.")).to_be_visible()
    expect(page.locator("#cards > li")).to_have_count(0)


def test_readable_on_a_phone(browser, base_url: str) -> None:
    context, page, watch = open_page(browser, base_url, PHONE)
    page.goto("/?q=barrier")
    settled(page)
    expect(page.get_by_role("button", name="Search")).to_be_in_viewport()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    size = page.locator(".statement-text").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.removesuffix("px")) >= 16
    screenshot(page, "phone", full_page=False)
    screenshot(page, "phone-full")
    context.close()
    assert watch.unexpected_errors() == []
    assert watch.foreign() == []


def test_keyboard_alone(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    settled(page)
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("barrier")
    page.keyboard.press("Enter")
    expect(page.locator("#count")).to_have_text(
        statements(api(base_url, "/v1/quotes", q="barrier")["total"])
    )
    facet = page.locator("#facets .facet").first
    facet.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#chips .chip")).to_have_count(1)
    page.locator("#chips .chip").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#chips .chip")).to_have_count(0)
    settled(page)
    home = page.locator("#cards > li").first
    home.get_by_role("button", name="Show context").focus()
    page.keyboard.press("Enter")
    expect(home.locator(".context")).to_be_visible()


def test_home_screenshot(web, base_url: str) -> None:
    page, _ = web
    page.goto("/")
    settled(page)
    expect(page.get_by_role("group", name=re.compile("^Statements per "))).to_be_visible()
    screenshot(page, "home", full_page=False)
    screenshot(page, "home-full")


def test_content_security_policy_and_docs(browser, base_url: str) -> None:
    for path in ("/", "/people/1", "/static/app.js", "/static/verbatim.css"):
        response = httpx.get(base_url + path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
    html = httpx.get(base_url + "/").text
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert " style=" not in html and "<style" not in html
    assert (
        httpx.get(base_url + "/v1/nothing")
        .headers["content-type"]
        .startswith("application/problem+json")
    )
    context, page, watch = open_page(browser, base_url, {"width": 1280, "height": 900})
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Verbatim")
    expect(page.get_by_text("/v1/quotes/timeline").first).to_be_visible()
    context.close()
    assert watch.unexpected_errors() == []
    assert watch.foreign() == []


def test_readme_screenshot_is_a_small_png() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/screenshot.png)" in readme
    assert "http://127.0.0.1:8000/" in readme
    shot = (ROOT / "docs" / "screenshot.png").read_bytes()
    assert shot.startswith(b"\x89PNG")
    assert len(shot) < 200_000


def test_package_data_ships_every_page_file() -> None:
    """A wheel carries what pyproject's package data names: every file of the page must
    match one of its patterns."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = data["tool"]["setuptools"]["package-data"]["app.web"]
    files = [p.relative_to(STATIC.parent).as_posix() for p in STATIC.iterdir()]
    assert files
    assert [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)] == []
