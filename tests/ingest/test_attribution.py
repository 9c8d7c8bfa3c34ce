"""Who said it: descriptions, pronouns and inverted cues resolved on invented articles.

Each test runs the real spaCy model and `extract` over a small article written for it, in
the layouts and name cultures news uses, and asserts on the speaker the pipeline reports:
the name when the article names the one meant, the words as written when it does not (never a
role word, a description or a pronoun as a name).
"""

import pytest
from spacy.language import Language

from app.ingest.nlp import load_model
from tests.ingest.extracting import name_of, run, said


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


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


# Class 3: a title is a role, never a name; names keep their particles and hyphens


def test_a_title_alone_is_the_person_the_article_named_with_it(nlp: Language) -> None:
    findings = run(
        nlp,
        "Federal Chancellor Olaf Brandt arrived in Brussels late on Thursday.",
        '"Europe must act together," the Federal Chancellor said.',
    )
    statement = said(findings, "act together")
    assert name_of(statement) == "Olaf Brandt"
    assert statement.speaker is not None and statement.speaker.text == "Federal Chancellor"


def test_a_role_word_with_no_holder_is_never_a_name(nlp: Language) -> None:
    findings = run(
        nlp,
        '"We are ready," Minister said on Monday, speaking to reporters in Lisbon.',
        "The hospitals reopened on Tuesday.",
    )
    statement = said(findings, "We are ready")
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.text) == (None, "Minister")
    assert all(n.name != "Minister" for n in findings.names)


def test_a_long_title_before_a_name_is_its_role(nlp: Language) -> None:
    findings = run(
        nlp,
        "Dozens of fans waited outside the stadium in Doha on Sunday.",
        '"We welcome every guest," said Assistant Commissioner of Police Majid al-Rashid.',
    )
    statement = said(findings, "every guest")
    assert statement.speaker is not None
    assert statement.speaker.name == "Majid al-Rashid"
    assert statement.speaker.role == "Assistant Commissioner of Police"


def test_particles_belong_to_the_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "European Commission President Ursula von der Leyen met farmers in Brussels.",
        '"We have the tools," von der Leyen said.',
        "Crown Prince Sheikh Khalid bin Hamad Al Thani opened the forum in Doha on Sunday.",
        '"The region needs patience," the Crown Prince said.',
    )
    tools = said(findings, "have the tools")
    assert tools.speaker is not None
    assert (tools.speaker.name, tools.speaker.kind) == ("von der Leyen", "person")
    assert name_of(said(findings, "needs patience")) == "Khalid bin Hamad Al Thani"


def test_a_hyphenated_surname_is_one_person(nlp: Language) -> None:
    findings = run(
        nlp,
        "Health Minister Ana Ferreira-Gonçalves visited the hospital in Porto.",
        '"The hospitals have what they need," Ferreira-Gonçalves said.',
    )
    statement = said(findings, "have what they need")
    assert statement.speaker is not None
    assert statement.speaker.name in {"Ana Ferreira-Gonçalves", "Ferreira-Gonçalves"}
    assert statement.speaker.kind == "person"


# Class 5: pronouns


def test_a_pronoun_after_a_possessive_name_finds_the_woman_named(nlp: Language) -> None:
    findings = run(
        nlp,
        "The novelist Hanna Virtanen’s first book sold poorly. Critics called Virtanen’s "
        "second book her best.",
        "“You only see the tenth of the iceberg that is above the water,” she said.",
    )
    assert name_of(said(findings, "tenth of the iceberg")) == "Hanna Virtanen"


def test_a_quote_after_her_own_cue_is_not_given_to_a_later_writer(nlp: Language) -> None:
    findings = run(
        nlp,
        "Two months later Tomasz Nowak died at home. Elise Marchetti found him. “He looked a "
        "little surprised,” she wrote in an email. “Not pained. Which was some comfort.” "
        "Although he had written a will, it was never signed.",
    )
    assert name_of(said(findings, "Not pained")) == "Elise Marchetti"


