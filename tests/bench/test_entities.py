"""The entities benchmark's rules: what they call suspicious in people, places and topics, and
what they leave alone, on a corpus of a few hand-written sentences."""

import pytest

from bench.entities import maybe_one, person_reasons, place_reasons, read_corpus, topic_reasons

CORPUS = read_corpus(
    [
        "Vladimir Putin met Ali Bongo in Moscow. The UN said the meeting was useful.\n\n"
        "MOSCOW (Wire) - The statement said the group would meet again in March.",
    ]
)


@pytest.mark.parametrize(
    ("name", "kind", "reason"),
    [
        ("He", "person", "pronoun"),
        ("Wednesday", "person", "date word"),
        ("Minister", "person", "role word"),
        ("Crown Prince", "person", "role word"),
        ("Assistant Commissioner of Police", "person", "role word"),
        ("Getty Images", "person", "credit"),
        ("56-year-old", "person", "description"),
        ("physicians", "person", "description"),
        ("Statement", "person", "common word"),
        ("Doha Forum", "person", "organisation"),
        ("Ansar Allah", "person", "organisation"),
    ],
)
def test_suspicious_people(name: str, kind: str, reason: str) -> None:
    assert reason in person_reasons(name, kind, CORPUS)


@pytest.mark.parametrize(
    "name", ["Vladimir Putin", "von der Leyen", "al-Rashid", "Ngozi Okonjo-Iweala", "Putin"]
)
def test_names_are_not_suspicious(name: str) -> None:
    assert person_reasons(name, "person", CORPUS) == []


def test_suspicious_places() -> None:
    people = ["Vladimir Putin", "Ali Bongo"]
    assert place_reasons("Un", people, CORPUS) == ["acronym"]
    assert place_reasons("Vladimir", people, CORPUS) == ["first name"]
    assert place_reasons("Moscow", people, CORPUS) == []


def test_doubled_topic_word() -> None:
    assert topic_reasons("Summit summit") == ["doubled word"]
    assert topic_reasons("Istanbul talks") == []


def test_pairs_that_may_be_one_person() -> None:
    assert maybe_one("Suu Kyi", "Aung San Suu Kyi")
    assert maybe_one("Mark Rutte", "Mark Rute")
    assert not maybe_one("John Harris", "John Morris")
