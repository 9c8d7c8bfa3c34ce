"""Acceptance tests: the real extraction, as `verbatim extract` prints it, on hand-written articles.

The articles in `tests/ingest/articles/` are original text written for these tests (invented
events, invented or public figures). Each covers several cases of the issue with distractors:
people of both genders, a scare quote, place names. Every test names the case it checks, so a
failure says which case broke.

Known failures of the current extractor are marked `xfail(strict=True)` with the actual output
in the reason; fix the extractor, then remove the mark (strict: a fixed case fails until then).
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import app
from app.ingest.pipeline import ingest_paths
from tests.api.paging import every_item
from tests.conftest import migrated_engine, serve

ARTICLES = Path(__file__).resolve().parent / "articles"

Article = dict[str, Any]
Quote = dict[str, Any]


def bug(reason: str) -> pytest.MarkDecorator:
    """A case the current extractor gets wrong; `reason` gives the actual output."""
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.fixture(scope="module")
def extracted() -> dict[str, Article]:
    """`verbatim extract tests/ingest/articles`, one JSON object per article, by file stem."""
    result = CliRunner().invoke(app, ["extract", str(ARTICLES)])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    by_stem = {Path(a["path"]).stem[:2]: a for a in articles}
    assert len(by_stem) == len(list(ARTICLES.glob("*.txt"))), "an article was not extracted"
    return by_stem


@pytest.fixture(scope="module")
def people_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """All the articles ingested by the real pipeline into a fresh database, served by the API."""
    engine = migrated_engine(tmp_path_factory, "handwritten")
    report = ingest_paths([ARTICLES], engine)
    assert report.failures == []
    with serve(engine) as client:
        yield client
    engine.dispose()


def speaker(quote: Quote) -> str | None:
    return quote["speaker"]["name"] if quote["speaker"] else None


def listing(article: Article) -> str:
    return "\n".join(
        f"  [{q['kind']}] {q['text']!r} <- {speaker(q)!r} (mention {q['speaker_mention']!r}, "
        f"cue {q['cue']!r})"
        for q in article["quotes"]
    )


def quote_with(article: Article, words: str) -> Quote:
    """The one statement whose text contains `words`; fails listing all statements if none."""
    found = [q for q in article["quotes"] if words in q["text"]]
    if not found:
        pytest.fail(f"no statement contains {words!r}; the statements are:\n{listing(article)}")
    assert len(found) == 1, f"several statements contain {words!r}:\n{listing(article)}"
    return found[0]


def person(article: Article, name: str) -> dict[str, Any]:
    found = [p for p in article["people"] if p["name"] == name]
    if not found:
        names = [(p["name"], p["kind"], p["role"]) for p in article["people"]]
        pytest.fail(f"{name!r} is not among the article's people: {names}")
    return found[0]


def bare(text: str) -> str:
    """A statement's words without quotation marks and punctuation around them."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


# -- Pronoun and nominal speakers --------------------------------------------------------------


def test_pronoun_he_said_is_the_man_just_named(extracted: dict[str, Article]) -> None:
    quote = quote_with(extracted["01"], "Tearing it down would leave two thousand farms")
    assert (quote["kind"], quote["speaker_mention"], speaker(quote)) == (
        "direct",
        "he",
        "Thomas Reed",
    )


def test_pronoun_she_said_opening_the_next_paragraph_is_the_woman_just_named(
    extracted: dict[str, Article],
) -> None:
    """Margaret Hale spoke earlier; Anna Whitfield is the woman named in the paragraph before."""
    quote = quote_with(extracted["01"], "They invite us when the cameras are on")
    assert (quote["kind"], quote["speaker_mention"], speaker(quote)) == (
        "direct",
        "she",
        "Anna Whitfield",
    )


@pytest.mark.parametrize(
    ("stem", "words", "expected"),
    [
        pytest.param(
            "04",
            "The Clintons have been telling Ohio",
            "Karen Delacroix",
            id="delacroix-after-hillary-clinton",
        ),
        pytest.param(
            "02",
            "Nobody will be stuck in traffic",
            "Helen Marsh",
            id="marsh-not-a-man",
        ),
    ],
)
def test_pronoun_she_said_is_the_most_recent_woman(
    extracted: dict[str, Article], stem: str, words: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], words)
    assert (quote["kind"], quote["speaker_mention"], speaker(quote)) == ("direct", "she", expected)