def test_it_in_a_statement_is_the_organisation_not_a_person(nlp: Language) -> None:
    findings = run(
        nlp,
        "Jakarta Water Authority cut supplies to three districts on Monday.",
        '"Supplies will return by Friday," it said in a statement.',
    )
    statement = said(findings, "return by Friday")
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.kind) == (
        "Jakarta Water Authority",
        "organization",
    )


def test_a_pronoun_is_never_a_speaker_name(nlp: Language) -> None:
    findings = run(
        nlp,
        '"They will come back," she said. "We will be waiting," he added.',
        '"It is over," they said.',
    )
    pronouns = {"he", "she", "they", "it", "i", "we"}
    for statement in findings.statements:
        assert statement.speaker is not None
        assert (statement.speaker.name or "").lower() not in pronouns


# Class 10: inverted cues after a question or a long subject


def test_inverted_cue_after_a_question(nlp: Language) -> None:
    findings = run(
        nlp,
        "Opposition leaders demanded a recount after the vote in Seoul.",
        '"Is the result really so?" asked Yoon Seo-yeon, the party\'s floor leader, on Tuesday.',
    )
    assert name_of(said(findings, "really so")) == "Yoon Seo-yeon"


def test_inverted_cue_with_a_role_then_a_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "Paris will host the summit in June.",
        '"We will not accept any delay," announced the government\'s spokesman, Olivier Martin, '
        "on Monday.",
    )
    assert name_of(said(findings, "any delay")) == "Olivier Martin"


def test_inverted_cue_with_a_long_role_before_the_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "The floods have displaced thousands in the north.",
        '"The water came at night and took everything," said the head of the regional disaster '
        "agency, Nomvula Dlamini.",
    )
    statement = said(findings, "took everything")
    assert name_of(statement) == "Nomvula Dlamini"


def test_a_name_after_a_relational_role_is_someone_else(nlp: Language) -> None:
    findings = run(
        nlp,
        "The court upheld the verdict on Friday.",
        '"We will appeal," said a spokesman for the prime minister, Kwabena Asante.',
        '"It is over," said the wife of the former president, John Mahama.',
    )
    assert name_of(said(findings, "will appeal")) is None
    assert name_of(said(findings, "It is over")) is None


def test_a_name_after_a_comma_is_the_relative_it_describes(nlp: Language) -> None:
    findings = run(
        nlp,
        "Diego Alvarez Castro grew up in Rosario, the eldest of four children.",
        "According to his aunt, Lucía Ferreyra, “He was reading newspapers before he could "
        "ride a bicycle.”",
    )
    assert name_of(said(findings, "reading newspapers")) == "Lucía Ferreyra"


def test_the_company_behind_a_hyphenated_adverb_is_still_the_subject(nlp: Language) -> None:
    findings = run(
        nlp,
        "Soundwave Records was accused on Thursday of blocking the release of the album.",
        "The company flat-out denied the allegations in a statement posted to its website.",
        '"At no point did we block anything," the statement said.',
    )
    statement = said(findings, "At no point")
    assert statement.speaker is not None
    assert (statement.speaker.name, statement.speaker.kind) == ("Soundwave Records", "organization")


def test_he_never_means_an_organisation(nlp: Language) -> None:
    findings = run(
        nlp,
        "Dick Harlow Productions signed the band in 2019.",
        '"I never signed anything with them," he said.',
    )
    statement = said(findings, "never signed")
    assert name_of(statement) != "Dick Harlow Productions"


def test_a_person_whose_first_name_is_unfamiliar_is_still_he(nlp: Language) -> None:
    findings = run(
        nlp,
        "Michael Osei and Kwabena Darko were charged on Monday with falsifying records.",
        "Kwabena Darko, who represents Osei, said his client would not accept a plea deal. He "
        "said a guilty plea would “ruin his life.”",
    )
    assert name_of(said(findings, "ruin his life")) == "Kwabena Darko"


