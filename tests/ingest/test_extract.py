"""extract: statements with their kind, cue, speaker, relaying agency and offsets.

Runs the real spaCy model over small invented articles; names are read as the text wrote them
(resolution to canonical entities is `resolve`'s job, tested in test_resolve).
"""

import pytest
from spacy.language import Language

from app.ingest.extract import Findings, RawStatement, extract
from app.ingest.nlp import load_model
from tests.offsets import is_text_of


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def run(nlp: Language, *paragraphs: str) -> tuple[str, Findings]:
    body = "\n\n".join(paragraphs)
    findings = extract(nlp(body))
    for statement in findings.statements:
        assert is_text_of(body[statement.start : statement.end], statement.text), "offsets drifted"
    return body, findings


def only(findings: Findings) -> RawStatement:
    [statement] = findings.statements
    return statement


def speaker_name(statement: RawStatement) -> str | None:
    return statement.speaker.name if statement.speaker else None


# Direct quotes


def test_he_said_resolves_to_the_person_named_before(nlp: Language) -> None:
    body, findings = run(
        nlp,
        "Jan Kaminski, the foreign minister, arrived in Warsaw on Monday.",
        "“We will not close the embassy,” he said.",
    )
    statement = only(findings)
    assert (statement.kind, statement.text, statement.cue) == (
        "direct",
        "We will not close the embassy",
        "said",
    )
    assert statement.speaker is not None
    assert (statement.speaker.text, statement.speaker.pronoun) == ("he", "he")
    assert (statement.speaker.name, statement.speaker.role) == ("Jan Kaminski", "foreign minister")
    assert statement.context == "“We will not close the embassy,” he said."
    assert statement.start == body.index("We will")


def test_she_said_resolves_to_the_nearest_person_of_her_gender(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Ms Maria Kowalska met Mr Tomasz Wojcik in Warsaw on Monday.",
        "“We agreed on a timetable,” she said.",
    )
    assert speaker_name(only(findings)) == "Maria Kowalska"


def test_he_said_skips_a_woman_named_with_ms(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Mr Tomasz Wojcik met Ms Maria Kowalska in Warsaw on Monday.",
        "“We agreed on a timetable,” he said.",
    )
    assert speaker_name(only(findings)) == "Tomasz Wojcik"


def test_bare_surname_links_to_the_person_named_before(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Volodymyr Zelenskyy thanked Poland on Thursday for its support.",
        '"Poland has stood with us from the first day," Zelenskyy said.',
    )
    assert speaker_name(only(findings)) in {"Zelenskyy", "Volodymyr Zelenskyy"}


def test_split_quote_gives_two_statements_by_one_speaker(nlp: Language) -> None:
    _, findings = run(nlp, "“We will win,” Maria Kowalska said. “And we will win big.”")
    first, second = findings.statements
    assert (first.text, second.text) == ("We will win", "And we will win big.")
    assert (first.kind, second.kind) == ("direct", "direct")
    assert (first.cue, second.cue) == ("said", None)
    assert speaker_name(first) == speaker_name(second) == "Maria Kowalska"
    assert second.continues


def test_quote_continuing_in_the_next_paragraph_keeps_its_speaker(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Maria Kowalska addressed farmers in Krakow on Sunday.",
        "“Our farmers have waited long enough,” she said. “This law is long overdue.",
        "“Now the parliament must pass it without delay.”",
        "The vote is expected next week.",
    )
    texts = [s.text for s in findings.statements]
    assert texts == [
        "Our farmers have waited long enough",
        "This law is long overdue.",
        "Now the parliament must pass it without delay.",
    ]
    assert {speaker_name(s) for s in findings.statements} == {"Maria Kowalska"}
    assert findings.statements[2].continues


def test_multi_paragraph_quote_attributed_at_its_end(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Maria Kowalska addressed farmers in Krakow on Sunday.",
        "“Our farmers have waited long enough for this law.",
        "“Now the parliament must pass it without delay,” she said.",
    )
    assert [speaker_name(s) for s in findings.statements] == ["Maria Kowalska"] * 2


