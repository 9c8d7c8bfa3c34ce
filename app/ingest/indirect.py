"""Extraction stage 5, indirect statements: reported speech outside quotation marks.

Every cue (`cues`) that is not itself part of what another cue reports gives a statement: its
content clause (`said that ...`), its object for verbs that take one (`vowed to fight`,
`accused X of ...`, `warned of ...`), the clause it interrupts or closes (`The risk, he said, is
small`), or the rest of the sentence for `according to`. A statement stops before a trailing
aside (`, which ...`, `, noting ...`) and a conjoined cue with its own statement, and is left
out when most of it is quoted (the quote is the statement). Its speaker is the cue's agent or
subject, else the noun a relative or participle clause hangs on; `speakers` resolves it.
"""

import re
from typing import NamedTuple

from spacy.tokens import Token

from app.ingest.attribution import speaker_of_cue
from app.ingest.cues import SUBJECT_DEPS, cue_text, outer_cue, subject
from app.ingest.docindex import DocIndex
from app.ingest.document import RawStatement, SpeakerMention
from app.ingest.lexicon import (
    AS_REPORT_VERBS,
    AUTHORED_NOUNS,
    AUTHORING_VERBS,
    CHARGE_PREPOSITIONS,
    CONTENT_ONLY_VERBS,
    DEMAND_PREPOSITIONS,
    DOCUMENT_NOUNS,
    HEARER_VERBS,
    OBJECT_REPORT_VERBS,
    OBJECT_STATEMENT_VERBS,
    ORG_DESCRIPTION_NOUNS,
    ORG_SPEAKER_NOUNS,
    ORG_WORDS,
    PRINCIPAL_NOUNS,
    QUANTIFIER_SUBJECTS,
    QUESTION_VERBS,
    QUESTION_WORDS,
    REFERENCE_VERBS,
    REPORT_NOUNS,
    REQUEST_VERBS,
    STANCE_NOUNS,
    STANCE_VERBS,
    THOUGHT_VERBS,
    TOPIC_PREPOSITIONS,
)
from app.ingest.mentions import mention_for, named_mention

MIN_INDIRECT_WORDS = 3
MAX_QUOTED_SHARE = 0.25
"""A headline-style line with more of its text in quotation marks is a quote: the quoted words
are the statement, already taken as a direct quote."""
MIN_UNQUOTED_WORDS = 1
"""`Border agents “say ...”`: the writer's words a reported clause needs besides a quotation
to be a statement of its own."""
_WORD = re.compile(r"\w+")
MAX_TRAILING_WORDS = 6
"""`..., she said in an interview on Monday.`: what may follow a closing cue."""
MAX_FALLBACK_WORDS = 8
"""`..., said a former spokesman`: how far after the cue its speaker may be."""
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
CLOSING_CUE_BLOCKERS = OBJECT_DEPS | {"mark", "advmod", "xcomp"}
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
ASIDE_OPENERS = frozenset({",", "-", "--", "—", "–", "("})
ASIDE_DEPS = frozenset({"relcl", "appos", "acl", "npadvmod"})
ASIDE_MARKS = frozenset({"as", "although", "though", "while", "whereas"})
AS_CLAUSE_DEPS = frozenset(
    {"mark", "nsubj", "agent", "advmod", "npadvmod", "prt", "punct", "aux", "prep"}
)
"""What an `as she noted` clause may hold besides the cue: no object or complement of its own."""
SETTING_PREPOSITIONS = frozenset({"in", "on", "at", "during"})
"""`as she said on Monday`, `as the paper reported in May`: where and when, not what."""
ASIDE_PREPOSITIONS = frozenset({"despite", "notwithstanding"})
"""`..., despite his claim that ...`: a concession the writer adds to what was said."""


class Stretch(NamedTuple):
    """Where a reported statement lies in the text, and its words: the text from `lo` to `hi`
    less any attribution or aside that interrupts it (`The risk, he said, is small`)."""

    lo: int
    hi: int
    text: str


