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

import re
from dataclasses import replace

from spacy.tokens import Token

from app.ingest import gazetteer
from app.ingest.coref import Discourse, Mention, Referent
from app.ingest.cues import in_setting
from app.ingest.docindex import DocIndex
from app.ingest.document import RawStatement, SpeakerMention
from app.ingest.lexicon import (
    ANONYMOUS_ROLE_NOUNS,
    DOCUMENT_NOUNS,
    MEDIA_NAME_WORDS,
    ORG_DESCRIPTION_NOUNS,
    ORG_OFFICE_ONLY_NOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    RELATIONAL_ROLE_NOUNS,
    RULER_TITLES,
    STAFF_BODY_STEMS,
)
from app.ingest.mentions import MentionTable, document_author, mention_at, role_gender
from app.ingest.names import name_words

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
            speaker = spelled_out(resolve(statement.speaker, ix, table, spoken), ix)
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
        if _is_expletive(ix.token_at(mention.start)):
            return mention
        found = _organisation_before(mention, ix, spoken)
        if found is None:
            body = table.organisations.focus(mention_at(ix, ix.token_at(mention.start)))
            found = _as_referent(mention, body, "organization") if body else None
        return found or replace(mention, kind="organization")
    if mention.pronoun is None and (staff := _body_of_staff(mention, ix, table)) is not None:
        return replace(_as_referent(mention, staff, "organization"), name=staff.name)
    if mention.office is not None:
        return _described(mention, ix, table) or mention
    if mention.kind == "organization" and mention.pronoun is None:
        at = mention_at(ix, ix.token_at(mention.start))
        body = _introduced_next(mention.text.lower(), at, table.organisations)
        return _as_referent(mention, body, "organization") if body else mention
    referent = table.pronouns.get(mention.start)
    if referent is None:
        return mention
    return _as_referent(mention, referent, "person")


def _is_expletive(it: Token) -> bool:
    """`It was said that ...`, `it is believed that ...`: the `it` of a passive cue stands for
    the clause, not for a body that spoke; no organisation said it."""
    return it.dep_ in {"nsubjpass", "expl"}


def spelled_out(mention: SpeakerMention, ix: DocIndex) -> SpeakerMention:
    """An organisation speaking by its initials (`CBP said`, `the EU reiterated`) under the
    full name the same article gives it (`Customs and Border Protection`), so that the body
    is one speaker, named as readers and other articles know it. Only when exactly one name
    of the article spells the initials out; a country's abbreviation stays as it is. The
    tagger's organisation spans are read whole: a name joined by `and` (`Customs and Border
    Protection`) is one name here, not its last conjunct. A news outlet keeps its initials,
    its masthead (`AP` for `the Associated Press`), and a name too long to be an entity leaves
    the initials as they are. A name the article introduces with the initials in brackets
    (`Doctors Without Borders (MSF)`) is the one they stand for, whatever its words' initials:
    the writer said so."""
    name = mention.name or ""
    letters = name.replace(".", "")
    if not _is_initialism(name) or gazetteer.lookup_acronym(name) is not None:
        return mention
    names = {_bare_name(e.text) for e in ix.ents if e.label_ == "ORG"}
    found = _introduced_as(name, ix) or {full for full in names if _spells_out(letters, full)}
    if not found:
        found = {_bare_name(full) for full in _written_out(letters, ix.text)}
    found = {
        full
        for full in found
        if len(name_words(full)) <= SPELLED_OUT_MAX_WORDS
        and not MEDIA_NAME_WORDS & set(full.lower().split())
    }
    longest = max(found, key=len, default=None)
    if longest is None or any(not set(f.split()) <= set(longest.split()) for f in found):
        return mention
    return replace(mention, name=longest, kind="organization")


def _introduced_as(initials: str, ix: DocIndex) -> set[str]:
    """The organisations the article names with these initials in brackets right after them
    (`the Centers for Disease Control and Prevention (CDC)`): the writer's own key to the
    abbreviation, which holds even where the initials are of another language's words
    (`Doctors Without Borders (MSF)`, `Bundesamt für Migration und Flüchtlinge (BAMF)`).
    The name is read from the words, not the tagger's span, which often starts inside such a
    name or misses it."""
    found = set()
    tokens = ix.tokens
    for n in range(1, len(tokens) - 2):
        opened, closed = tokens[n].text, tokens[n + 2].text
        if tokens[n + 1].text == initials and (opened, closed) in {("(", ")"), ("[", "]")}:
            name = _name_before(tokens, n, initials[0])
            if name:
                found.add(name)
    return found


