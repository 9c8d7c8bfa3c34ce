"""resolve: one canonical name per person and place of an article."""

import datetime as dt

import pytest

from app.ingest import gazetteer
from app.ingest.document import EntityRef, PlaceRef, SpeakerRef
from app.ingest.extract import NameMention, RawStatement, SpeakerMention
from app.ingest.resolve import (
    resolve_people,
    resolve_places,
    same_person,
    speaker_ref,
    surname_key,
)

WEDNESDAY = dt.date(2025, 11, 12)


def said_by(mention: SpeakerMention) -> RawStatement:
    return RawStatement("The bridge will open.", "direct", 200, 221, "said", mention)


# same_person and surname_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"),
        ("Zelenskiy", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
        ("V. Zelenskiy", "Volodymyr Zelenskiy"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ],
)
def test_same_person(a: str, b: str) -> None:
    assert same_person(a, b)
    assert same_person(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hillary Clinton", "Bill Clinton"),
        ("Maria Kowalska", "Anna Kowalska"),
        ("Jan Lis", "Jan Las"),
        ("Maria Kowalska", "Tomasz Wojcik"),
        ("", "Maria Kowalska"),
    ],
)
def test_different_people(a: str, b: str) -> None:
    assert not same_person(a, b)
    assert not same_person(b, a)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Recep Tayyip Erdoğan", "erdogan"),
        ("Martin Luther King Jr.", "king"),
        ("KOWALSKA", "kowalska"),
        ("", ""),
    ],
)
def test_surname_key(name: str, key: str) -> None:
    assert surname_key(name) == key


# resolve_people


def test_bare_surname_links_to_the_full_name_in_the_article() -> None:
    names = [
        NameMention("Kowalska", "organization", 120),
        NameMention("Maria Kowalska", "person", 0, role="foreign minister"),
        NameMention("Tomasz Wojcik", "person", 60),
    ]
    speaker = SpeakerMention("Kowalska", 180, name="Kowalska", kind="organization")
    people, canonical = resolve_people(names, [said_by(speaker)])
    assert people == [
        EntityRef("Maria Kowalska", "person", "foreign minister", aliases=["Kowalska"], mentions=3),
        EntityRef("Tomasz Wojcik", "person", None, aliases=[], mentions=1),
    ]
    assert canonical == {
        "Maria Kowalska": "Maria Kowalska",
        "Kowalska": "Maria Kowalska",
        "Tomasz Wojcik": "Tomasz Wojcik",
    }


@pytest.mark.parametrize(
    ("full", "written", "text"),
    [
        ("Kurdistan Workers' Party", "PKK", "PKK"),
        ("European Union", "EU", "The EU"),
        ("Korea Disease Control and Prevention Agency", "KDCA", "the KDCA"),
    ],
)
def test_initials_a_speaker_was_spelled_out_from_are_one_entry_with_the_name(
    full: str, written: str, text: str
) -> None:
    names = [
        NameMention(full, "organization", 0),
        NameMention(written, "organization", 90),
        NameMention(written, "organization", 300),
        NameMention("Lena Park", "person", 150),
    ]
    speaker = SpeakerMention(text, 90, name=full, kind="organization")
    people, canonical = resolve_people(names, [said_by(speaker)])
    assert [(p.name, p.aliases, p.mentions) for p in people] == [
        (full, [written], 4),
        ("Lena Park", [], 1),
    ]
    assert canonical[written] == full


def test_initials_no_speaker_was_spelled_out_from_stay_their_own_entry() -> None:
    names = [
        NameMention("European Union", "organization", 0),
        NameMention("ECB", "organization", 90),
    ]
    people, _ = resolve_people(names, [])
    assert sorted(p.name for p in people) == ["ECB", "European Union"]


def test_role_is_kept_from_any_mention() -> None:
    names = [
        NameMention("Jan Kaminski", "person", 0),
        NameMention("Jan Kaminski", "person", 90, role="foreign minister"),
    ]
    [person], _ = resolve_people(names, [])
    assert (person.name, person.role, person.mentions) == ("Jan Kaminski", "foreign minister", 2)


def test_city_tagged_as_a_name_is_not_a_person() -> None:
    names = [NameMention("Maria Kowalska", "person", 0), NameMention("Kyiv", "person", 40)]
    people, canonical = resolve_people(names, [])
    assert [p.name for p in people] == ["Maria Kowalska"]
    assert "Kyiv" not in canonical


def test_capital_as_speaker_is_its_government() -> None:
    speaker = SpeakerMention("Moscow", 0, name="Moscow", kind="person")
    [entity], _ = resolve_people([], [said_by(speaker)])
    assert (entity.name, entity.kind) == ("Moscow", "organization")


