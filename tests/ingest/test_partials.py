"""extract: partial quotes — which quoted words inside the writer's sentence are somebody's
statement (`called the verdict “incredible”`), which are names of things or scare quotes, and
how a partial inside a reported clause gives both the partial and the indirect statement.
Small invented articles run through the real spaCy model."""

import pytest
from spacy.language import Language

from app.ingest.extract import RawStatement
from app.ingest.nlp import load_model
from tests.ingest.extracting import statements


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def partials(found: list[RawStatement]) -> dict[str, str | None]:
    """Each partial's words (without a closing full stop) and its speaker's name or words."""
    return {
        s.text.rstrip("."): (s.speaker.name or s.speaker.text) if s.speaker else None
        for s in found
        if s.kind == "partial"
    }


# -- one- and two-word partials after a speech or evaluation verb are statements ---------------


@pytest.mark.parametrize(
    ("paragraphs", "words", "speaker"),
    [
        pytest.param(
            (
                "Foreign Minister Aiko Tanaka called the verdict “incredible” on Tuesday and "
                "summoned the ambassador.",
            ),
            "incredible",
            "Aiko Tanaka",
            id="called-it-one-word",
        ),
        pytest.param(
            (
                "The talks in Abuja ended late on Friday.",
                "Bola Adeyemi, the chief negotiator, said the meeting had been “very productive.”",
            ),
            "very productive",
            "Bola Adeyemi",
            id="said-two-words",
        ),
        pytest.param(
            ("Chancellor Greta Lindqvist warned of “grave consequences” if the border shut.",),
            "grave consequences",
            "Greta Lindqvist",
            id="warned-of",
        ),
        pytest.param(
            ("Rahul Mehta described the new tariff as “punitive” in a letter to the ministry.",),
            "punitive",
            "Rahul Mehta",
            id="described-as",
        ),
    ],
)
def test_short_partial_after_a_speech_verb_is_a_statement(
    nlp: Language, paragraphs: tuple[str, ...], words: str, speaker: str
) -> None:
    found = partials(statements(nlp, *paragraphs))
    assert found.get(words) == speaker, found


@pytest.mark.parametrize(
    ("sentence", "words", "speaker"),
    [
        pytest.param(
            "France “condemned” the coup in Niamey and recalled its ambassador.",
            "condemned",
            "France",
            id="country",
        ),
        pytest.param(
            "Teachers' union leader Mariana Costa “deplored” the cuts at a rally in Porto.",
            "deplored",
            "Mariana Costa",
            id="person",
        ),
        pytest.param(
            "Kenya's foreign ministry denied the report, and Ghana “welcomed” it.",
            "welcomed",
            "Ghana",
            id="second-clause",
        ),
    ],
)
def test_quoted_verb_of_taking_a_position_is_its_subjects_word(
    nlp: Language, sentence: str, words: str, speaker: str
) -> None:
    found = partials(statements(nlp, sentence))
    assert found.get(words) == speaker, found


# -- scare quotes and names of things are not statements --------------------------------------


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(
            (
                "Breathing in mould from old hay can lead to what is called “farmer's lung,” a "
                "doctor in Cork said. “Humidifier lung” may follow from a dirty humidifier.",
            ),
            id="what-is-called",
        ),
        pytest.param(
            ("Sato said she had never used the term “three musketeers” about the envoys.",),
            id="the-term",
        ),
        pytest.param(
            ("Adebayo said his band would play the song “Lagos” at every concert this summer.",),
            id="capitalised-title",
        ),
        pytest.param(
            (
                "The ministry backed the new rules, as the “review” had recommended, and then "
                "waited.",
            ),
            id="subject-of-the-cue",
        ),
        pytest.param(
            ("The “temporary” levy on fuel has now been in force for eleven years.",),
            id="no-speaker",
        ),
    ],
)
def test_names_and_scare_quotes_are_not_statements(
    nlp: Language, paragraphs: tuple[str, ...]
) -> None:
    found = [s for s in statements(nlp, *paragraphs) if s.kind != "indirect"]
    assert found == [], [s.text for s in found]


# -- both halves of `"X" and "Y"` -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "halves", "speaker"),
    [
        pytest.param(
            "The opposition leader, Nomvula Dube, called the budget “reckless” and “cruel.”",
            ("reckless", "cruel"),
            "Nomvula Dube",
            id="called",
        ),
        pytest.param(
            "Hamid Karimi described the offer as “insulting” and “late” after the meeting.",
            ("insulting", "late"),
            "Hamid Karimi",
            id="described-as",
        ),
        pytest.param(
            "Ewa Nowak, who led the observers, said the vote had been “free” and “fair”.",
            ("free", "fair"),
            "Ewa Nowak",
            id="said",
        ),
    ],
)
def test_both_halves_of_a_pair_are_statements(
    nlp: Language, sentence: str, halves: tuple[str, str], speaker: str
) -> None:
    found = partials(statements(nlp, sentence))
    assert {words: found.get(words) for words in halves} == dict.fromkeys(halves, speaker)


