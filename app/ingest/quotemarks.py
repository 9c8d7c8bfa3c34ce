"""Find quoted spans in article text from the quotation marks alone (no NLP).

News uses curly marks (“…”), straight marks ("…"), TeX-style marks (``…''), guillemets in the
French and Russian way («…», often with spaces inside) and the German way (»…«), low openers
(„…“ in German, „…” in Polish, ‚…‘), and in British style single marks (‘…’, '…'). Scraped
text mixes them: a quote opened with “ may close with '' or ", a mark may be missing. The
marks are read by their position, the only way to tell an opener from a closer when both look
the same: an opener follows a space and touches the word after it, a closer touches the word
before it.

A quote may run to the end of its paragraph without a closing mark: in multi-paragraph quotes
every paragraph opens with a mark and only the last one closes. Each paragraph's piece is its
own span here, flagged `unclosed`, so that the extractor can carry the speaker from one piece
to the next. Quotes inside a quote stay inside their parent: only top-level spans are found.
"""

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_MARK = re.compile("[“”„«»‹›\"‘’‚`']")
"""Every character the scan in `_scan_paragraph` acts on; it skips the text between."""

DOUBLE_CLOSERS = frozenset({"”", '"', "''", "“", "’’"})
"""What may close a quote opened with “, ", `` or '': scraped text mixes them (“…'', "…”,
“…’’ where a feed curled a closing '')."""
SINGLE_CLOSERS = frozenset({"’", "'", "’’"})
CLOSERS: dict[str, frozenset[str]] = {
    "“": DOUBLE_CLOSERS,
    '"': DOUBLE_CLOSERS,
    "``": DOUBLE_CLOSERS,
    "''": DOUBLE_CLOSERS,
    "”": DOUBLE_CLOSERS,
    "„": frozenset({"“", "”", '"'}),
    "«": frozenset({"»"}),
    "»": frozenset({"«"}),
    "‘": SINGLE_CLOSERS,
    "'": SINGLE_CLOSERS,
    "`": SINGLE_CLOSERS,
    "‚": frozenset({"‘", "’"}),
    "‹": frozenset({"›"}),
    "›": frozenset({"‹"}),
}
"""Each opening mark and the marks that may close it. Guillemets close only with their own
pair, so that the „…“ or “…” nested in a Russian or French «…» are skipped."""
SINGLE_OPENERS = frozenset({"‘", "'", "`", "‚", "‹", "›"})
ORPHAN_CLOSERS = frozenset({"”", '"', "''", "»", "“"})
"""Closing marks that, with no opener before them in the paragraph, end a quote whose opening
mark the scraper dropped. A lone ’ is far more often an apostrophe."""
_OPENING_CONTEXT = "([{—–-:;,/"
"""What may stand right before an opening mark besides a space."""
_SPEECH_END = ".,?!…"
"""Punctuation a quoted statement ends with inside its closing mark (`won,”`, `over.'`)."""


@dataclass(frozen=True)
class QuoteSpan:
    start: int
    """Offset of the first character inside the marks (spaces inside the marks left out)."""
    end: int
    """Offset just past the last character inside the marks."""
    open_mark: int
    """Offset of the opening mark; the quote's first character when the mark is missing."""
    close_mark: int | None
    """Offset of the closing mark, None when the quote runs to the paragraph's end."""
    close_width: int = 1
    """2 for a closing '', so that the whole mark lies inside `outer_end`."""
    guessed_open: bool = False
    """No opening mark: the quote is taken to start where its paragraph starts."""

    @property
    def unclosed(self) -> bool:
        return self.close_mark is None

    @property
    def outer_end(self) -> int:
        return self.end if self.close_mark is None else self.close_mark + self.close_width


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of `text`, which are separated by blank lines."""
    bounds = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        if match.group().strip():
            bounds.append((match.start(), match.end()))
    return bounds


def _char(text: str, i: int) -> str:
    """The character at `i`, a space outside the text: a paragraph's edges act like spaces."""
    return text[i] if 0 <= i < len(text) else " "


def _read_mark(text: str, i: int) -> str:
    """The mark at `i`: ``, '' and ’’ are one mark of two characters."""
    if text.startswith(("``", "''", "’’"), i):
        return text[i : i + 2]
    return text[i]


def _opens_at(text: str, i: int, width: int = 1) -> bool:
    """A mark at `i` opens a quote when it follows a space or opening punctuation and is
    followed by text: the only way to read straight marks, which look the same both ways."""
    before, after = _char(text, i - 1), _char(text, i + width)
    return (before.isspace() or before in _OPENING_CONTEXT) and not after.isspace()