def test_implausible_names_are_dropped() -> None:
    names = [
        NameMention("the ministry", "organization", 0),
        NameMention("G7 summit", "organization", 10),
        NameMention("Maria Kowalska", "person", 20),
    ]
    people, _ = resolve_people(names, [])
    assert [p.name for p in people] == ["Maria Kowalska"]


def test_speaker_ref_uses_the_canonical_name_and_role() -> None:
    names = [NameMention("Maria Kowalska", "person", 0, role="foreign minister")]
    statement = said_by(SpeakerMention("Kowalska", 180, name="Kowalska"))
    people, canonical = resolve_people(names, [statement])
    assert speaker_ref(statement, canonical, people) == SpeakerRef(
        "Maria Kowalska", "person", "foreign minister"
    )


def test_speaker_ref_is_none_for_an_unnamed_speaker() -> None:
    statement = said_by(SpeakerMention("the official", 180))
    assert speaker_ref(statement, {}, []) is None


# resolve_places


def test_old_spelling_resolves_to_the_current_name_with_an_alias() -> None:
    places, canonical = resolve_places([("Kiev", 0), ("Kyiv", 50)], [], None)
    kyiv = PlaceRef("Kyiv", "city", "UA", ["Kiev"], 2, latitude=50.45466, longitude=30.5238)
    assert places == [kyiv]
    assert canonical == {"Kiev": "Kyiv", "Kyiv": "Kyiv"}


def test_capitalised_dateline_resolves_without_an_alias() -> None:
    places, canonical = resolve_places([], [], "MOSCOW")
    moscow = PlaceRef("Moscow", "city", "RU", [], 1, latitude=55.75204, longitude=37.61781)
    assert places == [moscow]
    assert canonical == {"MOSCOW": "Moscow"}


def test_country_by_its_official_short_name() -> None:
    [place], canonical = resolve_places([("Türkiye", 0)], [], None)
    assert (place.name, place.kind, place.country_code) == ("Turkey", "country", "TR")
    assert canonical["Türkiye"] == "Turkey"


def test_country_is_placed_at_its_capital() -> None:
    [turkey], _ = resolve_places([("Turkey", 0)], [], None)
    [ankara], _ = resolve_places([("Ankara", 0)], [], None)
    assert (turkey.latitude, turkey.longitude) == (ankara.latitude, ankara.longitude)
    assert turkey.latitude is not None


def test_region_without_coordinates_in_the_gazetteer_has_none() -> None:
    [alaska], _ = resolve_places([("Alaska", 0)], [], None)
    assert (alaska.kind, alaska.latitude, alaska.longitude) == ("region", None, None)


def test_city_tagged_as_a_person_is_a_place() -> None:
    places, canonical = resolve_places([], [NameMention("Kyiv", "person", 40)], None)
    assert [(p.name, p.kind) for p in places] == [("Kyiv", "city")]
    assert canonical == {"Kyiv": "Kyiv"}


def test_unknown_place_is_kept_as_written() -> None:
    places, _ = resolve_places([("Lower Brzeznica", 0)], [], None)
    assert places == [PlaceRef("Lower Brzeznica", "place", None, aliases=[], mentions=1)]


@pytest.mark.parametrize(
    ("written", "country"),
    [("U.S", "US"), ("U.S.", "US"), ("US", "US"), ("the U.S.", "US"), ("UK", "GB"),
     ("Britain", "GB"), ("UAE", "AE")],
)  # fmt: skip
def test_countries_as_the_news_abbreviates_them(written: str, country: str) -> None:
    [place], canonical = resolve_places([(written, 0)], [], None)
    assert (place.kind, place.country_code) == ("country", country)
    assert canonical[written] == place.name


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("DRC", "Democratic Republic of the Congo"),
        ("NYC", "New York City"),
        ("SD", "South Dakota"),
        ("LA", "Los Angeles"),
    ],
)
def test_the_initials_of_one_big_place_are_that_place(written: str, name: str) -> None:
    places, canonical = resolve_places([(written, 0)], [], None)
    assert [p.name for p in places] == [name]
    assert canonical[written] == name


@pytest.mark.parametrize("written", ["NRA", "XYZ", "SA"])
def test_unknown_or_ambiguous_initials_are_no_place(written: str) -> None:
    assert resolve_places([(written, 0)], [], None) == ([], {})


def test_a_small_town_in_capitals_is_a_dateline_not_an_acronym() -> None:
    places, canonical = resolve_places([("Turku", 40)], [], "TURKU")
    assert [p.name for p in places] == ["Turku"]
    assert canonical["TURKU"] == "Turku"


def test_demonyms_are_not_places() -> None:
    places, canonical = resolve_places([("Ruritanian", 0)], [], None)
    assert (places, canonical) == ([], {})


# what is not a person, and one person, one entry