@pytest.mark.parametrize(
    ("stem", "words", "expected"),
    [
        pytest.param(
            "01",
            "the state had ignored three federal reports",
            "Margaret Hale",
            id="the-senator",
        ),
        pytest.param(
            "01",
            "We have heard the farmers",
            "Thomas Reed",
            id="the-governor",
        ),
    ],
)
def test_nominal_the_senator_said_is_the_person_with_that_title(
    extracted: dict[str, Article], stem: str, words: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], words)
    assert speaker(quote) == expected


@pytest.mark.parametrize(
    ("words", "mention", "not_speaker"),
    [
        ("the governor would not sign any bill", "spokesman", "Thomas Reed"),
        ("the senator would introduce her own bill", "spokeswoman", "Margaret Hale"),
    ],
    ids=["his-spokesman", "her-spokeswoman"],
)
def test_pronoun_his_spokesman_is_not_he(
    extracted: dict[str, Article], words: str, mention: str, not_speaker: str
) -> None:
    quote = quote_with(extracted["01"], words)
    assert quote["kind"] == "indirect"
    assert mention in (quote["speaker_mention"] or "")
    assert speaker(quote) != not_speaker


def test_pronoun_they_is_not_one_of_the_people_named(extracted: dict[str, Article]) -> None:
    """Number agreement: 'they' (members of the tribal council) is none of the four people."""
    quote = quote_with(extracted["01"], "We were here long before the dam")
    assert quote["kind"] == "direct"
    named = {"Margaret Hale", "Thomas Reed", "Anna Whitfield", "Daniel Ortiz"}
    assert speaker(quote) not in named


# -- Quotation marks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "first", "second", "expected"),
    [
        ("02", "We will build it", "And we will build it without a penny", "Priya Natarajan"),
        ("02", "We will fight it", "And we will fight it in every court", "Graham Butterworth"),
        (
            "03",
            "Moscow is open to negotiations, and it always has been",
            "The pause in the talks",
            "Dmitri Peskov",
        ),
    ],
    ids=["said-name-between", "name-said-between", "ptb-marks"],
)
def test_marks_quote_split_by_the_cue_has_one_speaker(
    extracted: dict[str, Article], stem: str, first: str, second: str, expected: str
) -> None:
    """`"We will win," he said. "And we will win big."`: both halves, one speaker."""
    one, two = quote_with(extracted[stem], first), quote_with(extracted[stem], second)
    assert one["text"] == first
    assert (one["kind"], two["kind"]) == ("direct", "direct")
    assert (speaker(one), speaker(two)) == (expected, expected)


def test_marks_multi_paragraph_quote_takes_the_speaker_named_at_its_end(
    extracted: dict[str, Article],
) -> None:
    article = extracted["02"]
    pieces = [
        quote_with(article, "When the club first came to us"),
        quote_with(article, "Neither the footbridge nor the promise"),
        quote_with(article, "We intend to hold them to every single word"),
    ]
    assert [q["kind"] for q in pieces] == ["direct"] * 3
    assert [speaker(q) for q in pieces] == ["Graham Butterworth"] * 3


def test_marks_quote_opening_a_paragraph_takes_the_speaker_of_the_next_sentence(
    extracted: dict[str, Article],
) -> None:
    quote = quote_with(extracted["02"], "It is the best news this club has had")
    assert (quote["kind"], speaker(quote)) == ("direct", "Oliver Kettering")


def test_marks_nested_single_quotes_stay_inside_the_quote(extracted: dict[str, Article]) -> None:
    article = extracted["02"]
    quote = quote_with(article, "When the club first came to us")
    assert "they promised ‘a stadium for everyone in this city’ and a footbridge" in quote["text"]
    assert quote["kind"] == "direct"
    nested = [
        q for q in article["quotes"] if bare(q["text"]) == "a stadium for everyone in this city"
    ]
    assert nested == []


@pytest.mark.parametrize(
    ("stem", "text", "expected"),
    [
        ("02", "We will build it", "Priya Natarajan"),
        ("07", "The children did not even notice", "Nataliya Kostenko"),
        ("03", "Moscow is open to negotiations, and it always has been", "Dmitri Peskov"),
    ],
    ids=["straight", "curly", "ptb-backticks"],
)
def test_marks_straight_curly_and_ptb_style(
    extracted: dict[str, Article], stem: str, text: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], text)
    assert (quote["text"], quote["kind"], speaker(quote)) == (text, "direct", expected)