def test_agency_quoted_him_as_saying(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Kremlin spokesperson Dmitry Orlov spoke to journalists on Friday.",
        "“We are ready for talks,” the agency quoted him as saying.",
    )
    statement = only(findings)
    assert (statement.kind, statement.text) == ("direct", "We are ready for talks")
    assert statement.cue == "quoted ... as saying"
    assert statement.speaker is not None
    assert (statement.speaker.text, statement.speaker.name) == ("him", "Dmitry Orlov")
    assert statement.reported_by == "agency"


def test_scare_quotes_are_not_statements(nlp: Language) -> None:
    """(`called the deal “a betrayal”` is the opposition's word: see test_partials.)"""
    _, findings = run(
        nlp,
        "Critics dismissed the “reform” as cosmetic.",
        "The “temporary” tax has now been in force for eleven years.",
    )
    assert findings.statements == []


def test_partial_quote_in_reported_speech_has_the_reporters_speaker(nlp: Language) -> None:
    body, findings = run(
        nlp, "Maria Kowalska said the reform would “change everything for the better” in villages."
    )
    # the clause around the partial is the indirect statement too (see test_partials)
    [statement] = [s for s in findings.statements if s.kind == "partial"]
    assert (statement.kind, statement.text, statement.cue) == (
        "partial",
        "change everything for the better",
        "said",
    )
    assert speaker_name(statement) == "Maria Kowalska"
    assert statement.context == body


# Indirect speech


def test_told_reporters_that(nlp: Language) -> None:
    _, findings = run(
        nlp, "Piotr Zielinski told reporters that the budget would be balanced next year."
    )
    statement = only(findings)
    assert (statement.kind, statement.text) == (
        "indirect",
        "the budget would be balanced next year",
    )
    assert statement.cue is not None and "told reporters" in statement.cue
    assert speaker_name(statement) == "Piotr Zielinski"


def test_according_to(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "The new tax will raise billions of zlotys, according to Anna Wisniewska, "
        "an economist at the central bank.",
    )
    statement = only(findings)
    assert (statement.kind, statement.cue) == ("indirect", "according to")
    assert statement.text == "The new tax will raise billions of zlotys"
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.role) == ("Anna Wisniewska", "economist")


def test_agency_quoted_the_official_as_saying_that(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "TASS quoted the official, Ivan Petrov, as saying that the delegation was ready "
        "to travel to Istanbul.",
    )
    statement = only(findings)
    assert (statement.kind, statement.text) == (
        "indirect",
        "the delegation was ready to travel to Istanbul",
    )
    assert statement.cue == "quoted ... as saying"
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.role) == ("Ivan Petrov", "official")
    assert statement.reported_by == "TASS"


@pytest.mark.parametrize(
    ("sentence", "mention", "name"),
    [
        ("The ministry said the bridge would reopen in the spring.", "ministry", None),
        ("The Kremlin said the meeting had been postponed indefinitely.", "Kremlin", "Kremlin"),
    ],
)
def test_organisation_as_speaker(
    nlp: Language, sentence: str, mention: str, name: str | None
) -> None:
    _, findings = run(nlp, sentence)
    statement = only(findings)
    assert statement.kind == "indirect"
    assert statement.speaker is not None
    assert (statement.speaker.text, statement.speaker.name) == (mention, name)
    assert statement.speaker.kind == "organization"


def test_nested_reporting_is_one_statement_by_the_outer_speaker(nlp: Language) -> None:
    _, findings = run(
        nlp, "Maria Kowalska said that Tomasz Wojcik believes the reform will fail this year."
    )
    statement = only(findings)
    assert speaker_name(statement) == "Maria Kowalska"
    assert statement.text == "Tomasz Wojcik believes the reform will fail this year"
    assert statement.cue == "said"


def test_denial_is_not_a_statement(nlp: Language) -> None:
    """`did not say` reports what was not said; recording it as said would invert it."""
    _, findings = run(nlp, "Maria Kowalska did not say whether the embassy would reopen soon.")
    assert findings.statements == []