def reported_statements(ix: DocIndex) -> list[RawStatement]:
    """A statement for every cue that reports one in its own right, in text order."""
    results = []
    for token in ix.tokens:
        if not (ix.is_cue(token) or stance_clause(ix, token) is not None):
            continue
        if any(c.dep_ == "neg" for c in token.children):
            continue
        if token.lemma_.lower() in THOUGHT_VERBS or _asks(token):
            continue
        if _names_something(token) or _passive_request(token):
            continue
        outer = outer_cue(ix, token)
        speaker_cue = _reporting_ancestor(ix, token) or token
        if outer is not None and outer.i in scope(ix, token):
            conjoined = _conjoined_cue(ix, token)
            if not conjoined and _reports(ix, outer, token):
                continue
            if conjoined and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
                speaker_cue = outer
        content = _content_of(ix, token)
        if content is None:
            continue
        lo, hi, text = content
        if wholly_quoted(ix, lo, hi):
            continue
        speaker, reported_by = _agent(ix, speaker_cue), None
        if speaker is None:
            speaker, reported_by = speaker_of_cue(ix, speaker_cue)
        if speaker is not None and _speaks_inside(ix, speaker, speaker_cue, lo, hi):
            speaker = _governing_speaker(ix, speaker_cue, lo, hi)
        if speaker is None:
            speaker = _fallback_speaker(ix, speaker_cue, lo)
        if speaker is None:
            continue
        speaker = _teller(ix, speaker_cue) or _principal(ix, speaker)
        results.append(
            RawStatement(
                text=text,
                kind="indirect",
                start=lo,
                end=hi,
                cue=cue_text(ix, token),
                speaker=speaker,
                reported_by=reported_by,
                context=ix.context(lo, hi),
            )
        )
    return results


def wholly_quoted(ix: DocIndex, lo: int, hi: int) -> bool:
    """Whether [lo, hi) is a quotation with hardly a word of the writer's around it (`said
    that “...”`): the quote is the statement. A reported clause that only holds a partial quote
    (`said he was “very moved” by it`) is both: the partial is the speaker's words, the clause
    what the writer reports them as saying."""
    outside = [m for m in _WORD.finditer(ix.text, lo, hi) if not ix.quotes.covers(m.start())]
    return len(outside) < MIN_UNQUOTED_WORDS


def mostly_quoted(ix: DocIndex, lo: int, hi: int) -> bool:
    """Whether quotation marks hold more than `MAX_QUOTED_SHARE` of [lo, hi)."""
    return ix.quotes.quoted_chars(lo, hi) > MAX_QUOTED_SHARE * (hi - lo)


def scope(ix: DocIndex, cue: Token) -> range:
    """Token indices a cue's statement may span: its sentence, within its paragraph (the
    parser sometimes runs a sentence on over a paragraph break)."""
    sentence = cue.sent
    lo, hi = ix.paragraphs[ix.paragraph_of(cue.idx)]
    start, end = sentence.start, sentence.end
    while start < cue.i and ix.doc[start].idx < lo:
        start += 1
    while end > cue.i + 1 and ix.doc[end - 1].idx >= hi:
        end -= 1
    return range(start, end)


def _content_of(ix: DocIndex, cue: Token) -> Stretch | None:
    """Character range of what was said: a content clause, or for some verbs the object."""
    if cue.lower_ == "according":
        return _according_content(ix, cue)
    cue_scope = scope(ix, cue)
    clauses = [c for c in cue.children if c.dep_ == "ccomp" and c.i in cue_scope]
    if not clauses and cue.dep_ == "pcomp" and cue.head.lower_ == "as":
        governor = cue.head.head
        clauses = [c for c in governor.children if c.dep_ == "ccomp" and c.i in cue_scope]
    if not clauses and (cue.dep_ == "parataxis" or _as_clause(cue)):
        return _parenthetical_content(ix, cue)
    if not clauses and _trailing_attribution(ix, cue):
        comma = min(t.i for t in _subject_children(cue)[0].subtree) - 1
        tokens = [ix.doc[i] for i in cue_scope if i < comma]
        if not _is_clause(tokens):
            return None
        return _span_of(ix, tokens)
    if not clauses and (rest := _that_after_medium(ix, cue)):
        return _span_of(ix, rest)
    stance = stance_clause(ix, cue)
    if not clauses and stance is not None:
        clauses = [stance]
    if not clauses:
        lemma = cue.lemma_.lower()
        if lemma in CONTENT_ONLY_VERBS:
            return None
        clauses = _object_statement(cue, lemma)
    if not clauses:
        return None
    ids = {t.i for c in clauses for t in c.subtree if t.i in cue_scope}
    if cue.dep_ == "relcl" or any(c.i > cue.i for c in clauses):
        # `X, in fact, she said Y`: a clause after the cue is what was said, and the
        # statement never runs over the cue (`applicants, which he said were split`)
        ids = {i for i in ids if i > cue.i}
    else:
        ids = {i for i in ids if i < cue.i}
    return _span_of(ix, [ix.doc[i] for i in sorted(ids)])


