"""Speakers named as readers know them, on invented articles run through the real pipeline.

An organisation that speaks by its initials (`KWS said`) is the body the same article names in
full (`the Kenya Wildlife Service`), whether the tagger read the full name as one organisation or
split it at `and`; initials the article never spells out, or spells out two ways, stay as
written.
"""

import pytest
from spacy.language import Language

from app.ingest.nlp import load_model
from app.ingest.resolve import MAX_NAME_WORDS
from app.ingest.speakers import SPELLED_OUT_MAX_WORDS
from tests.ingest.extracting import name_of, run, said


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


# Initials speak for the organisation the article names in full


def test_initials_take_the_full_name_given_earlier(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Kenya Wildlife Service moved 14 black rhinos to a new sanctuary in Laikipia on "
        "Tuesday, the largest transfer in a decade.",
        '"The animals travelled well and are already feeding," KWS said in a statement.',
    )
    statement = said(findings, "travelled well")
    assert statement.speaker is not None
    assert (name_of(statement), statement.speaker.kind) == (
        "Kenya Wildlife Service",
        "organization",
    )
    assert statement.speaker.text == "KWS"


def test_initials_find_a_name_joined_by_and(nlp: Language) -> None:
    findings = run(
        nlp,
        "Dubai's Roads and Transport Authority closed two lanes of Sheikh Zayed Road after the "
        "storm flooded an underpass near Al Barsha.",
        "RTA said the lanes would reopen once the pumps had cleared the water.",
    )
    statement = said(findings, "lanes would reopen")
    assert name_of(statement) == "Roads and Transport Authority"


def test_initials_find_a_name_joined_by_for(nlp: Language) -> None:
    findings = run(
        nlp,
        "Lassa fever cases rose in Ondo and Edo states, according to figures released by the "
        "Nigeria Centre for Disease Control on Sunday.",
        'The NCDC said the risk to travellers was "moderate" and urged clinics to report '
        "every suspected case.",
    )
    statement = said(findings, "moderate")
    assert name_of(statement) == "Nigeria Centre for Disease Control"


def test_initials_the_article_never_spells_out_stay_as_written(nlp: Language) -> None:
    findings = run(
        nlp,
        "Fuel queues returned to Lusaka on Monday as two tankers were held at the border.",
        '"Supplies will normalise within the week," ERB said.',
    )
    assert name_of(said(findings, "normalise within the week")) == "ERB"


def test_initials_two_names_spell_out_stay_as_written(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Port Services Authority and the Public Safety Agency both inspected the warehouse "
        "in Valparaíso after the blaze.",
        '"We found no sign of arson," PSA said on Thursday.',
    )
    assert name_of(said(findings, "no sign of arson")) == "PSA"


def test_a_country_abbreviation_is_not_spelled_out(nlp: Language) -> None:
    findings = run(
        nlp,
        "The United Kingdom Export Finance agency signed the loan in Accra on Friday.",
        '"This is a long-term partnership," the UK said in a statement.',
    )
    statement = said(findings, "long-term partnership")
    assert name_of(statement) in {None, "UK"}


def test_a_news_outlet_keeps_its_initials(nlp: Language) -> None:
    findings = run(
        nlp,
        "An analysis by the Philippine News Agency counted 212 flooded villages in Samar by "
        "Wednesday night.",
        "PNA said its count did not include villages that could not be reached by road.",
    )
    assert name_of(said(findings, "did not include villages")) == "PNA"


# Class 10: an inverted cue whose speaker's first name the parser read as a verb


def test_said_will_and_a_name_is_the_person_will(nlp: Language) -> None:
    findings = run(
        nlp,
        "Sellers on the platform say the new labels confuse buyers.",
        "“I was at a trade fair in Lyon and posted two photos. Half my followers swiped away,” "
        "said Will Tjernlund, a consultant for online sellers. “It was ordinary content, and "
        "still they left.”",
    )
    assert name_of(said(findings, "trade fair in Lyon")) == "Will Tjernlund"
    assert name_of(said(findings, "ordinary content")) == "Will Tjernlund"


def test_an_inverted_speaker_named_will_with_a_relative_clause(nlp: Language) -> None:
    findings = run(
        nlp,
        "The ferry to Gotland was cancelled for the third day running.",
        "“Nobody from the company has told us when it will sail again,” said Will Östlund, who "
        "drives a delivery van between Visby and Nynäshamn.",
    )
    assert name_of(said(findings, "Nobody from the company")) == "Will Östlund"


def test_an_inverted_speaker_named_will_ending_the_paragraph(nlp: Language) -> None:
    findings = run(
        nlp,
        "Skiers queued for two hours at the lift in Åre on Saturday.",
        "“We came for the snow and spent the day in line,” said Will Åkerlund.",
    )
    assert name_of(said(findings, "came for the snow")) == "Will Åkerlund"


