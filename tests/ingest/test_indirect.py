"""extract: reported (indirect) speech — which cues count, where the statement starts and ends,
and who says it. Small invented sentences run through the real spaCy model."""

import pytest
from spacy.language import Language

from app.ingest.extract import RawStatement, extract
from app.ingest.nlp import load_model
from tests.offsets import is_text_of


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def indirect(nlp: Language, *paragraphs: str) -> list[RawStatement]:
    body = "\n\n".join(paragraphs)
    statements = extract(nlp(body)).statements
    for statement in statements:
        assert is_text_of(body[statement.start : statement.end], statement.text), "offsets drifted"
    return [s for s in statements if s.kind == "indirect"]


def texts(statements: list[RawStatement]) -> list[str]:
    return [s.text for s in statements]


def speaker_text(statement: RawStatement) -> str | None:
    return statement.speaker.text if statement.speaker else None


def test_according_to_at_the_end_of_a_paragraph(nlp: Language) -> None:
    found = indirect(
        nlp,
        "Unemployment in the region fell to four percent in March, according to the statistics "
        "office.",
        "The port reopened on Monday.",
    )
    assert texts(found) == ["Unemployment in the region fell to four percent in March"]
    assert found[0].cue == "according to"


def test_according_to_inside_the_sentence_keeps_the_whole_claim(nlp: Language) -> None:
    [found] = indirect(
        nlp, "The new bridge, according to the city engineers, will cost twice as much as planned."
    )
    assert found.text.startswith("The new bridge")
    assert found.text.endswith("will cost twice as much as planned")


def test_parenthetical_cue_after_the_subject(nlp: Language) -> None:
    [found] = indirect(nlp, "The bigger problem, the mayor said, is the lack of trained pilots.")
    assert found.text == "The bigger problem is the lack of trained pilots"
    assert (found.start, found.end) == (
        0,
        len("The bigger problem, the mayor said, is the lack of trained pilots"),
    )
    assert speaker_text(found) == "mayor"


def test_parenthetical_cue_after_an_opener_gives_the_clause(nlp: Language) -> None:
    [found] = indirect(
        nlp, "In any case, Ms. Nowak said, the ferry service will resume early next week."
    )
    assert found.text == "the ferry service will resume early next week"


def test_cue_in_a_relative_clause(nlp: Language) -> None:
    [found] = indirect(
        nlp,
        "The district received 30 applications, which the chairman said were evenly split "
        "between the two candidates.",
    )
    assert found.text == "were evenly split between the two candidates"
    assert speaker_text(found) == "chairman"


def test_relative_pronoun_speaker_is_the_noun_it_refers_to(nlp: Language) -> None:
    found = indirect(
        nlp,
        "The plan was negotiated with help from Labour Minister Tomasz Wojcik, who said he "
        "expects the agreement to be signed over the weekend.",
    )
    assert texts(found) == ["he expects the agreement to be signed over the weekend"]
    assert found[0].speaker is not None and found[0].speaker.name == "Tomasz Wojcik"


def test_conjoined_cue_inside_the_clause_is_a_statement_of_its_own(nlp: Language) -> None:
    found = indirect(
        nlp,
        "Anna Nowak, the harbour director, pushed back on Monday, saying that the new quay was "
        "safe but was delayed by the weather - and arguing that the city had approved every "
        "change.",
    )
    assert texts(found) == [
        "the new quay was safe but was delayed by the weather",
        "the city had approved every change",
    ]
    assert {speaker_text(s) for s in found} == {"Anna Nowak"}


def test_adverbial_clause_with_its_own_speaker(nlp: Language) -> None:
    found = indirect(
        nlp,
        "Among dock workers, 64 percent said they would accept the offer, while 30 percent said "
        "they would keep striking.",
    )
    assert texts(found) == ["they would accept the offer", "they would keep striking"]
    assert [speaker_text(s) for s in found] == ["64 percent", "30 percent"]


def test_object_of_a_reporting_verb(nlp: Language) -> None:
    [found] = indirect(nlp, "Last year, the city police reported 906 burglaries of empty flats.")
    assert found.text == "906 burglaries of empty flats"


def test_accusation_keeps_the_charge(nlp: Language) -> None:
    [found] = indirect(nlp, "The opposition accused the minister of hiding the true costs.")
    assert found.text == "the minister of hiding the true costs"


