"""clean: boilerplate rules, header fields (title, date, dateline, source, byline), HTML."""

import datetime as dt
from pathlib import Path

import pytest

from app.ingest.clean import clean
from app.ingest.document import CleanArticle, InputError, RawDocument

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"

LEDE = "The town council voted on Monday to build a new footbridge over the river."
QUOTE = '"This bridge will bring both halves of the town together," the mayor said.'
CLOSE = "Work on the bridge is expected to start in the spring and to last a year."


def clean_text(text: str, fmt: str = "text", **meta: str) -> CleanArticle:
    return clean(RawDocument(path="a.txt", source_key="/a.txt", fmt=fmt, content=text, meta=meta))


def article(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# Seeds: the user's own scraped pages.


def seed(name: str) -> CleanArticle:
    path = SEEDS / name
    return clean(
        RawDocument(path=str(path), source_key=str(path), fmt="text", content=path.read_text())
    )


def test_seed_reuters_page() -> None:
    a = seed("000_62128d0bbe379d49.txt")
    assert a.title == (
        "Russia is ready to resume talks with Ukraine in Istanbul, foreign ministry official says"
    )
    assert a.published == dt.date(2025, 11, 12)
    assert (a.dateline, a.source) == ("MOSCOW", "Reuters")
    assert a.byline == "Mark Trevelyan and Felix Light"
    assert a.paragraphs == [
        "Russia is ready to resume peace negotiations with Ukraine in Istanbul, Russian state "
        "news agency TASS cited a foreign ministry official as saying on Wednesday.",
        "No face-to-face talks have taken place between the two sides since they met in the "
        "Turkish city on July 23. TASS quoted the official, Alexei Polishchuk, as saying that "
        "Turkish officials had repeatedly urged a resumption of the peace negotiations.",
        '"The Russian team is ready for this, the ball is in the Ukrainian court," he said.',
        "Ukraine rejects Kremlin assertions that it is to blame for the stalled peace process, "
        "as the war nears the end of its fourth year.",
        "At the July 23 meeting, which lasted just 40 minutes, the Ukrainian side proposed a "
        "meeting in August between President Volodymyr Zelenskiy and Russian President "
        "Vladimir Putin.",
        "The Kremlin subsequently said Putin was willing to meet Zelenskiy, but only in Moscow "
        "- a condition rejected by Kyiv.",
    ]
    for leftover in ("Heavy snow in Poland", "Queen Camilla", "REUTERS/", "Reporting by"):
        assert leftover not in a.body


def test_seed_trt_page() -> None:
    a = seed("004_da21111e0ec8d58b.txt")
    assert (
        a.title
        == "Moscow warms to Erdogan's call to resume Istanbul talks to end Ukraine–Russia war"
    )
    assert a.published == dt.date(2025, 11, 19)
    assert a.source == "Anadolu Agency"
    assert (a.dateline, a.byline) == (None, None)
    assert a.paragraphs == [
        "Turkish President Erdogan said earlier in the day that Ankara believes the Istanbul "
        "process could be reinstated.",
        "Moscow has signalled that it remains ready to resume talks to end the Russia-Ukraine "
        "war, responding to Turkish President Recep Tayyip Erdogan’s renewed hope for reviving "
        "the Istanbul negotiation track.",
        "Kremlin spokesperson Dmitry Peskov told reporters on Wednesday that Moscow continues "
        "to favour dialogue and rejected suggestions that it is responsible for the prolonged "
        "pause.",
        "“Moscow is open to continuation; Moscow is open to negotiations,” the TASS news "
        "agency quoted him as saying.",
        "He reiterated the accusation that the pause is because of the unwillingness of the "
        '"Kiev regime".',
        "Erdogan said earlier in the day that Türkiye believes the Istanbul process could be "
        "reinstated “with a comprehensive framework that can address acute problems.”",
        "He recalled that Ankara hosted three rounds of Russia-Ukraine talks this year, during "
        "which “progress was made” and the sides were able to discuss ceasefire and peace "
        "issues.",
        "Earlier, Erdogan hosted Ukrainian President Volodymyr Zelenskyy and voiced Ankara's "
        'readiness to discuss with Russia "any proposals that would accelerate a ceasefire, '
        "paving the way for just, lasting peace.",
    ]
    for leftover in ("Jake Paul", "[FILE]", "RECOMMENDED", "SOURCE", "min read", "Related"):
        assert leftover not in a.body


# Boilerplate rules, one small article each.


def test_bullet_menu_is_dropped() -> None:
    a = clean_text(article("Footbridge approved", "", "  • News", "  • Local", "", LEDE))
    assert a.paragraphs == [LEDE]


def test_bulleted_sentences_in_the_article_are_kept() -> None:
    point = "• The bridge will be open to cyclists as well as to people on foot."
    a = clean_text(article("Footbridge approved", "", LEDE, point))
    assert a.paragraphs == [LEDE, point[2:]]


def test_call_to_action_lines_are_dropped_even_as_sentences() -> None:
    a = clean_text(
        article(
            "Footbridge approved",
            LEDE,
            "Follow us on our channel for breaking news alerts!",
            "Sign up for our morning newsletter.",
            "Share this article",
            "Advertisement",
            QUOTE,
        )
    )
    assert a.paragraphs == [LEDE, QUOTE]


def test_section_marker_opens_a_headline_list() -> None:
    a = clean_text(
        article(
            "Footbridge approved",
            "",
            LEDE,
            "",
            "Next In Local",
            "",
            "Library extends its opening hours",
            "Is the old mill about to close?",
            "Club names coach.",
            "",
            "More from the Gazette",
        )
    )
    assert a.paragraphs == [LEDE]


def test_article_resumes_after_a_marker_when_a_paragraph_follows() -> None:
    a = clean_text(article("Footbridge approved", "", LEDE, "", "RECOMMENDED", "", QUOTE))
    assert a.paragraphs == [LEDE, QUOTE]


@pytest.mark.parametrize(
    "line",
    [
        "RelatedGazette - Council debates river crossing",
        "Related: Council debates river crossing",
        "Read more: Council debates river crossing",
        "Others Also Read",
        "SOURCE:Gazette",
        "3 min read",
        "Copyright 2025 Town Gazette. All rights reserved.",
    ],
)
def test_marker_lines_are_dropped(line: str) -> None:
    assert clean_text(article("Footbridge approved", LEDE, line, CLOSE)).paragraphs == [
        LEDE,
        CLOSE,
    ]


def test_headline_list_without_marker_is_dropped() -> None:
    a = clean_text(
        article(
            "Footbridge approved",
            "",
            LEDE,
            "",
            "Library extends its opening hours",
            "Will the old mill close at last?",
            "Football club names new coach for next season",
        )
    )
    assert a.paragraphs == [LEDE]


def test_long_line_without_final_punctuation_is_still_a_paragraph() -> None:
    long_line = (
        "Residents who had campaigned for years said they were delighted and that the "
        "decision showed the council had finally listened to people on both banks of the river"
    )
    assert clean_text(article("Footbridge approved", LEDE, long_line)).paragraphs == [
        LEDE,
        long_line,
    ]


@pytest.mark.parametrize(
    "caption",
    [
        "Workers inspect the old bridge on Monday. REUTERS/Jane Smith",
        "Workers inspect the old bridge on Monday. REUTERS/Jane Smith TPX IMAGES OF THE DAY",
        "The mayor speaks to residents.[FILE]. / Reuters",
        "The mayor speaks to residents on Monday. (AP Photo/John Doe)",
        "The mayor speaks to residents. (Photo by John Doe/Getty Images)",
        "FILE PHOTO: The old bridge seen from the river bank.",
        "Photo: Town Gazette",
    ],
)
def test_photo_captions_are_dropped(caption: str) -> None:
    a = clean_text(article(caption, "Council approves footbridge", "", caption, "", LEDE))
    assert a.title == "Council approves footbridge"
    assert a.paragraphs == [LEDE]


def test_duplicate_lines_and_repeated_title_are_dropped() -> None:
    a = clean_text(article("Footbridge approved", LEDE, "Footbridge approved", "", LEDE, "", QUOTE))
    assert a.title == "Footbridge approved"
    assert a.paragraphs == [LEDE, QUOTE]


def test_standfirst_sentence_is_kept() -> None:
    standfirst = "The council says the crossing will be ready next year."
    a = clean_text(article("Footbridge approved", standfirst, "", LEDE))
    assert a.paragraphs == [standfirst, LEDE]


def test_capitalised_section_labels_are_dropped() -> None:
    a = clean_text(
        article("Footbridge approved", "", "ABSTRACT.", "", LEDE, "", "FULL TEXT.", CLOSE)
    )
    assert a.paragraphs == [LEDE, CLOSE]


def test_whitespace_is_normalised_and_hard_wraps_are_joined() -> None:
    text = article(
        "Footbridge approved",
        "",
        "The town council voted on Monday to build a new footbridge over the",
        "river, after   a long campaign by residents of both banks of the river and",
        "the local business association.",
    )
    assert clean_text(text).paragraphs == [
        "The town council voted on Monday to build a new footbridge over the river, after a "
        "long campaign by residents of both banks of the river and the local business "
        "association."
    ]


def test_even_headline_list_is_not_taken_for_hard_wrapped_text() -> None:
    a = clean_text(
        article(
            "Footbridge approved",
            "",
            LEDE,
            "",
            "Library extends its opening hours for the whole of the summer season",
            "Football club names a new coach after a long search over the winter",
            "Mayor opens the new town hall extension to visitors from next week",
        )
    )
    assert a.paragraphs == [LEDE]


def test_curly_quotes_are_kept_byte_for_byte() -> None:
    quote = "“It’s a great day,” the mayor said."
    assert clean_text(article("Footbridge approved", LEDE, quote)).paragraphs == [LEDE, quote]


def test_nothing_left_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text left after cleaning"):
        clean_text(article("Footbridge approved", "  • News", "Follow us on social media!"))


# Title.


def test_title_skips_date_and_reading_time_lines() -> None:
    a = clean_text(article("date 2025-05-01 LOCAL", "1 min read", "Footbridge approved", LEDE))
    assert a.title == "Footbridge approved"


def test_title_from_metadata_wins_and_is_not_in_body() -> None:
    a = clean_text(article("Footbridge approved", LEDE), title="Council backs footbridge")
    assert a.title == "Council backs footbridge"
    assert a.paragraphs == [LEDE]


def test_first_line_ending_in_a_full_stop_is_the_title_when_it_stands_alone() -> None:
    a = clean_text(article("Council approves footbridge.", "", LEDE, "", QUOTE))
    assert a.title == "Council approves footbridge."
    assert a.paragraphs == [LEDE, QUOTE]


def test_article_without_title_line_keeps_its_first_paragraph() -> None:
    a = clean_text(article(LEDE))
    assert a.paragraphs == [LEDE]
    assert a.title.startswith("The town council voted")


# Published date.


@pytest.mark.parametrize(
    "line",
    [
        "  • Wednesday, 12 Nov 2025",
        "date 2025-11-12 LOCAL",
        "November 12, 2025",
        "2025-11-12T10:00:00Z",
        "Nov. 12, 2025 10:32 AM EST",
        "Published 12 November 2025",
        "Updated 10:32 AM EST, Wed November 12, 2025",
    ],
)
def test_date_line_in_header(line: str) -> None:
    a = clean_text(article("Footbridge approved", line, "", LEDE))
    assert a.published == dt.date(2025, 11, 12)
    assert a.paragraphs == [LEDE]


def test_date_in_a_body_sentence_is_not_the_publication_date() -> None:
    sentence = "The council first discussed the bridge on November 12, 2024."
    a = clean_text(article("Footbridge approved", LEDE, sentence))
    assert a.published is None
    assert a.paragraphs == [LEDE, sentence]


def test_metadata_date_wins_over_header_line() -> None:
    a = clean_text(article("November 12, 2025", LEDE), published="2025-01-02")
    assert a.published == dt.date(2025, 1, 2)


def test_unparseable_metadata_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unparseable date 'xyz'"):
        clean_text(article("Footbridge approved", LEDE), published="xyz")


# Dateline, source and byline.


@pytest.mark.parametrize(
    ("opening", "dateline", "source"),
    [
        ("MOSCOW (Reuters) -", "MOSCOW", "Reuters"),
        ("NEW YORK, Dec. 22 (UPI) —", "NEW YORK", "United Press International"),
        ("WASHINGTON —", "WASHINGTON", None),
        ("KYIV, Ukraine (AP) —", "KYIV", "Associated Press"),
        ("BOCA RATON, Fla. --", "BOCA RATON", None),
    ],
)
def test_dateline_is_cut_from_the_first_paragraph(
    opening: str, dateline: str, source: str | None
) -> None:
    a = clean_text(article("Footbridge approved", "", f"{opening} {LEDE}", "", QUOTE))
    assert (a.dateline, a.source) == (dateline, source)
    assert a.paragraphs == [LEDE, QUOTE]


def test_dateline_dash_may_touch_the_text() -> None:
    a = clean_text(article("Footbridge approved", "", f"MOSCOW (Reuters) -{LEDE}"))
    assert a.body == LEDE


def test_hyphenated_opening_is_not_a_dateline() -> None:
    sentence = "US-Russia talks resumed in Geneva on Monday after a pause of six months."
    a = clean_text(article("Talks resume", "", sentence))
    assert a.dateline is None
    assert a.body == sentence


def test_metadata_source_wins_over_dateline_agency() -> None:
    a = clean_text(article("Footbridge approved", f"MOSCOW (Reuters) - {LEDE}"), source="Gazette")
    assert a.source == "Gazette"


def test_source_line_is_the_last_resort() -> None:
    a = clean_text(article("Footbridge approved", LEDE, "SOURCE: Town Gazette"))
    assert a.source == "Town Gazette"
    assert a.paragraphs == [LEDE]


def test_byline_line() -> None:
    a = clean_text(article("Footbridge approved", "By Jane Doe and John Roe, Gazette", LEDE))
    assert a.byline == "Jane Doe and John Roe"
    assert a.paragraphs == [LEDE]


@pytest.mark.parametrize(
    ("credits", "byline"),
    [
        (
            "(Reporting by Ann Lee in Riverside; Writing by Mark Trevelyan and Felix Light; "
            "Editing by Sharon Singleton)",
            "Mark Trevelyan and Felix Light",
        ),
        ("(Reporting by Ann Lee in Riverside; Editing by Tom Brown)", "Ann Lee"),
    ],
)
def test_byline_from_agency_credits(credits: str, byline: str) -> None:
    a = clean_text(article("Footbridge approved", LEDE, "", credits))
    assert a.byline == byline
    assert a.paragraphs == [LEDE]


def test_sentence_starting_like_credits_is_kept() -> None:
    sentence = "Reporting by the local paper showed the old bridge had been unsafe for years."
    assert clean_text(article("Footbridge approved", LEDE, sentence)).paragraphs == [
        LEDE,
        sentence,
    ]


# HTML, through trafilatura.


def test_html_page_main_text_and_metadata() -> None:
    a = clean_text((FIXTURES / "harbour.html").read_text(encoding="utf-8"), fmt="html")
    assert a.title == "Harbour ferry service to resume next month"
    assert a.published == dt.date(2025, 3, 4)
    assert a.source == "The Lakeside Courier"
    assert a.byline == "Priya Nair"
    assert a.url == "https://courier.example/news/harbour-ferry"
    assert len(a.paragraphs) == 4
    assert a.paragraphs[0].startswith("The ferry between the north and south harbours")
    assert a.paragraphs[1] == (
        '"People have waited patiently, and we are grateful to them," council leader Tomas '
        "Berg told a meeting of residents."
    )
    for boilerplate in ("Home", "Most read", "Library opening", "newsletter", "Copyright"):
        assert boilerplate not in a.body


def test_record_with_html_is_extracted_and_keeps_its_metadata() -> None:
    page = (FIXTURES / "harbour.html").read_text(encoding="utf-8")
    a = clean_text(page, fmt="record", format="html", title="Ferry back in April", url="u:1")
    assert (a.title, a.url, a.source) == ("Ferry back in April", "u:1", "The Lakeside Courier")
    assert a.paragraphs[0].startswith("The ferry between the north and south harbours")


def test_html_without_article_text_is_an_input_error() -> None:
    with pytest.raises(InputError):
        clean_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", fmt="html")