# Roles and names


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        (
            "Kremlin spokesperson Sergei Volkov said the talks would resume in Geneva.",
            "Sergei Volkov",
            "Kremlin spokesperson",
        ),
        (
            "Jan Kaminski, the foreign minister, said the embassy would remain closed.",
            "Jan Kaminski",
            "foreign minister",
        ),
        (
            "Foreign Minister Maria Kowalska said the embassy would reopen in March.",
            "Maria Kowalska",
            "Foreign Minister",
        ),
    ],
)
def test_role_of_the_speaker(nlp: Language, sentence: str, name: str, role: str) -> None:
    _, findings = run(nlp, sentence)
    statement = only(findings)
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.role) == (name, role)
    assert statement.speaker.kind == "person"
    assert (name, "person", role) in [(n.name, n.kind, n.role) for n in findings.names]


def test_role_noun_inside_the_entity_is_split_off(nlp: Language) -> None:
    _, findings = run(nlp, "Kremlin spokesperson Dmitry Orlov said the talks would resume soon.")
    speaker = only(findings).speaker
    assert speaker is not None
    assert (speaker.name, speaker.role, speaker.kind) == (
        "Dmitry Orlov",
        "Kremlin spokesperson",
        "person",
    )


def test_first_name_outside_the_entity_is_part_of_the_name(nlp: Language) -> None:
    _, findings = run(nlp, "Tomasz Nowak said the shipyard in Gdansk would stay open.")
    speaker = only(findings).speaker
    assert speaker is not None
    assert (speaker.name, speaker.role) == ("Tomasz Nowak", None)


def test_title_is_not_a_role(nlp: Language) -> None:
    _, findings = run(nlp, "Ms Maria Kowalska said the embassy would reopen in March.")
    speaker = only(findings).speaker
    assert speaker is not None
    assert (speaker.name, speaker.role) == ("Maria Kowalska", None)


def test_places_are_found_with_offsets(nlp: Language) -> None:
    body, findings = run(nlp, "Maria Kowalska flew from Warsaw to Geneva on Monday.")
    assert findings.places == [("Warsaw", body.index("Warsaw")), ("Geneva", body.index("Geneva"))]


def test_text_without_speech_has_no_statements(nlp: Language) -> None:
    _, findings = run(nlp, "The river rose overnight.", "Schools in the valley were closed.")
    assert findings.statements == []


# Speakers the tagger misses, and quotes without a cue of their own


