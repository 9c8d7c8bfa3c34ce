"""The wire-copy fingerprint: which edits of an agency text still make the same statement."""

import datetime as dt

import pytest

from app.ingest.wire import fingerprint, normalised, same_occasion

TEXT = "Our ports must pay for their own repairs, and the U.S. carriers will pay too"


@pytest.mark.parametrize(
    "edited",
    [
        "Our ports must pay for their own repairs, and the US carriers will pay too",
        "Our ports must pay for their own repairs, and the U.S. carriers will pay too.",
        "our ports must pay for their own repairs and the u.s. carriers will pay too",
        "Our ports must pay for their own repairs \u2014 and the U.S. carriers will pay too",
        "  Our ports must pay for their own\nrepairs, and the U. S. carriers will pay too ",
    ],
)
def test_formatting_edits_keep_the_fingerprint(edited: str) -> None:
    assert fingerprint(edited, 7, None) == fingerprint(TEXT, 7, None)


@pytest.mark.parametrize(
    "different",
    [
        "Our ports must not pay for their own repairs, and the U.S. carriers will pay too",
        "Our ports must pay for their own repairs",
        "Our ports must pay for their own repairs, and the U.K. carriers will pay too",
    ],
)
def test_different_words_change_it(different: str) -> None:
    assert fingerprint(different, 7, None) != fingerprint(TEXT, 7, None)


def test_curly_quotes_accents_and_dashes_fold_away() -> None:
    assert normalised("\u201cErdo\u011fan\u2019s cease-fire,\u201d") == "erdogansceasefire"


def test_the_speaker_is_part_of_it() -> None:
    assert fingerprint(TEXT, 7, None) != fingerprint(TEXT, 8, None)
    assert fingerprint(TEXT, None, "He") == fingerprint(TEXT, None, "he")
    assert fingerprint(TEXT, None, "he") != fingerprint(TEXT, None, "a spokesperson")
    assert fingerprint(TEXT, None, None) != fingerprint(TEXT, 7, None)


def test_a_resolved_speaker_does_not_need_the_same_mention() -> None:
    assert fingerprint(TEXT, 7, "Kowalska") == fingerprint(TEXT, 7, "she")


def test_the_fingerprint_is_a_fixed_length_hex_digest() -> None:
    assert len(fingerprint(TEXT * 50, 1, None)) == 32
    int(fingerprint(TEXT, 1, None), 16)


@pytest.mark.parametrize(
    ("first", "other", "same"),
    [
        (dt.date(2025, 11, 12), dt.date(2025, 11, 13), True),
        (dt.date(2025, 11, 12), dt.date(2025, 11, 19), True),
        (dt.date(2025, 11, 12), dt.date(2025, 11, 20), False),
        (dt.date(2025, 11, 12), dt.date(2025, 11, 1), False),
        (None, dt.date(2025, 11, 1), True),
        (dt.date(2025, 11, 12), None, True),
    ],
)
def test_copies_are_said_within_a_week(
    first: dt.date | None, other: dt.date | None, same: bool
) -> None:
    assert same_occasion(first, other) is same