def _closes_at(text: str, i: int, width: int = 1) -> bool:
    """A mark at `i` closes a quote when it touches the text before it and not a word after
    it (`won,” he`, `won.”`, `won”;`)."""
    before, after = _char(text, i - 1), _char(text, i + width)
    return not before.isspace() and before not in "([{" and not after.isalnum()


def _opens_spaced(text: str, i: int) -> bool:
    """`wrote. " The course…`: a straight mark between spaces opens when a sentence ended
    before it (or the paragraph starts) and a word follows; French spacing does the same."""
    before = text[:i].rstrip()
    rest = text[i + 1 :].lstrip(" \u00a0\u202f\u2009")
    starts = not before or _char(text, i - 1) == "\n"
    starts = starts or (_char(text, i - 1).isspace() and before[-1] in ".?!:")
    return starts and _char(text, i + 1).isspace() and rest[:1].isalnum()


def _is_apostrophe(text: str, i: int, hi: int) -> bool:
    """A ’ between letters (don’t, It’s) is an apostrophe, and so is one after a plural s
    followed by a word (`the voters’ choice`) while a closing mark for the quote still comes
    later in the paragraph, before any new single quote opens."""
    before, after = _char(text, i - 1), _char(text, i + 1)
    if before.isalnum() and after.isalnum():
        return True
    if before not in "sS" or not after.isspace() or not _char(text, i + 2).isalnum():
        return False
    for later in _MARK.finditer(text, i + 1, hi):
        j, mark = later.start(), later.group()
        if mark in "‘‚" or (mark in "'`" and _opens_at(text, j)):
            return False
        if mark in SINGLE_CLOSERS and _closes_at(text, j) and not _char(text, j - 1).isspace():
            return True
    return False


def _single_opens(text: str, i: int, mark: str) -> bool:
    """‘ ' ` ‚ open a single-quoted span only before a letter: `’90s`, `'16` are years."""
    if mark in "‹›":
        return _opens_at(text, i)
    return _opens_at(text, i) and _char(text, i + 1).isalpha()


def _opens_double(text: str, i: int, mark: str) -> bool:
    """Whether a double mark at `i` opens a quote when none is open."""
    width = len(mark)
    if mark in "„«``":
        return True
    if mark == "“":
        return not (_closes_at(text, i) and _char(text, i - 1) not in _OPENING_CONTEXT)
    if mark in {"»", "”"}:
        return _opens_at(text, i)  # German »…«, Swedish ”…”, a ” typed as an opener
    if mark == "''":
        return _opens_at(text, i, width) and not _char(text, i - 1).isdigit()
    return mark == '"' and (_opens_at(text, i) or _opens_spaced(text, i))


def _opens(text: str, i: int, mark: str) -> bool:
    """Whether `mark` at `i` opens a quote when none is open (a lone ’ never does)."""
    if mark in SINGLE_OPENERS:
        return _single_opens(text, i, mark)
    return mark != "’" and _opens_double(text, i, mark)


def _can_close(text: str, i: int, mark: str, opener: str, hi: int) -> bool:
    """Whether `mark` at `i` closes the quote opened with `opener`."""
    if mark not in CLOSERS[opener]:
        return False
    if mark in SINGLE_CLOSERS:
        return not _is_apostrophe(text, i, hi)
    if mark == "“" and opener != "„":
        return _closes_at(text, i) and not _opens_at(text, i)  # `won,“ he said`
    if mark in {"''", "’’"}:
        return not _char(text, i - 1).isspace() or not _char(text, i + 2).isalnum()
    return True


def _opens_inner(text: str, j: int, mark: str) -> bool:
    """Whether a double mark inside an open quote opens another one (`“`, ``, „ unless they
    touch the word before them; " and '' only where they touch the word after them)."""
    if mark in {"“", "``", "„"}:
        return not (mark == "“" and _closes_at(text, j))
    return mark in {'"', "''"} and _opens_at(text, j, len(mark))