def test_an_untagged_name_with_a_relative_who_is_a_person(nlp: Language) -> None:
    findings = run(
        nlp,
        "The shelter on Pier Road opened its doors at dawn.",
        'Montrell Figueroa-Baptiste, who runs the shelter, said: "We have never seen a winter '
        'like this."',
    )
    statement = said(findings, "never seen a winter")
    assert statement.speaker is not None and statement.speaker.kind == "person"


def test_two_women_in_one_sentence_stay_apart(nlp: Language) -> None:
    findings = run(
        nlp,
        "Amina Yusuf promised she would not return to the board unless she could meet its "
        "chairwoman, Grace Obi, in person.",
        '"I will wait as long as it takes," she said.',
        'Obi declined. "My door has always been open," Obi said. "Nothing has changed," she added.',
    )
    assert name_of(said(findings, "as long as it takes")) == "Amina Yusuf"
    assert name_of(said(findings, "Nothing has changed")) == "Grace Obi"


def test_a_description_set_beside_a_name_is_found_later(nlp: Language) -> None:
    findings = run(
        nlp,
        "The suspect, Rustam Nazarov, was sentenced to life in prison on Thursday.",
        "Officers found a second man, Ilya Petrov, at the hotel.",
        "The suspect told officers that he needed to get dressed.",
    )
    assert name_of(said(findings, "get dressed")) == "Rustam Nazarov"


def test_an_object_pronoun_never_means_its_own_clause_subject(nlp: Language) -> None:
    findings = run(
        nlp,
        "Senator Nomvula Khumalo has always said the system was secure.",
        "President Mbeki backed her up in an interview last October. “I don't think it posed a "
        "security problem,” he said.",
    )
    assert name_of(said(findings, "security problem")) == "Mbeki"


def test_an_unresolved_description_is_kept_without_its_relative_clause(nlp: Language) -> None:
    findings = run(
        nlp,
        "Officials said the call came on March 21.",
        'The staff member who took the call recalled that the man said, "I will come back."',
    )
    statement = said(findings, "come back")
    assert statement.speaker is not None
    assert "who" not in statement.speaker.text.split()


def test_the_nato_chief_is_the_person_named_with_nato(nlp: Language) -> None:
    findings = run(
        nlp,
        "NATO Secretary General Jens Stoltenberg met defence ministers in Brussels on Thursday. "
        "Finnish President Sauli Niinisto welcomed the talks.",
        '"We will not be divided," the NATO chief said.',
    )
    assert name_of(said(findings, "not be divided")) == "Jens Stoltenberg"


# Class 6: a cue between two quotes of one paragraph tells who says both


def test_a_quote_after_said_is_not_given_to_the_next_colon_cue(nlp: Language) -> None:
    findings = run(
        nlp,
        "Both songwriters, Kofi Boateng and Ama Serwaa, had written for television before. "
        "“It’s a totally different muscle,” Serwaa said. “You have to take yourself out of it "
        "a little bit.” Boateng agreed: “It’s a different job altogether.”",
    )
    assert name_of(said(findings, "take yourself out")) == "Serwaa"
    assert name_of(said(findings, "different job")) == "Boateng"


def test_a_quote_after_she_said_is_not_given_to_a_later_asker(nlp: Language) -> None:
    findings = run(
        nlp,
        "The novelist Hanna Virtanen explained the method to me over lunch in Turku. “You only "
        "see the tip of the iceberg,” she said. “It makes the book dense in a powerful way.” "
        "When his editors would ask him to explain himself, he would refuse.",
    )
    assert name_of(said(findings, "dense in a powerful")) == "Hanna Virtanen"


def test_a_quote_after_wrote_is_not_given_to_the_next_reporter(nlp: Language) -> None:
    findings = run(
        nlp,
        "Rahul Mehta and his sister Priya Nair answered our questions by email.",
        "“I visited him in Pune once,” Mehta wrote. “We went to an old restaurant near the "
        "station.” Nair added that their father had written to him every year.",
    )
    assert name_of(said(findings, "old restaurant")) in {"Mehta", "Rahul Mehta"}


