"""Full-text search through HTTP, over a few hand-written quotes and articles.

The rows go in through the models into a migrated SQLite file, so the FTS5 tables are filled
by the migrations' triggers exactly as an ingest fills them.
"""

import datetime as dt
import html
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Article, Person, Quote
from app.search.fulltext import highlight_words, marked_html
from tests.api.paging import every_item, ids
from tests.conftest import migrated_engine, serve

QUOTES = [
    ("We are ready for peace talks in Istanbul", "Ankara", 1),
    ("The negotiations will resume next week", "Ankara", 1),
    ("Erdoğan said the harbour would reopen", "Ankara", 2),
    ("Talks about peace are premature while <script>alert(1)</script> shelling goes on", "", 2),
    ("Nobody negotiated anything; the talks were a show", "", 3),
    ("Peace, peace, peace: that is all we ask for", "", 3),
    (" ".join(["A very long statement about grain exports and the harbour"] * 12), "", 3),
    ("He called the \"ceasefire\" a 'fragile' one", "", 3),
    ("Prices \ue000 rose \ue001 sharply, \ue000he\ue001 said", "", 3),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[TestClient]:
    engine = migrated_engine(tmp_path_factory, "fulltext", backend)
    with Session(engine) as session:
        speaker = Person(name="Hakan Demir", key="hakan demir", surname_key="demir")
        session.add(speaker)
        articles = [
            Article(
                source_key=f"a{day}",
                title=f"Harbour talks, day {day}" if day != 2 else "Grain corridor reopens",
                published=dt.date(2025, 11, day),
                source="Reuters" if day != 3 else "AP",
                body=f"Body of article {day} about the Bosphorus and negotiations.",
                content_hash=str(day),
                word_count=9,
                ingested_at=dt.datetime(2025, 11, day, tzinfo=dt.UTC),
            )
            for day in (1, 2, 3)
        ]
        session.add_all(articles)
        session.flush()
        for text, where, day in QUOTES:
            session.add(
                Quote(
                    article_id=articles[day - 1].id,  # type: ignore[arg-type]
                    text=text,
                    kind="direct",
                    speaker_id=speaker.id if where else None,
                    start=0,
                    end=len(text),
                    date=dt.date(2025, 11, day),
                    context=text,
                )
            )
        session.commit()
    with serve(engine) as client:
        yield client
    engine.dispose()


def texts(client: TestClient, path: str = "/v1/quotes", **params: Any) -> list[str]:
    return [item["text"] for item in every_item(client, path, **params)]


def test_stemming_finds_other_forms(client: TestClient) -> None:
    found = texts(client, q="negotiation")
    assert "The negotiations will resume next week" in found
    assert any(text.startswith("Nobody negotiated") for text in found)


def test_accents_and_case_are_ignored(client: TestClient) -> None:
    assert texts(client, q="ERDOGAN") == ["Erdoğan said the harbour would reopen"]


def test_phrase_and_prefix(client: TestClient) -> None:
    assert texts(client, q='"peace talks"') == ["We are ready for peace talks in Istanbul"]
    assert len(texts(client, q="negoti*")) == 2
    assert len(texts(client, q="negotiat*")) == 2


def test_boolean_operators(client: TestClient) -> None:
    either = set(texts(client, q="Istanbul OR Erdogan"))
    assert either == {QUOTES[0][0], QUOTES[2][0]}
    assert set(texts(client, q="talks NOT peace")) == {QUOTES[4][0]}
    assert set(texts(client, q="talks -peace")) == {QUOTES[4][0]}
    assert set(texts(client, q="(peace OR negotiations) AND resume")) == {QUOTES[1][0]}


def test_lower_case_operators_are_words(client: TestClient) -> None:
    assert texts(client, q="peace or Istanbul") == []
    assert len(texts(client, q="peace OR Istanbul")) == 3


def test_relevance_is_the_default_with_q(client: TestClient) -> None:
    found = texts(client, q="peace")
    assert found[0].startswith("Peace, peace, peace")
    assert set(found) == set(texts(client, q="peace", sort="-date"))


@pytest.mark.parametrize("sort", ["relevance", "date", "-date"])
def test_every_sort_pages_through_every_match_once(client: TestClient, sort: str) -> None:
    whole = every_item(client, "/v1/quotes", q="peace OR talks OR harbour", sort=sort, limit=100)
    paged = every_item(client, "/v1/quotes", q="peace OR talks OR harbour", sort=sort, limit=1)
    assert ids(paged) == ids(whole) and len(set(ids(paged))) == len(paged) >= 5
    dates = [item["date"] for item in paged]
    if sort == "date":
        assert dates == sorted(dates)
    if sort == "-date":
        assert dates == sorted(dates, reverse=True)


def test_highlight_marks_matches_and_escapes_the_rest(client: TestClient) -> None:
    (item,) = every_item(client, "/v1/quotes", q="shelling")
    assert "<mark>shelling</mark>" in item["highlight"]
    assert "&lt;script&gt;" in item["highlight"] and "<script>" not in item["highlight"]


def test_highlight_is_safe_inside_an_html_attribute(client: TestClient) -> None:
    """`<span title="{highlight}">` must not end at a quotation mark of the quote."""
    (item,) = every_item(client, "/v1/quotes", q="ceasefire")
    assert item["highlight"] == (
        "He called the &quot;<mark>ceasefire</mark>&quot; a &#x27;fragile&#x27; one"
    )


def test_private_use_characters_of_a_text_are_not_marks(client: TestClient) -> None:
    """FTS5 marks matches with sentinel characters; the text's own must not pass for them."""
    (item,) = every_item(client, "/v1/quotes", q="sharply")
    assert item["highlight"].count("<mark>") == item["highlight"].count("</mark>") == 1
    assert "<mark>sharply</mark>" in item["highlight"]
    assert item["highlight"].replace("<mark>", "").replace("</mark>", "") == item["text"]


@pytest.mark.parametrize("text", ["Prices \ue000 rose \ue001", "\ue001\ue000", "a \"b\" & 'c' <d>"])
def test_marked_html_of_unmarked_text_is_the_text_escaped(text: str) -> None:
    assert marked_html(text) == html.escape(text, quote=True)


def test_highlight_words_marks_only_the_words() -> None:
    """The Python stand-in for snippet() on other databases follows the same rules."""
    assert (
        highlight_words('\ue000Said\ue001 "no"', ["no"])
        == "\ue000Said\ue001 &quot;<mark>no</mark>&quot;"
    )


def test_highlight_of_a_long_quote_is_a_window(client: TestClient) -> None:
    (item,) = every_item(client, "/v1/quotes", q="grain")
    assert "<mark>" in item["highlight"]
    assert len(item["highlight"]) < len(item["text"])


def test_no_highlight_without_q(client: TestClient) -> None:
    assert all(item["highlight"] is None for item in every_item(client, "/v1/quotes"))


def test_total_counts_every_match(client: TestClient) -> None:
    page = client.get("/v1/quotes", params={"q": "peace", "limit": 1}).json()
    assert (page["total"], page["total_exact"]) == (3, True)


def test_repeated_parameters_are_alternatives(client: TestClient) -> None:
    both = every_item(client, "/v1/quotes", article_id=[1, 2])
    assert {item["article"]["id"] for item in both} == {1, 2}
    assert len(both) == 4
    sources = every_item(client, "/v1/quotes", source=["ap"])
    assert {item["article"]["source"] for item in sources} == {"AP"}


def test_min_length(client: TestClient) -> None:
    long_ones = texts(client, min_length=100)
    assert long_ones and all(len(text) >= 100 for text in long_ones)


def test_link_header_keeps_repeated_parameters(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"article_id": [1, 3], "limit": 1})
    link = response.headers["link"]
    assert link.endswith('>; rel="next"')
    assert "article_id=1" in link and "article_id=3" in link
    url = link[1 : link.index(">")]
    following = client.get(url).json()
    assert following["items"][0]["id"] != response.json()["items"][0]["id"]
    last = client.get("/v1/quotes", params={"article_id": 1, "limit": 100})
    assert "link" not in last.headers