def _name_before(tokens: tuple[Token, ...], end: int, initial: str) -> str | None:
    """The capitalised name written just before token `end`, in its sentence: capitalised
    words with the short lower-case words and apostrophes names join them by (`of`, `und`),
    without a leading `The`, nor a sentence's opening word when the next has the initials'
    first letter and it has not (`Today Centers for Disease Control ...`)."""
    words: list[Token] = []
    n = end - 1
    while n >= 0 and not (words and words[0].is_sent_start):
        token = tokens[n]
        capitalised = token.text[:1].isupper() or token.text == "&"
        joining = bool(words) and n > 0 and _joins_name_words(token)
        if not capitalised and not (joining and tokens[n - 1].text[:1].isupper()):
            break
        words.insert(0, token)
        n -= 1
    while words and words[0].lower_ == "the":
        words = words[1:]
    if len(words) > 2 and words[0].is_sent_start and _opens_before_name(words, initial):
        words = words[1:]
    if len(words) < 2:
        return None
    return words[0].doc.text[words[0].idx : words[-1].idx + len(words[-1])]


def _opens_before_name(words: list[Token], initial: str) -> bool:
    return words[0].text[0] != initial == words[1].text[0]


def _joins_name_words(token: Token) -> bool:
    """A short lower-case word or an apostrophe between two capitalised words of one name
    (`Bank of England`, `Kurdistan Workers' Party`)."""
    return (token.is_lower and len(token) <= NAME_JOINER_MAX) or token.text in {"'", "’"}


NAME_JOINER_MAX = 4
"""The longest lower-case word taken to join a name's words (`for`, `und`, `sans`), not to
end the name before it (`said`, `visited`)."""