def test_a_quote_with_its_own_cue_after_another_keeps_its_own(nlp: Language) -> None:
    findings = run(
        nlp,
        "“We are ready,” Yuki Tanaka said. “We are not,” said Hiroshi Sato, the coach of the "
        "rival team.",
    )
    assert name_of(said(findings, "We are not")) == "Hiroshi Sato"


# Class 10: an inverted cue before a description and the name set beside it


def test_an_inverted_cue_with_a_role_then_a_name_is_the_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "“We will appeal,” Carlos Ibarra said. “The ruling is wrong,” added his lawyer, "
        "Lucía Fernández.",
    )
    assert name_of(said(findings, "ruling is wrong")) == "Lucía Fernández"


def test_an_inverted_cue_with_a_spokeswoman_then_her_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "Hanoi will reopen its schools on Monday. “Every pupil will be tested,” added the "
        "ministry’s deputy spokeswoman, Nguyen Thi Lan.",
    )
    assert name_of(said(findings, "pupil will be tested")) == "Nguyen Thi Lan"


def test_an_inverted_cue_with_a_long_role_then_a_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "The club lost again on Saturday. “We have no excuses,” replied its long-serving "
        "chairman, Bongani Dlamini, after the match.",
    )
    assert name_of(said(findings, "no excuses")) == "Bongani Dlamini"


# A name right after `said` that opens the reported clause is what was said about


def test_a_company_after_but_said_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Maria Kowalska runs the launch programme at Orbita Works. She gave no date for crewed "
        "flights, but said Orbita would fly the rocket “a lot” before carrying people.",
    )
    statement = said(findings, "a lot")
    assert statement.speaker is not None and statement.speaker.name != "Orbita"


def test_a_minister_after_and_said_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Union leader Sipho Ndlovu spoke for an hour on Friday and said Minister Thandi Zulu "
        "had “betrayed” the workers.",
    )
    statement = said(findings, "betrayed")
    assert name_of(statement) != "Thandi Zulu"


def test_a_country_after_said_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Foreign Minister Amara Diallo spoke in Dakar on Monday and said Ghana had been "
        "“a true partner” in the talks.",
    )
    assert name_of(said(findings, "true partner")) == "Amara Diallo"


def test_an_inverted_name_after_a_quote_still_speaks(nlp: Language) -> None:
    findings = run(nlp, "“The harvest is late this year,” said Will Tjernlund, a farmer near Ames.")
    assert name_of(said(findings, "harvest is late")) == "Will Tjernlund"


# A pronoun's cue right before a quote inside someone else's report: the quote is the pronoun's


def test_his_words_inside_the_office_report_are_his(nlp: Language) -> None:
    findings = run(
        nlp,
        "Patrick Doyle, 55, pleaded guilty on Monday to threatening a member of Congress.",
        "During the call, he asked about her office, called her a “traitor” and said, “someone "
        "should deal with her for good,” the prosecutor’s office said.",
    )
    assert name_of(said(findings, "deal with her for good")) == "Patrick Doyle"


def test_her_words_inside_the_police_report_are_hers(nlp: Language) -> None:
    findings = run(
        nlp,
        "Aiko Yamamoto was arrested at Narita airport on Tuesday.",
        "At the gate she shouted at staff and said, “I will not board this plane,” police said.",
    )
    assert name_of(said(findings, "not board this plane")) == "Aiko Yamamoto"


def test_his_words_inside_the_court_report_are_his(nlp: Language) -> None:
    findings = run(
        nlp,
        "Rashid Karimov, a former bank manager, went on trial in Tashkent on Wednesday.",
        "He told the clerk he was innocent and said, “I have never taken a single sum from "
        "anyone,” the court heard.",
    )
    assert name_of(said(findings, "single sum")) == "Rashid Karimov"


def test_a_report_with_no_inner_cue_stays_the_reporters(nlp: Language) -> None:
    findings = run(
        nlp,
        "Omar Haddad was released on bail on Friday.",
        "“The evidence against him is overwhelming,” the prosecutor’s office said.",
    )
    statement = said(findings, "evidence against him")
    assert statement.speaker is not None and statement.speaker.text == "prosecutor’s office"


