"""names: two names are one person only when they are spellings of one name.

Spellings are what transliteration, diacritics and house styles make of one name (Dmitri and
Dmitry, Aleksandr and Alexander, Zelenskiy and Zelenskyy, Mohamed and Mohammed); two different
names that merely look or sound alike (Harris and Morris, Miller and Mills, Christina and
Christine) are two people, however few letters they differ by.
"""

import pytest

from app.ingest.extract import NameMention
from app.ingest.names import (
    join_truncated,
    name_words,
    not_a_name,
    same_person,
    spelling,
    split_title,
    tidy,
    usual_parts,
)
from app.ingest.resolve import resolve_people

SPELLINGS = [
    # transliteration from Cyrillic: -y/-i/-iy/-yy/-ii endings, ks/x, kh/h, -ei/-ey
    ("Dmitri Peskov", "Dmitry Peskov"),
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Aleksei Navalny", "Alexei Navalny"),
    ("Alexey Navalny", "Aleksei Navalny"),
    ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyi"),
    ("Yuriy Ushakov", "Yuri Ushakov"),
    ("Andriy Yermak", "Andrii Yermak"),
    ("Mikhail Mishustin", "Mihail Mishustin"),
    ("Maksim Oreshkin", "Maxim Oreshkin"),
    ("Aleksandr Lukashenko", "Alexander Lukashenko"),
    ("Viktor Yanukovych", "Viktor Yanukovich"),
    ("Yevgeny Prigozhin", "Evgeny Prigozhin"),
    # transliteration from Arabic and Persian: doubled letters, a vowel more or less
    ("Mohamed Salah", "Mohammed Salah"),
    ("Hassan Rouhani", "Hassan Rohani"),
    # diacritics, and the German ue for ü
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Robert Mueller", "Robert Müller"),
    # house spellings: doubled letters, ie/y, ph/f, ck/k
    ("Chris Matthews", "Chris Mathews"),
    ("Kellie Harper", "Kelly Harper"),
    ("Stephan Weil", "Stefan Weil"),
    ("Frederick Larsen", "Frederik Larsen"),
    # initials, a missing first name, a suffix, a middle name left out
    ("J. Smith", "John Smith"),
    ("V. Zelenskiy", "Volodymyr Zelenskyy"),
    ("Clinton", "Hillary Clinton"),
    ("Peskov", "Dmitry Peskov"),
    ("Martin Luther King Jr.", "Martin Luther King"),
    ("Hillary Rodham Clinton", "Hillary Clinton"),
    ("John F. Kennedy", "John Fitzgerald Kennedy"),
]

DIFFERENT_PEOPLE = [
    # different common surnames a letter or two apart
    ("John Harris", "John Morris"),
    ("David Miller", "David Mills"),
    ("Mark Carney", "Mark Harvey"),
    ("Tony Blair", "Tony Blain"),
    ("Dan Walker", "Dan Parker"),
    ("Ben Carson", "Ben Larson"),
    ("Mark Harper", "Mark Carper"),
    ("Tom Miller", "Tom Müller"),
    ("Sarah Brown", "Sarah Browne"),
    # Smith and Smyth are two English surnames, not one spelled two ways
    ("John Smith", "John Smyth"),
    # Scandinavian -sen and English -son are different families
    ("Mark Hansen", "Mark Hanson"),
    ("Anna Petersen", "Anna Peterson"),
    # different first names: a vowel apart, a final vowel (often another person's name)
    ("Hillary Clinton", "Bill Clinton"),
    ("Christina Koch", "Christine Koch"),
    ("Daniel Weber", "Daniela Weber"),
    ("Paul Martin", "Paula Martin"),
    ("Marie Dubois", "Mary Dubois"),
    ("Julian Castro", "Joaquin Castro"),
    ("Ron Paul", "Rand Paul"),
    ("Jeb Bush", "George Bush"),
    ("Marine Le Pen", "Jean-Marie Le Pen"),
    ("Maria Kowalska", "Anna Kowalska"),
    # conflicting initials, first or middle
    ("J. Smith", "K. Smith"),
    ("George W. Bush", "George H. W. Bush"),
    # different surnames altogether, short ones, and an empty name
    ("Mohammed bin Salman", "Mohammed bin Zayed"),
    ("Jan Lis", "Jan Las"),
    ("Maria Kowalska", "Tomasz Wojcik"),
    ("", "Maria Kowalska"),
]


@pytest.mark.parametrize(("a", "b"), SPELLINGS)
def test_spellings_of_one_name_are_one_person(a: str, b: str) -> None:
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_names_are_different_people(a: str, b: str) -> None:
    assert not same_person(a, b)
    assert not same_person(b, a)


def test_the_table_has_forty_pairs_both_ways() -> None:
    assert len(SPELLINGS) >= 20 and len(DIFFERENT_PEOPLE) >= 20
    assert len(SPELLINGS) + len(DIFFERENT_PEOPLE) >= 40


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("zelenskyy", "zelenski"),
        ("zelenskiy", "zelenski"),
        ("aleksei", "alexei"),
        ("mikhail", "mihail"),
        ("mohammed", "mohamed"),
        ("kellie", "keli"),
        ("marie", "marie"),
        ("smyth", "smyth"),
    ],
)
def test_spelling_key(word: str, key: str) -> None:
    assert spelling(word) == key


