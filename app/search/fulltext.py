"""Full-text queries: the user's search syntax turned into a well-formed FTS5 expression.

FTS5's own syntax fails on stray quotes, `:`, `*`, `-`, `NEAR` or column names with an error
that would leak as a 500. So user input is parsed here and re-emitted with every word as a
quoted FTS5 string: only the operators this grammar accepts ever reach FTS5.

The syntax (documented on `q`):

- words must all occur; stemmed, case and accents ignored (`erdogan` finds Erdoğan);
- `"peace talks"`: a phrase; an unclosed quote runs to the end of the input;
- `negotiat*`: a prefix (also matching the stems one or two letters shorter, see MIN_STEM);
- `A OR B`, `A AND B`, `A NOT B` (upper case; lower-case `or` is a word), and parentheses;
  `-word` (or `-"a phrase"`) is `NOT word`. NOT binds tighter than AND, AND than OR.
- an operator with nothing to join on one side (`OR peace`, `peace AND`, `AND OR`) is
  searched as a word; punctuation-only words (`:`, `*`, `-`) are ignored.

Errors (422 naming `q`): unbalanced parentheses, nesting deeper than `MAX_DEPTH`, more than
`MAX_TERMS` words, no word left to search for, or a group that only excludes (`-moscow`).
"""

import html
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Select,
    Text,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)
from sqlmodel import Session

from app.config import get_settings
from app.errors import InvalidParameter

COUNT_LIMIT = 10_000
"""Listings count their matches up to this many (`total_exact` false beyond): counting further
would read rows no page shows."""
MAX_DEPTH = 8
MIN_STEM = 5
"""Words are indexed as Porter stems, which can be shorter than a prefix the user typed
(`negotiations` is stored as `negoti`, so `negotiat*` alone finds nothing): a prefix also
matches the stems one or two letters shorter than itself, down to this length."""
MAX_TERMS = 32
OPERATORS = frozenset({"AND", "OR", "NOT"})

# FTS5 wraps each match in these marks, which become <mark> tags once the text around them is
# escaped (html.escape leaves them whole). A stored text may hold any character, private-use
# ones included, so each mark carries a key drawn when the process starts: no text can spell
# it, so none of a text's own characters can pass for a mark.
_MARK_KEY = secrets.token_hex(8)
MARK_OPEN = f"\ue000{_MARK_KEY}\ue001"
MARK_CLOSE = f"\ue001{_MARK_KEY}\ue000"
ELLIPSIS = "…"