def _that_after_medium(ix: DocIndex, cue: Token) -> list[Token]:
    """`X, the deputy minister, posted on X that crews were on their way`: after a medium
    (`on X`, `on Facebook`, `in a post`) the parser often loses the that-clause (reading the
    cue as a modifier of the name and `that` as a pronoun); the words after `that` to the end
    of the sentence are what was said. Only for a cue the parser hung on a name (a post does
    not speak: `the photos posted on X that night`), and never for `that` as a determiner."""
    named = cue.head.pos_ == "PROPN" or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in cue.head.children
    )
    if cue.dep_ != "acl" or not named:
        return []
    media = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in {"on", "in"}]
    if not media or media[0].i != cue.i + 1:
        return []
    after = max(t.i for t in media[0].subtree) + 1
    cue_scope = scope(ix, cue)
    that = ix.doc[after] if after in cue_scope else None
    if that is None or that.lower_ != "that" or that.dep_ == "det":
        return []
    return [ix.doc[i] for i in cue_scope if i > after]


def _speaks_inside(ix: DocIndex, speaker: SpeakerMention, cue: Token, lo: int, hi: int) -> bool:
    """A name taken as the speaker that is part of what was said (`..., saying Clinton was
    committed`): not the cue's own subject, and inside the statement."""
    token = ix.token_at(speaker.start)
    return lo <= token.idx < hi and token.head.i != cue.i


def _governing_speaker(ix: DocIndex, cue: Token, lo: int, hi: int) -> SpeakerMention | None:
    """For a participle or conjoined cue (`Podesta repeated it, saying ...`), the subject of
    the verb it hangs on."""
    if cue.dep_ not in {"advcl", "conj", "xcomp"} or cue.head.pos_ not in {"VERB", "AUX"}:
        return None
    speaker = subject(ix, cue.head)
    if speaker is None or lo <= speaker.idx < hi:
        return None
    return mention_for(ix, speaker)


def _principal(ix: DocIndex, mention: SpeakerMention) -> SpeakerMention:
    """Who an unnamed speaker speaks for or whose document it is: `the Clinton campaign`,
    `a spokesman for Obama` (the person), `calculations by Amy Glasmeier`, `an Associated
    Press tally` (the author)."""
    if mention.name or mention.pronoun:
        return mention
    head = ix.token_at(mention.start)
    identified = _identified_as(ix, head)
    if identified is not None:
        return named_mention(ix, identified)
    lemma = head.lemma_.lower()
    if lemma in PRINCIPAL_NOUNS:
        for child in head.children:
            if child.dep_ in {"compound", "poss"} and _is_principal(ix, child):
                return named_mention(ix, child)
            if child.dep_ == "prep" and child.lower_ == "for":
                named = [o for o in child.children if o.dep_ == "pobj" and ix.is_person(o)]
                if named:
                    return named_mention(ix, named[0])
    if lemma in REPORT_NOUNS:
        for child in head.children:
            if child.dep_ in {"compound", "poss"} and ix.is_named(child):
                return named_mention(ix, child)
            if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                named = [o for o in child.children if o.dep_ == "pobj" and ix.is_named(o)]
                if named:
                    return mention_for(ix, named[0]) or mention
    if lemma in DOCUMENT_NOUNS | AUTHORED_NOUNS | REPORT_NOUNS:
        return _document_author(ix, head) or mention
    return mention


IDENTIFYING_VERBS = frozenset({"identify", "name"})
"""`a woman later identified as Eva Rossi`: verbs that give a description its name."""


def _identified_as(ix: DocIndex, head: Token) -> Token | None:
    """The person a description is named as in its own sentence: `A man identified as Omar
    Haddad said ...`, `a woman later named as Jo Park demanded ...`; the parser hangs the
    participle on the noun, or makes it the clause the speech verb is conjoined to."""
    verbs = [c for c in head.children if c.dep_ == "acl"]
    if head.dep_ in {"nsubj", "nsubjpass"}:
        verbs.append(head.head)
    for verb in verbs:
        if verb.lemma_.lower() not in IDENTIFYING_VERBS:
            continue
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and ix.is_person(obj):
                        return obj
    return None