def test_marks_ptb_quotes_leave_no_marks_in_the_text(extracted: dict[str, Article]) -> None:
    texts = [q["text"] for q in extracted["03"]["quotes"] if q["kind"] == "direct"]
    assert len(texts) >= 4
    assert not [t for t in texts if "``" in t or "''" in t]


# -- Speaker as object or oblique; appositions --------------------------------------------------


def test_oblique_quoted_y_as_saying(extracted: dict[str, Article]) -> None:
    quote = quote_with(extracted["03"], "the Turkish proposal was being studied")
    assert (quote["text"], quote["kind"], speaker(quote), quote["reported_by"]) == (
        "the Turkish proposal was being studied very carefully in Moscow",
        "indirect",
        "Dmitri Peskov",
        "TASS",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ukrainian drones struck an oil depot near the port of Novorossiysk overnight",
            "Veniamin Kondratyev",
            id="after-apposition",
        ),
        pytest.param(
            "The talks could resume before the end of the year",
            "Irina Volkova",
            id="name-then-apposition",
        ),
    ],
)
def test_oblique_according_to_y(extracted: dict[str, Article], text: str, expected: str) -> None:
    quote = quote_with(extracted["03"], text)
    assert (quote["text"], quote["kind"], speaker(quote), quote["cue"]) == (
        text,
        "indirect",
        expected,
        "according to",
    )


@pytest.mark.parametrize(
    ("stem", "words", "expected"),
    [
        ("03", "the West was prolonging the war", "Sergei Lavrov"),
        ("01", "farmers had been shut out of the talks", "Anna Whitfield"),
        ("06", "the pause in the talks was the fault", "Dmitry Peskov"),
    ],
    ids=["lavrov", "whitfield", "peskov"],
)
def test_oblique_y_told_reporters(
    extracted: dict[str, Article], stem: str, words: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], words)
    assert (quote["kind"], speaker(quote), quote["cue"]) == ("indirect", expected, "told reporters")


@pytest.mark.parametrize(
    ("stem", "text", "kind", "expected"),
    [
        pytest.param(
            "03",
            "Moscow is open to negotiations, and it always has been",
            "direct",
            "Dmitri Peskov",
            id="said-y-the-spokesman",
        ),
        pytest.param(
            "03", "Ukraine's position has not changed", "indirect", "Andriy Sybiha", id="sybiha"
        ),
        pytest.param(
            "06",
            "Kharkiv was hit by drones again overnight",
            "indirect",
            "Ihor Terekhov",
            id="the-mayor-y-said",
        ),
        pytest.param(
            "02",
            "the council had secured guarantees on buses and trams for match days",
            "indirect",
            "Helen Marsh",
            id="possessive-role-y-said",
            marks=bug(
                "'Natarajan's deputy, Helen Marsh, said the council had secured guarantees on "
                "buses and trams for match days.' -> no statement at all"
            ),
        ),
    ],
)
def test_oblique_said_y_comma_role(
    extracted: dict[str, Article], stem: str, text: str, kind: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], text)
    assert (quote["text"], quote["kind"], speaker(quote)) == (text, kind, expected)


@pytest.mark.parametrize(
    ("stem", "text", "expected"),
    [
        pytest.param("02", "We will build it", "Priya Natarajan", id="said-role-name"),
        pytest.param(
            "03",
            "Any talks must start with a full ceasefire on land, at sea and in the air",
            "Andriy Sybiha",
            id="said-the-minister",
        ),
    ],
)
def test_oblique_inverted_said_the_minister(
    extracted: dict[str, Article], stem: str, text: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], text)
    assert (quote["text"], quote["kind"], quote["cue"], speaker(quote)) == (
        text,
        "direct",
        "said",
        expected,
    )


