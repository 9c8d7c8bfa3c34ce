"""Who said it: descriptions, pronouns and inverted cues resolved on invented articles.

Each test runs the real spaCy model and `extract` over a small article written for it, in
the layouts and name cultures news uses, and asserts on the speaker the pipeline reports:
the name when the article names the one meant, the words as written when it does not (never a
role word, a description or a pronoun as a name).
"""

import pytest
from spacy.language import Language

from app.ingest.extract import Findings, RawStatement, extract
from app.ingest.nlp import load_model


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def run(nlp: Language, *paragraphs: str) -> Findings:
    return extract(nlp("\n\n".join(paragraphs)))


def said(findings: Findings, words: str) -> RawStatement:
    """The statement whose text holds `words`."""
    [statement] = [s for s in findings.statements if words in s.text]
    return statement


def name_of(statement: RawStatement) -> str | None:
    return statement.speaker.name if statement.speaker else None


# Class 4: descriptions refer back to the person or body the article names


def test_an_age_description_is_the_person_the_story_is_about(nlp: Language) -> None:
    findings = run(
        nlp,
        "Kwame Mensah-Bonsu was named head coach of Accra Lions on Friday, replacing Daniel "
        "Owusu, who left in March.",
        'The 61-year-old said after signing his contract: "I have waited my whole life for a '
        'club like this one."',
    )
    statement = said(findings, "waited my whole life")
    assert name_of(statement) == "Kwame Mensah-Bonsu"
    assert statement.speaker is not None and statement.speaker.text == "61-year-old"


def test_the_group_is_the_organisation_named_in_apposition(nlp: Language) -> None:
    findings = run(
        nlp,
        "Porters at the harbour formed a union last month. The group, Lavradores Unidos, wrote "
        "to the port authority on Monday.",
        'The group said the new shifts would "break the backs of men who already work nights."',
    )
    statement = said(findings, "break the backs")
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.kind) == ("Lavradores Unidos", "organization")


def test_the_company_is_the_company_just_named(nlp: Language) -> None:
    findings = run(
        nlp,
        "Hanwa Logistics announced 300 job cuts at its Busan depot on Thursday.",
        '"These decisions are never easy, but they are necessary," the company said.',
    )
    statement = said(findings, "never easy")
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.kind) == ("Hanwa Logistics", "organization")


def test_the_statement_speaks_for_whoever_issued_it(nlp: Language) -> None:
    findings = run(
        nlp,
        "Nordvik Energi issued a statement on Tuesday after the blackout left 40,000 homes "
        "without heat.",
        '"We regret the delay and are restoring power street by street," the statement said.',
        "Engineers worked through the night in the town of Alta.",
        '"Every home will have heat by Friday," the statement continued.',
    )
    assert name_of(said(findings, "regret the delay")) == "Nordvik Energi"
    assert name_of(said(findings, "by Friday")) == "Nordvik Energi"


def test_the_statement_of_an_unnamed_body_keeps_that_body_as_written(nlp: Language) -> None:
    findings = run(
        nlp,
        "The French army said in a statement on Wednesday that two soldiers were killed in a "
        "helicopter crash near Gao.",
        '"The cause of the crash is under investigation," the statement said.',
    )
    statement = said(findings, "cause of the crash")
    assert statement.speaker is not None
    assert statement.speaker.name is None
    assert statement.speaker.text == "French army"


def test_plural_and_indefinite_descriptions_stay_as_written(nlp: Language) -> None:
    findings = run(
        nlp,
        "Dr. Amara Okafor and six other doctors wrote to the health ministry about the camp.",
        '"We have seen the effects of flu in the strongest and the weakest," physicians said '
        "in the letter.",
        '"Conditions here are worse than anything we saw last winter," a spokesman said.',
    )
    for words in ("effects of flu", "worse than anything"):
        statement = said(findings, words)
        assert statement.speaker is not None
        assert name_of(statement) is None
        assert statement.speaker.text in {"physicians", "spokesman"}


def test_a_relative_of_the_person_named_is_someone_else(nlp: Language) -> None:
    findings = run(
        nlp,
        "Tomasz Wieczorek wrote eleven novels before he turned forty.",
        '"He read everything in the house by the age of six," Wieczorek\'s late father said '
        "in an interview in 1990.",
    )
    assert name_of(said(findings, "read everything")) != "Tomasz Wieczorek"


def test_a_newspaper_is_not_whichever_body_was_named_last(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Electoral Commission of Kenya published the final tally on Sunday.",
        '"The count was slow but it was clean," the newspaper wrote in an editorial.',
    )
    assert name_of(said(findings, "count was slow")) is None
