"""topics: event nouns with their places, and the user's taxonomy file."""

from pathlib import Path

import pytest
from spacy.language import Language

from app.ingest import gazetteer
from app.ingest.analyze import analyze
from app.ingest.document import CleanArticle, InputError, TopicRef
from app.ingest.nlp import load_model
from app.ingest.topics import find_event_topics, load_taxonomy, taxonomy_topics


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def place_name(text: str) -> str | None:
    known = gazetteer.lookup(text)
    return known.name if known is not None else None


def slugs(nlp: Language, text: str) -> list[str]:
    return [hit.topic.slug for hit in find_event_topics(nlp(text), place_name)]


@pytest.mark.parametrize(
    "text",
    [
        "Russia is ready to resume talks in Istanbul.",
        "Maria Kowalska praised the Istanbul process.",
        "The Istanbul talks stalled in July.",
        "The Istanbul negotiation track is dead.",
    ],
)
def test_talks_named_by_their_place(nlp: Language, text: str) -> None:
    assert slugs(nlp, text) == ["istanbul-talks"]


def test_topic_hit_has_a_name_and_the_offset_of_the_event_noun(nlp: Language) -> None:
    text = "Russia is ready to resume talks in Istanbul."
    [hit] = find_event_topics(nlp(text), place_name)
    assert hit.topic == TopicRef("istanbul-talks", "Istanbul talks")
    assert hit.start == text.index("talks")


@pytest.mark.parametrize(
    "text",
    [
        "The Ukraine–Russia war is in its fourth year.",
        "The Russia-Ukraine war is in its fourth year.",
    ],
)
def test_war_between_two_places_is_named_by_both_sorted(nlp: Language, text: str) -> None:
    [hit] = find_event_topics(nlp(text), place_name)
    assert hit.topic == TopicRef("russia-ukraine-war", "Russia-Ukraine war")


def test_war_between_x_and_y(nlp: Language) -> None:
    assert slugs(nlp, "The war between Russia and Ukraine goes on.") == ["russia-ukraine-war"]


@pytest.mark.parametrize(
    "text",
    [
        "Maria Kowalska backed the peace process.",
        "The talks ended without agreement.",
        "The Kowalska process was slow.",
    ],
)
def test_event_without_a_place_is_no_topic(nlp: Language, text: str) -> None:
    assert slugs(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("NATO leaders met for the summit meeting in Vilnius.", "vilnius-summit"),
        (
            "Leaders gathered for the Munich Security Conference on Friday.",
            "munich-security-conference",
        ),
        ("The summit in Summit ended early.", None),
        ("They reached a deal at the summit.", None),
    ],
)
def test_a_topic_never_repeats_its_event_word(nlp: Language, text: str, slug: str | None) -> None:
    """ "Summit summit": "summit" is also a town, and a named conference is already a topic."""
    assert slugs(nlp, text) == ([slug] if slug else [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They held a July 10 meeting at the White House.", []),
        ("The Kiev talks collapsed.", ["kyiv-talks"]),
        ("The meeting at the Kremlin ended without a statement.", []),
    ],
)
def test_a_building_is_not_the_city_it_names_in_another_language(
    nlp: Language, text: str, expected: list[str]
) -> None:
    """ "White House" is an alternate name of Casablanca; "Kiev" is Kyiv's."""
    assert slugs(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Breitbart News Daily: A World at War aired on Sunday.",
        "He called for a total and complete shutdown of Muslims entering the country.",
        "The Republican attacks on the senator grew sharper.",
        "The Illinois Board of Elections ruled on Friday.",
    ],
)
def test_titles_objects_and_words_are_not_holders(nlp: Language, text: str) -> None:
    assert slugs(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks in Liberty collapsed on Friday.", []),
        ("The crisis at Union deepened.", []),
        ("The Alliance-Iran war ended.", ["iran-war"]),
    ],
)
def test_a_small_town_is_not_a_place_without_the_parser_reading_one(
    nlp: Language, text: str, expected: list[str]
) -> None:
    """Liberty, Union and Alliance are small towns somewhere: a capitalised word the parser
    did not read as a place is no evidence of one (a country or a large city is)."""
    assert slugs(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The coup in Niger was condemned across the region.", "niger-coup"),
        ("A helicopter crash in Afghanistan killed two soldiers.", "afghanistan-crash"),
        ("Wildfires near Athens forced thousands to flee.", "athens-wildfires"),
        ("The summit opens in Vilnius on Monday.", "vilnius-summit"),
        ("Kenya's election was peaceful.", "kenya-election"),
    ],
)
def test_more_events_with_their_place(nlp: Language, text: str, slug: str) -> None:
    assert slugs(nlp, text) == [slug]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Russia's invasion of Ukraine entered its third year.", "russia-ukraine-war"),
        ("Israel's war in Gaza continued into the winter.", "gaza-war"),
        ("The EU imposed new sanctions on Iran.", "iran-sanctions"),
    ],
)
def test_parties_and_targets_of_an_event(nlp: Language, text: str, slug: str) -> None:
    assert slugs(nlp, text) == [slug]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The NATO summit ended without a deal.", "NATO summit"),
        ("Voters in the Democratic primary were split.", "Democratic primary"),
        ("The election of the European Parliament is in June.", "European Parliament election"),
        ("The Senate hearing was delayed again.", "Senate hearing"),
        ("The trial of Chinedu Okafor opened on Monday.", "Chinedu Okafor trial"),
    ],
)
def test_events_named_by_who_holds_them(nlp: Language, text: str, name: str) -> None:
    """Without a place, the organisation, group or (for a trial) person names the event."""
    assert [hit.topic.name for hit in find_event_topics(nlp(text), place_name)] == [name]


