"""One parsed article body with the lookups every extraction stage reads.

The stages after the first two (quotation spans, cues) keep asking the same questions of the
parse: is this word quoted, which paragraph and sentences hold this offset, which entity is this
token part of, is it a person's name. `DocIndex` answers them from tables built once per
document, the way spaCy's components read what earlier ones wrote on the `Doc`. It is read-only:
no stage changes it, so the stages can run and be tested alone, in any order their inputs allow.
"""

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import TypeVar
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from app.ingest.lexicon import (
    COURTESY_TITLES,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    ROLE_QUALIFIERS,
    RULER_TITLES,
)
from app.ingest.quotemarks import paragraph_bounds
from app.ingest.quotespans import QuoteSpans

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


@dataclass(frozen=True, eq=False)
class DocIndex:
    """Lookups over one parsed body. Build it with `DocIndex.build`; compared by identity."""

    doc: Doc
    text: str
    tokens: tuple[Token, ...]
    """The doc's tokens, made once: iterating a `Doc` makes every `Token` object anew, and the
    stages walk the whole article several times."""
    ents: tuple[Span, ...]
    """`doc.ents`, read once: each read of it builds every entity span anew."""
    quotes: QuoteSpans
    cues: frozenset[int]
    """Indices of the tokens that are speech cues (`cues.find_cues`)."""
    paragraphs: list[tuple[int, int]]
    paragraph_starts: list[int]
    sentences: list[Span]
    sentence_starts: list[int]
    """Token index where each sentence starts."""
    sentence_end_chars: list[int]
    ent_of_token: dict[int, Span]
    person_surnames: frozenset[str]
    """Surnames of people named in full or with a title, so that a later bare `Devine`
    the tagger calls an organisation, a nationality, a town or nothing is that person."""
    memo: dict[tuple[str, int], object] = field(default_factory=dict, repr=False)
    """Answers of `per_token` readings, by reading and token index (see there)."""

    @classmethod
    def build(cls, doc: Doc, quotes: QuoteSpans, cues: frozenset[int]) -> "DocIndex":
        text = doc_text(doc)
        tokens = tuple(doc)
        ents = tuple(doc.ents)
        paragraphs = paragraph_bounds(text)
        sentences = list(doc.sents)
        surnames = {
            name[-1].text
            for ent in ents
            if ent.label_ == "PERSON" and len(name := _name_words(ent)) >= 2
        } | {
            tokens[token.i + 1].text
            for token in tokens[:-1]
            if token.lower_.rstrip(".") in COURTESY_TITLES and tokens[token.i + 1].pos_ == "PROPN"
        }
        return cls(
            doc=doc,
            text=text,
            tokens=tokens,
            ents=ents,
            quotes=quotes,
            cues=cues,
            paragraphs=paragraphs,
            paragraph_starts=[lo for lo, _hi in paragraphs],
            sentences=sentences,
            sentence_starts=[s.start for s in sentences],
            sentence_end_chars=[s.end_char for s in sentences],
            ent_of_token={i: ent for ent in ents for i in range(ent.start, ent.end)},
            person_surnames=frozenset(surnames),
        )

    # -- positions -------------------------------------------------------------------------

    def in_quote(self, token: Token) -> bool:
        return self.quotes.covers(token.idx)

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding `offset` (a gap between paragraphs goes with the
        one before it); a binary search, since this runs for every candidate cue."""
        return max(0, bisect_right(self.paragraph_starts, offset) - 1)

    def sentence_of(self, token: Token) -> int:
        """Index of the sentence holding `token`."""
        return bisect_right(self.sentence_starts, token.i) - 1

    def sentences_over(self, lo: int, hi: int) -> list[Span]:
        """Sentences overlapping [lo, hi): a binary search, since this runs for every quote."""
        first = bisect_right(self.sentence_end_chars, lo)
        found = []
        for sentence in self.sentences[first:]:
            if sentence.start_char >= hi:
                break
            found.append(sentence)
        return found

    def token_at(self, offset: int) -> Token:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else self.doc[0]

    def in_parentheses(self, token: Token) -> bool:
        """`Hakeem Jeffries (D-N.Y.)`: a party and state tag is not the speaker. A whole
        sentence in parentheses (`(As Dr. Sanjay Gupta noted, ...)`) is an aside, not a tag:
        its words are read as any others."""
        start = self.sentences[self.sentence_of(token)].start_char
        if self.text.find("(", start, token.idx) < 0:
            return False  # most sentences: no slicing, no counting
        before = self.text[start : token.idx].lstrip()
        if before.startswith("("):
            before = before[1:]
        return before.count("(") > before.count(")")

    def context(self, lo: int, hi: int) -> str:
        """The sentences around [lo, hi), kept within its paragraph: what a reader needs to see
        who said it and when."""
        sentences = self.sentences_over(lo, hi)
        if not sentences:
            return self.text[lo:hi]
        start, end = sentences[0].start_char, sentences[-1].end_char
        para_lo, para_hi = self.paragraphs[self.paragraph_of(lo)]
        return self.text[max(start, para_lo) : min(end, para_hi) if end > para_lo else end].strip()

    # -- cues and names --------------------------------------------------------------------

    def is_cue(self, token: Token) -> bool:
        return token.i in self.cues

    def entity_of(self, token: Token) -> Span | None:
        return self.ent_of_token.get(token.i)

    def is_person(self, token: Token) -> bool:
        ent = self.entity_of(token)
        if ent is not None and ent.label_ == "PERSON":
            return True
        return self.is_known_surname(token)

    def is_known_surname(self, token: Token) -> bool:
        """A lone surname of someone named in full elsewhere in the article."""
        if token.text not in self.person_surnames:
            return False
        ent = self.entity_of(token)
        return ent is None or (len(ent) == 1 and ent.label_ not in {"GPE", "LOC"})

    def is_named(self, token: Token) -> bool:
        ent = self.entity_of(token)
        if ent is not None and ent.label_ in NAME_LABELS:
            return True
        return token.pos_ == "PROPN" and token.text[:1].isupper()

    def name_head(self, token: Token) -> Token:
        """The head of the entity `token` is part of, or the token itself."""
        ent = self.entity_of(token)
        return ent.root if ent is not None else token


_TEXTS: "WeakKeyDictionary[Doc, str]" = WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per document: spaCy joins every token's text anew on each read,
    and extraction and topic finding both read the body's. Kept only while the doc lives."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


R = TypeVar("R")


def per_token(reading: Callable[[DocIndex, Token], R]) -> Callable[[DocIndex, Token], R]:
    """Remember what a pure reading of one token of the article answered: the mention table
    reads every entity's name in several passes (names, people, organisations) and attribution
    reads the same subjects again. The answer must depend only on the index and the token (and
    be immutable, as the frozen mentions are), so that a remembered one is the same answer."""
    key = reading.__qualname__

    @wraps(reading)
    def remembered(ix: DocIndex, token: Token) -> R:
        if token.doc is not ix.doc:
            return reading(ix, token)
        found = ix.memo.get((key, token.i), _MISSING)
        if found is _MISSING:
            found = ix.memo[(key, token.i)] = reading(ix, token)
        return found  # type: ignore[return-value]

    return remembered


_MISSING = object()


def _name_words(ent: Span) -> list[Token]:
    """The words of a person's name without a trailing possessive or punctuation the tagger
    took in (`Ford’s`), so that `’s` is never taken for a surname."""
    words = list(ent)
    while words and (words[-1].tag_ == "POS" or not words[-1].text[:1].isalpha()):
        words.pop()
    return words


def is_role_only(words: str) -> bool:
    """Whether a capitalised phrase names a role, not a person: `Minister`, `Federal
    Chancellor`, `Crown Prince`, `Assistant Commissioner of Police`. Every word is a title, a
    role word or a qualifier of one, and at least one is a title or role word."""
    parts = [w.strip(".,’'").lower() for w in words.replace("-", " ").split()]
    parts = [w for w in parts if w]
    roles = PERSON_TITLES | PERSON_ROLE_NOUNS | RULER_TITLES
    return any(w in roles for w in parts) and all(w in roles or w in ROLE_QUALIFIERS for w in parts)
