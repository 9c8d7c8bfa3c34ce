"""People, organisations and places as an API user finds them, after the real ingest of small
hand-written articles in several name cultures.

- Titles are roles, not names; a role word alone is never a person ("the Emir said", "the
  Minister added", "Assistant Commissioner of Police ...").
- Compound names stay whole and are found by their usual parts: "Luiz Inácio Lula da Silva" by
  "Lula", "Pedro Sánchez Pérez" by "Sánchez", "Ursula von der Leyen" by "von der Leyen",
  "Sheikh Khalid bin Hamad Al Thani" by "Al Thani"; a hyphenated surname is one person.
- One person, one entry: a surname misspelt by a letter ("Rute" after "Mark Rutte"), the last
  words of a name ("Suu Kyi"), a title before the name ("Prosecutor Karim Khan"); different
  people a letter apart stay apart.
- A place needs evidence: "UN" is no town "Un"; organisations are not people ("Ansar Allah",
  "Doha Forum").
"""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.ingest.document import CleanArticle, EntityRef, ParsedArticle, SpeakerRef, Statement
from app.ingest.names import not_a_name
from app.ingest.pipeline import ingest_paths
from app.ingest.resolve import without_words
from tests.api.paging import every_item
from tests.conftest import migrated_engine, serve

BRAZIL = """Brazil and its neighbours agree to keep talking on river dams

Tuesday, 4 Mar 2025

BRASILIA (Southern Wire) - Brazil's president Luiz Inácio Lula da Silva said on Tuesday that \
the talks on the river dams would continue next month.

"We will not give up on this agreement," Lula said after the meeting.

Health minister Ana Ferreira-Gonçalves said the hospitals along the river were ready for the \
floods. "We have prepared for months," Ferreira-Gonçalves told reporters.

The UN said it would send observers to the border. "We are ready to help both sides," the UN \
said in a statement.
"""

EUROPE = """European leaders welcome the fisheries accord

Wednesday, 5 Mar 2025

BRUSSELS (Northern Wire) - European Commission President Ursula von der Leyen welcomed the \
accord on Wednesday. "This is a good day for both our coasts," von der Leyen said.

Spanish Prime Minister Pedro Sánchez Pérez also spoke. "Spain supports the accord," Sánchez \
said.

Dutch Prime Minister Mark Rutte said the accord was fair. "Fishing towns will be stronger for \
it," Rute said, adding that the boats would be inspected.

Mark Rutter, a trawler owner from the north, said he was not convinced.

The Minister said on Wednesday that the ports would reopen. "It will happen soon," the \
Minister added.
"""

GULF = """Gulf ministers meet in Doha as the forum opens

Saturday, 8 Mar 2025

DOHA (Desert Wire) - Sheikh Khalid bin Hamad Al Thani opened the Doha Forum on Saturday. "The \
region needs dialogue more than ever," Sheikh Khalid said.

The Emir said the country would host more meetings this year. "We are open to everyone," the \
Emir said.

Ansar Allah said in a statement that it rejected the plan. "We will not accept this," Ansar \
Allah said.

Assistant Commissioner of Police Rahul Mehta said patrols would increase. "Our officers are \
ready," Mehta said. The Crown Prince welcomed the guests. "You are welcome here," the Crown \
Prince said.
"""

