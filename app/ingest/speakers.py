"""Extraction stage 7, speakers: every statement's speaker mention resolved against the
article's mention table, in reading order.

A pronoun takes the person the mention table says it means (`coref`'s salience model); `it`
speaks for the organisation that last spoke nearby, or the one the passage is about; a definite
description takes whom the article names in it: `the senator` the person who holds that office,
`the 61-year-old` the person the story is about, `the company` the organisation, `the statement`
whoever issued it. With no one to take, the mention stays as written, never a name.

Order matters, and is the only state here: a quote that carries on the previous one takes its
speaker, a quote with no cue opening a paragraph takes whoever spoke just before or the person
the passage is about, and the leading pieces of a multi-paragraph quote attributed only at its
end take the speaker of that end.
"""

from dataclasses import replace

from app.ingest.coref import Mention, Referent
from app.ingest.docindex import DocIndex
from app.ingest.document import RawStatement, SpeakerMention
from app.ingest.lexicon import (
    ANONYMOUS_ROLE_NOUNS,
    DOCUMENT_NOUNS,
    ORG_OFFICE_ONLY_NOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    RELATIONAL_ROLE_NOUNS,
    RULER_TITLES,
)
from app.ingest.mentions import MentionTable, document_author, mention_at, role_gender

_OPENING_MARKS = " \"“‘`'«"


OFFICE_WORDS = PERSON_ROLE_NOUNS | PERSON_TITLES | RULER_TITLES
"""Offices and titles: `the Emir` is never the most salient person when the article gave that
person another office (`Sheikh Khalid`) and no one this one."""


def resolve_speakers(
    statements: list[RawStatement], ix: DocIndex, table: MentionTable
) -> tuple[list[RawStatement], list[SpeakerMention]]:
    """The statements (in text order) with their speakers resolved, and the named speakers
    in the order they spoke, for the article's entity list.

    Resolve in reading order, so that `he` can refer to the previous speaker; then give the
    leading pieces of a multi-paragraph quote attributed only at its end the speaker of that
    end."""
    spoken: list[SpeakerMention] = []
    resolved: list[RawStatement] = []
    previous_direct: RawStatement | None = None
    previous: RawStatement | None = None
    for statement in statements:
        if statement.continues and statement.speaker is None and previous_direct:
            statement = replace(
                statement,
                speaker=previous_direct.speaker,
                reported_by=statement.reported_by or previous_direct.reported_by,
            )
        elif statement.speaker is not None:
            speaker = resolve(statement.speaker, ix, table, spoken)
            statement = replace(statement, speaker=speaker)
            if speaker.name:
                spoken.append(speaker)
        elif statement.speaker is None and statement.cue is None:
            statement = replace(statement, speaker=_orphan_speaker(statement, previous, ix, table))
        if statement.kind != "indirect":
            previous_direct = statement
        previous = statement
        resolved.append(statement)
    following: RawStatement | None = None
    for n in reversed([n for n, s in enumerate(resolved) if s.kind != "indirect"]):
        statement = resolved[n]
        if (
            following is not None
            and following.speaker is not None
            and statement.unclosed
            and statement.cue is None
            and _opens_next_paragraph(ix, statement, following)
        ):
            statement = replace(
                statement, speaker=following.speaker, reported_by=following.reported_by
            )
            resolved[n] = statement
        following = statement
    return resolved, spoken


def resolve(
    mention: SpeakerMention, ix: DocIndex, table: MentionTable, spoken: list[SpeakerMention]
) -> SpeakerMention:
    """Give a pronoun or a definite role ("the senator") the name of the person it most
    likely refers to; `spoken` are the named speakers so far, for `it`, which speaks for the
    organisation that last spoke, else the one the passage is about, and is never a person."""
    if mention.name:
        return mention
    if mention.pronoun == "it":
        found = _organisation_before(mention, ix, spoken)
        if found is None:
            body = table.organisations.focus(mention_at(ix, ix.token_at(mention.start)))
            found = _as_referent(mention, body, "organization") if body else None
        return found or replace(mention, kind="organization")
    if mention.office is not None:
        return _described(mention, ix, table) or mention
    referent = table.pronouns.get(mention.start)
    if referent is None:
        return mention
    return _as_referent(mention, referent, "person")


