"""Quotation marks as scraped news writes them, through the real extraction.

`test_quotemarks` checks the spans alone; these small invented articles check what reaches a
reader: the statement's text without its attribution, and the speaker the marks lead to.
Speakers are names as the text wrote them (a bare surname stays a surname until `resolve`).
"""

import pytest
from spacy.language import Language

from app.ingest.extract import Findings, extract
from app.ingest.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def statements(nlp: Language, *paragraphs: str) -> list[tuple[str, str, str | None]]:
    findings: Findings = extract(nlp("\n\n".join(paragraphs)))
    return [
        (s.kind, s.text, s.speaker.name if s.speaker else None)
        for s in findings.statements
        if s.kind != "indirect"
    ]


@pytest.mark.parametrize(
    ("paragraphs", "text", "speaker"),
    [
        pytest.param(
            (
                "The ministry closed two newspapers on Tuesday.",
                "\"We will not back down,'' Information Minister Jane Roe said on Monday.",
            ),
            "We will not back down",
            "Jane Roe",
            id="straight-opened",
        ),
        pytest.param(
            (
                "Protesters gathered outside parliament in Accra.",
                "“The law protects every citizen,'' Attorney General Kwame Mensah told reporters.",
            ),
            "The law protects every citizen",
            "Kwame Mensah",
            id="curly-opened",
        ),
        pytest.param(
            (
                "The port of Tromso stayed closed for a third day.",
                "``The ships will wait until the storm passes,'' said harbour master Lena Berg.",
            ),
            "The ships will wait until the storm passes",
            "Lena Berg",
            id="tex-opened",
        ),
    ],
)
def test_double_apostrophes_close_the_quote_before_its_attribution(
    nlp: Language, paragraphs: tuple[str, ...], text: str, speaker: str
) -> None:
    assert statements(nlp, *paragraphs) == [("direct", text, speaker)]


@pytest.mark.parametrize(
    ("paragraphs", "text", "speaker"),
    [
        pytest.param(
            (
                "The French minister spoke in Paris on Monday.",
                "« We are ready to negotiate », said Claire Martin, the finance minister.",
            ),
            "We are ready to negotiate",
            "Claire Martin",
            id="french-spaced-guillemets",
        ),
        pytest.param(
            (
                "The chancellor met union leaders in Berlin.",
                "„We will find a solution“, said Katrin Weber, the labour minister.",
            ),
            "We will find a solution",
            "Katrin Weber",
            id="german-low-marks",
        ),
        pytest.param(
            (
                "Moscow responded on Tuesday.",
                "«The door to talks remains open», Kremlin spokesman Ivan Petrov told reporters.",
            ),
            "The door to talks remains open",
            "Ivan Petrov",
            id="russian-guillemets",
        ),
    ],
)
def test_european_quotation_marks(
    nlp: Language, paragraphs: tuple[str, ...], text: str, speaker: str
) -> None:
    assert statements(nlp, *paragraphs) == [("direct", text, speaker)]


@pytest.mark.parametrize(
    ("paragraphs", "text", "speaker"),
    [
        pytest.param(
            (
                "Residents of the flooded district waited for hours.",
                "We have waited too long for help from the city,” Aisha Bello, a local "
                "shopkeeper, said on Sunday.",
            ),
            "We have waited too long for help from the city",
            "Aisha Bello",
            id="curly",
        ),
        pytest.param(
            (
                "The coalition lost its majority on Thursday.",
                'The government will not survive the winter," said opposition leader Rafael Ortiz.',
            ),
            "The government will not survive the winter",
            "Rafael Ortiz",
            id="straight",
        ),
        pytest.param(
            (
                "The rice harvest was the smallest in a decade.",
                "Farmers cannot live on these prices,'' Nguyen Van Minh, who grows rice near "
                "Can Tho, told reporters.",
            ),
            "Farmers cannot live on these prices",
            "Nguyen Van Minh",
            id="double-apostrophe",
        ),
    ],
)
def test_quote_whose_opening_mark_was_dropped(
    nlp: Language, paragraphs: tuple[str, ...], text: str, speaker: str
) -> None:
    assert statements(nlp, *paragraphs) == [("direct", text, speaker)]