COURT = """Court to review the case against the former commander

Monday, 10 Mar 2025

THE HAGUE (Lowland Wire) - Prosecutor Karim Khan said the court would review the case in \
April. "No one is above the law," Khan said.

Myanmar's Aung San Suu Kyi sent a message to the hearing. "Dialogue is the only way," Suu Kyi \
said in the message.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in [("brazil", BRAZIL), ("europe", EUROPE), ("gulf", GULF), ("court", COURT)]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, "entity-names")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        yield client
    engine.dispose()


def speakers(client: TestClient, **params: str) -> set[str | None]:
    quotes = every_item(client, "/v1/quotes", **params)
    return {q["speaker"]["name"] if q["speaker"] else None for q in quotes}


def people(client: TestClient) -> dict[str, dict]:
    return {p["name"]: p for p in every_item(client, "/v1/people")}


# class 3: titles are roles; compound names whole and found by their usual parts


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Lula", "Luiz Inácio Lula da Silva"),
        ("Sánchez", "Pedro Sánchez Pérez"),
        ("von der Leyen", "Ursula von der Leyen"),
        ("Al Thani", "Khalid bin Hamad Al Thani"),
        ("Ferreira-Gonçalves", "Ana Ferreira-Gonçalves"),
    ],
)
def test_a_compound_name_is_found_by_its_usual_part(
    client: TestClient, written: str, name: str
) -> None:
    assert speakers(client, speaker=written) == {name}
    assert name in {p["name"] for p in every_item(client, "/v1/people", q=written)}


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Karim Khan", "Prosecutor"),
        ("Khalid bin Hamad Al Thani", "Sheikh"),
        ("Luiz Inácio Lula da Silva", "president"),
    ],
)
def test_a_title_is_the_role_not_part_of_the_name(client: TestClient, name: str, role: str) -> None:
    assert people(client)[name]["role"] == role


@pytest.mark.parametrize(
    "words", ["We are open to everyone", "It will happen soon", "You are welcome here"]
)
def test_a_role_word_alone_is_never_a_person(client: TestClient, words: str) -> None:
    """`the Minister` may mean a minister the article named (class 4: Mark Rutte, the Prime
    Minister); `the Emir` and `the Crown Prince`, whom nobody holds here, stay as written.
    Never is the role word itself a person's name."""
    [quote] = every_item(client, "/v1/quotes", q=words)
    assert quote["speaker_mention"] in {"Emir", "Minister", "Crown Prince"}
    speaker = quote["speaker"]
    if speaker is not None:
        assert speaker["name"] not in {"Emir", "Minister", "Crown Prince"}
        person = people(client)[speaker["name"]]
        assert quote["speaker_mention"] in (person["role"] or "")


def test_no_stored_name_is_a_role_pronoun_or_description(client: TestClient) -> None:
    assert {name: not_a_name(name) for name in people(client) if not_a_name(name)} == {}


# class 12: one person, one entry


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("Fishing towns will be stronger", "Mark Rutte"),
        ("Dialogue is the only way", "Aung San Suu Kyi"),
        ("No one is above the law", "Karim Khan"),
    ],
)
def test_a_shorter_or_misspelt_name_is_the_person_named_in_full(
    client: TestClient, words: str, name: str
) -> None:
    assert speakers(client, q=words) == {name}
    assert len(every_item(client, "/v1/people", q=name.split()[-1])) == 1 or name == "Mark Rutte"


def test_a_name_a_letter_apart_but_named_in_full_is_another_person(client: TestClient) -> None:
    found = {p["name"] for p in every_item(client, "/v1/people", q="Rutt")}
    assert {"Mark Rutte", "Mark Rutter"} <= found


@pytest.mark.parametrize("name", ["Prosecutor Karim Khan", "Suu Kyi", "Rute", "Lula"])
def test_no_second_entry_for_a_variant(client: TestClient, name: str) -> None:
    assert name not in people(client)


# class 11: places need evidence; organisations are not people


def test_an_acronym_is_not_a_town(client: TestClient) -> None:
    places = {p["name"] for p in every_item(client, "/v1/places")}
    assert "Un" not in places
    assert {"Brazil", "Doha", "Myanmar"} <= places
    assert people(client)["UN"]["kind"] == "organization"


@pytest.mark.parametrize("name", ["Ansar Allah", "Doha Forum", "European Commission"])
def test_an_organisation_is_not_a_person(client: TestClient, name: str) -> None:
    assert people(client)[name]["kind"] == "organization"


# a word the NER model took for a name, written as a word in the article


WORDS = [
    (
        "meth",
        "Clinics report more overdoses\n\nMonday, 3 Mar 2025\n\nMeth is back in the valley. "
        "Doctors said the clinics had seen twice as many overdoses as last year, most of them "
        'from meth bought online. "We see it every night," said nurse Olga Berg.\n\nThe price '
        "of meth has fallen, police said.\n",
    ),
    (
        "lung",
        "Farmers warned about dust\n\nMonday, 3 Mar 2025\n\nLung disease among farmers is "
        "rising, the health board said. Farmer's lung is caused by mould in hay, and a damaged "
        "lung does not heal, said Dr. Amara Okafor.\n",
    ),
    (
        "ranking",
        "University climbs the tables\n\nMonday, 3 Mar 2025\n\nRanking tables put the university "
        'tenth this year. "The ranking reflects our research," said its rector, Tomasz Nowak. '
        "A higher ranking brings more students, he said.\n",
    ),
]


