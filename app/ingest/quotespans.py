"""Extraction stage 1, quotation spans: where the body quotes someone, and what kind of quote
each span is.

`quotemarks` finds the spans from the marks alone; this stage indexes them once per document so
that every later stage can ask in constant time whether a character is quoted (a word inside
quotation marks is never a cue or a speaker outside them), and tells a whole utterance from a
partial quote or a quoted name. It needs no parse: it runs on the text.
"""

import re
from dataclasses import dataclass

from app.ingest.quotemarks import QuoteSpan, find_quote_spans

_SO_CALLED = re.compile(r"\bso\s*[-‐‑–]?\s*called\s*$", re.IGNORECASE)
"""`the so-called "coalition of the willing"`: a name the writer keeps at a distance (also as
`so called` and a line-broken `so- called`)."""
_SENTENCE_ENDS = ("\n", ":", ".", "?", "!")


@dataclass(frozen=True, eq=False)
class QuoteSpans:
    """The quoted spans of one text, in order, and which span holds each character.

    Compared by identity: there is one per document."""

    spans: tuple[QuoteSpan, ...]
    owner: list[int]
    """For each character offset (and one past the end), the number of the span whose marks
    enclose it, or -1: one list lookup instead of a search per token."""

    def covers(self, offset: int) -> bool:
        """Whether the character at `offset` is inside a quote's marks (the marks included)."""
        return self.owner[offset] >= 0

    def quoted_chars(self, lo: int, hi: int) -> int:
        """How many characters of [lo, hi) are quoted."""
        return sum(1 for i in range(lo, hi) if self.owner[i] >= 0)


def quote_spans(text: str) -> QuoteSpans:
    """The quotation spans of `text`, indexed by character."""
    spans = tuple(find_quote_spans(text))
    owner = [-1] * (len(text) + 1)
    for n, span in enumerate(spans):
        for i in range(span.open_mark, span.outer_end):
            owner[i] = n
    return QuoteSpans(spans, owner)


def is_partial(text: str, span: QuoteSpan) -> bool:
    """A quote that is part of the writer's own sentence rather than the whole utterance."""
    before = text[: span.open_mark].rstrip(" ")
    first = text[span.start : span.start + 1]
    if not before or before.endswith(_SENTENCE_ENDS):
        return False
    if before.endswith((",", "—", "–")) and first.isupper():
        return False
    return first.islower() or before[-1:].isalnum()


def inside_sentence(text: str, span: QuoteSpan) -> bool:
    """Whether the quote opens after words of the writer's sentence, where a capitalised quote is
    more likely the title of a film, a book or a campaign than something said."""
    before = text[: span.open_mark].rstrip(" ")
    return bool(before) and not before.endswith(_SENTENCE_ENDS)


def after_so_called(text: str, span: QuoteSpan) -> bool:
    """`the so-called "..."`: the writer names a thing, nobody is quoted."""
    return _SO_CALLED.search(text, max(0, span.open_mark - 12), span.open_mark) is not None