# A connective (`That said,`) is no one's speech cue


def test_that_said_is_not_the_cue_of_the_agency_after_it(nlp: Language) -> None:
    findings = run(
        nlp,
        "Seizures at the border rose last year. That said, the agency says the northern "
        "crossing “remains the main entry point for heroin into the country.”",
    )
    statement = said(findings, "main entry point")
    assert statement.cue == "says"


def test_having_said_that_is_not_a_cue(nlp: Language) -> None:
    findings = run(
        nlp,
        "“We will win on Sunday,” coach Dimitri Papadakis said. Having said that, the "
        "captain, Nikos Georgiou, admitted the final “will be very hard.”",
    )
    assert name_of(said(findings, "very hard")) == "Nikos Georgiou"


def test_needless_to_say_is_not_a_cue(nlp: Language) -> None:
    findings = run(
        nlp,
        "The dam burst on Tuesday night. Needless to say, the villagers of Kampong Baru told "
        "reporters that “nobody warned us about anything.”",
    )
    statement = said(findings, "nobody warned us")
    assert statement.cue is not None and "say" not in statement.cue


# A body's initials before a titled name qualify the title: the person speaks


def test_the_person_after_a_bodys_initials_and_title_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "In a letter calling for the hearing, CPUC President Marybel Okafor said that “losing "
        "service is not an inconvenience, it endangers lives.”",
    )
    assert name_of(said(findings, "endangers lives")) == "Marybel Okafor"


def test_the_person_after_an_agencys_initials_and_role_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "At a briefing in Geneva, WHO spokesman Tarik Jasarevic said the outbreak was "
        "“still far from over.”",
    )
    assert name_of(said(findings, "far from over")) == "Tarik Jasarevic"


def test_the_person_after_a_partys_initials_and_title_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "After the vote, ANC Secretary-General Fikile Mbalula told reporters: “We accept the "
        "result and we will listen to the voters.”",
    )
    assert name_of(said(findings, "accept the result")) == "Fikile Mbalula"


# A colon after the writer's own words, naming no one, carries on the voice quoted before


def test_a_realization_after_a_colon_is_the_previous_speakers(nlp: Language) -> None:
    findings = run(
        nlp,
        "Ingrid Solberg approached the song as if it were a character. “I fought to get the "
        "full script,” she said. “I needed to see the whole story.”",
        "That process led to a realization: “It was a love song from a daughter to her mother "
        "and to her city.”",
    )
    assert name_of(said(findings, "love song from a daughter")) == "Ingrid Solberg"


def test_a_conclusion_after_a_colon_in_the_same_paragraph_is_the_speakers(
    nlp: Language,
) -> None:
    findings = run(
        nlp,
        "“We lost the first two seasons to drought,” Juma Otieno said of his farm near Kisumu. "
        "The third year brought a lesson: “You plant what the river allows, not what the "
        "market wants.”",
    )
    assert name_of(said(findings, "river allows")) == "Juma Otieno"


def test_a_lesson_after_a_colon_opening_a_paragraph_is_the_speakers(nlp: Language) -> None:
    findings = run(
        nlp,
        "“I came to Berlin with one suitcase,” Oksana Melnyk said of her first winter.",
        "The years of night shifts brought one lesson: “You never wait for anyone to give you a "
        "chance, you take it.”",
    )
    assert name_of(said(findings, "give you a chance")) == "Oksana Melnyk"


def test_a_colon_after_a_named_person_still_gives_that_person(nlp: Language) -> None:
    findings = run(
        nlp,
        "“We will rebuild the school,” Mayor Elif Demir said on Monday.",
        "Her deputy, Kerem Aydin, had a warning: “There is no money for it this year, and "
        "maybe not next year either.”",
    )
    assert name_of(said(findings, "no money for it")) == "Kerem Aydin"


