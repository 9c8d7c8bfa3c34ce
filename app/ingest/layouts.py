"""Extraction stage 6, layout readers: statements that a page's layout attributes, not a
sentence's grammar.

Each reader recognises one way news pages set out who said what, by the shape of paragraphs
rather than by a parse of the sentence, and returns statements like the other stages do
(`RawStatement`s with a speaker mention). Today there is one reader:

- `headline_statements`: a line of the form `Peskov: Moscow open to talks`.

Readers for the other layouts belong here, one function each, run by `extract` after the
others: transcripts (`NAME:` lines, also inside a quoted block), question-and-answer interviews,
round-ups (`Jane Roe, The Daily Planet: “...”`, `“...” ― Jane Roe`) and live-blog bullets.
"""

import re

from app.ingest import gazetteer
from app.ingest.docindex import DocIndex
from app.ingest.document import RawStatement, SpeakerMention
from app.ingest.indirect import MIN_INDIRECT_WORDS, mostly_quoted
from app.ingest.mentions import clean_name, kind_of
from app.ingest.quotemarks import word_count

MAX_HEADLINE_WORDS = 20
_HEADLINE = re.compile(r"((?:[A-Z][\w.&'’-]*\s){0,4}[A-Z][\w.&'’-]*):\s+([A-Z“\"‘'].*)")
"""`Peskov: Moscow open to talks`: up to five capitalised words, a colon, a capitalised line."""


def headline_statements(ix: DocIndex) -> list[RawStatement]:
    """Headline-style attributions, a line of the form `Peskov: Moscow open to talks`:
    the named source before the colon says what follows it. A capitalised label
    (`Q:`, `TRUMP:`, `CORRECTION:`) marks a transcript or a note instead, and a question
    or a long passage after the colon is not a headline."""
    text = ix.text
    results = []
    for lo, hi in ix.paragraphs:
        match = _HEADLINE.match(text, lo, hi)
        if match is None or "\n" in text[lo:hi].strip():
            continue
        name_lo, name_hi = match.span(1)
        words_lo, words_hi = match.start(2), hi
        content = text[words_lo:words_hi].rstrip().rstrip(".")
        if not MIN_INDIRECT_WORDS <= word_count(content) <= MAX_HEADLINE_WORDS:
            continue
        if content.endswith("?") or mostly_quoted(ix, words_lo, hi):
            continue
        if text[name_lo:name_hi].isupper():
            continue
        source = ix.doc.char_span(name_lo, name_hi, alignment_mode="expand")
        if source is None or not any(ix.is_named(t) for t in source):
            continue
        if gazetteer.lookup(source.text) is not None:
            continue
        ent = ix.entity_of(source.root)
        name = clean_name(source.text)
        kind = kind_of(ix, name, ent.label_ if ent is not None else "", None, source.root)
        speaker = SpeakerMention(text=name, start=name_lo, name=name, kind=kind)
        results.append(
            RawStatement(
                text=content,
                kind="indirect",
                start=words_lo,
                end=words_lo + len(content),
                cue=":",
                speaker=speaker,
                context=text[lo:hi].strip(),
            )
        )
    return results