def test_warned_of(nlp: Language) -> None:
    [found] = indirect(nlp, "The union warned of a long and costly strike at the shipyard.")
    assert found.text == "a long and costly strike at the shipyard"
    assert speaker_text(found) == "union"


def test_verbs_of_thinking_report_no_statement(nlp: Language) -> None:
    assert indirect(nlp, "Kowalski thinks the new bridge is far too expensive for the city.") == []


def test_wholly_quoted_clause_is_left_to_the_quote(nlp: Language) -> None:
    body = "Nowak said that “the plan was a disaster from start to finish for everyone”."
    assert indirect(nlp, body) == []


def test_trailing_aside_is_not_part_of_the_statement(nlp: Language) -> None:
    found = indirect(
        nlp,
        "The minister said the tax would raise two billion zlotys a year, a figure that "
        "economists dispute.",
    )
    assert texts(found) == ["the tax would raise two billion zlotys a year"]


def test_statement_stays_in_its_paragraph(nlp: Language) -> None:
    found = indirect(
        nlp,
        "The harbour reopened after the storm, and the ferries ran again",
        "“We are back to normal,” the director said.",
    )
    assert found == []


def test_as_clause_attributes_the_clause_it_hangs_on(nlp: Language) -> None:
    [found] = indirect(
        nlp, "As the local paper reported, the two mayors were discussing a merger of their towns."
    )
    assert found.text == "the two mayors were discussing a merger of their towns"
    assert speaker_text(found) == "local paper"


def test_passive_as_clause_takes_its_agent_as_speaker(nlp: Language) -> None:
    [found] = indirect(
        nlp, "As reported by the regional radio, the mayor was planning to resign in the spring."
    )
    assert found.text == "the mayor was planning to resign in the spring"
    assert speaker_text(found) == "regional radio"


def test_as_clause_that_reports_nothing(nlp: Language) -> None:
    assert indirect(nlp, "Prices rose in May, as the housing shortage continued to grow.") == []
    assert indirect(nlp, "As promised, the city reopened the old bridge on Friday.") == []
    assert indirect(nlp, "The city could build a second bridge, as the opposition proposes.") == []


def test_stance_noun_with_a_that_clause(nlp: Language) -> None:
    [found] = indirect(
        nlp, "The harbour master expressed concern that the new quay was far too shallow."
    )
    assert found.text == "the new quay was far too shallow"
    assert speaker_text(found) == "harbour master"
    assert indirect(nlp, "The harbour master expressed his thanks to the volunteers.") == []


def test_quantifier_subject_is_the_speaker_as_written(nlp: Language) -> None:
    found = indirect(
        nlp,
        "One survey says there are 400 wolves in the region, while another says there are about "
        "250.",
    )
    assert texts(found) == ["there are 400 wolves in the region", "there are about 250"]
    assert speaker_text(found[1]) == "another"


def test_trailing_concession_is_not_part_of_the_statement(nlp: Language) -> None:
    [found] = indirect(
        nlp,
        "Police said the driver had acted alone - despite his claim in court that he had help.",
    )
    assert found.text == "the driver had acted alone"


def test_trailing_relative_remark_is_not_part_of_the_statement(nlp: Language) -> None:
    found = indirect(
        nlp,
        "She said that the new ferries were safe and reliable, to which the captain replied that "
        "they were late.",
    )
    assert texts(found) == ["the new ferries were safe and reliable", "they were late"]


def test_as_clause_inside_the_statement_is_left_out(nlp: Language) -> None:
    body = "The new quay, as the harbour master pointed out, is the longest on the coast."
    [found] = indirect(nlp, body)
    assert found.text == "The new quay is the longest on the coast"
    assert speaker_text(found) == "harbour master"


def speaker_name(statement: RawStatement) -> str | None:
    return statement.speaker.name if statement.speaker else None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The Kowalski campaign said that the rally in Gdansk would go ahead on Sunday.",
            "Kowalski",
        ),
        ("A spokesman for Mayor Anna Nowak said the bridge would reopen in May.", "Anna Nowak"),
        (
            "According to calculations by Piotr Zielinski of the Warsaw School of Economics, the "
            "average rent rose by a third.",
            "Piotr Zielinski",
        ),
    ],
    ids=["campaign", "spokesman-for", "calculations-by"],
)
def test_unnamed_speaker_speaks_for_the_person_named_with_it(
    nlp: Language, body: str, expected: str
) -> None:
    [found] = indirect(nlp, body)
    assert speaker_name(found) == expected


