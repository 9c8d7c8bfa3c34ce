"""The spaCy pipeline, loaded once per process from an installed package (never downloaded)."""

from functools import lru_cache

import spacy
from spacy.language import Language

from app.config import get_settings

MAX_CHARS = 2_000_000


@lru_cache
def load_model(name: str | None = None) -> Language:
    """Load the configured pipeline; all its pipes are used (tagger, parser, lemmas, NER)."""
    model = name or get_settings().spacy_model
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model package '{model}' is not installed; install it with "
            "`pip install --no-deps --require-hashes -r requirements-model.txt`"
        ) from error
    nlp.max_length = MAX_CHARS
    return nlp
