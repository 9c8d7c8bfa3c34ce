"""Scraped text: the header lines around an article (dates in the forms sites write them, a
site clock, banners, breadcrumbs, player labels) and the outlet a story names (agency
datelines and credits, bylines), with the article's own lines all kept."""

import datetime as dt

import pytest

from app.ingest.clean import clean
from app.ingest.dates import date_of_line
from app.ingest.document import CleanArticle, RawDocument

TITLE = "Canal locks to be repaired before summer"
LEDE = (
    "The regional water board approved a plan on Tuesday to repair the old canal locks before"
    " the summer season."
)
QUOTE = '"We cannot wait another year for these repairs," said board chair Amina Okafor.'
CLOSE = "The work will cost about four million euros and is due to finish in June."


def clean_text(*lines: str) -> CleanArticle:
    text = "\n".join(lines) + "\n"
    return clean(RawDocument(path="a.txt", source_key="/a.txt", fmt="text", content=text))


# Class 2: dates in the forms sites write them; a clock is none of them.


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Published April 03,2025", dt.date(2025, 4, 3)),
        ("Published: 12 Dec. 2024, 10:01 Updated: 13 Dec. 2024, 08:15", dt.date(2024, 12, 12)),
        ("Updated: 14 Dec. 2024 | Published: 12 Dec. 2024", dt.date(2024, 12, 12)),
        ("Last Updated : Nov 19 2025 | 3:05 PM IST", dt.date(2025, 11, 19)),
        ("First published on Tue 18 Nov 2025 09.00 GMT", dt.date(2025, 11, 18)),
        ("Posted on 19/11/2025 10:05", dt.date(2025, 11, 19)),
        ("11/19/2025 4:12 PM ET", dt.date(2025, 11, 19)),
        ("19.11.2025, 08:30", dt.date(2025, 11, 19)),
        ("Updated 20-11-2025 10:32", dt.date(2025, 11, 20)),
    ],
)
def test_header_date_forms(line: str, day: dt.date) -> None:
    assert date_of_line(line) == day
    assert clean_text(TITLE, line, LEDE, QUOTE, CLOSE).published == day


@pytest.mark.parametrize(
    "line", ["Today: March 3, 2024", "Now: 19:04, Wed Nov 19 2025", "03/04/2025"]
)
def test_site_clock_and_ambiguous_numbers_give_no_date(line: str) -> None:
    assert clean_text(line, TITLE, LEDE, QUOTE, CLOSE).published is None


def test_site_clock_gives_way_to_the_published_line() -> None:
    a = clean_text("Today: Monday, March 3, 2025", TITLE, "Published: 1 Mar 2025", LEDE, QUOTE)
    assert a.published == dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("line", "byline", "day"),
    [
        ("By Nguyen Thi Lan | Published: Nov 19, 2025", "Nguyen Thi Lan", dt.date(2025, 11, 19)),
        ("By Jane Roe Published November 19, 2025", "Jane Roe", dt.date(2025, 11, 19)),
        (
            "By Oluwaseun Bello and Li Wei Updated 20-11-2025 10:32",
            "Oluwaseun Bello and Li Wei",
            dt.date(2025, 11, 20),
        ),
    ],
)
def test_a_date_beside_the_byline(line: str, byline: str, day: dt.date) -> None:
    a = clean_text(TITLE, line, LEDE, QUOTE, CLOSE)
    assert (a.byline, a.published) == (byline, day)


# Class 2: the outlet a scraped story names.


@pytest.mark.parametrize(
    ("lines", "source", "dateline"),
    [
        ((f"LISBON (Reuters) - {LEDE}", QUOTE, CLOSE), "Reuters", "LISBON"),
        ((f"NEW DELHI (PTI): {LEDE}", QUOTE, CLOSE), "Press Trust of India", "NEW DELHI"),
        ((LEDE, QUOTE, f"{CLOSE} – AFP"), "Agence France-Presse", None),
        ((LEDE, QUOTE, CLOSE, "SOURCE: AA"), "Anadolu Agency", None),
        ((LEDE, QUOTE, CLOSE, "With inputs from IANS"), "Indo-Asian News Service", None),
        (("By Kwame Mensah, Reuters", LEDE, QUOTE, CLOSE), "Reuters", None),
    ],
)
def test_outlet_from_datelines_credits_and_bylines(
    lines: tuple[str, ...], source: str, dateline: str | None
) -> None:
    a = clean_text(TITLE, *lines)
    assert (a.source, a.dateline) == (source, dateline)
    assert a.paragraphs[-1] == CLOSE, "the credit is cut, the last paragraph kept"


