"""The pure rules behind the query parameters: comma lists and the patterns that state them."""

import re

import pytest

from app.schemas import MAX_ID, comma_items, comma_list_pattern, integers_up_to


@pytest.mark.parametrize(
    ("value", "items"),
    [
        ("Peskov", ["Peskov"]),
        ("Peskov,Erdogan", ["Peskov", "Erdogan"]),
        (" Peskov , Erdogan ", ["Peskov", "Erdogan"]),
        ("Peskov,,Erdogan,", ["Peskov", "Erdogan"]),
        ("", []),
        (" , ,", []),
        ('"King, Jr."', ["King, Jr."]),
        (' "King, Jr." , Peskov', ["King, Jr.", "Peskov"]),
        ('"The ""Daily"" Post",AP', ['The "Daily" Post', "AP"]),
        ('"a,b",,"c"', ["a,b", "c"]),
        ('""', []),
        ('The "Daily" Post', ['The "Daily" Post']),
        ('"unclosed, quote', ['"unclosed', "quote"]),
        ('"closed" then more, x', ['"closed" then more', "x"]),
        ("O'Brien, d'Estaing", ["O'Brien", "d'Estaing"]),
    ],
)
def test_comma_items(value: str, items: list[str]) -> None:
    assert comma_items(value) == items


def test_comma_items_takes_long_values_in_linear_time() -> None:
    assert len(comma_items(",".join(["x"] * 100_000))) == 100_000
    assert comma_items('"' + "a" * 100_000) == ['"' + "a" * 100_000]


@pytest.mark.parametrize(
    "number", [1, 9, 10, 99, 100, 12345, 10**17, 10**18 - 1, 10**18, MAX_ID - 1, MAX_ID]
)
def test_integers_up_to_admits_every_id(number: int) -> None:
    assert re.fullmatch(integers_up_to(MAX_ID), str(number))


@pytest.mark.parametrize(
    "text", ["0", "-1", "01", "", "x", str(MAX_ID + 1), str(10**19), "9300000000000000000", "1.5"]
)
def test_integers_up_to_refuses_the_rest(text: str) -> None:
    assert not re.fullmatch(integers_up_to(MAX_ID), text)


@pytest.mark.parametrize("limit", [1, 7, 10, 100, 1000, 1_000_000, 4096])
def test_integers_up_to_matches_exactly_the_range(limit: int) -> None:
    pattern = re.compile(integers_up_to(limit))
    admitted = [n for n in range(0, limit * 2 + 20) if pattern.fullmatch(str(n))]
    assert admitted == list(range(1, limit + 1))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("direct", True),
        ("direct,partial", True),
        (" direct , partial ,", True),
        (",,direct,,", True),
        ("", True),
        (" , ", True),
        ("directpartial", False),
        ("direct,bogus", False),
        ("direct partial", False),
    ],
)
def test_comma_list_pattern(value: str, valid: bool) -> None:
    pattern = comma_list_pattern("direct|partial|indirect")
    assert bool(re.search(pattern, value)) is valid