@pytest.mark.parametrize(("word", "text"), WORDS, ids=[w for w, _t in WORDS])
def test_a_word_written_as_a_word_is_not_a_person(
    tmp_path_factory: pytest.TempPathFactory, word: str, text: str
) -> None:
    folder = tmp_path_factory.mktemp(word)
    (folder / f"{word}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, f"word-{word}")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        names = {p["name"].casefold() for p in every_item(client, "/v1/people")}
    engine.dispose()
    assert word not in names


def test_a_name_also_used_as_a_word_keeps_its_person() -> None:
    body = 'Trump spoke first. "Values should trump interests," Trump said. Trump left.'
    statement = Statement("Values should trump interests", "direct", 20, 49, "said",
                          SpeakerRef("Trump"), body, speaker_mention="Trump")  # fmt: skip
    parsed = ParsedArticle(
        CleanArticle(source_key="a", path="a.txt", title="", body=body),
        statements=[statement],
        people=[EntityRef("Trump")],
    )
    assert without_words(parsed) is parsed


def test_a_word_as_speaker_leaves_the_words_the_text_used() -> None:
    body = 'Ranking tables: "A good year," Ranking said. The ranking is tenth, a fair ranking.'
    statement = Statement("It is a good year", "direct", 25, 42, "said",
                          SpeakerRef("Ranking"), body, speaker_mention="Ranking")  # fmt: skip
    parsed = ParsedArticle(
        CleanArticle(source_key="b", path="b.txt", title="", body=body),
        statements=[statement],
        people=[EntityRef("Ranking")],
    )
    tidy = without_words(parsed)
    assert tidy.people == []
    assert (tidy.statements[0].speaker, tidy.statements[0].speaker_mention) == (None, "Ranking")


def tidied_people(body: str, *entities: EntityRef) -> list[str]:
    """The names `without_words` keeps of an article with these entities and no statement."""
    parsed = ParsedArticle(
        CleanArticle(source_key="t", path="t.txt", title="", body=body), people=list(entities)
    )
    return [e.name for e in without_words(parsed).people]


@pytest.mark.parametrize(
    ("body", "thing"),
    [
        pytest.param(
            "Elements of the Harbour would be launched by private firms. Critics want the "
            "Harbour dropped; Dr. Kofi Mensah sees no role for the Harbour in the programme.",
            "Harbour",
            id="a-station",
        ),
        pytest.param(
            "Priests read from the Sutra, and the abbot, Thich Minh Tue, asked pilgrims to "
            "follow the teachings of the Sutra.",
            "Sutra",
            id="a-scripture",
        ),
        pytest.param(
            "The Falcons won again on Sunday. Coach Ingrid Solberg said the Falcons were tired "
            "but happy.",
            "Falcons",
            id="a-team",
        ),
    ],
)
def test_a_one_word_person_written_after_an_article_is_a_thing(body: str, thing: str) -> None:
    assert thing not in tidied_people(body, EntityRef(thing), EntityRef("Someone Else"))


@pytest.mark.parametrize(
    ("body", "entity"),
    [
        pytest.param(
            "Obama spoke in Ohio. The Obama administration said jobs would return.",
            EntityRef("Obama"),
            id="qualifies-a-noun",
        ),
        pytest.param(
            "Lula arrived late. Lula said a Lula government would build homes.",
            EntityRef("Lula"),
            id="a-government",
        ),
        pytest.param(
            "The Kremlin said talks would resume, and the Kremlin, in a statement, blamed Kyiv.",
            EntityRef("Kremlin", kind="organization"),
            id="an-organisation",
        ),
    ],
)
def test_a_name_after_an_article_that_qualifies_a_noun_stays(body: str, entity: EntityRef) -> None:
    assert entity.name in tidied_people(body, entity)


# across articles: spellings of one surname, the last words of a name


ACROSS = [
    (
        "tehran",
        "Iran offers talks on the nuclear deal\n\nMonday, 3 Mar 2025\n\nTEHRAN (Gulf Wire) - "
        "Iranian President Hassan Rouhani said on Monday that Iran was ready for talks. "
        '"We have always preferred dialogue," Rouhani said.\n\nAung San Suu Kyi, the leader '
        "of Myanmar, said at the conference that the region needed patience.\n",
    ),
    (
        "vienna",
        "Diplomats in Vienna wait for Iran\n\nTuesday, 4 Mar 2025\n\nVIENNA (Danube Wire) - "
        "Hassan Rohani, the Iranian president, said in a letter that the offer stood. "
        '"The door is open," Rohani wrote.\n\nJohn Harris, a diplomat, said he was hopeful.\n',
    ),
    (
        "yangon",
        "Myanmar leader sends message to summit\n\nWednesday, 5 Mar 2025\n\nYANGON (Delta Wire) "
        '- "Dialogue is the only way forward," Suu Kyi said in a message read to delegates.\n\n'
        "John Morris, a delegate, said the message was well received.\n",
    ),
]


@pytest.fixture(scope="module")
def across(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("across")
    for name, text in ACROSS:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, "across")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        yield client
    engine.dispose()


@pytest.mark.parametrize(
    ("query", "name", "quotes"),
    [("Rohani", "Hassan Rouhani", 3), ("Suu Kyi", "Aung San Suu Kyi", 2)],
)
def test_two_articles_name_one_person_two_ways(
    across: TestClient, query: str, name: str, quotes: int
) -> None:
    [person] = every_item(across, "/v1/people", q=query)
    assert person["name"] == name
    assert person["quote_count"] == quotes


def test_names_a_letter_or_two_apart_in_two_articles_stay_two_people(across: TestClient) -> None:
    assert {p["name"] for p in every_item(across, "/v1/people", q="John")} == {
        "John Harris",
        "John Morris",
    }


# an institution every country has is one per country


COURTS = [
    (
        "brasilia",
        "Court blocks the mining law\n\nMonday, 3 Mar 2025\n\nBRASILIA (Southern Wire) - "
        "Brazil's Supreme Court blocked the mining law on Monday. \"The law ignores the "
        'constitution," the Supreme Court said in its ruling.\n',
    ),
    (
        "delhi",
        "Judges reject the appeal\n\nTuesday, 4 Mar 2025\n\nNEW DELHI (Eastern Wire) - India's "
        'Supreme Court rejected the appeal on Tuesday. "The appeal has no merit," the Supreme '
        "Court said.\n",
    ),
    (
        "nairobi",
        "Election result upheld\n\nWednesday, 5 Mar 2025\n\nNAIROBI (Rift Wire) - Kenya's "
        'Supreme Court upheld the result. "The count was lawful," the Supreme Court said in a '
        "statement.\n",
    ),
    (
        "nowhere",
        "Ruling expected on Friday\n\nThursday, 6 Mar 2025\n\n"
        '"We will rule on Friday," the Supreme Court said in a short notice.\n',
    ),
]


@pytest.fixture(scope="module")
def courts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("courts")
    for name, text in COURTS:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, "courts")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        yield client
    engine.dispose()