def _nests(text: str, i: int, hi: int) -> bool:
    """A second “ inside an open “…”: a quote within the quote when enough closing marks
    follow in the paragraph to close both (`“Is it “settled” now?”`); otherwise the first
    quote was never closed (`“Part one. “Part two,” he said.`)."""
    openers = closers = 0
    for later in _MARK.finditer(text, i, hi):
        j, mark = later.start(), _read_mark(text, later.start())
        if mark not in DOUBLE_CLOSERS | {"``", "„"}:
            continue
        if _opens_inner(text, j, mark):
            openers += 1
        elif _closes_at(text, j, len(mark)) or mark == "”":
            closers += 1
    return closers >= openers + 1


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) without the spaces at either end (`« Nous sommes prêts »`)."""
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _span(text: str, open_mark: int, width: int, close: int | None, hi: int) -> QuoteSpan:
    start, end = _trimmed(text, open_mark + width, hi if close is None else close)
    close_width = len(_read_mark(text, close)) if close is not None else 1
    return QuoteSpan(start, end, open_mark, close, close_width)


def _guessed_span(text: str, lo: int, close: int) -> QuoteSpan | None:
    """A closing mark with no opener before it in its paragraph: the scraper dropped the
    opening mark, which stood where the paragraph starts (or right after a `Name:` lead).
    Only a mark that ends a sentence or a clause (`this.”`, `ready,”`) counts: a lone " after
    `=` or a letter is markup or an inch sign, not the end of a statement; and an answer
    after a one-letter `Q:`/`A:` lead is an interview's speech, read by the layout readers."""
    width = len(_read_mark(text, close))
    if _char(text, close - 1) not in _SPEECH_END or not _closes_at(text, close, width):
        return None
    colon = text.rfind(": ", lo, close)
    if colon >= 0 and len(text[lo:colon].strip()) <= 1:
        return None
    start, end = _trimmed(text, lo if colon < 0 else colon + 2, close)
    if not _WORD.search(text, start, end):
        return None
    return QuoteSpan(start, end, start, close, width, guessed_open=True)


def _speech_in_single_marks(text: str, open_mark: int, close: int, hi: int) -> bool:
    """Straight single marks ('…') mostly set off scare quotes, titles and headline words
    (`the 'poison pills'`, `'Stoic' driver`, a subhead `'A healthy environment.'`). They hold
    a statement when a colon introduces them (`PM: 'We will not back down'`) or when speech
    punctuation closes them and the sentence goes on to its speaker (`'We will,' she said`)."""
    if text[:open_mark].rstrip().endswith(":"):
        return True
    return _char(text, close - 1) in _SPEECH_END and bool(_WORD.search(text, close + 1, hi))


def _scan_paragraph(
    text: str, lo: int, hi: int, skip: frozenset[int], guess: bool = True
) -> tuple[list[QuoteSpan], int | None]:
    """Top-level spans of one paragraph, and the offset of a single opener left unclosed at
    its end (a stray ‘ or ' that may have hidden real quotes after it), if any. With `guess`
    off, a closing mark without an opener is left alone (see `find_quote_spans`)."""
    spans: list[QuoteSpan] = []
    opened: int | None = None
    opener = ""
    depth = 0
    seen_mark = False
    i = lo
    while (found := _MARK.search(text, i, hi)) is not None:
        i = found.start()
        mark = _read_mark(text, i)
        width = len(mark)
        if opened is None:
            if i in skip:
                pass
            elif _opens(text, i, mark):
                opened, opener = i, mark
            elif guess and mark in ORPHAN_CLOSERS and not seen_mark and not spans:
                guessed = _guessed_span(text, lo, i)
                if guessed is not None:
                    spans.append(guessed)
            seen_mark = seen_mark or mark not in {"’", "'", "’’"}
        elif _can_close(text, i, mark, opener, hi):
            if depth:
                depth -= 1
            else:
                if opener != "'" or _speech_in_single_marks(text, opened, i, hi):
                    spans.append(_span(text, opened, len(opener), i, hi))
                opened = None
        elif mark == opener and mark in {"“", "„", "``"}:
            if _nests(text, i, hi):
                depth += 1
            else:  # a second opener before any closer: the first quote was never closed
                spans.append(_span(text, opened, len(opener), None, i))
                opened, depth = i, 0
        i += width
    if opened is not None and opener in SINGLE_OPENERS:
        return _with_words(text, spans), opened
    if opened is not None:
        spans.append(_span(text, opened, len(opener), None, hi))
    return _with_words(text, spans), None


def _with_words(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    return [s for s in spans if _WORD.search(text, s.start, s.end)]


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All top-level quoted spans of `text`, in order; nested quotes stay inside their parent.

    A single mark left open at a paragraph's end was an apostrophe or a typo, not a quote
    running on (British multi-paragraph quotes are rare; ’90s and rock 'n' roll are not): the
    paragraph is read again without it, so that the quotes after it are not lost.

    A closing mark with no opener in its paragraph ends a quote whose opening mark was
    dropped, unless the paragraph before ended inside an open quote: then the mark closes that
    one (a line break the cleaner made into a paragraph, `"…\nJane Roe, Daily Planet."`)."""
    spans: list[QuoteSpan] = []
    found: list[QuoteSpan] = []
    for lo, hi in paragraph_bounds(text):
        skip: frozenset[int] = frozenset()
        guess = not (found and found[-1].unclosed)
        while True:
            found, dangling = _scan_paragraph(text, lo, hi, skip, guess)
            if dangling is None:
                break
            skip = skip | {dangling}
        spans.extend(found)
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