def _document_author(ix: DocIndex, document: Token) -> SpeakerMention | None:
    """Who a speaking document is by, when its own phrase says: `Cooke's testimony`, `a
    document Matthesen prepared`, `an email sent by the chairman`, `The company published a
    post that said ...`. The author may be a description (`the company`) or a pronoun, for
    `speakers` to resolve; a clause that names no author (`a report Smith criticized`, `a
    paper published in a journal`) gives none."""
    for child in document.children:
        if child.dep_ in {"poss", "compound"} and child.pos_ == "PROPN" and ix.is_named(child):
            return named_mention(ix, child)
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            named = [o for o in child.children if o.dep_ == "pobj" and ix.is_named(o)]
            if named:
                return mention_for(ix, named[0])
        if child.dep_ in {"relcl", "acl"} and child.lemma_.lower() in AUTHORING_VERBS:
            for part in child.children:
                if part.dep_ == "nsubj" and part.lower_ not in RELATIVE_PRONOUNS:
                    return mention_for(ix, part)
                if part.dep_ == "agent":
                    found = [o for o in part.children if o.dep_ == "pobj"]
                    if found:
                        return mention_for(ix, found[0])
    verb = document.head
    if document.dep_ == "dobj" and verb.lemma_.lower() in AUTHORING_VERBS:
        author = subject(ix, verb)
        if author is not None and author.i != document.i:
            return mention_for(ix, author)
    return _body_of_document(document)


def _body_of_document(document: Token) -> SpeakerMention | None:
    """`the office release`, `a ministry statement`: a body's common noun before a statement,
    release, email or letter is its author, a description for `speakers` to resolve to the
    body the article names in that role (`the office` → the attorney's office named earlier)."""
    if document.lemma_.lower() not in DOCUMENT_NOUNS:
        return None  # `court documents`, `company records`: filed with or kept by the body
    for child in document.children:
        lemma = child.lemma_.lower()
        if (
            child.dep_ == "compound"
            and child.pos_ == "NOUN"
            and lemma in ORG_SPEAKER_NOUNS | ORG_DESCRIPTION_NOUNS
        ):
            return SpeakerMention(
                text=child.text, start=child.idx, kind="organization", office=lemma
            )
    return None


def _teller(ix: DocIndex, cue: Token) -> SpeakerMention | None:
    """`In an email sent by the chairman, employees were told that ...`: the subject of a
    passive hearer verb heard the statement; who made it is the author of the document it
    came in. None when the sentence names no such author (the caller keeps what it has)."""
    if cue.lemma_.lower() not in HEARER_VERBS:
        return None
    if not any(c.dep_ == "nsubjpass" for c in cue.children):
        return None
    if any(c.dep_ == "agent" for c in cue.children):
        return None
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "through", "via"}:
            continue
        for obj in prep.children:
            lemma = obj.lemma_.lower()
            if obj.dep_ == "pobj" and lemma in DOCUMENT_NOUNS | AUTHORED_NOUNS:
                return _document_author(ix, obj)
    return None


def _reporting_ancestor(ix: DocIndex, cue: Token) -> Token | None:
    """`Pompeo said Washington had concluded X, saying Y`: a participle cue with no subject
    of its own, set off by a comma inside what another cue reports, is said by the speaker of
    that reporting cue (the highest one above it), not by the subject of the reported clause
    it hangs on, even when that clause's verb is itself a cue (`concluded`)."""
    if cue.tag_ != "VBG" or cue.i == 0 or ix.doc[cue.i - 1].text != ",":
        return None
    if any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None
    found = None
    node = cue.head
    below = cue
    while node.i != below.i and not ix.in_quote(node):
        if ix.is_cue(node) and below.dep_ == "ccomp":
            found = node
        below, node = node, node.head
    return found


def _is_principal(ix: DocIndex, token: Token) -> bool:
    """A person's name before `campaign` or `aides`; the small model often tags a surname
    there as an organisation (`the Sanders campaign`)."""
    if ix.is_person(token):
        return True
    ent = ix.entity_of(token)
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and (ent is None or (ent.label_ == "ORG" and len(ent) == 1))
        and token.lower_ not in ORG_WORDS
    )


def _as_clause(cue: Token) -> bool:
    """`As the paper reported, X` / `X, as she pointed out, Y`: an `as` clause with its own
    speaker attributes the clause it hangs on (without one, `as expected`, it does not)."""
    if cue.lemma_.lower() not in AS_REPORT_VERBS:
        return False
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return False
    if any(c.dep_ not in AS_CLAUSE_DEPS for c in cue.children):
        return False  # `as it continues to grow`, `as voters responded to ...`: no report
    if any(c.dep_ == "prep" and c.lower_ not in SETTING_PREPOSITIONS for c in cue.children):
        return False
    speakers = [c for c in cue.children if c.dep_ == "nsubj" or c.dep_ == "agent"]
    return bool(speakers) and all(c.lower_ not in {"i", "we"} for c in speakers)