def test_three_countries_supreme_courts_are_three_organisations(courts: TestClient) -> None:
    found = {p["name"]: p for p in every_item(courts, "/v1/people", q="Supreme Court")}
    assert set(found) == {
        "Supreme Court (Brazil)",
        "Supreme Court (India)",
        "Supreme Court (Kenya)",
    }
    assert {p["kind"] for p in found.values()} == {"organization"}
    assert speakers(courts, speaker="Supreme Court") == set(found)


def test_an_institution_of_no_known_country_stays_unresolved(courts: TestClient) -> None:
    [quote] = every_item(courts, "/v1/quotes", q="rule on Friday")
    assert (quote["speaker"], quote["speaker_mention"]) == (None, "Supreme Court")


def test_a_particle_name_joined_by_a_hyphen_stays_whole(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("rashid")
    (folder / "rashid.txt").write_text(
        "Talks end in Muscat\n\nMonday, 3 Mar 2025\n\nMUSCAT (Gulf Wire) - Majid al-Rashid, an "
        'adviser to the sultan, said the talks were useful. "We listened to everyone," '
        "al-Rashid said.\n",
        encoding="utf-8",
    )
    engine = migrated_engine(tmp_path_factory, "rashid")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        found = speakers(client, q="listened to everyone")
    engine.dispose()
    assert found == {"Majid al-Rashid"}


# an organisation's name with an ampersand stays whole; a name's length counts its name words


FIRMS = [
    (
        "grocer",
        "Grocer warns of a hard winter\n\nMonday, 3 Mar 2025\n\nLONDON (Island Wire) - Marks & "
        'Spencer said on Monday that food sales had slowed. "Shoppers are careful," Marks & '
        "Spencer said in a statement.\n",
    ),
    (
        "carrier",
        "Network outage ends after six hours\n\nTuesday, 4 Mar 2025\n\nDALLAS (Plains Wire) - "
        '"Service has been restored to all customers," AT&T said in a statement on Tuesday.\n',
    ),
    (
        "soap",
        "Soap maker raises prices\n\nWednesday, 5 Mar 2025\n\nCINCINNATI (River Wire) - Procter & "
        'Gamble said it would raise prices again. "Costs keep climbing," Procter & Gamble said. '
        "Johnson & Johnson declined to comment.\n",
    ),
]


@pytest.fixture(scope="module")
def firms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("firms")
    for name, text in FIRMS:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, "firms")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        yield client
    engine.dispose()


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Marks & Spencer", "Marks & Spencer"),
        ("Spencer", "Marks & Spencer"),
        ("AT&T", "AT&T"),
        ("Procter & Gamble", "Procter & Gamble"),
        ("Gamble", "Procter & Gamble"),
    ],
)
def test_an_ampersand_stays_in_an_organisations_name(
    firms: TestClient, query: str, name: str
) -> None:
    found = {p["name"]: p for p in every_item(firms, "/v1/people", q=query)}
    assert name in found
    assert found[name]["kind"] == "organization"
    assert speakers(firms, speaker=name) == {name}