def _without_article(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def _bare_name(name: str) -> str:
    """An organisation's name without its article or a possessive ending: `the European
    Union's top court` names the same body as `the European Union`, and the two spellings must
    not look like two bodies that the initials could stand for."""
    return POSSESSIVE_END.sub("", _without_article(name))


POSSESSIVE_END = re.compile(r"['’]s?$")


def _is_initialism(name: str) -> bool:
    """Initials in capitals, an ampersand allowed (`CBP`, `E.U.`, `PG&E`)."""
    letters = name.replace(".", "").replace("&", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= INITIALISM_MAX


def _spells_out(letters: str, full: str) -> bool:
    """Whether `full` is a name these initials abbreviate: its capitalised words' initials
    (an ampersand kept, `and`/`of` skipped) are the letters, or for three letters or more
    hold them in a row, since a place or a legal form often stays outside the initials
    (`Chinese Center for Disease Control and Prevention`: CDC; `... Electric Co.`: PG&E)."""
    words = full.split()
    if len(words) < 2:
        return False
    initials = "".join("&" if w == "&" else w[0] for w in words if w == "&" or w[0].isupper())
    if initials == letters:
        return True
    return len(letters) >= 3 and letters in initials


def _written_out(letters: str, text: str) -> list[str]:
    """Names in the text whose capitalised words are these initials, where the tagger split
    the name (`Customs` and `Border Protection` as two organisations): a run of capitalised
    words starting at the first initial, with `and`/`of`/`for`/`&` between, and a last `and`
    word that often stays outside the initials (`Disease Control and Prevention`)."""
    found = []
    for run in CAPITALISED_RUN.finditer(text):
        words = run.group().split()
        for n, word in enumerate(words):
            if word[0] != letters[0] or (n and words[n - 1] in NAME_JOINERS):
                continue
            initials, end = "", n
            while end < len(words) and len(initials) < len(letters):
                word = words[end]
                if word == "&" or word[0].isupper():
                    initials += "&" if word == "&" else word[0]
                end += 1
            if initials != letters:
                continue
            if words[end : end + 1] == ["and"] and len(words) == end + 2:
                end = len(words)
            if end - n > 1:
                found.append(" ".join(words[n:end]))
    return found


NAME_JOINERS = ("and", "of", "for", "&")
CAPITALISED_RUN = re.compile(r"[A-Z][\w’'-]*(?:[ ]+(?:(?:and|of|for|&)[ ]+)?[A-Z][\w’'-]*)+")
"""Capitalised words on one line, with the joining words names use."""

SPELLED_OUT_MAX_WORDS = 5
"""`resolve.MAX_NAME_WORDS`, counted the same way (`names.name_words`: joining words such as
`for` and `and` not counted): a longer name is no entity there, and its initials would lose
the entity they have. `Chinese Center for Disease Control and Prevention` has five name words
and is one. Not imported, since `resolve` imports this stage; a test keeps the two equal."""

INITIALISM_MAX = 6
"""Longer runs of capitals are words set in capitals, not initials."""


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
        found = (
            table.organisations.holder_of(office, at)
            or _body_by_name_word(mention, at, table)
            or _introduced_next(office, at, table.organisations)
        )
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


def _body_by_name_word(
    mention: SpeakerMention, at: Mention, table: MentionTable
) -> Referent | None:
    """`the production company` after `Dick Clark Productions`, `the mining group` after
    `Kumba Mining`, `the airline` after `Garuda Airlines`: a word of the description that is a
    word of an organisation's name (or its plural) means that organisation."""
    for word in mention.text.lower().split():
        word = word.strip(".,’'")
        if not word.isalpha():
            continue
        for form in (word, word + "s"):
            found = table.organisations.holder_of(form, at)
            if found is not None:
                return found
    return None


def _body_of_staff(mention: SpeakerMention, ix: DocIndex, table: MentionTable) -> Referent | None:
    """`Prosecutors said` beside `the Seoul Central District Prosecutors' Office`: a bare
    plural for a body's staff, or the office of one of them (`the prosecutor's office`),
    speaks for the one body of the article whose name says what that staff does, named
    anywhere before or in the next paragraph (stories open with `prosecutors said` and name
    the office later, and the staff of a case's body stay its staff to the end). The body
    goes under its name as written, not the head the table may keep. Two such bodies, or
    none, leave the mention as written."""
    staff = _staff_word(ix.token_at(mention.start))
    stems = STAFF_BODY_STEMS.get(staff.lemma_.lower()) if staff is not None else None
    if stems is None:
        return None
    para = ix.paragraph_of(mention.start)
    written = [
        (r, _name_as_written(r, ix))
        for r in table.organisations.referents
        if r.mentions[0].paragraph <= para + 1
    ]
    bodies = [
        replace(r, name=name)
        for r, name in written
        if any(w.lower().startswith(stems) for w in name.split())
    ]
    return bodies[0] if len(bodies) == 1 else None


def _staff_word(token: Token) -> Token | None:
    """The word naming the staff in a mention that starts at `token`: a bare plural
    (`prosecutors`; `the prosecutors` of a case may be particular people), or the possessor of
    a body word (`the prosecutor's office`, where the mention may start at either word)."""
    owners = [c for c in token.children if c.dep_ in {"poss", "nmod"} and c.pos_ == "NOUN"]
    if token.lemma_.lower() in ORG_DESCRIPTION_NOUNS and owners:
        return owners[0]
    if _owns_body(token):
        return token
    if token.tag_ == "NNS" and not any(c.dep_ == "det" for c in token.children):
        return token
    return None


def _owns_body(token: Token) -> bool:
    """`the prosecutor's office`: the mention starts at the possessor, whose office it is."""
    return token.dep_ in {"poss", "nmod"} and token.head.lemma_.lower() in ORG_DESCRIPTION_NOUNS


def _name_as_written(body: Referent, ix: DocIndex) -> str:
    """A body's name with the words before its head where it was first named: the table may
    keep only the head of a possessive name (`Office` of `the District Attorney's Office`),
    whose first words tell what the body does. A one-word name the table cut from a longer
    word (`Auditor` of `Auditor-General`, a title) tells nothing."""
    if len(body.name.split()) > 1:
        return body.name
    head = ix.token_at(body.mentions[0].start)
    if head.text != body.name:
        return ""
    return _without_article(ix.text[head.left_edge.idx : head.idx + len(head.text)])


def _introduced_next(office: str, at: Mention, bodies: Discourse) -> Referent | None:
    """`..., according to a group of employees. The group, Harbour Workers Alliance, formed
    in May`: a body first described and named only in the next sentence of the paragraph,
    in that same role (`the group, X`, `X, a charity`). The role must agree, since a body
    merely named after the description (`the company said it had sued Microsoft`) is more
    often its counterpart than itself."""
    named = [
        r
        for r in bodies.referents
        if office in r.offices
        and r.mentions[0].start > at.start
        and r.mentions[0].paragraph == at.paragraph
        and r.mentions[0].sentence - at.sentence <= 1
    ]
    return min(named, key=lambda r: r.mentions[0].start, default=None)


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
    lead = _lead_naming_no_one(ix, lo, statement.start, before)
    if (para == 0 and not before) or (before and not before.endswith((".", "?", "!")) and not lead):
        return None
    previous_paras = {para, para - 1} if lead else {para if before else para - 1}
    if (
        previous is not None
        and previous.speaker is not None
        and previous.speaker.name
        and ix.paragraph_of(previous.start) in previous_paras
    ):
        return previous.speaker
    referent = table.discourse.focus(mention_at(ix, ix.token_at(statement.start)))
    if referent is None:
        return None
    return SpeakerMention(
        text=referent.name, start=statement.start, name=referent.name, role=referent.role
    )


def _lead_naming_no_one(ix: DocIndex, lo: int, hi: int, before: str) -> bool:
    """`That process led to a realization: “...”`: a colon after the writer's own words, with
    no one named or pointed to before it, introduces more of the voice the passage quotes,
    not a new speaker."""
    if not before.endswith(":"):
        return False
    lead = ix.doc.char_span(lo, hi, alignment_mode="contract")
    if lead is None:
        return False
    return not any(
        (ix.is_named(t) and not in_setting(ix, t)) or (t.pos_ == "PRON" and t.lower_ in _PERSONAL)
        for t in lead
        if not ix.in_quote(t)
    )


_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "him", "her", "them"})


def _opens_next_paragraph(ix: DocIndex, statement: RawStatement, following: RawStatement) -> bool:
    para = ix.paragraph_of(statement.start)
    if ix.paragraph_of(following.start) != para + 1:
        return False
    lo, _hi = ix.paragraphs[para + 1]
    return not ix.text[lo : following.start].strip(_OPENING_MARKS)