@pytest.mark.parametrize(
    ("first", "last", "title", "source"),
    [
        (f"{TITLE} | The Riverside Times", CLOSE, TITLE, "The Riverside Times"),
        (TITLE, "Copyright © 2025 Daily Lantern. All rights reserved.", TITLE, "Daily Lantern"),
        (TITLE, "© 2019-2025 Al Bayan Media Group", TITLE, "Al Bayan Media Group"),
        (
            "Live | Canal board meets over repairs",
            "© All rights reserved",
            "Live | Canal board meets over repairs",
            None,
        ),
    ],
)
def test_outlet_from_the_title_bar_and_the_copyright_line(
    first: str, last: str, title: str, source: str | None
) -> None:
    a = clean_text(first, LEDE, QUOTE, CLOSE, last)
    assert (a.title, a.source) == (title, source)
    assert a.paragraphs == [LEDE, QUOTE, CLOSE]


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("By Reuters Staff", None, "Reuters"),
        ("By AFP", None, "Agence France-Presse"),
        ("Xinhua", None, "Xinhua"),
        ("By Rania Haddad for Al Jazeera", "Rania Haddad", "Al Jazeera"),
        (
            "By KOFI BOATENG and AMA SERWAA Associated Press",
            "KOFI BOATENG and AMA SERWAA",
            "Associated Press",
        ),
        ("By Jane Roe | Bernama", "Jane Roe", "Bernama"),
    ],
)
def test_bylines_that_name_an_agency_or_an_outlet(
    line: str, byline: str | None, source: str
) -> None:
    a = clean_text(TITLE, line, LEDE, QUOTE, CLOSE)
    assert (a.byline, a.source) == (byline, source)
    assert a.paragraphs == [LEDE, QUOTE, CLOSE]


def test_a_byline_with_a_job_title_names_no_outlet() -> None:
    a = clean_text(TITLE, "By Sofía Herrera Vidal, Senior Correspondent", LEDE, QUOTE, CLOSE)
    assert (a.byline, a.source) == ("Sofía Herrera Vidal", None)


def test_a_statement_signed_with_a_dash_is_no_agency_credit() -> None:
    signed = "“The locks are older than the railway and we owe them this much.” – Amina Okafor"
    a = clean_text(TITLE, LEDE, QUOTE, signed)
    assert (a.paragraphs[-1], a.source) == (signed, None)


# Class 1: boilerplate out, the article's lines in.


@pytest.mark.parametrize(
    "noise",
    [
        "BREAKING NEWS",
        "Home › World › Europe",
        "HomeWorldEurope",
        "HomeWorldEurope…",
        "HomeNewsUK News",
        "Home - World - Europe",
        "Listen to this article",
        "0:00 / 4:32",
        "Tags: canals, water, Netherlands",
        "Photo: Pool via AP",
        "(Pool via Reuters)",
        "Updated at 1:23 p.m.",
        "Image caption, Board members inspect the lock gates on Monday.",
        "Image source, Getty Images",
        "Credit: Pieter de Vries for the Herald",
    ],
)
def test_banners_breadcrumbs_players_tags_and_credits_are_dropped(noise: str) -> None:
    a = clean_text(noise, TITLE, LEDE, noise, QUOTE, CLOSE)
    assert a.title == TITLE
    assert a.paragraphs == [LEDE, QUOTE, CLOSE]


def test_live_blog_key_points_are_kept() -> None:
    a = clean_text(
        "Live: Canal board meets over lock repairs",
        "Key points",
        "• Board chair says repairs must start before summer",
        "• Minister tells reporters that the money is already set aside",
        "• Work will cost about four million euros",
        LEDE,
        QUOTE,
    )
    assert a.paragraphs[:3] == [
        "Board chair says repairs must start before summer",
        "Minister tells reporters that the money is already set aside",
        "Work will cost about four million euros",
    ]


def test_a_bulleted_menu_is_still_dropped() -> None:
    a = clean_text("• Home", "• World News", "• Business", TITLE, LEDE, QUOTE)
    assert a.paragraphs == [LEDE, QUOTE]


def test_a_short_last_paragraph_holding_a_statement_is_kept() -> None:
    a = clean_text(TITLE, LEDE, CLOSE, "“It is done,” Okafor said.")
    assert a.paragraphs[-1] == "“It is done,” Okafor said."


def test_a_sentence_starting_with_a_credit_word_is_kept() -> None:
    line = "Credit Suisse said on Monday it would lend the board the money for the repairs."
    assert clean_text(TITLE, LEDE, line, QUOTE).paragraphs == [LEDE, line, QUOTE]