def test_name_at_the_start_of_the_statement_is_not_its_speaker(nlp: Language) -> None:
    [found] = indirect(
        nlp, "Mayor Jan Kowalski defended the budget, saying Anna Nowak had approved every line."
    )
    assert found.text == "Anna Nowak had approved every line"
    assert speaker_name(found) == "Jan Kowalski"


# -- statements without a that-clause (issue 12, class 9) -------------------------------------


@pytest.mark.parametrize(
    ("sentence", "statement", "speaker"),
    [
        pytest.param(
            "President Ama Boateng urged parliament to approve the budget before the recess.",
            "to approve the budget before the recess",
            "Ama Boateng",
            id="urged-x-to",
        ),
        pytest.param(
            "The doctors' group asked the agency to reconsider its refusal to vaccinate detainees.",
            "to reconsider its refusal to vaccinate detainees",
            "group",
            id="asked-x-to",
        ),
        pytest.param(
            "Senator Hiroshi Tanaka told the ministry to publish the full contract by Friday.",
            "to publish the full contract by Friday",
            "Hiroshi Tanaka",
            id="told-x-to",
        ),
        pytest.param(
            "In a letter, the nurses' union pleaded with the governor to reopen the clinic.",
            "to reopen the clinic",
            "union",
            id="pleaded-with-x-to",
        ),
    ],
)
def test_urged_someone_to_gives_what_was_urged(
    nlp: Language, sentence: str, statement: str, speaker: str
) -> None:
    [found] = indirect(nlp, sentence)
    assert found.text.endswith(statement)  # the hearer may lead it (`the governor to ...`)
    assert speaker in (found.speaker.text if found.speaker else "")


@pytest.mark.parametrize(
    ("sentence", "statement"),
    [
        pytest.param(
            "The opposition called for the minister to resign over the contract.",
            "the minister to resign over the contract",
            id="for-x-to",
        ),
        pytest.param(
            "Election monitors called for the count to resume under independent supervision.",
            "the count to resume under independent supervision",
            id="for-the-count-to",
        ),
        pytest.param(
            "Farmers' leader Rosa Quispe called for stopping the export of raw quinoa.",
            "stopping the export of raw quinoa",
            id="for-gerund",
        ),
    ],
)
def test_called_for_a_clause_is_a_statement(nlp: Language, sentence: str, statement: str) -> None:
    [found] = indirect(nlp, sentence)
    assert statement in found.text


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The senator praised the electoral body after the count.", id="praised"),
        pytest.param("Teachers called for better pay and more respect.", id="called-for-a-thing"),
        pytest.param(
            "The envoy cited his long friendship with the president of Ghana.", id="cited"
        ),
        pytest.param("Mrs. Adeyemi welcomed the new hospital wing in Ibadan.", id="welcomed"),
    ],
)
def test_noun_phrase_objects_are_not_statements(nlp: Language, sentence: str) -> None:
    assert indirect(nlp, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "statement", "speaker"),
    [
        pytest.param(
            "Vietnam accused Beijing of encroaching into its waters near the islands.",
            "Beijing of encroaching into its waters near the islands",
            "Vietnam",
            id="accused-x-of",
        ),
        pytest.param(
            "The minister defended the plan, stressing that no jobs would be lost in the north.",
            "no jobs would be lost in the north",
            "minister",
            id="stressing-that",
        ),
        pytest.param(
            "Ms. Ito welcomed the vote, noting that turnout had risen for the first time in "
            "decades.",
            "turnout had risen for the first time in decades",
            "Ito",
            id="noting-that",
        ),
    ],
)
def test_participle_and_charge_statements(
    nlp: Language, sentence: str, statement: str, speaker: str
) -> None:
    found = indirect(nlp, sentence)
    assert statement in texts(found)
    [match] = [s for s in found if s.text == statement]
    assert speaker in (match.speaker.text if match.speaker else "")