def test_a_name_with_an_ampersand_is_no_person(firms: TestClient) -> None:
    names = people(firms)
    assert "Procter Gamble" not in names and "Marks Spencer" not in names
    assert all(p["kind"] == "organization" for n, p in names.items() if "&" in n)


LONG_NAMES = [
    (
        "doha",
        "Qatar hosts the mediation talks\n\nMonday, 3 Mar 2025\n\nDOHA (Desert Wire) - Sheikh "
        "Mohammed bin Abdulrahman bin Jassim Al Thani said the talks would resume on Monday. "
        '"Both sides have agreed to return," Al Thani said.\n',
    ),
    (
        "madrid",
        "Philosopher's letters published\n\nTuesday, 4 Mar 2025\n\nMADRID (Meseta Wire) - "
        "María José de la Fuente y Ortega, a historian, said the letters changed what was known "
        'of the war. "They were hidden for eighty years," de la Fuente y Ortega said.\n',
    ),
    (
        "washington",
        "Agency warns of a bad flu season\n\nWednesday, 5 Mar 2025\n\nWASHINGTON (Capitol Wire) - "
        "The Department of Health and Human Services said on Wednesday that hospitals should "
        'prepare. "The season has started early," the Department of Health and Human Services '
        "said.\n",
    ),
]


