"""Extraction stage 6, layout readers: statements that a page's layout attributes, not a
sentence's grammar.

Each reader recognises one way news pages set out who said what, by the shape of paragraphs
rather than by a parse of the sentence, and returns statements like the other stages do
(`RawStatement`s with a speaker mention that `speakers` resolves):

- `transcript_statements`: an interview or hearing transcript, paragraphs that open with a
  speaker label (`MARCHENKO: Almost every plant ...`, `Q: ...` / `A: ...`); the words after
  the label are the speaker's own, a question label's are the interviewer's and are left out;
- `headline_statements`: a single line of the form `Peskov: Moscow open to talks`.

Round-ups (`Jane Roe, The Daily Planet: “...”`, `“...” ― Jane Roe`) give a speaker to a
quotation that `attribution` has found: `roundups` reads them. Live-blog bullets (`• Minister
tells the BBC that ...`) are sentences with a cue and need no reader of their own.
"""

import re
from itertools import pairwise

from app.ingest import gazetteer
from app.ingest.docindex import DocIndex
from app.ingest.document import RawStatement, SpeakerMention
from app.ingest.indirect import MIN_INDIRECT_WORDS, mostly_quoted
from app.ingest.mentions import clean_name, kind_of
from app.ingest.quotemarks import word_count

MAX_HEADLINE_WORDS = 20
MAX_LABEL_WORDS = 4
_LABEL = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}): +(\S)")
"""`MARCHENKO: ...`, `Jane Roe: ...`, `Q: ...`: a paragraph that opens with a speaker label."""
QUESTION_LABELS = frozenset({"q", "question", "interviewer", "host", "moderator"})
ANSWER_LABELS = frozenset({"a", "answer"})
NOTE_LABELS = frozenset(
    {
        "correction",
        "clarification",
        "update",
        "updated",
        "editor's note",
        "editor’s note",
        "note",
        "watch",
        "read more",
        "related",
        "photo",
        "video",
        "source",
        "sources",
        "disclaimer",
        "warning",
        "breaking",
        "live",
        "exclusive",
        "analysis",
        "opinion",
        "listen",
        "see also",
        "also read",
    }
)
"""Capitalised labels that mark a note on the page, not a speaker."""
_LETTERS = re.compile(r"[^\W\d_]")
"""`A: Yes.` is an answer; `Clinton: 1,769.`, without a letter, is a figure in a table."""
MIN_TRANSCRIPT_LABELS = 2
"""A transcript has at least two labelled turns; a single `Name: text` line is a headline."""
MAX_HEADING_WORDS = 5
"""`Jeb Bush: Student loans Some big ideas ...`: how long a section heading glued to the
paragraph after a name label may be."""
SENTENCE_OPENERS = frozenset({"DET", "ADP", "NUM", "PRON", "CCONJ", "SCONJ", "ADV", "AUX"})
"""Word classes that are capitalised mid-line only where a new sentence starts: a heading
with no stop before its paragraph, never a name (`I` aside)."""
_HEADLINE = re.compile(r"((?:[A-Z][\w.&'’-]*\s){0,4}[A-Z][\w.&'’-]*):\s+([A-Z“\"‘'].*)")
"""`Peskov: Moscow open to talks`: up to five capitalised words, a colon, a capitalised line."""


def layout_statements(ix: DocIndex) -> list[RawStatement]:
    """The statements of every layout reader, each paragraph read by one reader at most."""
    transcript = transcript_statements(ix)
    taken = {ix.paragraph_of(s.start) for s in transcript}
    headlines = [s for s in headline_statements(ix) if ix.paragraph_of(s.start) not in taken]
    return transcript + headlines