@pytest.mark.parametrize(
    ("paragraph", "answer", "speaker"),
    [
        pytest.param(
            "Asked whether he would resign, Mayor Juan Ortega said he had no such plans.",
            "he had no such plans",
            "Juan Ortega",
            id="asked-whether",
        ),
        pytest.param(
            "Asked if the talks had failed, envoy Leila Haddad said they would resume next week.",
            "they would resume next week",
            "Leila Haddad",
            id="asked-if",
        ),
        pytest.param(
            "When asked why the bridge had been closed, Sipho Nkosi, the chief engineer, said the "
            "cables had corroded.",
            "the cables had corroded",
            "Sipho Nkosi",
            id="asked-why",
        ),
    ],
)
def test_the_question_is_not_the_answerers_statement(
    nlp: Language, paragraph: str, answer: str, speaker: str
) -> None:
    found = indirect(nlp, paragraph)
    assert texts(found) == [answer]
    assert speaker_name(found[0]) == speaker


def test_a_named_asker_asks_the_question(nlp: Language) -> None:
    [found] = indirect(nlp, "Reporters asked why the bridge had been closed for a month.")
    assert found.text == "why the bridge had been closed for a month"
    assert speaker_text(found) == "Reporters"


def _spoken_by(found: list[RawStatement], words: str) -> str | None:
    """The resolved speaker name of the one reported statement holding `words`."""
    [match] = [s for s in found if words in s.text]
    return speaker_name(match)


@pytest.mark.parametrize(
    ("paragraph", "words", "speaker"),
    [
        pytest.param(
            "Norway is one of the strongest critics of the whaling ban and has accused Japan of "
            "ignoring the commission's rulings.",
            "ignoring the commission",
            "Norway",
            id="country",
        ),
        pytest.param(
            "On Friday, Amara Okonkwo went on the radio and accused Tunde Bakare of hiding the "
            "audit from the board.",
            "hiding the audit",
            "Amara Okonkwo",
            id="person",
        ),
        pytest.param(
            "The opposition held a rally in Lahore and accused Imran Qureshi of rigging the "
            "count in two districts.",
            "rigging the count",
            "opposition",
            id="group",
        ),
    ],
)
def test_the_accused_object_of_a_conjoined_charge_is_not_its_speaker(
    nlp: Language, paragraph: str, words: str, speaker: str
) -> None:
    found = indirect(nlp, paragraph)
    [match] = [s for s in found if words in s.text]
    assert speaker in (speaker_name(match) or speaker_text(match) or "")


@pytest.mark.parametrize(
    ("paragraph", "words", "speaker"),
    [
        pytest.param(
            "Minister Ingrid Solberg said that after a long review the agency had concluded the "
            "dam was safe, saying she trusted the engineers to decide.",
            "she trusted the engineers",
            "Ingrid Solberg",
            id="said-concluded",
        ),
        pytest.param(
            "Kwame Mensah told reporters the council had decided the market would stay open, "
            "adding that traders would pay no new fees.",
            "traders would pay no new fees",
            "Kwame Mensah",
            id="told-decided",
        ),
        pytest.param(
            "Lucía Fernández said the province had announced the contract was void, arguing "
            "that the mine should never have been approved.",
            "the mine should never have been approved",
            "Lucía Fernández",
            id="said-announced",
        ),
    ],
)
def test_a_participle_after_a_reported_clause_is_the_reporters(
    nlp: Language, paragraph: str, words: str, speaker: str
) -> None:
    assert _spoken_by(indirect(nlp, paragraph), words) == speaker


@pytest.mark.parametrize(
    ("paragraphs", "words", "speaker"),
    [
        pytest.param(
            (
                "According to a memo Hiroshi Tanaka prepared for the board in May, the plant "
                "had lost money for three straight years.",
            ),
            "the plant had lost money",
            "Hiroshi Tanaka",
            id="relative-clause",
        ),
        pytest.param(
            (
                "Northwind Energy cut its forecast on Tuesday.",
                "The company published a blog post that said customers in rural areas would "
                "see higher bills next winter.",
            ),
            "customers in rural areas",
            "Northwind Energy",
            id="publisher",
        ),
        pytest.param(
            (
                "Priya Raman's testimony concluded that the bridge had been inspected only "
                "once in ten years.",
            ),
            "the bridge had been inspected",
            "Priya Raman",
            id="possessive",
        ),
    ],
)
def test_a_document_speaks_for_the_author_its_phrase_names(
    nlp: Language, paragraphs: tuple[str, ...], words: str, speaker: str
) -> None:
    assert _spoken_by(indirect(nlp, *paragraphs), words) == speaker