def test_articles_search_title_and_body(client: TestClient) -> None:
    by_title = every_item(client, "/v1/articles", q="corridor")
    assert [a["title"] for a in by_title] == ["Grain corridor reopens"]
    assert "<mark>corridor</mark>" in by_title[0]["highlight"]
    assert len(every_item(client, "/v1/articles", q="bosphorus")) == 3
    page = client.get("/v1/articles", params={"q": "harbour"}).json()
    assert (page["total"], page["total_exact"]) == (2, True)


NASTY = [
    '"', '""', '"peace', "peace\"", "(", ")", "((peace)", "peace)", "()", ":", "*", "-", "--",
    "NEAR", "NEAR(peace talks)", "text:peace", "title:x", "AND", "OR", "NOT", "peace AND",
    "OR peace", "peace NOT", "AND OR NOT", "peace OR OR talks", "^peace", "+peace", "peace*",
    "*peace", "-peace", "NOT peace", "'; DROP TABLE quotes; --", "\\", "{peace}", "peace:*",
    "(" * 20 + "peace" + ")" * 20, " ".join(["w"] * 40), "\ue000peace\ue001", "é", "_",
]  # fmt: skip


@pytest.mark.parametrize("path", ["/v1/quotes", "/v1/articles"])
@pytest.mark.parametrize("q", NASTY)
def test_any_input_gives_results_or_a_problem_naming_q(
    client: TestClient, path: str, q: str
) -> None:
    response = client.get(path, params={"q": q})
    assert response.status_code in {200, 422}, response.text
    if response.status_code == 422:
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["param"] == "q" and body["detail"].startswith("q: ")
        assert "fts5" not in body["detail"].lower()


@pytest.mark.parametrize(
    ("q", "problem"),
    [("((peace)", "unbalanced parenthesis"), ("peace)", "unbalanced parenthesis"),
     ("-peace", "only exclude"), (":", "no words")],
)  # fmt: skip
def test_problems_say_what_is_wrong(client: TestClient, q: str, problem: str) -> None:
    response = client.get("/v1/quotes", params={"q": q})
    assert response.status_code == 422 and problem in response.json()["detail"]


@pytest.mark.parametrize("param", ["speaker", "topic", "place", "source"])
def test_blank_repeated_value_adds_nothing(client: TestClient, param: str) -> None:
    """A blank item is ignored, as in a comma list (`a,,b`): it neither matches nor fails."""
    with_blank = client.get("/v1/quotes", params={param: ["x", " "]})
    assert with_blank.status_code == 200
    assert with_blank.json() == client.get("/v1/quotes", params={param: "x"}).json()


def test_relevance_needs_q(client: TestClient) -> None:
    response = client.get("/v1/quotes", params={"sort": "relevance"})
    assert response.status_code == 422 and response.json()["param"] == "sort"


def test_openapi_shows_repeated_filters_as_arrays(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    parameters = {p["name"]: p for p in spec["paths"]["/v1/quotes"]["get"]["parameters"]}
    for name in ("speaker", "speaker_id", "topic", "place", "kind", "article_id", "source"):
        schema = parameters[name]["schema"]
        assert any(option.get("type") == "array" for option in schema.get("anyOf", [schema]))
    assert {"min_length", "sort", "q"} <= set(parameters)
