"""Helpers for tests that run the real extraction on hand-written paragraphs."""

from spacy.language import Language

from app.ingest.extract import Findings, RawStatement, extract
from tests.offsets import is_text_of


def run(nlp: Language, *paragraphs: str) -> Findings:
    """Extract from the paragraphs joined as one article body."""
    return extract(nlp("\n\n".join(paragraphs)))


def said(findings: Findings, words: str) -> RawStatement:
    """The quotation whose text holds `words` (a reported clause holding it is also a
    statement, with the same speaker), else the one statement that holds them."""
    found = [s for s in findings.statements if words in s.text]
    quoted = [s for s in found if s.kind != "indirect"]
    [statement] = quoted or found
    return statement


def name_of(statement: RawStatement) -> str | None:
    return statement.speaker.name if statement.speaker else None


def statements(nlp: Language, *paragraphs: str) -> list[RawStatement]:
    """The statements of the paragraphs joined as one body, each checked to point at its own
    text (offsets that drift would put highlights and contexts in the wrong place)."""
    body = "\n\n".join(paragraphs)
    found = extract(nlp(body)).statements
    for statement in found:
        assert is_text_of(body[statement.start : statement.end], statement.text), "offsets drifted"
    return found