@pytest.mark.parametrize(
    ("paragraph", "words", "speaker"),
    [
        pytest.param(
            "In an email sent by chief executive Sofia Lindqvist, staff were told that the "
            "Oslo office would close in March.",
            "the Oslo office would close",
            "Sofia Lindqvist",
            id="email-sent-by",
        ),
        pytest.param(
            "In a letter signed by Ahmed Al-Mansouri, residents were informed that the water "
            "supply would be cut for two days.",
            "the water supply would be cut",
            "Ahmed Al-Mansouri",
            id="letter-signed-by",
        ),
        pytest.param(
            "In a memo written by Chen Wei, engineers were told that the launch would slip to "
            "the autumn.",
            "the launch would slip",
            "Chen Wei",
            id="memo-written-by",
        ),
    ],
)
def test_the_passive_hearer_of_a_document_is_not_its_speaker(
    nlp: Language, paragraph: str, words: str, speaker: str
) -> None:
    assert _spoken_by(indirect(nlp, paragraph), words) == speaker


@pytest.mark.parametrize(
    ("paragraph", "words", "speaker"),
    [
        pytest.param(
            "A woman later identified as Eva Rossi, an activist for a climate group, demanded "
            "to know whether the senator would give back donations from oil companies.",
            "the senator would give back donations",
            "Eva Rossi",
            id="later-identified",
        ),
        pytest.param(
            "A man identified as Omar Haddad told the court that he had never seen the documents.",
            "he had never seen the documents",
            "Omar Haddad",
            id="identified",
        ),
        pytest.param(
            "A nurse named as Grace Mwangi said the ward had run out of oxygen twice that week.",
            "the ward had run out of oxygen",
            "Grace Mwangi",
            id="named-as",
        ),
    ],
)
def test_a_description_identified_by_name_speaks_as_that_person(
    nlp: Language, paragraph: str, words: str, speaker: str
) -> None:
    assert _spoken_by(indirect(nlp, paragraph), words) == speaker


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(
            "A pro-Kenyatta super PAC called Our Future is ramping up its operations.",
            id="misread-as-main-verb",
        ),
        pytest.param(
            "An anti-graft super PAC called Clean Slate is ramping up its operations in Manila.",
            id="misread-with-place",
        ),
        pytest.param(
            "A Lagos-based group called Enough is Enough is stepping up its campaign.",
            id="participle",
        ),
    ],
)
def test_a_naming_participle_reports_nothing(nlp: Language, paragraph: str) -> None:
    assert indirect(nlp, paragraph) == []


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(
            "Tech firms say that in several cases they have been asked to keep the posts online "
            "so that agents can watch the networks.",
            id="have-been-asked",
        ),
        pytest.param(
            "Maria Lopez phoned the bank only to be told to wait for as long as three hours.",
            id="to-be-told",
        ),
        pytest.param(
            "Kenji Sato had been asked to preserve the files by the ethics committee.",
            id="asked-by",
        ),
    ],
)
def test_a_passive_request_is_nobodys_statement(nlp: Language, paragraph: str) -> None:
    found = indirect(nlp, paragraph)
    assert not [s for s in found if s.cue in {"asked", "told"}]


def test_a_passive_hearer_told_a_clause_still_reports_it(nlp: Language) -> None:
    [found] = indirect(nlp, "Staff at the Gdansk shipyard were told that the yard would close.")
    assert found.text == "the yard would close"


@pytest.mark.parametrize(
    ("paragraph", "statement", "speaker"),
    [
        pytest.param(
            "In a joint email, Ingrid Holm disputed that her brother had cut off contact with "
            "the family.",
            "her brother had cut off contact with the family",
            "Ingrid Holm",
            id="disputed",
        ),
        pytest.param(
            "Rashid Karimov later volunteered that the ministry had known about the leak for "
            "months.",
            "the ministry had known about the leak for months",
            "Rashid Karimov",
            id="volunteered",
        ),
        pytest.param(
            "Thandiwe Dlamini swore that she had never signed the contract.",
            "she had never signed the contract",
            "Thandiwe Dlamini",
            id="swore",
        ),
    ],
)
def test_a_verb_that_reports_only_with_a_clause(
    nlp: Language, paragraph: str, statement: str, speaker: str
) -> None:
    [found] = indirect(nlp, paragraph)
    assert found.text == statement
    assert speaker_name(found) == speaker


