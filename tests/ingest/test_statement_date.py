"""statement_date: the day a statement was made, from the words that report it.

A statement is dated by its reporting frame ("Kowalska said on Monday"), never by a day the
statement itself talks about ("talks will resume on Friday"), nor by a day in the future. When
the frame names a time that cannot be pinned to one day ("last week", "last Monday" written on
a Wednesday, two different days), the statement is left undated rather than dated wrongly.
"""

import datetime as dt

import pytest

from app.ingest.dates import statement_date

WEDNESDAY = dt.date(2025, 11, 12)
MONDAY, TUESDAY, SUNDAY = dt.date(2025, 11, 10), dt.date(2025, 11, 11), dt.date(2025, 11, 9)
LAST_FRIDAY, LAST_THURSDAY = dt.date(2025, 11, 7), dt.date(2025, 11, 6)

OPENS = "the bridge would open"

CASES = [
    # the day the statement talks about is not the day it was made
    ('"We will meet again on Friday," Kowalska said.', "We will meet again on Friday", WEDNESDAY),
    ('"We will meet again on Friday," Kowalska said.', "", WEDNESDAY),
    ("Kowalska said talks would resume next Monday.", "talks would resume next Monday", WEDNESDAY),
    ("Kowalska said talks would resume next Monday.", "", WEDNESDAY),
    ("Kowalska said the bridge would open on Friday.", "", WEDNESDAY),
    ("Kowalska said the bridge opened on Friday.", "the bridge opened on Friday", WEDNESDAY),
    ("Kowalska said this coming Friday would be decisive.", "", WEDNESDAY),
    ('"I arrived yesterday," Kowalska said.', "I arrived yesterday", WEDNESDAY),
    ('"The vote is on Friday," Kowalska said on Monday.', "The vote is on Friday", MONDAY),
    ("Kowalska said on Monday that talks will resume on Friday.", "", MONDAY),
    (
        "Kowalska said on Monday that talks will resume on Friday.",
        "talks will resume on Friday",
        MONDAY,
    ),
    ("Kowalska will decide by Friday, her office said on Tuesday.", "", TUESDAY),
    ("Kowalska said on Friday she would meet Lavrov on Monday.", "", LAST_FRIDAY),
    (
        'Kowalska said on Friday: "We meet again next Monday."',
        "We meet again next Monday.",
        LAST_FRIDAY,
    ),
    # a day in the frame that is about something else, in the future
    ("Kowalska, who will travel to Kyiv on Friday, said the bridge would open.", OPENS, WEDNESDAY),
    ("Kowalska, who meets Lavrov next Friday, said the bridge would open.", OPENS, WEDNESDAY),
    # the frame dates the statement
    ("Kowalska said on Monday that the bridge would open.", OPENS, MONDAY),
    ("Kowalska said Thursday that the bridge would open.", OPENS, LAST_THURSDAY),
    ("Kowalska said on Wednesday that the bridge would open.", OPENS, WEDNESDAY),
    ("Kowalska said yesterday that the bridge would open.", OPENS, TUESDAY),
    ("Kowalska told reporters today that the bridge would open.", OPENS, WEDNESDAY),
    ("On Friday, Kowalska told reporters the bridge would open.", OPENS, LAST_FRIDAY),
    ("Speaking on Tuesday, Kowalska said the bridge would open.", OPENS, TUESDAY),
    ("Kowalska said in a statement on Sunday that the bridge would open.", OPENS, SUNDAY),
    ("Kowalska said on Monday, after talks on Sunday, that the bridge would open.", OPENS, MONDAY),
    ("Kowalska said last Friday that the bridge would open.", OPENS, LAST_FRIDAY),
    ("Kowalska said last Wednesday that the bridge would open.", OPENS, dt.date(2025, 11, 5)),
    ("Kowalska said on Monday last week that the bridge would open.", OPENS, dt.date(2025, 11, 3)),
    ("Kowalska said the bridge would open.", OPENS, WEDNESDAY),
    # no safe single day: left undated
    ("Kowalska said last Monday that the bridge would open.", OPENS, None),
    ("Kowalska said last week that the bridge would open.", OPENS, None),
    ("Kowalska said earlier this week that the bridge would open.", OPENS, None),
    (
        "Kowalska, who met Lavrov on Sunday and Erdogan on Monday, said the bridge would open.",
        OPENS,
        None,
    ),
]


@pytest.mark.parametrize(("context", "words", "date"), CASES)
def test_statement_date(context: str, words: str, date: dt.date | None) -> None:
    assert statement_date(context, WEDNESDAY, words) == date


def test_of_two_days_after_speech_words_the_cue_s_dates_the_statement() -> None:
    context = (
        "Kowalska, who spoke to Lavrov on Sunday, told reporters on Monday that it would open."
    )
    words = "it would open"
    assert statement_date(context, WEDNESDAY, words, "told reporters") == MONDAY
    assert statement_date(context, WEDNESDAY, words, "spoke") == SUNDAY
    assert statement_date(context, WEDNESDAY, words) is None


def test_without_a_publication_date_no_statement_is_dated() -> None:
    assert (
        statement_date("Kowalska said on Monday that the bridge would open.", None, OPENS) is None
    )


def test_the_words_need_not_be_in_the_context() -> None:
    context = "Kowalska said on Monday that the bridge would open."
    assert statement_date(context, WEDNESDAY, "words from elsewhere") == MONDAY