def _agent(ix: DocIndex, cue: Token) -> SpeakerMention | None:
    """`as reported by the radio`: a passive cue's agent speaks; without this the subject of
    the clause the cue hangs on would be taken."""
    if any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None
    for agent in cue.children:
        if agent.dep_ == "agent":
            for obj in agent.children:
                if obj.dep_ == "pobj":
                    return mention_for(ix, obj)
    return None


def stance_clause(ix: DocIndex, verb: Token) -> Token | None:
    """`expressed concern that X`, `voiced alarm that X`: the `that` clause of a stance noun
    states a position as much as `said that X` does."""
    if verb.lemma_.lower() not in STANCE_VERBS or ix.in_quote(verb):
        return None
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lemma_.lower() not in STANCE_NOUNS:
            continue
        for clause in obj.children:
            marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
            if clause.dep_ in {"acl", "ccomp"} and "that" in marks:
                return clause
    return None


def _according_content(ix: DocIndex, cue: Token) -> Stretch | None:
    """`X, according to Y` / `According to Y, X`: the rest of the sentence.

    With the attribution in the middle (`X, according to Y, did Z`) the whole sentence is
    the statement when the part before it holds the subject, else the part after it.

    A sentence whose own main verb reports speech (`According to the pool report, Obama said
    ...`, `X wrote in a blog post that ..., according to NPR`) is that verb's statement: the
    source only relays it, and the sentence with its cue is no statement of the source. Not
    when that verb states nothing itself (`..., the commission said, according to Reuters`
    where the tail hides the clause from it) or is a request the source reports (`According to
    the summary, two aides asked him to delete the emails`)."""
    root = cue.sent.root
    if (
        root.i != cue.i
        and ix.is_cue(root)
        and root.i in scope(ix, cue)
        and root.lemma_.lower() not in REQUEST_VERBS
        and _content_of(ix, root) is not None
    ):
        return None
    skip = {t.i for t in cue.subtree}
    tokens = [ix.doc[i] for i in scope(ix, cue) if i not in skip and not ix.doc[i].is_space]
    return _around_cue(ix, tokens, cue, cue.sent.root)


def _reports(ix: DocIndex, outer: Token, cue: Token) -> bool:
    """Whether `cue` is part of what `outer` reports (`X said that Y believes ...`)."""
    if outer.i not in scope(ix, cue):
        return False
    content = _content_of(ix, outer)
    return content is not None and content[0] <= cue.idx < content[1]


def _fallback_speaker(ix: DocIndex, cue: Token, content_start: int) -> SpeakerMention | None:
    """The speaker where the cue's own subject gives none: the noun a relative or
    participle clause hangs on (`Perez, who said ...`, `a note saying ...`), or the noun
    after a cue that follows its statement (`..., said a former spokesman`)."""
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
    for found in subjects:
        if found.lower_ in QUANTIFIER_SUBJECTS:
            return SpeakerMention(text=found.text, start=found.idx)
    if cue.dep_ in {"relcl", "acl"} and cue.head.pos_ in {"NOUN", "PROPN"}:
        if all(s.dep_ == "nsubj" and s.lower_ in RELATIVE_PRONOUNS for s in subjects):
            return mention_for(ix, cue.head)
        return None
    if subjects or content_start > cue.idx:
        return None
    for t in ix.doc[cue.i + 1 : min(cue.i + MAX_FALLBACK_WORDS, cue.sent.end)]:
        if t.is_punct:
            break
        if t.pos_ in {"NOUN", "PROPN"} and t.dep_ not in {"compound", "poss", "amod"}:
            return mention_for(ix, t)
    return None


def _object_statement(cue: Token, lemma: str) -> list[Token]:
    """What was said as the cue's object: `vowed to fight`, `reported 906 attacks`,
    `accused Smith of lying`, `warned of a crisis`; a topic too short to stand alone keeps
    what qualifies it (`warned of blackouts in January if the attacks continued`)."""
    if lemma in REQUEST_VERBS:
        wanted = [c for c in cue.children if c.dep_ == "xcomp" or _infinitive_clause(cue, c)]
        if wanted:
            return wanted[:1]
    objects = OBJECT_STATEMENT_VERBS | OBJECT_REPORT_VERBS | {"urge", "promise", "vow", "pledge"}
    if lemma in objects:
        found = [c for c in cue.children if c.dep_ in {"dobj", "xcomp"}][:1]
        if found and lemma in CHARGE_PREPOSITIONS:
            found += [
                c
                for c in cue.children
                if c.dep_ == "prep" and c.lower_ == CHARGE_PREPOSITIONS[lemma] and c.i > cue.i
            ]
        if found and lemma in REFERENCE_VERBS and _bare_noun_phrase(found):
            return []
        if found:
            return found
    demanded = _demanded(cue, lemma)
    if demanded is not None:
        return [demanded]
    preps = TOPIC_PREPOSITIONS.get(lemma, frozenset())
    found = [
        obj
        for prep in cue.children
        if prep.dep_ == "prep" and prep.lower_ in preps
        for obj in prep.children
        if obj.dep_ in {"pobj", "pcomp"}
    ][:1]
    if found and len(list(found[0].subtree)) < MIN_INDIRECT_WORDS:
        found += [
            c for c in cue.children if c.i > found[0].i and c.dep_ in {"prep", "advcl", "npadvmod"}
        ]
    return found


