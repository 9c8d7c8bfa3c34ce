"""Find quoted spans in article text from the quotation marks alone (no NLP).

News uses curly marks (“…”), straight marks ("…"), TeX-style marks (``…''), guillemets («…»)
and, in British style, single marks (‘…’). A quote may run to the end of its paragraph
without a closing mark: in multi-paragraph quotes every paragraph opens with a mark and only
the last one closes. Each paragraph's piece is its own span here, flagged `unclosed`, so that
the extractor can carry the speaker from one piece to the next.
"""

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
_WORD = re.compile(r"\w+")
_MARK = re.compile("[“„«”»\"‘’`']")
"""Every character the scan in `_spans_in_paragraph` acts on; it skips the text between."""


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    """Offset of the first character inside the marks."""
    end: int
    """Offset just past the last character inside the marks."""
    open_mark: int
    """Offset of the opening mark."""
    close_mark: int | None
    """Offset of the closing mark, None when the quote runs to the paragraph's end."""

    @property
    def unclosed(self) -> bool:
        return self.close_mark is None

    @property
    def outer_end(self) -> int:
        return self.end if self.close_mark is None else self.close_mark + 1


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of `text`, which are separated by blank lines."""
    bounds = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        if match.group().strip():
            bounds.append((match.start(), match.end()))
    return bounds


def _opens_at(text: str, i: int, width: int = 1) -> bool:
    """A mark at `i` opens a quote when it follows a space or opening punctuation and is
    followed by text: the only way to read straight marks, which look the same both ways."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before.isspace() or before in "([{—–-:;,/") and not after.isspace()


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ between letters (don’t) or after a plural s (voters’) is not a closing quote."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalnum()


def _spans_in_paragraph(text: str, lo: int, hi: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    opened: int | None = None
    kind = ""
    i = lo
    while (mark := _MARK.search(text, i, hi)) is not None:
        i = mark.start()
        ch = text[i]
        if opened is None and (
            text.startswith("``", i) or (text.startswith("''", i) and _opens_at(text, i, 2))
        ):
            opened, kind = i, "tex"
            i += 2
            continue
        if text.startswith("''", i) and opened is not None and kind == "tex":
            spans.append(QuoteSpan(opened + 2, i, opened, i))
            opened = None
            i += 2
            continue
        if opened is None:
            if ch in DOUBLE_OPEN or (ch == '"' and _opens_at(text, i)):
                opened, kind = i, "double"
            elif ch == "‘" and _opens_at(text, i):
                opened, kind = i, "single"
        elif kind == "double" and (ch in DOUBLE_CLOSE or ch == '"'):
            spans.append(QuoteSpan(opened + 1, i, opened, i))
            opened = None
        elif kind == "double" and ch in DOUBLE_OPEN:
            # a second opener before any closer: the first quote was never closed
            spans.append(QuoteSpan(opened + 1, _rstrip(text, opened + 1, i), opened, None))
            opened = i
        elif kind == "single" and ch == "’" and not _is_apostrophe(text, i):
            spans.append(QuoteSpan(opened + 1, i, opened, i))
            opened = None
        i += 1
    if opened is not None:
        width = 2 if kind == "tex" else 1
        end = _rstrip(text, opened + width, hi)
        if kind != "single" and _WORD.search(text, opened + width, end):
            spans.append(QuoteSpan(opened + width, end, opened, None))
    return [s for s in spans if _WORD.search(text, s.start, s.end)]


def _rstrip(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All top-level quoted spans of `text`, in order; nested quotes stay inside their parent."""
    spans: list[QuoteSpan] = []
    for lo, hi in paragraph_bounds(text):
        spans.extend(_spans_in_paragraph(text, lo, hi))
    return spans


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "nor",
        "but",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "into",
        "vs",
        "de",
        "la",
    ]
)
MAX_TITLE_WORDS = 10


def looks_like_title(text: str) -> bool:
    """`"Good Morning America"`, `"Doomed to Succeed"`: every word but the small ones
    capitalised, as in the name of a show, a book or a campaign, not in speech. An
    exclamation or a question is still speech (`"Feel the Bern!"`)."""
    words = re.findall(r"[\w'’.-]+", text)
    if not 2 <= len(words) <= MAX_TITLE_WORDS or text.rstrip()[-1:] in "!?":
        return False
    content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)