def test_a_clause_verb_without_a_clause_reports_nothing(nlp: Language) -> None:
    assert indirect(nlp, "The dockworkers' union in Rotterdam disputed the figures.") == []


@pytest.mark.parametrize(
    ("paragraph", "words", "speaker"),
    [
        pytest.param(
            "Norway's Ministry of Fisheries closed the northern cod grounds on Friday. The quota "
            "will be cut by a fifth, according to a ministry statement.",
            "The quota will be cut",
            "Ministry of Fisheries",
            id="ministry-statement",
        ),
        pytest.param(
            "Kenya Power restored supply to most of Mombasa overnight. The outage was caused by a "
            "fault at the Rabai substation, according to a company statement.",
            "The outage was caused",
            "Kenya Power",
            id="company-statement",
        ),
        pytest.param(
            "The Philippine Space Agency delayed the launch again on Tuesday. The rocket's second "
            "stage had failed a pressure test, the agency statement said.",
            "second stage had failed",
            "Philippine Space Agency",
            id="agency-statement",
        ),
    ],
)
def test_a_bodys_document_speaks_for_the_body_named_earlier(
    nlp: Language, paragraph: str, words: str, speaker: str
) -> None:
    assert _spoken_by(indirect(nlp, paragraph), words) == speaker


@pytest.mark.parametrize(
    ("paragraph", "statement", "cue"),
    [
        pytest.param(
            "According to pool reports, President Ramaphosa said the country would mourn together.",
            "the country would mourn together",
            "said",
            id="pool-report",
        ),
        pytest.param(
            "But according to the BBC's correspondent, Li Wei, a doctor at the hospital, wrote "
            "in a blog post that the couple had been admitted nine days earlier.",
            "the couple had been admitted nine days earlier",
            "wrote in a blog post",
            id="blog-post",
        ),
        pytest.param(
            "According to a poll by the Daily Nation, 51 percent of respondents said they would "
            "vote for Odinga.",
            "they would vote for Odinga",
            "said",
            id="poll",
        ),
    ],
)
def test_a_source_relaying_a_report_adds_no_statement_of_its_own(
    nlp: Language, paragraph: str, statement: str, cue: str
) -> None:
    found = indirect(nlp, paragraph)
    assert texts(found) == [statement]
    assert found[0].cue == cue


def test_a_request_relayed_by_a_source_is_the_sources_report(nlp: Language) -> None:
    found = indirect(
        nlp,
        "According to the FBI summary, two aides asked the technician to delete the emails in "
        "December.",
    )
    relayed = [s for s in found if s.cue == "according to"]
    assert [s.text for s in relayed] == [
        "two aides asked the technician to delete the emails in December"
    ]


# -- a body described first and named in the next sentence (issue 12, class 4) ----------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(
            "Dock workers in the port will lose their jobs in March, according to a group of "
            "employees. The group, the Harbour Workers Alliance, formed last month and wrote to "
            "the port authority.",
            "Harbour Workers Alliance",
            id="according-to-a-group",
        ),
        pytest.param(
            "Farmers near the river say the new dam will flood their fields. An association of "
            "growers said the ministry never consulted them. The association, Kisumu Rice Growers "
            "Union, was founded in 1998.",
            "Kisumu Rice Growers Union",
            id="an-association-said",
        ),
        pytest.param(
            "Freight volumes fell by a third last year, the company said on Friday. The company, "
            "Takeda Shipping Ltd, blamed the strike at the port.",
            "Takeda Shipping Ltd",
            id="the-company-said",
        ),
    ],
)
def test_a_body_named_in_the_next_sentence_speaks_for_its_description(
    nlp: Language, paragraph: str, expected: str
) -> None:
    found = [s for s in indirect(nlp, paragraph) if s.speaker and s.speaker.kind == "organization"]
    assert [speaker_name(s) for s in found] == [expected]


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(
            ["The company said it had sued Microsoft over the patent."],
            id="counterpart-in-the-statement",
        ),
        pytest.param(
            [
                "Dock workers will lose their jobs, according to a group of employees. Talks "
                "stalled in May. The group, the Harbour Workers Alliance, wrote to the port "
                "authority."
            ],
            id="named-two-sentences-on",
        ),
        pytest.param(
            [
                "Prices at the market doubled in a year, a trade group said.",
                "The group, the Lagos Traders Council, represents 3,000 stalls.",
            ],
            id="named-in-the-next-paragraph",
        ),
    ],
)
def test_a_body_named_later_in_another_role_or_place_does_not_take_the_description(
    nlp: Language, paragraphs: list[str]
) -> None:
    [found] = indirect(nlp, *paragraphs)
    assert speaker_name(found) is None


