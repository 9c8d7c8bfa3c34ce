"""nlp: pipeline pieces of our own that correct the small model."""

from spacy.tokens import Doc, Span

from app.ingest.nlp import load_model


def person_doc(text: str, person_words: list[int]) -> Doc:
    """The text parsed for real, with PERSON entities set by hand on the given word indices, as
    the small model sometimes tags them."""
    nlp = load_model()
    doc = nlp.make_doc(text)
    for _name, pipe in nlp.pipeline:
        if _name in {"ner", "common_noun_names"}:
            continue
        doc = pipe(doc)
    doc.ents = [Span(doc, i, i + 1, label="PERSON") for i in person_words]
    return doc


def test_common_noun_opening_a_sentence_is_not_a_person() -> None:
    doc = load_model().get_pipe("common_noun_names")(person_doc("Drones hit Sumy at night.", [0]))
    assert [e.text for e in doc.ents] == []


def test_first_names_and_known_surnames_stay_people() -> None:
    pipe = load_model().get_pipe("common_noun_names")
    assert [e.text for e in pipe(person_doc("Richards spoke at noon.", [0])).ents] == ["Richards"]
    doc = person_doc("Ann Baker arrived. Baker spoke at noon.", [1, 4])
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 4, 5, label="PERSON")]
    assert [e.text for e in pipe(doc).ents] == ["Ann Baker", "Baker"]