def test_a_role_pronoun_or_date_is_never_a_person() -> None:
    names = [
        NameMention("Minister", "person", 0),
        NameMention("Crown Prince", "person", 20),
        NameMention("Wednesday", "person", 40),
        NameMention("Maria Kowalska", "person", 60),
    ]
    statement = said_by(SpeakerMention("Emir", 180, name="Emir", kind="person"))
    people, canonical = resolve_people(names, [statement])
    assert [p.name for p in people] == ["Maria Kowalska"]
    assert speaker_ref(statement, canonical, people) is None


def test_a_surname_that_is_a_title_word_is_the_person_named_in_full() -> None:
    names = [NameMention("Matthew Prince", "person", 0), NameMention("Prince", "person", 50)]
    people, canonical = resolve_people(names, [])
    assert [p.name for p in people] == ["Matthew Prince"]
    assert canonical["Prince"] == "Matthew Prince"


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("Aung San Suu Kyi", "Suu Kyi"),
        ("Debbie Wasserman Schultz", "Wasserman Schultz"),
        ("Luiz Inácio Lula da Silva", "Lula"),
        ("Pedro Sánchez Pérez", "Sánchez"),
        ("Mark Rutte", "Rute"),
        ("Kathleen Hawk Sawyer", "Hawk Sawyer"),
    ],
)
def test_a_shorter_name_is_the_person_named_in_full(full: str, short: str) -> None:
    names = [NameMention(full, "person", 0), NameMention(short, "person", 80)]
    people, canonical = resolve_people(names, [])
    assert [p.name for p in people] == [full]
    assert canonical[short] == full


def test_a_misspelling_is_not_taken_for_the_family_or_another_full_name() -> None:
    names = [
        NameMention("Betsy Ebeling", "person", 0),
        NameMention("Ebelings", "person", 40),
        NameMention("Mark Rutte", "person", 80),
        NameMention("Mark Rutter", "person", 120),
    ]
    people, _ = resolve_people(names, [])
    assert sorted(p.name for p in people) == [
        "Betsy Ebeling",
        "Ebelings",
        "Mark Rutte",
        "Mark Rutter",
    ]


def test_a_name_in_a_quotation_does_not_name_the_person_named_outside() -> None:
    names = [
        NameMention("Donald Trump", "person", 0),
        NameMention("Certainly Donald Trump", "person", 40, in_quote=True),
        NameMention("Trump", "person", 90),
    ]
    _, canonical = resolve_people(names, [])
    assert canonical["Trump"] == "Donald Trump"


@pytest.mark.parametrize("name", ["Ansar Allah", "Doha Forum", "Patriotic Front"])
def test_an_organisation_named_as_a_person_is_an_organisation(name: str) -> None:
    [entity], _ = resolve_people([NameMention(name, "person", 0)], [])
    assert entity.kind == "organization"


# places need evidence


@pytest.mark.parametrize("acronym", ["UN", "ISA"])
def test_an_acronym_is_not_the_small_town_so_named(acronym: str) -> None:
    places, canonical = resolve_places([(acronym, 0)], [], None)
    assert (places, canonical) == ([], {})
    assert resolve_places([], [NameMention(acronym, "organization", 0)], None) == ([], {})


@pytest.mark.parametrize(
    ("person", "word"),
    [("Vladimir Putin", "Vladimir"), ("Ali Bongo", "Ali"), ("Ursula von der Leyen", "Leyen")],
)
def test_a_word_of_a_persons_name_is_not_a_place(person: str, word: str) -> None:
    names = [NameMention(person, "person", 0), NameMention(word, "person", 60)]
    assert resolve_places([(word, 30)], names, None) == ([], {})


def test_another_name_of_a_town_said_of_a_man_is_not_the_town() -> None:
    assert resolve_places([], [NameMention("Rashid", "person", 0)], None) == ([], {})


def test_a_place_the_article_names_as_an_organisation_is_the_organisation() -> None:
    names = [NameMention("NRA", "organization", 0)]
    assert resolve_places([("NRA", 50)], names, None) == ([], {})


def test_a_country_or_big_city_stays_a_place_whatever_else_is_so_called() -> None:
    names = [NameMention("Georgia Meadows", "person", 0), NameMention("Georgia", "person", 60)]
    places, _ = resolve_places([("Georgia", 30)], names, None)
    assert [p.name for p in places] == ["Georgia"]


@pytest.mark.parametrize(
    ("written", "state"),
    [("Vt.", "Vermont"), ("Vt", "Vermont"), ("Calif.", "California"), ("N.Y.", "New York")],
)
def test_us_states_as_the_news_abbreviates_them(written: str, state: str) -> None:
    [place], canonical = resolve_places([(written, 0)], [], None)
    assert (place.name, place.kind, place.country_code) == (state, "region", "US")
    assert canonical[written] == state


def test_a_state_abbreviation_that_is_also_a_word_is_left_alone() -> None:
    assert gazetteer.lookup("Miss") is None
    assert gazetteer.lookup("Mass") is None