@pytest.mark.parametrize(
    ("stem", "name", "role"),
    [
        pytest.param("03", "Dmitri Peskov", "Kremlin spokesman", id="peskov"),
        pytest.param("03", "Veniamin Kondratyev", "regional governor", id="kondratyev"),
        pytest.param("03", "Irina Volkova", "political analyst", id="volkova"),
        pytest.param("03", "Sergei Lavrov", "foreign minister", id="lavrov"),
        pytest.param(
            "06",
            "Ihor Terekhov",
            "city's mayor",
            id="terekhov",
        ),
        pytest.param(
            "05",
            "Olena Marchenko",
            "special envoy for energy security",
            id="marchenko",
            marks=bug(
                "'Olena Marchenko, Ukraine's special envoy for energy security' -> role "
                '"Ukraine \'s special envoy"'
            ),
        ),
        pytest.param(
            "07",
            "Berezhnyi",
            "head of the regional military administration",
            id="berezhnyi",
            marks=bug(
                "'Mr. Berezhnyi, the head of the regional military administration, said' -> "
                "role 'head'"
            ),
        ),
        pytest.param(
            "02",
            "Helen Marsh",
            "deputy",
            id="marsh",
            marks=bug("'Natarajan's deputy, Helen Marsh, said' -> role None"),
        ),
    ],
)
def test_apposition_gives_the_role(
    extracted: dict[str, Article], stem: str, name: str, role: str
) -> None:
    """The role as the apposition wrote it (a possessive before it may be kept or dropped)."""
    found = person(extracted[stem], name)
    assert found["kind"] == "person"
    assert role in (found["role"] or ""), found
    assert " 's" not in found["role"], found
    spoken = [q for q in extracted[stem]["quotes"] if speaker(q) == name]
    assert spoken and all(role in (q["speaker"]["role"] or "") for q in spoken)


# -- Name resolution ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "words", "expected"),
    [
        pytest.param("04", "We are going to win Ohio", "Donald Trump", id="mr-trump"),
        pytest.param("04", "the economy and the border", "Donald Trump", id="trump"),
        pytest.param("03", "Both sides are exhausted", "Irina Volkova", id="ms-volkova"),
        pytest.param("02", "We will fight it", "Graham Butterworth", id="butterworth"),
        pytest.param("04", "Democrats should spend less time", "Hillary Clinton", id="mrs-clinton"),
        pytest.param(
            "04",
            "We lost voters we should never have lost",
            "Bill Clinton",
            id="mr-clinton",
            marks=bug(
                "'Her husband, former President Bill Clinton, was also in New York ... / \"We "
                "lost voters ...,\" Mr. Clinton said' -> Hillary Clinton: 'Mr.' is ignored "
                "when choosing between the two Clintons"
            ),
        ),
    ],
)
def test_names_surname_or_title_and_surname_is_the_full_name(
    extracted: dict[str, Article], stem: str, words: str, expected: str
) -> None:
    assert speaker(quote_with(extracted[stem], words)) == expected


def test_names_two_clintons_are_two_people_in_one_article(extracted: dict[str, Article]) -> None:
    hillary = person(extracted["04"], "Hillary Clinton")
    bill = person(extracted["04"], "Bill Clinton")
    assert (hillary["kind"], bill["kind"]) == ("person", "person")
    assert "Hillary" not in " ".join(bill["aliases"])
    assert "Bill" not in " ".join(hillary["aliases"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("zelensk", {"Volodymyr Zelenskiy", "Volodymyr Zelenskyy"}, id="zelenskiy"),
        pytest.param("peskov", {"Dmitri Peskov", "Dmitry Peskov"}, id="dmitri-dmitry-peskov"),
        pytest.param(
            "hnatyuk",
            {"Taras Hnatyuk"},
            id="same-name-org-and-person",
        ),
    ],
)
def test_names_spelling_variants_merge_across_articles(
    people_client: TestClient, query: str, expected: set[str]
) -> None:
    found = every_item(people_client, "/v1/people", q=query)
    assert len(found) == 1, found
    assert found[0]["name"] in expected
    assert found[0]["kind"] == "person"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("marchenko", {"Olena Marchenko", "Ivan Marchenko"}),
        ("clinton", {"Hillary Clinton", "Bill Clinton"}),
    ],
    ids=["marchenko-across-articles", "clinton"],
)
def test_names_different_people_with_one_surname_stay_apart(
    people_client: TestClient, query: str, expected: set[str]
) -> None:
    found = every_item(people_client, "/v1/people", q=query)
    names = [p["name"] for p in found if p["kind"] == "person"]
    assert expected <= set(names), names
    assert len({p["id"] for p in found if p["name"] in expected}) == len(expected)