def test_an_inverted_name_before_a_participle_still_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "“I am better with my hands than with my head,” said Thabo Nkosi, half joking. He has "
        "worked at the plant for 24 years.",
    )
    assert name_of(said(findings, "better with my hands")) == "Thabo Nkosi"


# A subject set off by an apposition, whose verb the parser took for a modifier, still speaks


def test_a_group_named_in_apposition_that_sent_a_letter_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "Hundreds of cleaners will lose their jobs, according to a group of employees. The "
        "group, Cleaners United, formed in recent weeks and sent a letter to management this "
        "month stating that they “don’t want to be defined by the greed of the company.”",
    )
    assert name_of(said(findings, "greed of the company")) == "Cleaners United"


def test_a_union_named_in_apposition_that_wrote_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "Dock workers in Santos stopped work on Monday. The union, the Santos Dockers Alliance, "
        "organised the strike and published a statement saying that “the port cannot run on "
        "promises.”",
    )
    statement = said(findings, "run on promises")
    assert statement.speaker is not None and statement.speaker.kind == "organization"
    assert statement.speaker.name == "Santos Dockers Alliance"


def test_a_person_named_in_apposition_who_answered_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "The mayor’s office did not reply. Her deputy, Sun Li, called back on Tuesday and said "
        "that the plan was “finished, and everyone knows it.”",
    )
    assert name_of(said(findings, "everyone knows it")) == "Sun Li"


# The sentence after a quote points back at it and names who said it


def test_the_warning_came_from_the_person_named_after_the_quote(nlp: Language) -> None:
    findings = run(
        nlp,
        "Storms closed the coast road again on Sunday.",
        "“The harbour will stay closed until Friday.” The warning came from port director "
        "Lars Eriksson.",
    )
    assert name_of(said(findings, "harbour will stay closed")) == "Lars Eriksson"


def test_those_were_the_words_of_the_person_named_after_the_quote(nlp: Language) -> None:
    findings = run(
        nlp,
        "“We will not pay a single cent more.” Those were the words of Maria Gonzalez, the mayor "
        "of the town, on Tuesday.",
    )
    assert name_of(said(findings, "single cent more")) == "Maria Gonzalez"


def test_the_pledge_was_made_by_the_person_named_after_the_quote(nlp: Language) -> None:
    findings = run(
        nlp,
        "Floods destroyed 4,000 homes in the delta this month.",
        "“We will rebuild every house before the rains return.” The pledge was made by Nguyen "
        "Van Hai, the provincial governor, on a visit to the flooded villages.",
    )
    assert name_of(said(findings, "rebuild every house")) == "Nguyen Van Hai"


def test_a_sentence_that_does_not_point_back_names_no_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "“The harbour will stay closed until Friday.” The ferry from Tallinn carried Lars "
        "Eriksson and his family.",
    )
    assert name_of(said(findings, "harbour will stay closed")) != "Lars Eriksson"


# Class 10: inverted and interrupted cues whose speaker the parse hangs elsewhere


def test_a_name_in_a_when_clause_after_the_cue_does_not_speak(nlp: Language) -> None:
    findings = run(
        nlp,
        "Ayumi Sato thanked the volunteer Kenji Mori at a rally in Osaka on Sunday.",
        "“Great worker, a great worker this man,” Sato, the party's candidate in the district "
        "and current favourite in the local polls by a wide margin after winning the primary, "
        "said when Mori handed her the flowers.",
    )
    assert name_of(said(findings, "Great worker")) == "Sato"


def test_a_name_in_an_as_clause_after_the_cue_does_not_speak(nlp: Language) -> None:
    findings = run(
        nlp,
        "Coach Mikael Lindqvist praised his goalkeeper Johan Berg after the final in Malmö.",
        "“Brilliant keeper, brilliant keeper this guy,” Lindqvist, the 2018 champion nationally "
        "and current leader of the league by nine points after winning the derby, said as Berg "
        "signed autographs.",
    )
    assert name_of(said(findings, "Brilliant keeper")) == "Lindqvist"