def transcript_statements(ix: DocIndex) -> list[RawStatement]:
    """The answers of a transcript or interview: paragraphs opening with a speaker label, when
    the article has at least `MIN_TRANSCRIPT_LABELS` of them. A name label speaks for itself
    (`MARCHENKO:` is Marchenko), an answer label (`A:`) for the person the introduction names
    first; a question label's turn is the interviewer's and gives no statement."""
    turns = [turn for lo, hi in ix.paragraphs if (turn := _turn(ix, lo, hi)) is not None]
    if len(turns) < MIN_TRANSCRIPT_LABELS:
        return []
    interviewee = _interviewee(ix, turns[0][0])
    results = []
    for label_lo, label, words_lo, hi in turns:
        kind = label.lower()
        if kind in QUESTION_LABELS:
            continue
        if kind in ANSWER_LABELS:
            speaker = interviewee
        else:
            name = label.title() if label.isupper() else label
            speaker = SpeakerMention(text=name, start=label_lo, name=name, kind="person")
        content = ix.text[words_lo:hi].rstrip()
        if speaker is None or ix.quotes.covers(words_lo):
            continue  # `Peskov: “...”` is a quotation: attribution reads it
        results.append(
            RawStatement(
                text=content,
                kind="direct",
                start=words_lo,
                end=words_lo + len(content),
                cue=":",
                speaker=speaker,
                context=ix.text[label_lo:hi].strip(),
            )
        )
    return results


def _turn(ix: DocIndex, lo: int, hi: int) -> tuple[int, str, int, int] | None:
    """A labelled paragraph as (label start, label, words start, end), or None. A label is a
    question or answer label, or a name in capitals or in the article's people."""
    match = _LABEL.match(ix.text, lo, hi)
    if match is None or "\n" in ix.text[lo:hi].strip():
        return None  # `Jeb Bush: Student loans` over a paragraph is a section heading
    if not _LETTERS.search(ix.text, match.start(2), hi):
        return None  # `Clinton: 1,769.` is a table of figures
    label = match.group(1)
    lowered = label.lower()
    if lowered in NOTE_LABELS or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if glued_heading(ix, match.start(2), hi):
        return None
    if lowered not in QUESTION_LABELS | ANSWER_LABELS and not _speaker_label(ix, label):
        return None
    return lo, label, match.start(2), hi


def glued_heading(ix: DocIndex, lo: int, hi: int) -> bool:
    """`Jeb Bush: Student loans Some big ideas do come to pass.`: a page of sections headed
    `Name: Topic` whose headings lost their line break. A sentence-opening word (`Some`, `On`,
    `Two`) capitalised right after a few words with no stop between starts the paragraph: what
    comes after the label is the writer's section, not the named person's turn."""
    words = ix.doc.char_span(lo, hi, alignment_mode="expand")
    if words is None:
        return False
    head = [t for t in words[: MAX_HEADING_WORDS + 1] if not t.is_space]
    for before, word in pairwise(head):
        named = before.pos_ in {"PROPN", "INTJ"} and before.i > head[0].i
        if not before.is_alpha or named or before.text == "I":
            return False  # punctuation or a name inside it: an ordinary sentence
        opens = word.text[:1].isupper() and word.text != "I" and not word.text.startswith("I'")
        if opens and word.pos_ in SENTENCE_OPENERS:
            return True
    return False


def _speaker_label(ix: DocIndex, label: str) -> bool:
    """`MARCHENKO`, `SEN. WARREN`, `Jane Roe`: a label in capitals, or one whose last word the
    article uses as a name elsewhere (the surname of someone it introduced)."""
    last = label.split()[-1].strip(".")
    if label.isupper():
        return len(last) > 1
    if last in ix.person_surnames:
        return True
    return any(t.text == last and ix.is_named(t) and t.nbor(1).text != ":" for t in ix.doc[:-1])


def _interviewee(ix: DocIndex, first_turn: int) -> SpeakerMention | None:
    """The person an interview's introduction names first: who answers the questions."""
    for ent in ix.ents:
        if ent.start_char >= first_turn:
            break
        if ent.label_ == "PERSON" and len(ent) >= 2:
            name = clean_name(ent.text)
            return SpeakerMention(text=name, start=ent.start_char, name=name, kind="person")
    return None


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
        if glued_heading(ix, words_lo, hi):
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