# Class 3/11: an organisation's name joined by `and`, `of` or `for` is kept whole


def test_an_agency_name_joined_by_and_is_not_its_last_words(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Ministry of Health and Family Welfare said the new vaccine was safe for children "
        "over five.",
    )
    assert name_of(said(findings, "vaccine was safe")) == "Ministry of Health and Family Welfare"


def test_a_disease_agency_keeps_its_whole_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "Two herders fell ill near Ulaanbaatar last week.",
        "The Mongolian Center for Disease Control and Prevention said it had traced every "
        "contact of the two men.",
    )
    assert (
        name_of(said(findings, "traced every contact"))
        == "Mongolian Center for Disease Control and Prevention"
    )


def test_a_bureau_named_with_of_speaks_whole(nlp: Language) -> None:
    findings = run(
        nlp,
        "Traders in Mombasa say imported cement has been held at the port for a month.",
        "“The consignments failed strength tests,” the Kenya Bureau of Standards said on Monday.",
    )
    assert name_of(said(findings, "failed strength tests")) == "Kenya Bureau of Standards"


# Class 4: a description names the organisation whose name holds one of its words


def test_the_production_company_is_the_body_named_after_its_founder(nlp: Language) -> None:
    findings = run(
        nlp,
        "Tema Harbour Studios and Kwabena Asante Productions had agreed on a festival deal, a "
        "statement from the studio said on Monday.",
        "Kwabena Asante Productions denied that it had signed anything. Tema Harbour Studios "
        "said the deal stood, and Tema Harbour Studios posted the contract online.",
        "“At no time did we agree to share the recordings,” the production company said in a "
        "separate statement.",
    )
    statement = said(findings, "At no time did we agree")
    assert name_of(statement) == "Kwabena Asante Productions"


def test_the_mining_company_is_the_miner_not_the_other_body(nlp: Language) -> None:
    findings = run(
        nlp,
        "Andes Copper Mining and the Union of Rail Workers met in Antofagasta on Tuesday to "
        "discuss the blockade.",
        "The Union of Rail Workers asked for a new contract before lifting it, and the Union "
        "of Rail Workers leader repeated the demand on radio.",
        "“We will not negotiate while the line is closed,” the mining company said.",
    )
    assert name_of(said(findings, "will not negotiate")) == "Andes Copper Mining"


def test_the_airline_is_the_airlines_named_before(nlp: Language) -> None:
    findings = run(
        nlp,
        "Nusantara Airlines cancelled 40 flights from Jakarta after the Transport Ministry "
        "grounded part of its fleet.",
        "The ministry ordered inspections of every aircraft of the type.",
        "“Safety comes before our timetable,” the airline said.",
    )
    assert name_of(said(findings, "Safety comes before")) == "Nusantara Airlines"


def test_initials_take_a_long_name_whose_joining_words_do_not_count(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Chinese Center for Disease Control and Prevention said two herders in Inner "
        "Mongolia were in isolation.",
        'The CDC said the risk of spread was "extremely low."',
    )
    assert name_of(said(findings, "risk of spread")) == (
        "Chinese Center for Disease Control and Prevention"
    )
    assert SPELLED_OUT_MAX_WORDS == MAX_NAME_WORDS


def test_initials_take_a_name_written_with_a_possessive(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Southern African Development Community's summit in Harare ended without a deal "
        "on the disputed border crossings.",
        "SADC said the ceasefire would hold until the next round of talks in Gaborone.",
    )
    assert name_of(said(findings, "ceasefire would hold")) == (
        "Southern African Development Community"
    )


def test_initials_take_the_name_they_follow_in_brackets_whatever_its_words(
    nlp: Language,
) -> None:
    findings = run(
        nlp,
        "Reporters Without Borders (RSF) ranked the country 150th of 180 in its yearly press "
        "freedom index.",
        "RSF said three journalists had been held without charge since January.",
    )
    assert name_of(said(findings, "three journalists")) == "Reporters Without Borders"


def test_initials_in_brackets_after_a_name_in_another_language(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Bundesamt für Migration und Flüchtlinge (BAMF) decided 300,000 asylum claims "
        "last year, a third more than in 2022.",
        "BAMF said the backlog in Nuremberg would be cleared by the summer.",
    )
    assert name_of(said(findings, "backlog in Nuremberg")) == (
        "Bundesamt für Migration und Flüchtlinge"
    )


def test_initials_in_brackets_after_a_name_with_an_apostrophe(nlp: Language) -> None:
    findings = run(
        nlp,
        "The Kurdistan Workers' Party (PKK) has fought the Turkish state since 1984.",
        "The PKK said on Saturday that its fighters would leave the border villages.",
    )
    assert name_of(said(findings, "leave the border villages")) == "Kurdistan Workers' Party"