# -- Speech without "said" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Almost every large plant in the country has been hit at least once",
        "Only if Moscow stops bombing our grid",
    ],
    ids=["first-answer", "second-answer"],
)
def test_transcript_speaker_label_in_capitals(extracted: dict[str, Article], text: str) -> None:
    quote = quote_with(extracted["05"], text)
    assert (quote["kind"], speaker(quote)) == ("direct", "Olena Marchenko")


def test_transcript_question_is_not_the_interviewees(extracted: dict[str, Article]) -> None:
    article = extracted["05"]
    questions = [q for q in article["quotes"] if "power plants have been damaged" in q["text"]]
    assert all(speaker(q) != "Olena Marchenko" for q in questions)
    assert "Q" not in {speaker(q) for q in article["quotes"]}
    assert "Q" not in {p["name"] for p in article["people"]}


@pytest.mark.parametrize(
    ("stem", "text", "expected"),
    [
        pytest.param(
            "06",
            "A pause is not peace, and a ceasefire on paper is not a ceasefire.",
            "Volodymyr Zelenskiy",
            id="put-it-simply",
        ),
        pytest.param(
            "05",
            "You will not freeze us into surrender.",
            "Olena Marchenko",
            id="her-message-was-blunt",
            marks=bug(
                "'Her message to Moscow was blunt: \"You will not freeze us into surrender.\"' "
                "-> speaker Moscow (organization), not Olena Marchenko"
            ),
        ),
    ],
)
def test_quote_introduced_by_a_colon(
    extracted: dict[str, Article], stem: str, text: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], text)
    assert (quote["text"], quote["kind"], speaker(quote)) == (text, "direct", expected)


@bug(
    "title 'Peskov: Moscow open to talks with Kyiv in Istanbul' -> no statement (titles are "
    "not searched for statements)"
)
def test_headline_style_attribution(extracted: dict[str, Article]) -> None:
    article = extracted["06"]
    quote = quote_with(article, "Moscow open to talks with Kyiv")
    assert speaker(quote) == "Dmitry Peskov"
    assert quote["kind"] in {"direct", "indirect"}


@pytest.mark.parametrize(
    ("stem", "text", "cue", "expected"),
    [
        pytest.param(
            "05",
            "every strike on a power plant was an attack on children and the elderly",
            "wrote",
            "Volodymyr Zelenskyy",
            id="wrote",
        ),
        pytest.param(
            "05",
            "European partners must speed up deliveries of air defence systems",
            "tweeted",
            "Andriy Sybiha",
            id="tweeted",
        ),
        pytest.param(
            "05",
            "eleven substations had been repaired in a single week",
            "posted",
            "Taras Hnatyuk",
            id="posted-on-x",
        ),
        pytest.param(
            "07",
            "repair crews from Poland were on their way",
            "posted",
            "Taras Hnatyuk",
            id="posted-on-x-with-role",
        ),
        pytest.param(
            "01",
            "We have heard the farmers and we will keep listening to them",
            "statement",
            "Thomas Reed",
            id="governor-in-a-statement",
        ),
    ],
)
def test_written_and_social_speech(
    extracted: dict[str, Article], stem: str, text: str, cue: str, expected: str
) -> None:
    quote = quote_with(extracted[stem], text)
    assert quote["text"] == text
    assert cue in (quote["cue"] or ""), quote["cue"]
    assert speaker(quote) == expected


def test_written_speech_in_a_statement_by_an_organisation(extracted: dict[str, Article]) -> None:
    quote = quote_with(extracted["05"], "engineers had restored power to most of Odesa")
    assert (quote["kind"], quote["cue"]) == ("indirect", "said in a statement")
    assert "energy ministry" in (quote["speaker_mention"] or "")


@pytest.mark.parametrize(
    ("words", "cue"),
    [
        pytest.param(
            "publish a repair timetable for every region by Friday",
            "promised",
            id="promised-to",
        ),
        pytest.param(
            "new air defence systems from Germany",
            "pointed",
            id="pointed-to",
        ),
        pytest.param(
            "rolling blackouts in January",
            "warned",
            id="warned-of",
        ),
    ],
)
def test_indirect_speech_without_a_that_clause(
    extracted: dict[str, Article], words: str, cue: str
) -> None:
    quote = quote_with(extracted["05"], words)
    assert quote["kind"] == "indirect"
    assert cue in (quote["cue"] or ""), quote["cue"]
    assert speaker(quote) == "Olena Marchenko"