def _infinitive_clause(cue: Token, clause: Token) -> bool:
    """`pleaded with the administration to reconsider`: the parser's other reading of a
    request, an infinitive clause after the cue with the hearer as its subject."""
    return (
        clause.dep_ == "advcl"
        and clause.i > cue.i
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


def _demanded(cue: Token, lemma: str) -> Token | None:
    """`called for the minister to resign`, `asked for talks to resume`: what a speaker asks
    for is a statement when it is a clause; a thing asked for (`called for better pay`) is
    a noun phrase and states nothing."""
    preps = DEMAND_PREPOSITIONS.get(lemma, frozenset())
    for clause in cue.children:
        # the parser's other reading: `for` marks an infinitive clause with its own subject
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        if clause.dep_ == "advcl" and marks & preps and clause.i > cue.i:
            return clause
    for prep in cue.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ == "pcomp" and obj.pos_ in {"VERB", "AUX"}:
                return obj
            if obj.dep_ == "pobj" and any(
                c.dep_ in {"acl", "relcl", "ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX"}
                for c in obj.children
            ):
                return prep
    return None


def _bare_noun_phrase(parts: list[Token]) -> bool:
    """`praised the electoral body`, `cited his proximity to Trump`: an object that names a
    thing states nothing; one with a verb in it does (`vowed to fight`, `accused Smith of
    lying`, `denied the reports that he had resigned`)."""
    if parts[0].dep_ != "dobj":
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for part in parts for t in part.subtree)


def _asks(cue: Token) -> bool:
    """`Asked whether he would resign, the mayor said ...`: a question put to someone who is
    not named as asking it is no statement of the one who answers. With its asker as subject
    (`Reporters asked why ...`) the question is the asker's."""
    if cue.lemma_.lower() not in QUESTION_VERBS:
        return False
    if any(c.dep_ == "nsubj" for c in cue.children):
        return False
    for clause in cue.children:
        if clause.dep_ not in {"ccomp", "advcl"}:
            continue
        first = min(clause.subtree, key=lambda t: t.i)
        if first.lower_ in QUESTION_WORDS:
            return True
    return False


def _names_something(cue: Token) -> bool:
    """`a group called Clean Rivers is suing`, `a party named Forward is gaining`: a past
    participle that hangs on a noun gives it a name; nobody says anything. The parser often
    reads it as the main verb with the rest of the sentence as its clause (`a super PAC called
    [Our Future is ramping up]`), but naming verbs take no content clause, so a clause that
    opens with a capitalised word right after one is that misreading."""
    if cue.lemma_.lower() not in NAMING_VERBS:
        return False
    if cue.tag_ == "VBN" and cue.dep_ == "acl" and cue.head.pos_ in {"NOUN", "PROPN"}:
        return True
    if cue.i + 1 >= len(cue.doc):
        return False
    after = cue.doc[cue.i + 1]
    if not after.text[:1].isupper() or after.text == "I":
        return False
    return any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children)


def _passive_request(cue: Token) -> bool:
    """`they have been asked to keep the posts online`, `only to be told to wait`: a request
    put to the subject, by someone the sentence seldom names; the writer reports what the
    subject was asked to do, no one's statement. A passive with a clause (`staff were told
    that the office would close`) does report one."""
    if cue.lemma_.lower() not in REQUEST_VERBS:
        return False
    if not any(c.dep_ in {"auxpass", "nsubjpass"} for c in cue.children):
        return False
    return not any(c.dep_ == "ccomp" for c in cue.children)


NAMING_VERBS = frozenset({"call", "name", "dub", "title", "label"})
"""`a group called X`: verbs that, as a participle on a noun, name it."""