def test_lone_surname_tagged_as_organisation_is_still_the_person(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Tad Ruvello, the campaign's chief strategist, spoke to reporters in Dayton.",
        "Senator Alma Brandt has asked the party to end the contest before June.",
        "Ruvello said he does not think the long contest will hurt the party.",
        "“We can do a lot of good between now and then,” he said.",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Tad Ruvello"


def test_colon_quote_after_a_thing_as_subject_belongs_to_the_named_person(
    nlp: Language,
) -> None:
    _, findings = run(
        nlp,
        "The timing of the surge does not surprise the pollster Dana Whitcombe: “Lesser-known "
        "candidates often gain late in the race.”",
    )
    assert speaker_name(only(findings)) == "Dana Whitcombe"


def test_quote_alone_in_its_paragraph_belongs_to_the_previous_speaker(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "A voter asked Mayor Lena Ortiz whether she would refuse money from developers.",
        "Ortiz, clearly annoyed, answered by saying the council was twisting her record.",
        "“I do not take money from developers. I am sick of hearing it.”",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Ortiz"


def test_quote_inside_parentheses_with_its_cue(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Mr. Pellegrini said the studio revived the show only because its creator agreed. "
        "(“We persuaded the original writers to finish the story,” he said.)",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Pellegrini"


def test_inverted_speaker_after_an_adjective_participle(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "“I am not going to call it a mistake, so forget about it,” said retired surgeon "
        "Walter Brennan, asked about his earlier claims.",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Walter Brennan"


def test_participle_cue_is_not_inverted(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Helen Marsh answered the protester, saying the Keller campaign was twisting the facts.",
    )
    assert speaker_name(only(findings)) == "Helen Marsh"


@pytest.mark.parametrize(
    "sentence",
    [
        "Ms. Marsh told ABC's “Good Morning America” that she would run again.",
        "Mr. Keller, who wrote “Doomed to Succeed,” said the deal was a mistake.",
    ],
)
def test_show_and_book_titles_are_not_quotes(nlp: Language, sentence: str) -> None:
    _, findings = run(nlp, sentence)
    assert [s.kind for s in findings.statements] == ["indirect"]


def test_comma_participle_belongs_to_the_main_clause(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "“We won tonight,” Dale Hunter said after the young senator easily won his primary, "
        "remarking that there are “still some voters angry about the tax vote.”",
    )
    partial = next(s for s in findings.statements if s.kind == "partial")
    assert speaker_name(partial) == "Dale Hunter"


def test_phrasal_speech_verb_is_a_cue(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Ruth Adler asked the mayor about the budget.",
        "“You know, it happens, right?” Mayor Tom Greer went on, as if he had not heard her.",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert (quote.cue, speaker_name(quote)) == ("went on", "Tom Greer")


def test_went_on_with_an_object_is_not_speech(nlp: Language) -> None:
    _, findings = run(nlp, "Hillary Clinton went on offense against her rival on Monday.")
    assert findings.statements == []


def test_a_campaign_speaks_for_its_candidate(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Hillary Clinton visited Flint on Sunday.",
        "The Clinton campaign said the state's response was “a disgrace to the city.”",
    )
    statement = next(s for s in findings.statements if "disgrace" in s.text)
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.role) == ("Clinton", "campaign")


def test_titled_surname_goes_to_the_person_of_that_gender(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Hillary Clinton and Bill Clinton arrived together in Denver.",
        "Mrs. Clinton spoke first. “We will not back down,” she said.",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Hillary Clinton"


def test_first_name_gender_yields_to_the_pronoun(nlp: Language) -> None:
    """Marty is a man's name in most records, but here she is a woman."""
    _, findings = run(
        nlp,
        "Marty Walz, who leads the charter campaign, met donors on Tuesday.",
        "Walz approaches it more diplomatically. She said she would rather see the money "
        "spent to elect Hillary Clinton.",
        "“They are trying to defeat opportunity for kids,” she said.",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Marty Walz"


def test_quote_without_a_cue_takes_the_subject_of_its_verb(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "In a late-night address, President Anne Duval condemned the “attack whose "
        "cowardly nature nobody can deny.”",
    )
    assert speaker_name(only(findings)) == "Anne Duval"


def test_as_she_put_it_is_a_cue(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Governor Ruth Calder praised the budget. As she put it, “this is the best thing we "
        "have going for us this year.”",
    )
    quote = next(s for s in findings.statements if "best thing" in s.text)
    assert speaker_name(quote) == "Ruth Calder"


def test_cue_right_before_the_quote_speaks_it_inside_a_reported_clause(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "Nora Blake said that experts had found her plan sound, to which Paul Ferris "
        "interjected: “That is just not true.”",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Paul Ferris"


def test_quote_opening_a_sentence_takes_the_previous_speaker(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "The moderator, Carl Brandt, looked surprised and noted that the firm had used "
        "the candidate's photograph. “Does that not speak to your judgment in any way?”",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Carl Brandt"


def test_it_speaks_for_the_organisation_that_last_spoke(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "“No one at the firm knew the seller,” Harbor Ltd. wrote in a statement.",
        "It added, “We want no part in this listing or the publicity around it.”",
    )
    quote = next(s for s in findings.statements if "no part" in s.text)
    assert statement_kind_and_name(quote) == ("organization", "Harbor Ltd")


def statement_kind_and_name(statement: RawStatement) -> tuple[str, str | None]:
    assert statement.speaker is not None
    return statement.speaker.kind, statement.speaker.name


def test_a_pair_before_a_colon_is_cited_by_its_first_name(nlp: Language) -> None:
    _, findings = run(
        nlp,
        "VOTERS WANT A LEADER - Frank Dorsey and Jim Hale: “We found that the ability to "
        "inspire matters most to voters in every group we studied.”",
    )
    quote = next(s for s in findings.statements if s.kind == "direct")
    assert speaker_name(quote) == "Frank Dorsey"
