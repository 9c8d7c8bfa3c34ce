"""Layout readers for a quote's speaker: round-ups that name who said a quotation by where the
name stands, not by a speech verb.

Round-ups of reactions ("what the papers say", "how the world reacted") set quotes out in two
common shapes, and the grammar of the sentence says nothing about either:

- a lead `Jane Roe, The Daily Planet: “...”`: the person before the comma speaks, the words
  after it (an outlet, a title, a town) only place her, so the name nearest the colon is not
  the speaker;
- a trailer `“...” ― Jane Roe, a farmer`: a dash after the closing mark, then the speaker's
  name closing the paragraph.

A quotation set out alone in its paragraph may also be attributed by the next one, which
points back at it: `“...”` / `Those were the words of Jane Roe, ...`, `The pledge came from
Jane Roe`. `next_paragraph_speaker` reads that when no cue attributes the quote.

`attribution` asks `roundup_speaker` about every quotation before it looks for a cue.
"""

import re

from app.ingest.docindex import DocIndex
from app.ingest.document import SpeakerMention
from app.ingest.lexicon import BACK_POINTING_NOUNS
from app.ingest.mentions import clean_name, kind_of
from app.ingest.quotemarks import QuoteSpan

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|bin|al|la|le|del|dos)){0,4}"
"""Up to five words of a name; lower-case particles may join them (`Ana de Souza`)."""
_TRAILER = re.compile(r"\s*[―—–-]{1,2}\s*(" + _NAME + r")\s*(?:,[^“”\"]{0,80})?\.?\s*$")
"""After a closing mark: a dash, the name, and maybe `, a farmer in Alcácer` to the end."""
_LEAD = re.compile(r"\s*(" + _NAME + r")\s*,\s*[^:“”\"]{1,60}:\s*$")
"""Before an opening mark that starts a paragraph: the name, a comma, what places it, a colon."""


def roundup_speaker(ix: DocIndex, span: QuoteSpan) -> SpeakerMention | None:
    """The speaker a round-up's layout gives this quotation, if it is set out as one."""
    lo, hi = ix.paragraphs[ix.paragraph_of(span.open_mark)]
    after = ix.text[span.outer_end : hi]
    match = _TRAILER.match(after)
    if match is not None:
        return _named(ix, span.outer_end + match.start(1), span.outer_end + match.end(1))
    before = ix.text[lo : span.open_mark]
    match = _LEAD.fullmatch(before)
    if match is None or _has_verb(ix, lo, span.open_mark):
        return None  # `In Paris, the minister said: “...”` is a sentence, not a lead
    return _named(ix, lo + match.start(1), lo + match.end(1))


def _has_verb(ix: DocIndex, lo: int, hi: int) -> bool:
    words = ix.doc.char_span(lo, hi, alignment_mode="contract")
    return words is not None and any(t.pos_ == "VERB" or ix.is_cue(t) for t in words)


def _named(ix: DocIndex, lo: int, hi: int) -> SpeakerMention | None:
    """A speaker mention for the name at [lo, hi), when the parse agrees it is a name."""
    source = ix.doc.char_span(lo, hi, alignment_mode="expand")
    if source is None or source[0].pos_ != "PROPN" or not any(ix.is_named(t) for t in source):
        return None
    ent = ix.entity_of(source.root)
    name = clean_name(source.text)
    kind = kind_of(ix, name, ent.label_ if ent is not None else "", None, source.root)
    return SpeakerMention(text=name, start=lo, name=name, kind=kind)


def next_paragraph_speaker(ix: DocIndex, span: QuoteSpan) -> SpeakerMention | None:
    """`“...”` alone in its paragraph, then `Those were the words of Jane Roe` or `Jane Roe
    made the pledge on Monday`: the first sentence of the next paragraph points back at the
    quote with a definite speech noun and names one person, who said it."""
    para = ix.paragraph_of(span.open_mark)
    lo, hi = ix.paragraphs[para]
    if ix.text[lo : span.open_mark].strip() or ix.text[span.outer_end : hi].strip():
        return None
    if para + 1 >= len(ix.paragraphs):
        return None
    next_lo, next_hi = ix.paragraphs[para + 1]
    sentences = ix.sentences_over(next_lo, next_hi)
    if not sentences or ix.quotes.covers(sentences[0].start_char):
        return None
    first = sentences[0]
    pointing = any(
        t.lemma_.lower() in BACK_POINTING_NOUNS
        and any(
            c.dep_ == "det" and c.lower_ in {"the", "those", "that", "these", "this"}
            for c in t.children
        )
        for t in first
    )
    people = {ent.text: ent for ent in first.ents if ent.label_ == "PERSON"}
    if not pointing or len(people) != 1:
        return None
    [ent] = people.values()
    return _named(ix, ent.start_char, ent.end_char)