# -- Scare quotes and titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "phrase"),
    [
        pytest.param("03", "Kiev regime", id="kiev-regime-ptb"),
        pytest.param("06", "Kiev regime", id="kiev-regime"),
        pytest.param(
            "01",
            "salmon recovery fee",
            id="so-called-fee",
        ),
        pytest.param(
            "07",
            "coalition of the willing",
            id="so-called-coalition",
        ),
    ],
)
def test_scare_quotes_are_not_statements(
    extracted: dict[str, Article], stem: str, phrase: str
) -> None:
    article = extracted[stem]
    assert phrase in Path(article["path"]).read_text(encoding="utf-8")
    assert [q for q in article["quotes"] if bare(q["text"]) == phrase] == []


@pytest.mark.parametrize(
    ("stem", "words", "ending"),
    [
        pytest.param(
            "06",
            "the pause in the talks was the fault of the",
            '"Kiev regime" and its Western backers',
            id="straight",
        ),
        pytest.param(
            "03",
            "the West was prolonging the war",
            "by arming the ``Kiev regime''",
            id="ptb",
            marks=bug(
                "'... told reporters that the West was prolonging the war by arming the "
                "``Kiev regime.''' -> text ends 'arming the ``Kiev regime': the opening mark "
                "is kept, the closing one dropped"
            ),
        ),
    ],
)
def test_scare_quote_stays_whole_inside_the_indirect_statement(
    extracted: dict[str, Article], stem: str, words: str, ending: str
) -> None:
    quote = quote_with(extracted[stem], words)
    assert quote["kind"] == "indirect"
    assert quote["text"].endswith(ending), quote["text"]


def test_book_title_in_quotation_marks_is_not_a_statement(extracted: dict[str, Article]) -> None:
    article = extracted["04"]
    assert [q for q in article["quotes"] if "The Long Road Back" in q["text"]] == []
    quote = quote_with(article, "the president's tariffs had raised prices")
    assert (quote["kind"], speaker(quote)) == ("indirect", "Hillary Clinton")


# -- Entity errors of the small model ----------------------------------------------------------


@pytest.mark.parametrize(
    "stem",
    [
        pytest.param(
            "05",
            id="posted-on-x",
        ),
        pytest.param("07", id="said-with-role"),
    ],
)
def test_ner_person_tagged_org_is_a_person(extracted: dict[str, Article], stem: str) -> None:
    assert person(extracted[stem], "Taras Hnatyuk")["kind"] == "person"


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        pytest.param(
            "07",
            "Berezhnyi",
            id="honorific-elsewhere",
        ),
        pytest.param(
            "01",
            "Hale",
            id="hale",
        ),
        pytest.param(
            "02",
            "Butterworth",
            id="butterworth",
        ),
        pytest.param(
            "04",
            "Clinton",
            id="clinton",
        ),
    ],
)
def test_ner_speaker_surname_is_not_a_place(
    extracted: dict[str, Article], stem: str, name: str
) -> None:
    article = extracted[stem]
    assert name in {q["speaker_mention"] for q in article["quotes"]}
    places = {p["name"] for p in article["places"]} | {
        a for p in article["places"] for a in p["aliases"]
    }
    assert name not in places


@pytest.mark.parametrize(
    "city",
    [
        "Sumy",
        "Chernihiv",
        "Mykolaiv",
    ],
)
def test_ner_city_tagged_person_is_a_place(extracted: dict[str, Article], city: str) -> None:
    article = extracted["07"]
    assert city not in {p["name"] for p in article["people"]}
    assert city in {n for p in article["places"] for n in [p["name"], *p["aliases"]]}


def test_ner_only_people_are_people(extracted: dict[str, Article]) -> None:
    people = {p["name"] for p in extracted["07"]["people"] if p["kind"] == "person"}
    assert people == {"Berezhnyi", "Taras Hnatyuk", "Nataliya Kostenko", "Ivan Marchenko"}


def test_ner_gazetteer_alias_does_not_move_salem_oregon_to_jerusalem(
    extracted: dict[str, Article],
) -> None:
    places = {p["name"] for p in extracted["01"]["places"]}
    assert "Jerusalem" not in places
    assert "Salem" in places