def test_a_name_in_a_clause_after_a_long_apposition_never_speaks(nlp: Language) -> None:
    findings = run(
        nlp,
        "Lionel Dupont praised the young striker Kofi Mensah at a press conference in Lyon.",
        "“Very good player, very good player this boy,” Dupont, the 2019 league champion "
        "nationally and current leader in the French table by a wide margin after winning the "
        "cup, said when Mensah asked him a question.",
    )
    assert name_of(said(findings, "Very good player")) != "Kofi Mensah"


def test_the_ambassador_at_the_time_is_the_person_named_after_the_comma(nlp: Language) -> None:
    findings = run(
        nlp,
        "Luiz Carvalho won the vote in 1998. Roberto Lima ran the party's campaign.",
        "“The campaign has no money left and no plan,” wrote the American consul at the time, "
        "Susan M. Park.",
    )
    assert name_of(said(findings, "no money left")) == "Susan M. Park"


def test_the_envoy_at_the_time_is_not_the_person_the_passage_is_about(nlp: Language) -> None:
    findings = run(
        nlp,
        "The cables describe a tense year. Viktor Pavlenko led the opposition then.",
        "“The party is working to change its image from that of a club for oligarchs into a "
        "real party,” wrote the French ambassador at the time, Claire B. Laurent.",
    )
    assert name_of(said(findings, "change its image")) == "Claire B. Laurent"


def test_the_envoy_in_those_years_is_the_person_named_after_the_comma(nlp: Language) -> None:
    findings = run(
        nlp,
        "Rahul Verma led the protests in 2011. Sunita Rao ran the strike committee.",
        "“The movement has no leaders, only loud voices,” wrote the Japanese envoy at the time, "
        "Hiroshi T. Ono.",
    )
    assert name_of(said(findings, "no leaders")) == "Hiroshi T. Ono"


def test_a_role_after_an_inverted_cue_with_no_name_stays_a_role(nlp: Language) -> None:
    findings = run(
        nlp,
        "The harbour has been closed since March.",
        "“The harbour reopens on Monday,” said the port director at the time, adding that "
        "Erik Dahl would inspect it.",
    )
    statement = said(findings, "reopens on Monday")
    assert name_of(statement) != "Erik Dahl"


# Class 3: a short title with a full stop is never the speaker; the name after it is


def test_a_captains_abbreviated_title_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "The strikes were not widely supported among those with direct experience.",
        "\"I don't see how the attack would cause us to change our operations. We're already "
        "at war with the militia, and are already working to speed up that campaign wherever "
        'we can," said Defence Ministry spokesman Navy Capt. Ravi Menon, who was asked about a '
        "new strategy.",
    )
    assert name_of(said(findings, "change our operations")) == "Ravi Menon"


def test_two_abbreviated_military_titles_lead_to_the_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "The order surprised the troops in the north.",
        '"Nothing has changed on the ground, and nothing will change this week," said army '
        "spokesman Brig. Gen. Samuel Okello, who was asked about the order.",
    )
    assert name_of(said(findings, "Nothing has changed")) == "Samuel Okello"


def test_a_police_superintendents_abbreviated_title_is_not_a_name(nlp: Language) -> None:
    findings = run(
        nlp,
        "The border stayed closed on Friday.",
        '"We have no reason to open it, and we will not open it this month," said police '
        "spokesman Supt. Anil Kumar, who was asked about the queues.",
    )
    assert name_of(said(findings, "no reason to open")) == "Anil Kumar"


# Class 6: a scene set before a colon (a channel, a town, a day) names no speaker


def test_a_channel_before_a_colon_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Foreign Minister Amal Haddad spoke to reporters in Beirut in June. "
        '"We will never accept a partial ceasefire," she said.',
        'Then, later that month on Al Jazeera: "We have never ruled out a partial ceasefire."',
    )
    assert name_of(said(findings, "never ruled out")) == "Amal Haddad"


def test_a_town_and_a_day_before_a_colon_are_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Kwame Boateng has campaigned for two months. "
        '"The north will vote for change," he told supporters.',
        'At the final rally in Kumasi on Saturday: "The whole country will vote for change."',
    )
    assert name_of(said(findings, "whole country")) == "Kwame Boateng"


