"""extract: statements that a page's layout attributes — transcripts and interviews, round-ups
of reactions, live-blog bullets. Small invented articles run through the real spaCy model."""

import pytest
from spacy.language import Language

from app.ingest.extract import RawStatement
from app.ingest.nlp import load_model
from tests.ingest.extracting import statements


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def by_text(found: list[RawStatement]) -> dict[str, str | None]:
    """Each statement's first words, with its speaker's name (or words)."""
    return {
        " ".join(s.text.split()[:4]): (s.speaker.name or s.speaker.text) if s.speaker else None
        for s in found
    }


# -- transcripts and interviews ---------------------------------------------------------------


def test_transcript_labels_in_capitals(nlp: Language) -> None:
    found = statements(
        nlp,
        "The minister and the opposition leader debated on national radio on Sunday.",
        "DLAMINI: The new tariff will pay for the repairs to every substation.",
        "NKOSI: It will pay for nothing, because the money is already spent.",
        "DLAMINI: That is simply not true.",
    )
    assert by_text(found) == {
        "The new tariff will": "Dlamini",
        "It will pay for": "Nkosi",
        "That is simply not": "Dlamini",
    }
    assert {s.kind for s in found} == {"direct"}


def test_transcript_labels_with_names_from_the_article(nlp: Language) -> None:
    found = statements(
        nlp,
        "Haruto Sato, the mayor, and Yui Kobayashi, who chairs the council, took questions "
        "from residents.",
        "Sato: The ferry will run twice a day from April.",
        "Kobayashi: The council has not approved the money for that yet.",
    )
    assert by_text(found) == {
        "The ferry will run": "Sato",
        "The council has not": "Kobayashi",
    }


def test_interview_answers_belong_to_the_interviewee_and_questions_to_nobody(
    nlp: Language,
) -> None:
    found = statements(
        nlp,
        "Fatima Zahra Benali, the head of the national water agency, spoke to us in Rabat.",
        "Q: Will there be rationing this summer?",
        "A: Only in the south, and only if the dams stay below a third of their capacity.",
        "Q: What about the farmers?",
        "A: They will get water first, as the law requires.",
    )
    assert by_text(found) == {
        "Only in the south,": "Fatima Zahra Benali",
        "They will get water": "Fatima Zahra Benali",
    }


def test_a_note_label_is_not_a_speaker(nlp: Language) -> None:
    found = statements(
        nlp,
        "CORRECTION: An earlier version of this article gave the wrong date for the vote.",
        "UPDATE: The count resumed on Tuesday morning.",
    )
    assert found == []


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(
            (
                "Three former candidates left ideas worth keeping.",
                "Amara Okafor: Housing grants Some of her plans were modest. She wanted every "
                "city to publish its waiting lists.",
                "Lars Eriksen: Rail fares On his website, Senator Lars Eriksen proposed a single "
                "ticket for every regional train.",
            ),
            id="name-labels",
        ),
        pytest.param(
            (
                "The council's new programme, in brief.",
                "Tanaka Hiroshi: Night buses Two routes will run until three in the morning "
                "from June.",
                "Wanjiru Kamau: Street lights The council has promised to replace every broken "
                "lamp by the end of the year.",
            ),
            id="number-and-article",
        ),
        pytest.param(
            (
                "What the ministers have promised.",
                "DIALLO: School meals Each pupil in the capital will get a free lunch.",
                "BERGSTRÖM: Heating costs In winter, pensioners will receive a second payment.",
            ),
            id="capital-labels",
        ),
    ],
)
def test_a_heading_glued_to_its_paragraph_is_not_a_turn(
    nlp: Language, paragraphs: tuple[str, ...]
) -> None:
    found = statements(nlp, *paragraphs)
    assert [s for s in found if s.cue == ":"] == [], [s.text for s in found]


def test_one_labelled_line_is_not_a_transcript(nlp: Language) -> None:
    found = statements(nlp, "The race is close in the north of the country.", "WARSAW: Polls open.")
    assert [s for s in found if s.kind == "direct"] == []