@pytest.mark.parametrize(
    ("article", "query", "name"),
    [
        (0, "Al Thani", "Mohammed bin Abdulrahman bin Jassim Al Thani"),
        (1, "de la Fuente", "María José de la Fuente y Ortega"),
        (2, "Human Services", "Department of Health and Human Services"),
    ],
)
def test_a_long_name_counts_its_name_words_not_its_particles(
    tmp_path_factory: pytest.TempPathFactory, article: int, query: str, name: str
) -> None:
    label, text = LONG_NAMES[article]
    folder = tmp_path_factory.mktemp(label)
    (folder / f"{label}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, f"long-{label}")
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        found = {p["name"] for p in every_item(client, "/v1/people", q=query)}
        said = speakers(client)
    engine.dispose()
    assert name in found
    assert said == {name}


# a word of English the NER model took for a person: capitalised only where any word is (not
# a person), or written as a medium or a firm (an organisation); a person's title or first
# name keeps it a person


COMMON_WORDS = [
    (
        "sales",
        "Car sales slow in the autumn\n\nMonday, 3 Mar 2025\n\nNationally, dealers sold fewer "
        "cars than a year before, the trade body said.\n\nPrices rose in most regions. "
        '"Buyers are waiting for the new models," said analyst Ingrid Dahl.\n',
    ),
    (
        "review",
        "A novel of the northern islands\n\nTuesday, 4 Mar 2025\n\nThe novel (Harbour Lantern "
        "Publishing, 2024) follows three sisters on a fishing island. Reviewers praised it. "
        '"It is a quiet book about loud lives," said critic Tomás Ferreira.\n\nFeather Blanket '
        "Fever disease is one of its themes, the author said.\n",
    ),
    (
        "shop",
        "Starting a small shop online\n\nWednesday, 5 Mar 2025\n\nThree steps matter: Gather "
        'your tools, test your idea and ask for help, said adviser Kwame Mensah. "Most people '
        'give up too early," Mensah said.\n\nLearn how to price your goods in our next article.\n',
    ),
]

FIRM_WORDS = [
    (
        "platform",
        "Party account renamed during debate\n\nMonday, 3 Mar 2025\n\nThe party renamed its "
        "press office Chirrup account during the debate, drawing criticism on Chirrup and "
        'elsewhere. Chirrup said it would act. "We will take corrective action," Chirrup said '
        "in a statement.\n",
    ),
    (
        "magazine",
        "Minister's old remarks resurface\n\nTuesday, 4 Mar 2025\n\nThe minister made the "
        "remarks in 2019, according to Compass. Compass reported that the tapes had been "
        'checked. "I was younger then," the minister, Pavel Novak, told Compass last year.\n',
    ),
    (
        "factory",
        "Boiler plant to move abroad\n\nWednesday, 5 Mar 2025\n\nAnvil workers learned on "
        "Monday that their plant would close. Anvil has said it will repay the grants it "
        'received. "This was a hard decision," said Lena Ortiz, an Anvil executive.\n',
    ),
]

PERSON_WORDS = [
    (
        "senator",
        "Senate passes the farm bill\n\nMonday, 3 Mar 2025\n\nThe bill passed on Monday. "
        "Senator Rice voted against it, and Rice later told colleagues that farmers had been "
        "ignored.\n",
    ),
    (
        "courtesy",
        "Bakery wins the town prize\n\nTuesday, 4 Mar 2025\n\nThe prize went to the bakery on "
        "Mill Street. Mr. Baker, who opened it in 1990, thanked the town.\n",
    ),
]


def ingested_people(
    tmp_path_factory: pytest.TempPathFactory, label: str, articles: list[tuple[str, str]]
) -> tuple[dict[str, dict], set[str | None]]:
    folder = tmp_path_factory.mktemp(label)
    for name, text in articles:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    engine = migrated_engine(tmp_path_factory, label)
    assert ingest_paths([folder], engine).failures == []
    with serve(engine) as client:
        found, said = people(client), speakers(client)
    engine.dispose()
    return found, said


def test_a_word_capitalised_only_where_any_word_is_is_no_person(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    found, _said = ingested_people(tmp_path_factory, "common-words", COMMON_WORDS)
    assert not {"Nationally", "Publishing", "Fever", "Gather", "Learn"} & set(found)
    assert {"Ingrid Dahl", "Tomás Ferreira", "Kwame Mensah"} <= set(found)


@pytest.mark.parametrize("name", ["Chirrup", "Compass", "Anvil"])
def test_a_word_written_as_a_medium_or_a_firm_is_an_organisation(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    [article] = [a for a in FIRM_WORDS if name in a[1]]
    found, _said = ingested_people(tmp_path_factory, f"firm-{name.lower()}", [article])
    assert found[name]["kind"] == "organization"


def test_a_firm_that_speaks_keeps_its_statements(tmp_path_factory: pytest.TempPathFactory) -> None:
    found, said = ingested_people(tmp_path_factory, "firm-speaks", FIRM_WORDS[:1])
    assert "Chirrup" in said
    assert found["Chirrup"]["kind"] == "organization"


@pytest.mark.parametrize(("label", "name"), [("senator", "Rice"), ("courtesy", "Baker")])
def test_a_word_with_a_persons_title_stays_a_person(
    tmp_path_factory: pytest.TempPathFactory, label: str, name: str
) -> None:
    [article] = [a for a in PERSON_WORDS if a[0] == label]
    found, _said = ingested_people(tmp_path_factory, f"person-{label}", [article])
    assert found[name]["kind"] == "person"


@pytest.mark.parametrize(
    ("body", "name", "kept"),
    [
        # "Miss" names pageants as often as women: no evidence of a person
        (
            "The city hosted the televised Miss Galaxy pageant. It cost twice the budget.",
            "Galaxy",
            False,
        ),
        # a courtesy title or a role before the word is
        ("Mr. Rice opened the bakery in 1990.\n\nRice thanked the town.", "Rice", True),
        ("The vote was close. Senator Bush voted against the bill.", "Bush", True),
    ],
)
def test_a_title_before_a_word_keeps_its_person(body: str, name: str, kept: bool) -> None:
    parsed = ParsedArticle(
        CleanArticle(source_key="a", path="a.txt", title="", body=body),
        statements=[],
        people=[EntityRef(name)],
    )
    assert ({e.name for e in without_words(parsed).people} == {name}) is kept