def test_a_city_before_a_colon_is_not_an_organisation_speaking(nlp: Language) -> None:
    findings = run(
        nlp,
        'Anna Kowalczyk toured the shipyards in May. "We will keep every yard open," she said.',
        'And later in Gdansk: "Some yards will have to close, and I will not hide it."',
    )
    statement = said(findings, "Some yards will have to close")
    assert name_of(statement) == "Anna Kowalczyk"
    assert statement.speaker is not None and statement.speaker.kind == "person"


def test_a_message_from_a_named_person_before_a_colon_is_theirs(nlp: Language) -> None:
    findings = run(
        nlp,
        "The club confirmed the transfer on Tuesday.",
        'A message from Tomás Ferreira on the club website: "I will always love this city."',
    )
    assert name_of(said(findings, "always love this city")) == "Tomás Ferreira"


# Class 5: an empty `it` never owns the participle of a person's clause


def test_saying_after_an_empty_it_clause_is_the_persons_who_echoed(nlp: Language) -> None:
    findings = run(
        nlp,
        "It was a potent one-two punch by the two most prominent women in the party, as Mrs. "
        "Okafor echoed the criticism, saying Mr. Bello ''reminds us every day that he's not in "
        "it for the people'' and Ms. Adeyemi, she said, ''exposes him for what he is.''",
    )
    statement = said(findings, "reminds us every day")
    assert name_of(statement) == "Okafor"
    assert statement.speaker is not None and statement.speaker.kind == "person"


def test_saying_after_an_empty_it_clause_is_not_an_organisation(nlp: Language) -> None:
    findings = run(
        nlp,
        "It was a powerful double act by the two best known mayors in the region, as Mrs. "
        "Moreau echoed the attack, saying Mr. Girard ''ignores every day that he serves the "
        "towns'' and Mrs. Blanc, she said, ''holds him to account.''",
    )
    assert name_of(said(findings, "ignores every day")) == "Moreau"


def test_saying_after_an_empty_it_clause_is_the_judges_who_repeated(nlp: Language) -> None:
    findings = run(
        nlp,
        "It was a sharp rebuke from the two senior judges on the panel, as Justice Wanjiru "
        "Kamau repeated the warning, saying the law ''cannot be bent to suit the powerful'' and "
        "that the court would not retreat.",
    )
    assert name_of(said(findings, "cannot be bent")) == "Wanjiru Kamau"


# Class 10: the one described (`described X as “...”`) never speaks the description


def test_the_one_described_as_a_liar_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Chinedu Eze spoke at the rally. Okonkwo campaigned across the north.",
        "Eze, who has in the past described Okonkwo as “a pathological narcissistic liar” and "
        "“a narcissistic fraud” whose rule “will lead to ruin or worse,” clearly intended the "
        "crowd to “see” Okonkwo in that verse.",
    )
    for words in ("pathological narcissistic liar", "narcissistic fraud", "lead to ruin"):
        assert name_of(said(findings, words)) == "Eze"


def test_the_one_described_as_a_danger_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Marina Souza spoke in Recife on Sunday. Paulo Ribeiro governs the state.",
        "Souza, who has in the past described Ribeiro as “a danger to the republic” and “a "
        "cynical populist” whose government “will end in disaster,” urged voters to stay home.",
    )
    assert name_of(said(findings, "danger to the republic")) in {"Souza", "Marina Souza"}


def test_the_one_described_as_a_psychopath_is_not_the_speaker(nlp: Language) -> None:
    findings = run(
        nlp,
        "Lars Holm spoke in Bergen on Friday. Anders Lie leads the government.",
        "Holm, who has in the past described Lie as “a pathological narcissistic sociopath” and "
        "“a narcissistic psychopath” whose government “will lead to chaos or worse,” clearly "
        "intended the voters to “recognize” Lie in that passage.",
    )
    assert name_of(said(findings, "narcissistic psychopath")) in {"Holm", "Lars Holm"}