# -- `posted on X that ...` where the parser loses the that-clause (issue 12, class 9) --------


@pytest.mark.parametrize(
    ("sentence", "statement", "speaker"),
    [
        pytest.param(
            "Nguyen Thi Lan, the province's health director, wrote on Facebook that the clinic "
            "would open on Monday.",
            "the clinic would open on Monday",
            "Nguyen Thi Lan",
            id="wrote-on-facebook",
        ),
        pytest.param(
            "Opposition leader Kwame Mensah, 61, posted on Telegram that the count had been "
            "stopped.",
            "the count had been stopped",
            "Kwame Mensah",
            id="posted-on-telegram",
        ),
        pytest.param(
            "Ayşe Demir, a teacher in Izmir, posted on Instagram that her school had closed.",
            "her school had closed",
            "Ayşe Demir",
            id="posted-on-instagram",
        ),
    ],
)
def test_a_post_on_a_platform_reports_its_that_clause(
    nlp: Language, sentence: str, statement: str, speaker: str
) -> None:
    [found] = indirect(nlp, sentence)
    assert (found.text, speaker_name(found)) == (statement, speaker)


def test_that_as_a_determiner_after_a_platform_is_no_statement(nlp: Language) -> None:
    assert indirect(nlp, "The photos posted on X that night showed the flooded road.") == []


# -- `prosecutors said`: a body's staff speak for the body the article names (class 4) --------


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            [
                "A former mayor was charged with fraud, the Seoul Central District Prosecutors' "
                "Office said on Monday. Prosecutors said he had taken bribes from two builders."
            ],
            "Seoul Central District Prosecutors' Office",
            id="prosecutors-office",
        ),
        pytest.param(
            [
                "The Crown Prosecution Service said the driver would face trial in June.",
                "Prosecutors said he had been driving at twice the limit.",
            ],
            "Crown Prosecution Service",
            id="prosecution-service",
        ),
        pytest.param(
            [
                "The National Audit Office published its report on Wednesday. Auditors said the "
                "hospital programme was three years late."
            ],
            "National Audit Office",
            id="auditors",
        ),
    ],
)
def test_a_bodys_staff_speak_for_the_body(
    nlp: Language, paragraphs: list[str], expected: str
) -> None:
    staff = [
        s for s in indirect(nlp, *paragraphs) if speaker_text(s) in {"Prosecutors", "Auditors"}
    ]
    assert [speaker_name(s) for s in staff] == [expected]
    assert staff[0].speaker is not None and staff[0].speaker.kind == "organization"


def test_staff_with_no_body_named_stay_as_written(nlp: Language) -> None:
    [found] = indirect(nlp, "Prosecutors said the trader had hidden the losses for a year.")
    assert (speaker_text(found), speaker_name(found)) == ("Prosecutors", None)


def test_the_prosecutors_office_is_the_body_named_for_that_work(nlp: Language) -> None:
    found = indirect(
        nlp,
        "A former mayor was charged with fraud, the Seoul Central District Prosecutors' Office "
        "said on Monday.",
        "During the raid, he hid the ledgers in a car, the prosecutor’s office said.",
    )
    assert [speaker_name(s) for s in found] == ["Seoul Central District Prosecutors' Office"] * 2


def test_staff_speak_for_a_body_under_its_name_as_written_far_into_the_article(
    nlp: Language,
) -> None:
    found = indirect(
        nlp,
        "A Brooklyn landlord admitted to forging rent records on Tuesday, prosecutors said.",
        "The landlord, 58, will be sentenced in April, the Kings County District Attorney’s "
        "Office said.",
        "He had owned the buildings since 2009.",
        "His tenants complained to the city for years.",
        "Inspectors visited twice in 2021.",
        "The ledgers were hidden in a car, prosecutors said.",
    )
    staff = [s for s in found if speaker_text(s) == "prosecutors"]
    assert [speaker_name(s) for s in staff] == ["Kings County District Attorney’s Office"] * 2