def _own_object(cue: Token, child: Token) -> bool:
    """An object that makes the cue a clause of its own; `told reporters` names a hearer."""
    if child.dep_ in {"dobj", "dative"} and cue.lemma_.lower() in HEARER_VERBS:
        return False
    return child.dep_ in OBJECT_DEPS


def _subject_children(cue: Token) -> list[Token]:
    return [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.i < cue.i]


def _trailing_attribution(ix: DocIndex, cue: Token) -> bool:
    """`..., she said.` / `..., the group said in a statement.`: the cue and its subject
    close the sentence after a comma, whatever the parser hung the clause on."""
    subjects = _subject_children(cue)
    if not subjects or subjects[0].lower_ in RELATIVE_PRONOUNS:
        return False
    if any(c.dep_ in CLOSING_CUE_BLOCKERS for c in cue.children):
        return False
    start = min(t.i for t in subjects[0].subtree)
    if start == 0 or ix.doc[start - 1].text != ",":
        return False
    rest = [t for t in ix.doc[cue.i + 1 : cue.sent.end] if not (t.is_punct or t.is_space)]
    if len(rest) > MAX_TRAILING_WORDS or any(ix.in_quote(t) for t in rest):
        return False
    inside = {t.i for t in cue.subtree}
    return all(t.i in inside and t.pos_ not in {"VERB", "AUX"} for t in rest)


def _is_clause(tokens: list[Token]) -> bool:
    """A main clause with a subject, not an opener such as `In 2011` or `After it cooled`."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    while words and words[0].pos_ in {"CCONJ", "ADV"}:
        words = words[1:]
    if not words or words[0].pos_ in {"ADP", "SCONJ"}:
        return False
    return any(t.dep_ in SUBJECT_DEPS | {"expl"} for t in words)


def _parenthetical_content(ix: DocIndex, cue: Token) -> Stretch | None:
    """`The risk, he said, is a clash` / `It is over, she said`: the clause the cue
    interrupts or follows (the parser hangs the cue on its verb as `parataxis`, or on the
    clause's subject: `The quay, as she noted, is ...`, and then the clause is the verb's)."""
    head = cue.head
    while head.pos_ in {"NOUN", "PROPN", "PRON"} and head.dep_ in SUBJECT_DEPS:
        head = head.head
    if head.i == cue.i or ix.in_quote(head):
        return None
    if any(_own_object(cue, c) for c in cue.children):
        return None  # `she drew his ire - he called her "weak"`: a clause of its own
    cue_scope = scope(ix, cue)
    skip = {t.i for t in cue.subtree}
    tokens = [t for t in head.subtree if t.i in cue_scope and t.i not in skip and not t.is_space]
    return _around_cue(ix, tokens, cue, head)


def _around_cue(ix: DocIndex, tokens: list[Token], cue: Token, head: Token) -> Stretch | None:
    """The statement made of `tokens` (a clause without its cue phrase) as one stretch of
    text: all of it when the cue sits after it, or inside it after the clause's subject;
    only the part after the cue when what comes before it is an adverbial opener."""
    left = [t for t in tokens if t.i < cue.i]
    right = [t for t in tokens if t.i > cue.i]
    if left and right:
        subject_left = any(
            c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} and c.i < cue.i for c in head.children
        )
        if not subject_left:
            return _span_of(ix, right)
    return _span_of(ix, tokens)


# -- where a statement starts and ends ---------------------------------------------------------


def _span_of(ix: DocIndex, tokens: list[Token]) -> Stretch | None:
    """Character range of a statement's tokens without the leading `that`, surrounding
    punctuation and a trailing aside (`, which ...`, `, noting ...`)."""
    tokens = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
        tokens = tokens[1:]
    tokens = _before_conjoined_cue(ix, tokens)
    tokens = _without_aside(tokens)
    while tokens and (
        (tokens[-1].is_punct and tokens[-1].text not in '”"’') or tokens[-1].dep_ == "cc"
    ):
        tokens = tokens[:-1]
    if len([t for t in tokens if not t.is_punct]) < MIN_INDIRECT_WORDS:
        return None
    lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = _joined(ix, tokens)
    closing = _closing_marks(ix, lo, hi)
    return Stretch(lo, hi + len(closing), text + closing)


def _closing_marks(ix: DocIndex, lo: int, hi: int) -> str:
    """`... by arming the “Kiev regime.”`: the parser hangs the final period and closing mark on
    the main verb, outside the clause; a quotation opened inside the statement ends with it,
    so its closing mark (and the period inside it) is the statement's too."""
    if hi >= len(ix.text) or not ix.quotes.covers(hi - 1):
        return ""
    span = ix.quotes.spans[ix.quotes.owner[hi - 1]]
    tail = ix.text[hi : span.outer_end]
    if (
        span.open_mark < lo
        or span.close_mark is None
        or not tail
        or tail.strip(".,!?;") != (ix.text[span.close_mark : span.outer_end])
    ):
        return ""
    return tail