def _as_referent(mention: SpeakerMention, referent: Referent, kind: str) -> SpeakerMention:
    return SpeakerMention(
        text=mention.text,
        start=mention.start,
        name=referent.name,
        role=referent.role,
        kind=kind,
        pronoun=mention.pronoun,
    )


def _described(mention: SpeakerMention, ix: DocIndex, table: MentionTable) -> SpeakerMention | None:
    """Whom a definite description means (`the senator`, `the 56-year-old`, `the company`,
    `the statement`): the one named in that role; else, for a description of the person or
    body the story is about, the most salient one (for a body, one clearly ahead of the
    others, since articles cite many; for an office, one the text gave no other office);
    else no one, and it stays as written.

    A person's description never finds an organisation, nor an organisation's a person."""
    office = mention.office or ""
    token = ix.token_at(mention.start)
    if office in DOCUMENT_NOUNS:
        author = document_author(ix, token)
        if author is None:
            return None
        if not author.name and author.office is not None:
            author = _described(author, ix, table) or author
        return replace(author, text=mention.text, start=mention.start) if author.name else author
    at = mention_at(ix, token)
    if mention.kind == "organization":
        found = table.organisations.holder_of(office, at)
        if found is None and office not in ORG_OFFICE_ONLY_NOUNS:
            found = table.organisations.focus(at)
        return _as_referent(mention, found, "organization") if found else None
    found = table.discourse.holder_of(office, at) or _holder_by_name_word(mention, at, table)
    if found is None and office not in ANONYMOUS_ROLE_NOUNS | RELATIONAL_ROLE_NOUNS:
        found = table.discourse.most_salient(at, gender=role_gender(office))
        if found is not None and found.offices and office in OFFICE_WORDS:
            found = None
    return _as_referent(mention, found, "person") if found else None


def _holder_by_name_word(
    mention: SpeakerMention, at: Mention, table: MentionTable
) -> Referent | None:
    """`the NATO chief` after `NATO Secretary General Jens Stoltenberg`: the proper word of a
    description names the body whose person it means, though the office words differ."""
    for word in mention.text.split():
        if word[:1].isupper() and word.lower() != mention.office:
            found = table.discourse.holder_of(word.lower().strip(".,’'"), at)
            if found is not None:
                return found
    return None


def _organisation_before(
    mention: SpeakerMention, ix: DocIndex, spoken: list[SpeakerMention]
) -> SpeakerMention | None:
    """`The company wrote in a statement ... It added, "..."`: "it" speaks for the
    organisation that last spoke, in this paragraph or the one before."""
    para = ix.paragraph_of(mention.start)
    for earlier in reversed(spoken):
        if para - ix.paragraph_of(earlier.start) > 1:
            return None
        if earlier.kind == "organization" and earlier.name and earlier.start < mention.start:
            return SpeakerMention(
                text=mention.text,
                start=mention.start,
                name=earlier.name,
                kind="organization",
                pronoun=mention.pronoun,
            )
    return None


def _orphan_speaker(
    statement: RawStatement, previous: RawStatement | None, ix: DocIndex, table: MentionTable
) -> SpeakerMention | None:
    """A quote that opens a paragraph or a sentence with no cue anywhere near belongs to
    whoever spoke just before (in the paragraph above, or earlier in its own), or else to
    the person the text is about."""
    para = ix.paragraph_of(statement.start)
    lo, _hi = ix.paragraphs[para]
    before = ix.text[lo : statement.start].strip(_OPENING_MARKS)
    if (para == 0 and not before) or (before and not before.endswith((".", "?", "!"))):
        return None
    previous_para = para if before else para - 1
    if (
        previous is not None
        and previous.speaker is not None
        and previous.speaker.name
        and ix.paragraph_of(previous.start) == previous_para
    ):
        return previous.speaker
    referent = table.discourse.focus(mention_at(ix, ix.token_at(statement.start)))
    if referent is None:
        return None
    return SpeakerMention(
        text=referent.name, start=statement.start, name=referent.name, role=referent.role
    )


def _opens_next_paragraph(ix: DocIndex, statement: RawStatement, following: RawStatement) -> bool:
    para = ix.paragraph_of(statement.start)
    if ix.paragraph_of(following.start) != para + 1:
        return False
    lo, _hi = ix.paragraphs[para + 1]
    return not ix.text[lo : following.start].strip(_OPENING_MARKS)