# -- a partial inside a reported clause is the partial AND the indirect statement --------------


@pytest.mark.parametrize(
    ("sentence", "partial", "clause", "speaker"),
    [
        pytest.param(
            "Prime Minister Mark Jansen said he was “deeply moved” by the gesture.",
            "deeply moved",
            "he was “deeply moved” by the gesture",
            "Mark Jansen",
            id="two-words",
        ),
        pytest.param(
            "Li Wei told reporters that the port would reopen “within days, not weeks” after "
            "the storm.",
            "within days, not weeks",
            "the port would reopen “within days, not weeks” after the storm",
            "Li Wei",
            id="told-that",
        ),
        pytest.param(
            "Amara Okafor said the plan was “a disaster from start to finish” for farmers.",
            "a disaster from start to finish",
            "the plan was “a disaster from start to finish” for farmers",
            "Amara Okafor",
            id="most-of-the-clause",
        ),
    ],
)
def test_partial_inside_a_reported_clause_gives_both(
    nlp: Language, sentence: str, partial: str, clause: str, speaker: str
) -> None:
    found = statements(nlp, sentence)
    assert partials(found).get(partial) == speaker
    reported = [s for s in found if s.kind == "indirect"]
    assert [s.text for s in reported] == [clause]
    assert reported[0].speaker is not None and reported[0].speaker.name == speaker


def test_wholly_quoted_clause_is_the_quote_alone(nlp: Language) -> None:
    found = statements(nlp, "Nowak said that “the plan was a disaster from start to finish”.")
    assert [s.kind for s in found] == ["partial"]


@pytest.mark.parametrize(
    ("sentence", "words", "speaker"),
    [
        pytest.param(
            "The prosecutor's office said Carlineo called the senator a “traitor” on the phone.",
            "traitor",
            "Carlineo",
            id="office-said-he-called",
        ),
        pytest.param(
            "Police said Joseph Mwangi described the fine as “theft” in front of the officers.",
            "theft",
            "Joseph Mwangi",
            id="police-said-he-described",
        ),
        pytest.param(
            "The embassy said Ambassador Chen Hui called the report “slanderous” on Monday.",
            "slanderous",
            "Chen Hui",
            id="embassy-said-the-ambassador-called",
        ),
    ],
)
def test_a_partial_in_a_reported_report_is_the_inner_speakers_word(
    nlp: Language, sentence: str, words: str, speaker: str
) -> None:
    found = partials(statements(nlp, sentence))
    assert found.get(words) == speaker, found


# -- a quoted label before the writer's noun names a kind of thing ----------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            'Opposition figures mocked the minister\'s "Roads for all" plan on Monday, Kwame '
            "Asante said.",
            id="plan",
        ),
        pytest.param(
            "Security researchers said a “zero day” flaw left every payment terminal in the "
            "region exposed.",
            id="flaw",
        ),
        pytest.param(
            "Lucía Fernández said the “open skies” agreement would bring cheaper flights to "
            "Bogotá.",
            id="agreement",
        ),
        pytest.param(
            "The senator said the so- called “green corridor” would open in May.",
            id="so-called-broken-by-a-line",
        ),
    ],
)
def test_a_quoted_label_of_a_noun_is_not_a_statement(nlp: Language, sentence: str) -> None:
    assert partials(statements(nlp, sentence)) == {}


@pytest.mark.parametrize(
    ("sentence", "words", "speaker"),
    [
        pytest.param(
            'Forecasters warned that the ministry\'s budget was a "disaster" for farmers, '
            "Aiko Tanaka said.",
            "disaster",
            "Forecasters",
            id="preposition-after",
        ),
        pytest.param(
            'Aiko Tanaka called him a "traitor" yesterday.',
            "traitor",
            "Aiko Tanaka",
            id="time-noun-after",
        ),
        pytest.param(
            "Olena Kovalenko said the army would “hold and defend” positions near the river.",
            "hold and defend",
            "Olena Kovalenko",
            id="verbs-before-their-object",
        ),
    ],
)
def test_a_quoted_word_before_a_noun_that_it_does_not_label_stays_a_statement(
    nlp: Language, sentence: str, words: str, speaker: str
) -> None:
    assert partials(statements(nlp, sentence)).get(words) == speaker