_TOKEN = re.compile(
    r'\s+|(?P<paren>[()])|(?P<neg>-(?=[\w"(]))|"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+)'
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "paren", "neg", "phrase" or "word"
    text: str


@dataclass
class Query:
    """A parsed query: the FTS5 expression, the same query as a PostgreSQL `tsquery`
    expression, and the words that must occur (for LIKE fallbacks)."""

    fts: str
    required: list[str] = field(default_factory=list)
    ts: ColumnElement[Any] | None = None


TS_CONFIG = "verbatim"
"""PostgreSQL's text search configuration (migration 0011): English Snowball stems with no
stop words, accents removed (`unaccent`), as near as PostgreSQL gets to FTS5's `porter
unicode61 remove_diacritics 2`."""


def ts_config() -> ColumnElement[Any]:
    """The configuration as an untyped literal, so the server reads it as `regconfig` and
    the expression is the GIN index's own (`to_tsvector('verbatim'::regconfig, text)`)."""
    return literal_column(f"'{TS_CONFIG}'")


@dataclass(frozen=True)
class _Expr:
    """One parsed (sub)expression in both languages."""

    fts: str
    ts: ColumnElement[Any]


def _ts_term(text: str, prefix: bool) -> ColumnElement[Any]:
    """A word or phrase as a tsquery: its words in sequence, as FTS5 reads a quoted string
    (`phraseto_tsquery` takes any text, so nothing the user types is tsquery syntax). A
    prefix's last word is matched as one (`negotiat:*`), or as the stems one or two letters
    shorter, as on FTS5 (`negoti`: the stored stem of `negotiations`); the words there are
    letters and digits only, so `to_tsquery` sees no operator."""
    words = re.findall(r"[^\W_]+", text)
    if not prefix or not words:
        return func.phraseto_tsquery(ts_config(), text)
    word = words[-1]
    stems = [word[:-cut] for cut in (1, 2) if len(word) - cut >= MIN_STEM]
    last = _ts_all(
        [func.to_tsquery(ts_config(), f"{w}{':*' if w == word else ''}") for w in [word, *stems]],
        "tsquery_or",
    )
    if len(words) == 1:
        return last
    return func.tsquery_phrase(func.phraseto_tsquery(ts_config(), " ".join(words[:-1])), last)


def _ts_all(parts: list[ColumnElement[Any]], combine: str) -> ColumnElement[Any]:
    joined = parts[0]
    for part in parts[1:]:
        joined = getattr(func, combine)(joined, part)
    return joined


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is not None:
            tokens.append(_Token(kind, match.group(kind)))
    return tokens


def _searchable(text: str) -> bool:
    """FTS5's unicode61 tokenizer keeps only letters and digits: `:` or `*` alone is nothing."""
    return any(ch.isalnum() for ch in text)


def _closes(token: _Token) -> bool:
    return token.kind == "paren" and token.text == ")"


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Parser:
    """Recursive descent over the tokens; each method returns an FTS5 expression or None when
    what it read holds nothing searchable (`()`, `:`)."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0
        self.required: list[str] = []
        self.terms = 0

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def starts_operand(self, offset: int) -> bool:
        """Whether the token at `offset` begins an operand (a NOT may lead one: `AND NOT x`)."""
        token = self.peek(offset)
        if token is None or _closes(token):
            return False
        if token.kind == "word" and token.text in OPERATORS:
            return token.text == "NOT" and self.starts_operand(offset + 1)
        return True

    def operator(self, name: str) -> bool:
        """The next token is operator `name` with an operand after it; else it is a word."""
        token = self.peek()
        return (
            token is not None
            and token.kind == "word"
            and token.text == name
            and self.starts_operand(1)
        )

    def parse(self) -> _Expr | None:
        expression = self.either()
        if self.peek() is not None:  # only a ")" stops `either` early
            raise InvalidParameter("q", "unbalanced parenthesis: a `)` has no `(`")
        return expression

    def either(self) -> _Expr | None:
        branches = [self.all_of()]
        while self.operator("OR"):
            self.at += 1
            branches.append(self.all_of())
        kept = [b for b in branches if b is not None]
        if len(kept) <= 1:
            return kept[0] if kept else None
        fts = "(" + " OR ".join(b.fts for b in kept) + ")"
        return _Expr(fts, _ts_all([b.ts for b in kept], "tsquery_or"))

    def all_of(self) -> _Expr | None:
        wanted: list[_Expr] = []
        excluded: list[_Expr] = []
        started = False
        while (token := self.peek()) is not None and not _closes(token):
            if started and self.operator("OR"):
                break
            if started and self.operator("AND"):
                self.at += 1
            negate = False
            if self.peek().kind == "neg" or self.operator("NOT"):  # type: ignore[union-attr]
                self.at += 1
                negate = True
            positives_before = len(self.required)
            item = self.item()
            started = True
            if item is None:
                continue
            if negate:
                del self.required[positives_before:]
                excluded.append(item)
            else:
                wanted.append(item)
        if excluded and not wanted:
            raise InvalidParameter(
                "q", "a query cannot only exclude words: add one to search for, e.g. `talks -oil`"
            )
        if not wanted:
            return None
        fts = wanted[0].fts if len(wanted) == 1 else "(" + " AND ".join(w.fts for w in wanted) + ")"
        ts = _ts_all([w.ts for w in wanted], "tsquery_and")
        if not excluded:
            return _Expr(fts, ts)
        fts = "(" + fts + " NOT " + " NOT ".join(e.fts for e in excluded) + ")"
        return _Expr(fts, _ts_all([ts, *(func.tsquery_not(e.ts) for e in excluded)], "tsquery_and"))

    def item(self) -> _Expr | None:
        token = self.peek()
        assert token is not None
        self.at += 1
        if token.kind == "paren":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise InvalidParameter("q", f"parentheses nested deeper than {MAX_DEPTH}")
            inner = self.either()
            closing = self.peek()
            if closing is None:
                raise InvalidParameter("q", "unbalanced parenthesis: a `(` is never closed")
            self.at += 1
            self.depth -= 1
            return inner
        if token.kind == "phrase":
            return self.term(token.text, prefix=False)
        return self.term(token.text.rstrip("*"), prefix=token.text.endswith("*"))

    def term(self, text: str, prefix: bool) -> _Expr | None:
        if not _searchable(text):
            return None
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise InvalidParameter("q", f"more than {MAX_TERMS} words")
        self.required.append(text)
        ts = _ts_term(text, prefix)
        if not prefix:
            return _Expr(_string(text), ts)
        stems = [text[:-cut] for cut in (1, 2) if len(text) - cut >= MIN_STEM]
        return _Expr("(" + " OR ".join([_string(text) + "*", *map(_string, stems)]) + ")", ts)


def parse_query(text: str) -> Query:
    """`text` as a safe FTS5 expression; InvalidParameter("q", ...) if it cannot be one."""
    parser = _Parser(_tokens(text))
    expression = parser.parse()
    if expression is None:
        raise InvalidParameter("q", "no words to search for")
    return Query(expression.fts, parser.required, expression.ts)


def marked_html(fragment: str | None) -> str | None:
    """FTS5 output with sentinel marks → HTML: the text escaped, the matches in <mark>.

    Quotation marks are escaped too, so the result is as safe in an attribute
    (`title="…"`) as between tags."""
    if fragment is None:
        return None
    escaped = html.escape(fragment, quote=True)
    return escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def highlight_words(text: str, words: list[str], window: int = 200) -> str:
    """A Python stand-in for FTS5's snippet() on databases without it: case-insensitive
    substring marks over the first `window` characters, HTML-escaped the same way."""
    shown = text if len(text) <= window else text[:window].rstrip() + ELLIPSIS
    if not words:
        return html.escape(shown, quote=True)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    marked = pattern.sub(lambda m: MARK_OPEN + m.group(0) + MARK_CLOSE, shown)
    return marked_html(marked) or ""


@dataclass(frozen=True)
class FtsTable:
    """An external-content FTS5 table over `content_id`'s table, and the SQL built on it."""

    name: str
    content_id: ColumnElement[int]
    weights: tuple[float, ...] = ()
    snippet_tokens: int = 32

    @property
    def rowid(self) -> ColumnElement[int]:
        return literal_column(f"{self.name}.rowid")

    def join(self, stmt: Select[Any], query: Query) -> Select[Any]:
        """`stmt` limited to the rows that match, joined so that rank and snippet can be read."""
        fts = table(self.name, column("rowid"), column(self.name))
        return stmt.join(fts, fts.c.rowid == self.content_id).where(
            literal_column(self.name).match(query.fts)
        )

    def matching(self, query: Query) -> Select[Any]:
        """The rowids that match: FTS5 alone, no join."""
        return (
            select(self.rowid)
            .select_from(table(self.name))
            .where(literal_column(self.name).match(query.fts))
        )

    def contains(self, query: Query) -> ColumnElement[bool]:
        """A per-row test, for plans driven by another index (a date order, a speaker)."""
        return exists(self.matching(query).where(self.rowid == self.content_id))

    def match_count(self, session: Session, query: Query, limit: int) -> int:
        capped = self.matching(query).limit(limit).subquery()
        return session.exec(select(func.count()).select_from(capped)).scalar_one()

    def snippets(self, session: Session, query: Query, ids: list[int]) -> dict[int, str | None]:
        """Highlights for one page only: snippet() in the listing itself would run on every
        match before the sort keeps a page of them."""
        if not ids:
            return {}
        rows = session.exec(
            self.matching(query).add_columns(self.snippet()).where(self.rowid.in_(ids))
        )
        return {rowid: marked_html(fragment) for rowid, fragment in rows}

    def rank(self) -> ColumnElement[float]:
        """BM25: lower is better, as FTS5 returns it."""
        return func.bm25(literal_column(self.name), *self.weights)

    def snippet(self) -> ColumnElement[str]:
        """The best window of the best column, matches between the sentinel marks."""
        return func.snippet(
            literal_column(self.name), -1, MARK_OPEN, MARK_CLOSE, ELLIPSIS, self.snippet_tokens
        )

    def newest_window(
        self, session: Session, stmt: Select[Any], query: Query, window: int | None = None
    ) -> Select[Any]:
        """`stmt` (already joined) cut to its newest `window` matches (by default the
        `rank_window` setting) when it has more.

        BM25 is computed for every row it ranks; a word in a third of a million rows would
        rank hundreds of thousands. Rowids grow with ingest, so the newest matches are a
        rowid range, which FTS5 walks directly (no sort). The floor is read from FTS5 alone,
        without the listing's other conditions, so finding it reads no content rows.
        """
        window = window or get_settings().rank_window
        floor = session.exec(
            self.matching(query).order_by(self.rowid.desc()).offset(window - 1).limit(1)
        ).scalar()
        return stmt if floor is None else stmt.where(self.rowid >= floor)


HEADLINE_OPTIONS = (
    f'StartSel="{MARK_OPEN}", StopSel="{MARK_CLOSE}", MaxWords=32, MinWords=16, '
    f'FragmentDelimiter=" {ELLIPSIS} "'
)
"""`ts_headline`'s marks are FTS5's sentinels (`app.search.fulltext`), so one function turns
either database's highlights into HTML; about FTS5's 32-token window."""


_STAND_INS = {
    "\ue002": "\ue002\ue002",
    "\ue003": "\ue002\ue003",
    "\ue004": "\ue002\ue004",
    "<": "\ue003",
    ">": "\ue004",
}
"""How `_untagged` writes a text: `<` and `>` as two private-use characters (no word
character, so the words around them stay the same words), and those two and the escape
character `\ue002` escaped where the text has them, so that `_tagged` reads back exactly
what was written."""
_STAND_IN = re.compile("|".join(map(re.escape, _STAND_INS)))
_STOOD_IN = re.compile("\ue002(.)|[\ue003\ue004]", re.S)


def _untagged(text: str) -> str:
    return _STAND_IN.sub(lambda m: _STAND_INS[m.group(0)], text)


def _tagged(text: str | None) -> str | None:
    def original(match: re.Match[str]) -> str:
        return match.group(1) or {"\ue003": "<", "\ue004": ">"}[match.group(0)]

    return None if text is None else _STOOD_IN.sub(original, text)


def ts_headlines(session: Session, query: Query, texts: list[str]) -> list[str | None]:
    """`ts_headline` of each of `texts` (in order, one statement), as HTML like FTS5's
    snippets. It drops whatever its parser takes for an HTML tag (`<script>`), so the texts
    go in with `<` and `>` stood in for (`_untagged`) and come back whole."""
    if not texts:
        return []
    given = (
        func.unnest(bindparam("texts", [_untagged(t) for t in texts], ARRAY(Text)))
        .table_valued("text", with_ordinality="n")
        .render_derived()
    )
    headline = func.ts_headline(ts_config(), given.c.text, query.ts, HEADLINE_OPTIONS)
    rows = session.exec(select(given.c.n, headline).order_by(given.c.n)).all()  # type: ignore[call-overload]
    return [marked_html(_tagged(fragment)) for _n, fragment in rows]


def capped_count(session: Session, stmt: Select[Any], key: ColumnElement[Any]) -> tuple[int, bool]:
    """How many rows `stmt` yields, counting no further than `COUNT_LIMIT`: (total, exact)."""
    capped = stmt.with_only_columns(key).order_by(None).limit(COUNT_LIMIT + 1).subquery()
    found = session.exec(select(func.count()).select_from(capped)).scalar_one()
    return min(found, COUNT_LIMIT), found <= COUNT_LIMIT