@pytest.mark.parametrize(
    ("paragraphs", "text", "speaker"),
    [
        pytest.param(
            (
                "Defence minister Tomasz Zielinski spoke to reporters on Friday.",
                "Zielinski: 'We will not back down'",
            ),
            "We will not back down",
            "Zielinski",
            id="headline-colon",
        ),
        pytest.param(
            (
                "The strike entered its third week.",
                "'We will fight on to the end,' union leader Amara Osei said.",
            ),
            "We will fight on to the end",
            "Amara Osei",
            id="straight-british",
        ),
        pytest.param(
            (
                "Grain prices fell again in Uppsala.",
                "‘The farmers’ union will not sign this deal,’ said Marta Lindqvist.",
            ),
            "The farmers’ union will not sign this deal",
            "Marta Lindqvist",
            id="curly-with-plural-possessive",
        ),
    ],
)
def test_single_quotation_marks(
    nlp: Language, paragraphs: tuple[str, ...], text: str, speaker: str
) -> None:
    assert statements(nlp, *paragraphs) == [("direct", text, speaker)]


@pytest.mark.parametrize(
    "paragraphs",
    [
        (
            "Kenji Sato spent ten years on the project.",
            "He admitted that the 'proof of concept' took longer than planned.",
        ),
        ("'A healthy harbour'", "The harbour authority met on Monday."),
        ("The bill died amid its 'poison pills' in the assembly.",),
    ],
)
def test_straight_single_marks_around_words_are_not_statements(
    nlp: Language, paragraphs: tuple[str, ...]
) -> None:
    assert statements(nlp, *paragraphs) == []


@pytest.mark.parametrize(
    ("paragraphs", "first", "second", "speaker"),
    [
        pytest.param(
            (
                "Mayor Ines Duarte set out her plan on Monday.",
                "“The first stage of the plan is done and the money is in the bank.",
                "“The second stage begins in May,” she said.",
            ),
            "The first stage of the plan is done and the money is in the bank.",
            "The second stage begins in May",
            "Ines Duarte",
            id="curly",
        ),
        pytest.param(
            (
                "Olusegun Adeyemi, the party chairman, addressed delegates in Lagos.",
                '"We have rebuilt the party from the ground up over four long years.',
                '"Now the voters will judge us," Adeyemi said.',
            ),
            "We have rebuilt the party from the ground up over four long years.",
            "Now the voters will judge us",
            "Adeyemi",
            id="straight",
        ),
        pytest.param(
            (
                "Foreign minister Anna Lindgren spoke after the meeting in Oslo.",
                "«The talks were long and at times very difficult for both delegations.",
                "«But we have an agreement», Lindgren said.",
            ),
            "The talks were long and at times very difficult for both delegations.",
            "But we have an agreement",
            "Lindgren",
            id="guillemets",
        ),
    ],
)
def test_multi_paragraph_quote_keeps_its_speaker(
    nlp: Language, paragraphs: tuple[str, ...], first: str, second: str, speaker: str
) -> None:
    found = statements(nlp, *paragraphs)
    assert [(text, name) for _, text, name in found] == [(first, speaker), (second, speaker)]


@pytest.mark.parametrize(
    ("sentence", "ending"),
    [
        (
            "Ines Duarte, the mayor, told reporters that the buyers were draining the port by "
            "paying the “harbour cartel.”",
            "“harbour cartel”",
        ),
        (
            "Kofi Asante, the opposition leader, told reporters that the government was "
            'prolonging the crisis by funding the "militia regime."',
            '"militia regime"',
        ),
        (
            "Anna Lindgren, the defence minister, told reporters that the fleet was guarding "
            "the coast against the ``shadow fleet.''",
            "``shadow fleet''",
        ),
    ],
)
def test_indirect_statement_keeps_its_closing_scare_quote(
    nlp: Language, sentence: str, ending: str
) -> None:
    [statement] = [s for s in extract(nlp(sentence)).statements if s.kind == "indirect"]
    assert statement.text.replace(".", "").endswith(ending), statement.text