# -- round-ups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        pytest.param(
            "Kofi Mensah, The Accra Herald: “The flood defences failed because nobody "
            "maintained them.”",
            "Kofi Mensah",
            id="name-outlet",
        ),
        pytest.param(
            "Ana Ferreira-Gonçalves, Jornal do Sul: “Warnings were ignored for a decade.”",
            "Ana Ferreira-Gonçalves",
            id="hyphenated-name",
        ),
        pytest.param(
            "Priya Raman, a teacher in Chennai: “The schools were shut for a week and nobody "
            "told the parents.”",
            "Priya Raman",
            id="name-description",
        ),
    ],
)
def test_round_up_lead_names_the_speaker_before_the_comma(
    nlp: Language, paragraph: str, speaker: str
) -> None:
    found = statements(nlp, "What the papers say", paragraph)
    assert [(s.kind, s.speaker.name if s.speaker else None) for s in found] == [("direct", speaker)]


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        pytest.param(
            "“We have never seen water rise this fast in my lifetime.” ― Joana Silva, a farmer "
            "in Alcácer",
            "Joana Silva",
            id="horizontal-bar-with-description",
        ),
        pytest.param(
            "“The river took the bridge and half the road with it.” — Tomás Ferreira",
            "Tomás Ferreira",
            id="em-dash",
        ),
        pytest.param(
            "“Nobody from the ministry has come to see the damage yet.” - Nguyen Thi Lan, Can Tho",
            "Nguyen Thi Lan",
            id="hyphen-with-place",
        ),
    ],
)
def test_round_up_trailer_names_the_speaker_after_the_dash(
    nlp: Language, paragraph: str, speaker: str
) -> None:
    found = statements(
        nlp, "Interior Minister Carla Mendes visited the flooded towns on Monday.", paragraph
    )
    assert [(s.kind, s.speaker.name if s.speaker else None) for s in found] == [("direct", speaker)]


def test_a_lead_with_a_verb_is_a_sentence_not_a_round_up(nlp: Language) -> None:
    [found] = statements(nlp, "In Paris, Foreign Minister Claire Dubois said: “We will not go.”")
    assert found.speaker is not None and found.speaker.name == "Claire Dubois"


# -- live-blog bullets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bullet", "statement", "speaker"),
    [
        pytest.param(
            "• Interior Minister Carla Mendes tells the BBC that evacuations will continue "
            "overnight.",
            "evacuations will continue overnight",
            "Carla Mendes",
            id="tells-the-bbc",
        ),
        pytest.param(
            "• Kenya's health ministry says 40 clinics have reopened in the flooded counties.",
            "40 clinics have reopened in the flooded counties",
            "ministry",
            id="ministry-says",
        ),
        pytest.param(
            "• Prime Minister Rahul Verma urges residents to stay indoors until Friday.",
            "to stay indoors until Friday",
            "Rahul Verma",
            id="urges",
        ),
    ],
)
def test_live_blog_bullets_are_statements(
    nlp: Language, bullet: str, statement: str, speaker: str
) -> None:
    found = statements(nlp, "Live: floods in the region", bullet, "• Roads remain closed.")
    [match] = [s for s in found if s.kind == "indirect"]
    assert match.text == statement
    assert speaker in ((match.speaker.name or match.speaker.text) if match.speaker else "")


# -- a quote whose speaker the next paragraph names --------------------------------------------


@pytest.mark.parametrize(
    ("follow_up", "speaker"),
    [
        pytest.param(
            "Those were the words of Education Minister Amina Yusuf, who toured the damaged "
            "districts on Monday.",
            "Amina Yusuf",
            id="those-were-the-words-of",
        ),
        pytest.param(
            "The pledge came from Mayor Rui Tavares, speaking at the town hall.",
            "Rui Tavares",
            id="the-pledge-came-from",
        ),
        pytest.param(
            "Dr. Sunita Rao, who runs the district hospital, issued the warning on Friday.",
            "Sunita Rao",
            id="issued-the-warning",
        ),
    ],
)
def test_next_paragraph_names_the_speaker_of_a_lone_quote(
    nlp: Language, follow_up: str, speaker: str
) -> None:
    found = statements(
        nlp,
        "Floods have closed 300 schools in the region since August.",
        "“Nobody will be left without a roof before the rains come back next year.”",
        follow_up,
    )
    direct = [s for s in found if s.kind == "direct"]
    assert [s.speaker.name if s.speaker else None for s in direct] == [speaker]


def test_a_next_paragraph_that_does_not_point_back_names_nobody(nlp: Language) -> None:
    found = statements(
        nlp,
        "Floods have closed 300 schools in the region since August.",
        "“Nobody will be left without a roof before the rains come back next year.”",
        "Engineer Tomasz Nowak inspected the bridge on Monday.",
    )
    direct = [s for s in found if s.kind == "direct"]
    assert [s.speaker.name if s.speaker else None for s in direct] != ["Tomasz Nowak"]