def test_resolver_joins_spellings_and_keeps_lookalikes_apart() -> None:
    names = [
        NameMention("Dmitri Peskov", "person", 0),
        NameMention("John Harris", "person", 40),
        NameMention("Dmitry Peskov", "person", 80),
        NameMention("John Morris", "person", 120),
    ]
    people, canonical = resolve_people(names, [])
    assert sorted(p.name for p in people) == ["Dmitri Peskov", "John Harris", "John Morris"]
    assert canonical["Dmitry Peskov"] == "Dmitri Peskov"
    assert canonical["John Morris"] == "John Morris"


def test_resolver_joins_a_bare_surname_spelled_another_way() -> None:
    names = [
        NameMention("Volodymyr Zelenskyy", "person", 0),
        NameMention("Zelenskiy", "person", 60),
        NameMention("Mills", "person", 90),
        NameMention("David Miller", "person", 120),
    ]
    people, canonical = resolve_people(names, [])
    assert canonical["Zelenskiy"] == "Volodymyr Zelenskyy"
    assert canonical["Mills"] == "Mills"
    assert sorted(p.name for p in people) == ["David Miller", "Mills", "Volodymyr Zelenskyy"]


# What a name is not, and the shapes a name takes


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("He", "pronoun"),
        ("Someone", "pronoun"),
        ("Wednesday", "date word"),
        ("Mar", "date word"),
        ("Minister", "role word"),
        ("Emir", "role word"),
        ("Crown Prince", "role word"),
        ("Federal Chancellor", "role word"),
        ("Assistant Commissioner of Police", "role word"),
        ("Photo", "credit"),
        ("Getty Images", "credit"),
        ("56-year-old", "description"),
        ("physicians", "description"),
    ],
)
def test_not_a_name(name: str, why: str) -> None:
    assert not_a_name(name) == why


@pytest.mark.parametrize(
    "name",
    ["Aung San Suu Kyi", "von der Leyen", "al-Rashid", "WHO", "Ansar Allah", "Ngozi"],
)
def test_names_that_are_names(name: str) -> None:
    assert not_a_name(name) is None


@pytest.mark.parametrize(
    ("name", "role", "split"),
    [
        ("Prosecutor Karim Khan", None, ("Karim Khan", "Prosecutor")),
        ("Chairman Gowdy", None, ("Gowdy", "Chairman")),
        ("Police Rahul Mehta", None, ("Rahul Mehta", "Police")),
        ("Silva", "president Luiz Inácio Lula da", ("Luiz Inácio Lula da Silva", "president")),
        ("Hamad Al Thani", "Sheikh Khalid bin", ("Khalid bin Hamad Al Thani", "Sheikh")),
        ("Leyen", "von der", ("von der Leyen", None)),
        # a surname that is also a title word stays; an organisation keeps its first word
        ("Major Garrett", None, ("Major Garrett", None)),
        ("National Golf Foundation", None, ("National Golf Foundation", None)),
        # a role that does not end in a particle is a role ("Republican Marco Rubio")
        ("Marco Rubio", "Republican", ("Marco Rubio", "Republican")),
    ],
)
def test_split_title(name: str, role: str | None, split: tuple[str, str | None]) -> None:
    assert split_title(name, role) == split


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Douglas Holtz - Eakin", "Douglas Holtz-Eakin"),
        ("Eva - Maria Schultheis", "Eva-Maria Schultheis"),
        ("Hillary ] Clinton", "Hillary Clinton"),
        ("Luciana Lopez : Saying", "Luciana Lopez"),
        ("Procter & Gamble", "Procter & Gamble"),
        ("Marks & Spencer :", "Marks & Spencer"),
        ("& Partners Ltd &", "Partners Ltd"),
    ],
)
def test_tidy(written: str, name: str) -> None:
    assert tidy(written) == name


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Luiz Inácio Lula da Silva", ["da Silva", "Silva", "Lula", "Lula da Silva"]),
        ("Pedro Sánchez Pérez", ["Pérez", "Sánchez", "Sánchez Pérez"]),
        ("Ursula von der Leyen", ["von der Leyen", "Leyen"]),
        ("Khalid bin Hamad Al Thani", ["Al Thani", "Thani", "Hamad", "Hamad Al Thani"]),
        ("Majid al-Rashid", ["al-Rashid"]),
        ("Ana Ferreira-Gonçalves", ["Ferreira-Gonçalves"]),
        ("John F. Kennedy", ["Kennedy"]),
        ("Madonna", []),
    ],
)
def test_usual_parts(name: str, parts: list[str]) -> None:
    assert usual_parts(name) == parts


def test_a_name_cut_before_its_particles_is_joined() -> None:
    assert join_truncated("Ursula von", ["von der Leyen"]) == "Ursula von der Leyen"
    assert join_truncated("Maria de", ["de la Cruz"]) == "Maria de la Cruz"
    assert join_truncated("Ursula von", ["Von Braun"]) == "Ursula von"
    assert join_truncated("Maria Kowalska", ["von der Leyen"]) == "Maria Kowalska"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Sheikh Khalid bin Hamad bin Abdullah Al Thani", 5),
        ("Department of Health and Human Services", 4),
        ("Luiz Inácio Lula da Silva", 4),
        ("Al Gore", 2),
        ("Procter & Gamble", 2),
    ],
)
def test_name_words_leave_out_particles_and_joining_words(name: str, words: int) -> None:
    assert len(name_words(name)) == words