def test_title_names_the_articles_topic(nlp: Language) -> None:
    """The title is the strongest evidence: its topic is the article's and every statement's,
    even when the body never names the event with its place."""
    title = "Farm unions stage strike in Lyon as talks fail"
    body = (
        "Thousands of farmers blocked the ring road on Tuesday.\n\n"
        '"We will stay until the ministry listens," said union leader Claire Fabre.'
    )
    article = CleanArticle(source_key="k", path="k.txt", title=title, body=body, published=None)
    parsed = analyze(article, nlp(body), nlp(title))
    [statement] = parsed.statements
    assert "lyon-strikes" in statement.topics
    assert TopicRef("lyon-strikes", "Lyon strikes") in parsed.topics


# The taxonomy file


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_taxonomy_adds_a_topic_by_phrase(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(
        write(tmp_path / "topics.toml", '[topics]\n"Harbour tax" = ["port levy", "harbour fee"]\n')
    )
    assert taxonomy_topics("The Port Levy will double.", taxonomy) == [
        TopicRef("harbour-tax", "Harbour tax")
    ]
    assert taxonomy_topics("A harbour tax was proposed.", taxonomy) == [
        TopicRef("harbour-tax", "Harbour tax")
    ], "the topic's own name is one of its phrases"
    assert taxonomy_topics("The airport levy stays.", taxonomy) == []


def test_taxonomy_phrases_match_whole_words(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(write(tmp_path / "topics.toml", '[topics]\n"Ports" = ["port"]\n'))
    assert taxonomy_topics("The passport office closed.", taxonomy) == []


def test_taxonomy_tags_statements_in_analyze(tmp_path: Path, nlp: Language) -> None:
    topics_file = write(tmp_path / "topics.toml", '[topics]\n"Harbour tax" = ["port levy"]\n')
    body = (
        "Maria Kowalska said on Monday that the port levy would double next year.\n\n"
        "The council will vote on the budget on Friday."
    )
    article = CleanArticle(
        source_key="k", path="k.txt", title="Council to vote", body=body, published=None
    )
    parsed = analyze(article, nlp(body), nlp(article.title), topics_file)
    [statement] = parsed.statements
    assert statement.topics == ["harbour-tax"]
    assert parsed.topics == [TopicRef("harbour-tax", "Harbour tax")]


def test_no_taxonomy_file_means_no_extra_topics() -> None:
    assert load_taxonomy(None) == {}


def test_broken_taxonomy_raises_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "topics.toml", '[topics\n"Harbour tax" = ["port levy"\n')
    with pytest.raises(InputError, match="cannot read topics file"):
        load_taxonomy(path)


def test_missing_taxonomy_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read topics file"):
        load_taxonomy(tmp_path / "absent.toml")
