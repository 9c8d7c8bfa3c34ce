"""The spaCy pipeline, loaded once per process from an installed package (never downloaded)."""

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from app.config import get_settings

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
    return nlp