def test_scraped_live_blog_keeps_its_posts_and_drops_times_and_controls() -> None:
    post_one = (
        "Rescue teams reached the last village cut off by the landslide, the regional governor"
        " Rahmat Hidayat said."
    )
    post_two = "“Everyone in the village is accounted for,” Hidayat told reporters in Padang."
    a = clean_text(
        "LIVE",
        "Show latest updates",
        "Landslide rescue reaches last cut-off village",
        "Key events",
        "• Governor says every villager is accounted for",
        "• Road to the valley to reopen by Thursday, engineers say",
        "2h ago",
        "10:32 GMT",
        post_one,
        "35 minutes ago",
        "11.05am",
        post_two,
        "Load more",
    )
    assert a.title == "Landslide rescue reaches last cut-off village"
    assert a.paragraphs == [
        "Governor says every villager is accounted for",
        "Road to the valley to reopen by Thursday, engineers say",
        post_one,
        post_two,
    ]


@pytest.mark.parametrize(
    ("opening", "day", "source"),
    [
        (
            "ISLAMABAD, 19 November 2025 (APP): ",
            dt.date(2025, 11, 19),
            "Associated Press of Pakistan",
        ),
        ("NAIROBI, Kenya, November 19, 2025 (Xinhua) -- ", dt.date(2025, 11, 19), "Xinhua"),
        ("ABUJA, Nov. 19, 2025 (NAN) – ", dt.date(2025, 11, 19), "News Agency of Nigeria"),
        ("NEW DELHI, Nov 19 (Reuters) - ", None, "Reuters"),
    ],
)
def test_a_dated_dateline_dates_an_article_without_a_date_line(
    opening: str, day: dt.date | None, source: str
) -> None:
    a = clean_text(TITLE, opening + LEDE, QUOTE, CLOSE)
    assert (a.published, a.source, a.paragraphs[0]) == (day, source, LEDE)


def test_a_header_date_wins_over_the_datelines() -> None:
    a = clean_text(TITLE, "Published: 20 Nov 2025", "ABUJA, Nov. 19, 2025 (NAN) – " + LEDE, QUOTE)
    assert a.published == dt.date(2025, 11, 20)


@pytest.mark.parametrize(
    "title",
    [
        "Home Office defends asylum plan",
        "DeSantis and McCarthy meet in Miami",
        "Home - a film review",
    ],
)
def test_titles_that_look_a_little_like_menus_stay_titles(title: str) -> None:
    assert clean_text(title, LEDE, QUOTE, CLOSE).title == title


def test_short_bullets_carrying_a_quotation_are_key_points_and_a_menu_is_not() -> None:
    a = clean_text(
        "Live: Storm reaches the coast",
        "• “We will rebuild,” says mayor Keala Kahananui",
        "• ‘No one is safe’ – police chief",
        "• Minister: “help is coming”",
        "• Home",
        "• World",
        "• Sport",
        "The storm reached the coast on Sunday night, flooding streets in three towns.",
    )
    assert a.paragraphs == [
        "“We will rebuild,” says mayor Keala Kahananui",
        "‘No one is safe’ – police chief",
        "Minister: “help is coming”",
        "The storm reached the coast on Sunday night, flooding streets in three towns.",
    ]


def test_a_signature_under_a_quotation_joins_it() -> None:
    first = "“The vote was a turning point for the region.”"
    second = "“We will not give up on the people who elected us.”"
    a = clean_text(
        "What they said about the vote",
        first,
        "— Jane Roe, The Daily Planet",
        second,
        "― Amara Nwosu",
        "The council meets again on Monday.",
        "– AFP",
    )
    assert a.paragraphs == [
        f"{first} — Jane Roe, The Daily Planet",
        f"{second} ― Amara Nwosu",
        "The council meets again on Monday.",
    ]
    assert a.source == "Agence France-Presse"


def test_short_lines_carrying_someones_words_inside_the_article_are_kept() -> None:
    headline = "Minister: “We will rebuild the bridge”"
    a = clean_text(
        headline,
        "The bridge over the river collapsed on Friday after a week of rain, cutting the town"
        " in two.",
        "HOST: Minister, thank you for joining us",
        "MINISTER OKAFOR: Thank you for having me",
        "Engineers will inspect the other bridges this week.",
        "“We will return,” he said",
        "Photo: “Rebuild now” banners in the square (AFP)",
    )
    assert a.title == headline
    assert a.paragraphs[1:] == [
        "HOST: Minister, thank you for joining us",
        "MINISTER OKAFOR: Thank you for having me",
        "Engineers will inspect the other bridges this week.",
        "“We will return,” he said",
    ]