def _joined(ix: DocIndex, tokens: list[Token]) -> str:
    """The text of `tokens`, with one space where left-out words were, and without the
    commas or dashes that set them off."""
    pieces: list[list[Token]] = []
    for token in tokens:
        if pieces and all(t.is_space for t in ix.tokens[pieces[-1][-1].i + 1 : token.i]):
            pieces[-1].append(token)
        else:
            pieces.append([token])
    texts = []
    for n, piece in enumerate(pieces):
        if n > 0:
            while len(piece) > 1 and piece[0].text in ASIDE_OPENERS:
                piece = piece[1:]
        if n < len(pieces) - 1:
            while len(piece) > 1 and piece[-1].text in ASIDE_OPENERS:
                piece = piece[:-1]
        texts.append(ix.text[piece[0].idx : piece[-1].idx + len(piece[-1].text)])
    return " ".join(texts)


def _conjoined_cue(ix: DocIndex, token: Token) -> bool:
    """A cue parsed inside another cue's content clause that makes a statement of its own:
    `saying that X but warning that Y`, `said X and called him Y` (a conjunct of a verb
    that is no cue), `74 percent said X, while 22 percent said Y` (an adverbial clause
    with its own subject)."""
    if ix.is_cue(token.head):
        return False
    if token.dep_ == "conj":
        return True
    return token.dep_ == "advcl" and any(c.dep_ in SUBJECT_DEPS for c in token.children)


def _before_conjoined_cue(ix: DocIndex, tokens: list[Token]) -> list[Token]:
    """Stop a content clause where a conjoined cue with its own statement starts."""
    for k, t in enumerate(tokens):
        if k >= MIN_INDIRECT_WORDS and ix.is_cue(t) and _conjoined_cue(ix, t):
            start = min([t.i, *(c.i for c in t.lefts)])
            return [u for u in tokens[:k] if u.i < start]
    return tokens


def _without_aside(tokens: list[Token]) -> list[Token]:
    """Cut a trailing non-restrictive aside: after a comma or dash, a phrase that only
    comments on what came before (relative clause, apposition, `..., noting that`)."""
    ids = {t.i for t in tokens}
    for k in range(MIN_INDIRECT_WORDS, len(tokens) - 1):
        if tokens[k].text not in ASIDE_OPENERS:
            continue
        rest = tokens[k + 1 :]
        if _opens_aside(rest):
            return tokens[:k]
        rest_ids = {t.i for t in rest}
        tops = [t for t in rest if t.head.i not in rest_ids or t.head.i == t.i]
        if tops and all(_is_aside(t, ids) for t in tops if not t.is_punct):
            return tokens[:k]
    return tokens


def _is_aside(token: Token, ids: set[int]) -> bool:
    if token.head.i not in ids or token.head.i == token.i:
        return False
    if token.dep_ in ASIDE_DEPS:
        return True
    if token.dep_ in {"advcl", "ccomp"} and _relative_opening(token):
        return True  # `..., to which the mayor replied ...`
    if token.dep_ == "dep" and token.pos_ in {"NOUN", "NUM"}:
        return True  # `..., less than half of last year's`: the parser's loose apposition
    if token.dep_ == "advcl":
        if token.tag_ == "VBG":
            return True
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        return bool(marks & ASIDE_MARKS)
    # `..., an acknowledgment that ...`: a noun phrase summing up the clause before it
    return (
        token.pos_ == "NOUN"
        and token.head.pos_ in {"VERB", "AUX"}
        and token.dep_ in {"dobj", "attr"}
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children)
    )


def _opens_aside(rest: list[Token]) -> bool:
    """A concession after a comma or dash (`- despite his claim that ...`) is the writer's
    aside from its first word, whatever the parser made of the rest."""
    words = [t for t in rest if not t.is_punct]
    return bool(words) and words[0].lower_ in ASIDE_PREPOSITIONS


def _relative_opening(clause: Token) -> bool:
    """A clause that opens with a relative pronoun (`which`, `to which`, `in whom`)."""
    words = [t for t in clause.subtree if not t.is_punct][:2]
    return bool(words) and (
        words[0].lower_ in {"which", "whom"}
        or (words[0].pos_ == "ADP" and len(words) > 1 and words[1].lower_ in {"which", "whom"})
    )