def test_initials_in_brackets_that_spell_the_name_out_differently(nlp: Language) -> None:
    findings = run(
        nlp,
        "Seoul reported 41 new cases on Tuesday, according to the Korea Disease Control and "
        "Prevention Agency (KDCA).",
        "The KDCA said most of the patients had returned from the same tour group.",
    )
    assert name_of(said(findings, "same tour group")) == (
        "Korea Disease Control and Prevention Agency"
    )


# A one-word name the article describes as a body is one in the mention table, whatever the
# tagger called it: `the company` finds it, `he` does not


def test_the_company_is_the_firm_whose_executives_the_article_names(nlp: Language) -> None:
    findings = run(
        nlp,
        "Here is the tech news you need to know this Tuesday.",
        "The Kenyan attorney general is investigating Kwelo amid layoffs. The company confirmed "
        "that it had been contacted by the attorney general's office. Kwelo executives declined "
        "to comment.",
    )
    statement = said(findings, "contacted by the attorney general")
    assert statement.speaker is not None
    assert (name_of(statement), statement.speaker.kind) == ("Kwelo", "organization")


def test_the_company_is_the_firm_whose_shares_fell(nlp: Language) -> None:
    findings = run(
        nlp,
        "Tax officials in Jakarta raided the offices of Kopiku on Monday. Kopiku shares fell 8 "
        "percent.",
        "The company said it was cooperating with the investigation.",
    )
    assert name_of(said(findings, "cooperating with the investigation")) == "Kopiku"


def test_he_is_not_the_news_agency_set_beside_its_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "Admiral Tomas Varga returned to Manila on Friday after a week of talks.",
        "Rozana, the state news agency, called him a warmonger on Thursday. Rozana said his "
        "visit had no purpose.",
        '"They try to paint me as a villain, and that is ugly," he said.',
    )
    assert (name_of(said(findings, "paint me as a villain")) or "").endswith("Tomas Varga")
    statement = said(findings, "visit had no purpose")
    assert statement.speaker is not None
    assert statement.speaker.kind == "organization"


# A body every country has, named by its kind (`the military`, `the police`, `the army`), is
# an organisation, never a person, even where the article gives it no name to take


@pytest.mark.parametrize(
    ("paragraph", "words"),
    [
        (
            "Three Canadian soldiers were injured in a vehicle accident in Latvia, the Canadian "
            "military said in a statement on Friday.",
            "vehicle accident in Latvia",
        ),
        (
            "Two men were arrested after the riot in Mombasa, the Kenyan police said on Saturday.",
            "Two men were arrested",
        ),
        (
            "The army said on Monday that it had pulled back from the ridge above Hpakant.",
            "pulled back from the ridge",
        ),
    ],
    ids=["the Canadian military", "the Kenyan police", "the army"],
)
def test_a_body_named_by_its_kind_is_an_organisation(
    nlp: Language, paragraph: str, words: str
) -> None:
    statement = said(run(nlp, paragraph), words)
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.kind) == (None, "organization")


# A body's name the tagger missed, written right after the noun for its kind of body, is the
# body that noun later refers to


@pytest.mark.parametrize(
    ("paragraphs", "words", "name"),
    [
        (
            (
                "The nurses joined the charity Mothers for Safe Births last year.",
                "The charity said the ward had been closed twice.",
            ),
            "ward had been closed",
            "Mothers for Safe Births",
        ),
        (
            (
                "Fishermen in Vigo set up the association Mares Limpios Galicia after the spill.",
                '"We are tired of waiting," the association said in a statement.',
            ),
            "tired of waiting",
            "Mares Limpios Galicia",
        ),
        (
            (
                "Teachers set up the union Educators Against Overcrowding after the strike.",
                '"Forty children in one room is not a class," the union said.',
            ),
            "not a class",
            "Educators Against Overcrowding",
        ),
    ],
    ids=["the charity", "the association", "the union"],
)
def test_a_body_named_after_its_kind_is_the_one_that_kind_refers_to(
    nlp: Language, paragraphs: tuple[str, ...], words: str, name: str
) -> None:
    statement = said(run(nlp, *paragraphs), words)
    assert statement.speaker is not None
    assert (name_of(statement), statement.speaker.kind) == (name, "organization")


def test_a_person_named_after_a_body_noun_stays_a_person(nlp: Language) -> None:
    findings = run(
        nlp, "Last year the company Chief Executive Ruth Adeyemi said profits would fall."
    )
    statement = said(findings, "profits would fall")
    assert statement.speaker is not None
    assert (name_of(statement), statement.speaker.kind) == ("Ruth Adeyemi", "person")
