"""Extraction stage 3, mentions: the people, organisations, roles, pronouns and places an article
names, read from the parse.

Two parts. `mention_for` and `named_mention` read one noun phrase as a `SpeakerMention`: the
name without its titles and role words (`Kremlin spokesperson Dmitry Peskov` → name `Dmitry
Peskov`, role `Kremlin spokesperson`), whether it is a person or an organisation, a pronoun, or
a definite description (`the senator`, `the 61-year-old`, `the company`, `the statement`) to be
resolved later. A title alone is a role, never a name (`Minister`, `the Crown Prince`), and a
name keeps its particles and hyphens (`von der Leyen`, `bin Hamad`, `Ferreira-Gonçalves`).
`mention_table` reads the whole article once into a `MentionTable`: every name with its kind and
role, the gender each one is given by titles and words before it, in reading order which person
each third-person pronoun outside quotation marks refers to (`coref`'s salience model), and the
organisations with the words they are described by, for `the group said`. The table is the
explicit data that speaker resolution (`speakers`) reads.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Span, Token

from app.ingest import gazetteer
from app.ingest.coref import (
    PRONOUN_GENDER,
    Discourse,
    Mention,
    Referent,
    name_gender,
    office_words,
)
from app.ingest.cues import SUBJECT_DEPS, is_age, subject
from app.ingest.docindex import NAME_LABELS, DocIndex, is_role_only, per_token
from app.ingest.document import NameMention, SpeakerMention
from app.ingest.lexicon import (
    COURTESY_TITLES,
    DOCUMENT_NOUNS,
    FEMALE_ROLE_WORDS,
    FEMALE_WORDS,
    ISSUING_VERBS,
    MALE_ROLE_WORDS,
    MALE_WORDS,
    NAME_PARTICLES,
    ORG_DESCRIPTION_NOUNS,
    ORG_OFFICE_ONLY_NOUNS,
    ORG_SPEAKER_NOUNS,
    ORG_WORDS,
    PERSON_DESCRIPTION_NOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    PERSONAL_PRONOUNS,
    RELATIONAL_ROLE_NOUNS,
    ROLE_QUALIFIERS,
    RULER_TITLES,
    SPEECH_NOUNS,
)

AGE_OFFICE = "age"
"""The office of `the 85-year-old`: no one holds it by name, so it means whom the text is about."""
MAX_DOCUMENT_PARAGRAPHS = 4
"""How far back `the statement` looks for the mention that says who issued it."""
VOICE_NOUNS = frozenset({"campaign", "ad", "advertisement", "commercial"})
_POSSESSIVE = re.compile(r"[’']s$")


def clean_name(text: str) -> str:
    """Strip possessives, surrounding punctuation and spaces from a name."""
    text = _POSSESSIVE.sub("", text.strip())
    return text.strip(" ,.;:\"“”'‘’()-–—")


def _is_title(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in PERSON_TITLES or word in RULER_TITLES


def _is_role_word(token: Token) -> bool:
    """A word inside an NER entity that belongs to the role: `Kremlin spokesperson Dmitry X`;
    a particle (`bin`, `da`, `von der`) belongs to the name."""
    if token.lower_ in NAME_PARTICLES:
        return False
    return token.text[:1].islower() or token.lower_ in PERSON_ROLE_NOUNS


def _opening_description(token: Token, label: str) -> bool:
    """`Billionaire Donald Trump praised ...`, `Rapper Kofi Boateng said`: a description that
    opens a sentence is capitalised, and the tagger takes it into the name; it is a role."""
    return label == "PERSON" and token.is_sent_start and token.lower_ in PERSON_DESCRIPTION_NOUNS


def _joins_name(tokens: list[Token], i: int) -> bool:
    """`Customs and Border Protection`, `Center for Disease Control`: a small word between two
    capitalised words of an organisation's name is part of the name, not a role before it."""
    return (
        0 < i < len(tokens) - 1
        and tokens[i].lower_ in ORG_NAME_JOINERS
        and tokens[i - 1].text[:1].isupper()
        and tokens[i + 1].text[:1].isupper()
    )


ORG_NAME_JOINERS = frozenset({"and", "&", "of", "for", "on", "de", "du", "des", "la", "del"})


def role_gender(role: str | None) -> str | None:
    """Gender told by a role ("his wife", "the congresswoman"), if any."""
    if not role:
        return None
    words = set(role.lower().split())
    if words & FEMALE_ROLE_WORDS or "first lady" in role.lower():
        return "f"
    if words & MALE_ROLE_WORDS:
        return "m"
    return None


# -- one mention -------------------------------------------------------------------------------


def mention_for(ix: DocIndex, head: Token) -> SpeakerMention | None:
    """Turn the head of a subject/object noun phrase into a speaker mention."""
    if ix.in_parentheses(head) and head.head.i != head.i and not ix.in_parentheses(head.head):
        return mention_for(ix, head.head) if head.head.pos_ in {"PROPN", "NOUN"} else None
    if head.pos_ == "PRON" or head.lower_ in PERSONAL_PRONOUNS:
        if head.lower_ not in PERSONAL_PRONOUNS:
            return None
        return SpeakerMention(text=head.text, start=head.idx, pronoun=head.lower_)
    head = _hyphenated_head(head)
    appositions = [c for c in head.children if c.dep_ == "appos" and ix.is_named(c)]
    if not appositions and head.lemma_.lower() in PERSON_ROLE_NOUNS | PERSON_DESCRIPTION_NOUNS:
        appositions = _person_beside(ix, head) or _person_closing_role(ix, head)
    if ix.is_person(head):
        appositions = []
    elif any(ix.is_person(c) for c in appositions):
        appositions = [c for c in appositions if ix.is_person(c)]
    if appositions:
        child = appositions[0]
        named = named_mention(ix, child)
        if head.lemma_.lower() in PERSON_ROLE_NOUNS:
            role = named.role or _phrase(head, drop_det=True, stop=child)
            named = replace(named, kind="person", role=role)
        return named
    if ix.is_named(head) or _looks_like_surname(head):
        return named_mention(ix, head)
    if (voice := _candidate_voice(ix, head)) is not None:
        return voice
    phrase = _phrase(head, drop_det=True)
    if not phrase:
        return None
    lemma = head.lemma_.lower()
    kind = "organization" if lemma in BODY_HEAD_NOUNS else "person"
    return SpeakerMention(text=phrase, start=head.idx, kind=kind, office=description_office(head))


BODY_HEAD_NOUNS = ORG_SPEAKER_NOUNS | ORG_DESCRIPTION_NOUNS | ORG_OFFICE_ONLY_NOUNS | DOCUMENT_NOUNS
"""Heads of a description that speaks as a body (`the company`, `the statement`), including
the bodies every country has (`the military`, `the police`): never a person."""


def description_office(head: Token) -> str | None:
    """The word by which a definite description refers back to someone the article names:
    `the senator` → senator, `the 56-year-old` → age, `the company` → company, `the
    statement` → statement. Indefinite and plural phrases (`a spokesman`, `physicians`)
    introduce someone new, a person described by a relation (`Ford's father`) is someone
    else, and a body described by a name (`Powell's office`, `the BLM group`) is told
    already: they stay as written. `The state's largest utility` is a definite body."""
    if head.tag_ in {"NNS", "NNPS"}:
        return None
    left = head.left_edge.i
    before = head.doc[left - 1].lower_ if left > 0 else ""
    definite = before in {"the", "this"} or any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.children
    )
    owned = any(c.dep_ == "poss" and c.pos_ != "PRON" for c in head.children)
    lemma = head.lemma_.lower()
    if definite and is_age(head):
        return AGE_OFFICE
    if definite and (lemma in PERSON_ROLE_NOUNS or lemma in PERSON_DESCRIPTION_NOUNS):
        return lemma
    if not (definite or owned):
        return None
    if lemma in ORG_DESCRIPTION_NOUNS or lemma in ORG_OFFICE_ONLY_NOUNS:
        named = [c for c in head.children if c.dep_ in {"poss", "compound"} and c.pos_ == "PROPN"]
        return None if named else lemma
    return lemma if lemma in DOCUMENT_NOUNS else None


def _hyphenated_head(head: Token) -> Token:
    """`The company flat-out denied`: the small model takes the end of a hyphenated adverb for
    the subject and the noun before it for a compound; the noun with the determiner is it."""
    if head.pos_ != "NOUN" or not any(c.text == "-" for c in head.children):
        return head
    for child in head.children:
        if (
            child.dep_ == "compound"
            and child.pos_ == "NOUN"
            and any(d.dep_ == "det" for d in child.children)
        ):
            return child
    return head


def _person_beside(ix: DocIndex, head: Token) -> list[Token]:
    """`According to his aunt, Jane Starner, “...”`: a person's name set off by a comma right
    after a role is its apposition, however the parser attached it."""
    doc = ix.doc
    after = head.i + 1
    if after + 1 >= len(doc) or doc[after].text != ",":
        return []
    name = doc[after + 1]
    ent = ix.entity_of(name)
    if ent is None or ent.label_ != "PERSON" or ent.start != name.i or ix.in_quote(name):
        return []
    return [ent.root]


def _person_closing_role(ix: DocIndex, head: Token) -> list[Token]:
    """`the head of the regional disaster agency, Nomvula Dlamini`: the parser hangs the name
    on the last noun of the role; a person set off by a comma at the end of the role phrase
    is the one it describes. Only through `of`: `a spokesman for the minister, Jane Roe` and
    `the wife of the president, John Roe` describe someone else."""
    if head.lemma_.lower() in RELATIONAL_ROLE_NOUNS:
        return []
    for t in head.subtree:
        if t.dep_ != "appos" or t.i <= head.i or not ix.is_person(t):
            continue
        node = t.head
        while node.i != head.i and (node.dep_ == "pobj" or node.lower_ == "of"):
            node = node.head
        if node.i == head.i:
            return [t]
    return []


def _candidate_voice(ix: DocIndex, head: Token) -> SpeakerMention | None:
    """`the Clinton campaign said`, `Sanders's campaign`, `one Cruz ad says`: a campaign
    and its ads speak for the candidate, who is the speaker, in the role of campaign."""
    if head.lemma_.lower() not in VOICE_NOUNS:
        return None
    for child in head.children:
        if child.dep_ not in {"compound", "poss"}:
            continue
        if ix.is_person(child) or (child.pos_ == "PROPN" and ix.entity_of(child) is None):
            named = named_mention(ix, ix.name_head(child))
            return replace(named, kind="person", role=head.lemma_.lower())
    return None


def _looks_like_surname(token: Token) -> bool:
    """A capitalised singular noun the tagger missed as a name (`Hannity said`): inside a
    sentence a capital marks a name; at its start only when it has no determiner."""
    if token.pos_ != "NOUN" or not token.text[:1].isupper() or token.tag_ != "NN":
        return False
    lemma = token.lemma_.lower()
    if lemma in PERSON_ROLE_NOUNS or lemma in ORG_SPEAKER_NOUNS or lemma in SPEECH_NOUNS:
        return False
    if token.i == token.sent.start or not token.text[1:].islower():
        return not any(c.dep_ in {"det", "poss"} for c in token.children)
    return True


@per_token
def named_mention(ix: DocIndex, token: Token) -> SpeakerMention:
    """The mention a proper name makes: the name without the titles and role words before it
    (which become its role), its kind, and the gender a title in its lead tells."""
    ent = ix.entity_of(token)
    if ent is not None and ent.label_ in NAME_LABELS:
        tokens = list(ent)
        label = ent.label_
    else:
        tokens = _propn_chain(token)
        label = ""
    lead: list[Token] = []
    while tokens and (tokens[0].lower_ in {"the", "a", "an"} or _is_title(tokens[0])):
        lead.append(tokens.pop(0))
    role_end = max(
        (
            i
            for i, t in enumerate(tokens[:-1])
            if (_is_role_word(t) or (i == 0 and _opening_description(t, label)))
            and not (label == "ORG" and _joins_name(tokens, i))
        ),
        default=None,
    )
    if role_end is not None:
        lead += tokens[: role_end + 1]
        tokens = tokens[role_end + 1 :]
    while tokens and _is_title(tokens[0]):
        lead.append(tokens.pop(0))
    role_only = not tokens or is_role_only(_as_written(tokens))
    tokens = [t for t in tokens if not ix.in_parentheses(t) and t.text not in "()"]
    if role_only and not ix.is_known_surname(token):
        person = _person_after_role(ix, token)
        if person is not None:
            named = named_mention(ix, person)
            role_start = min(t.idx for t in [*lead, *tokens, token] if t.lower_ != "the")
            name_start = ix.text.find(named.name or "", role_start, person.idx + len(person))
            role = clean_name(ix.text[role_start : max(name_start, role_start)]) or None
            return replace(named, role=role)
        return _role_mention(ix, token, [*lead, *tokens])
    if tokens and tokens[0].i > 0 and ix.doc[tokens[0].i - 1].lower_ in NAME_PARTICLES:
        tokens = _with_particles(ix, tokens)
        label = "PERSON"
    if tokens and ent is not None:
        tokens = _with_first_name(ix, tokens)
    name = clean_name(_as_written(tokens)) if tokens else clean_name(token.text)
    first = tokens[0].i if tokens else token.i
    role_tokens = [
        t
        for t in [*lead, *token.subtree]
        if t.i < first
        and t.dep_ not in {"det", "punct", "poss", "case"}
        and t.lower_ not in {"the", "a", "an"}
        and t.lower_.rstrip(".") not in COURTESY_TITLES
        and not ix.in_quote(t)
    ]
    role_tokens = sorted({t.i: t for t in role_tokens}.values(), key=lambda t: t.i)
    role = clean_name(_as_written(role_tokens)) or None
    role = _appositive_role(token) or role
    gender = None
    for t in lead:
        if t.lower_ in MALE_WORDS or t.lower_ in FEMALE_WORDS:
            gender = "m" if t.lower_ in MALE_WORDS else "f"
    kind = kind_of(ix, name, label, role, token)
    return SpeakerMention(
        text=name, start=token.idx, name=name, role=role, kind=kind, gender=gender
    )


def _person_after_role(ix: DocIndex, token: Token) -> Token | None:
    """`Assistant Commissioner of Police Majid al-Rashid`: the parser hangs the name on the
    role's `of`; the person named inside the role phrase is the one meant."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for t in prep.subtree:
            if ix.is_person(t) and not ix.in_quote(t):
                return ix.name_head(t)
    return None


def _with_particles(ix: DocIndex, tokens: list[Token]) -> list[Token]:
    """`von der Leyen`, `da Silva`, `bin Hamad`: a name's particles before it belong to it, and
    so does the given name before them (`Ursula von der Leyen`), whatever the tagger split."""
    first = tokens[0].i
    while first > 0 and ix.doc[first - 1].lower_ in NAME_PARTICLES:
        first -= 1
    given = first - 1
    while (
        given >= 0
        and ix.doc[given].pos_ == "PROPN"
        and ix.doc[given].text[:1].isupper()
        and not _is_title(ix.doc[given])
        and ix.doc[given].lower_ not in ROLE_QUALIFIERS
        and ix.entity_of(ix.doc[given]) is not None
        and ix.entity_of(ix.doc[given]).label_ == "PERSON"
    ):
        given -= 1
    return [*ix.doc[given + 1 : tokens[0].i], *tokens]


def _role_mention(ix: DocIndex, token: Token, words: list[Token]) -> SpeakerMention:
    """`the Crown Prince said`, `Minister said`: a title with no name is a role, to be
    resolved like `the senator` to whoever the article names in it, never a person's name."""
    words = [t for t in words if t.lower_ not in {"the", "a", "an"} and not ix.in_quote(t)]
    role = clean_name(_as_written(words)) or clean_name(token.text)
    roles = [t for t in words if _is_title(t) or t.lower_ in PERSON_ROLE_NOUNS]
    office = (roles[-1] if roles else token).lower_.rstrip(".")
    return SpeakerMention(text=role, start=token.idx, role=role, office=office)


def _with_first_name(ix: DocIndex, tokens: list[Token]) -> list[Token]:
    """`Tomasz Nowak` where NER tagged only `Nowak`: take the capitalised word before it."""
    if tokens[0].i == 0:
        return tokens
    before = ix.doc[tokens[0].i - 1]
    if (
        before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and not _is_title(before)
        and not _opening_description(before, "PERSON")
        and before.lower_ not in ROLE_QUALIFIERS
        and ix.entity_of(before) is None
        and before.head.i in {t.i for t in tokens}
    ):
        return [before, *tokens]
    return tokens


def _propn_chain(token: Token) -> list[Token]:
    """A name the tagger did not mark: the proper nouns compounded before `token`, with the
    hyphens between them (`Ferreira-Gonçalves`)."""
    chain = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    chain = [t for t in chain if not _is_title(t)]
    chain = sorted([*chain, token], key=lambda t: t.i)
    doc = token.doc
    hyphens = [doc[i] for i in range(chain[0].i, token.i) if doc[i].text in {"-", "‑"}]
    return sorted([*chain, *hyphens], key=lambda t: t.i)


POSSESSIVE_MARKS = frozenset({"’", "'", "’s", "'s"})
"""A possessive ending the parser split off a name (`Sanders’ son`)."""


def _appositive_role(token: Token) -> str | None:
    """`Ama Owusu, the coach,`: a role noun set beside the name. Not after a possessive mark
    the parser split off (`Sanders’ son`): that noun is someone else, whom she has."""
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if after is not None and after.text in POSSESSIVE_MARKS:
        return None
    for child in token.children:
        if child.dep_ == "appos" and child.lemma_.lower() in PERSON_ROLE_NOUNS:
            return _phrase(child, drop_det=True)
    return None


def kind_of(ix: DocIndex, name: str, label: str, role: str | None, token: Token) -> str:
    """Person or organisation, from the role, the words of the name and the NER label; a
    one-word name that the article describes as a body (`described_as_body`) is one, whatever
    the tagger guessed from its sentence, unless it is the surname of a person named in full."""
    words = {w.lower().strip(".") for w in name.split()}
    if role and any(w in PERSON_ROLE_NOUNS for w in role.lower().split()):
        return "person" if not words & ORG_WORDS else "organization"
    if words & ORG_WORDS:
        return "organization"
    if ix.is_known_surname(token):
        return "person"
    if len(words) == 1 and label != "GPE" and described_as_body(name, ix.text):
        return "organization"
    if label == "PERSON":
        return "person"
    if label != "GPE" and 2 <= len(name.split()) <= 3 and name_gender(name) is not None:
        return "person"
    if label != "GPE" and _described_as_person(token):
        return "person"
    if label in {"ORG", "GPE", "NORP", "FAC", "LOC"}:
        return "organization"
    return "person"


@lru_cache(maxsize=256)
def described_as_body(name: str, text: str) -> bool:
    """Whether the text sets this name beside a noun for a kind of organisation (`Kwelo, the
    ride-hailing company,`, `Tavoli, a furniture maker based in Brianza`), or writes it with
    what only a platform or a firm has (`Kwelo users`, `Kwelo's app`, `Tavoli shares`,
    `Tavoli executives`): evidence that holds for any name, a word of English or not, unlike
    `told X` or `X reported`, which a person's name takes as well. The patterns are matched
    where the name ends, compiled once; cached, since `kind_of` asks it of every one-word
    name's every mention."""
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        whole = not _word_char(text, start - 1) and not _word_char(text, end)
        if whole and (_BODY_APPOSITIVE.match(text, end) or _BODY_NOUN_AFTER.match(text, end)):
            return True
        start = text.find(name, start + 1)
    return False


def _word_char(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] in "_-")


_BODY_NOUNS = "|".join(sorted(ORG_DESCRIPTION_NOUNS | {"maker", "app", "site", "website"}))
_BODY_APPOSITIVE = re.compile(
    r",\s+(?:the|a|an)\s+(?:(?!(?:of|for|at|in|to|with|and)\b)[\w-]+\s+){0,3}"
    rf"(?:{_BODY_NOUNS})(?=\s*[,.;:)]|\s+(?:based|that|which|whose|owned|founded|known)\b)"
)
"""`X, the ride-hailing company,`: the noun that heads the apposition, with no `of` before it
that would make it another body the name belongs to (`X, the head of the union,`)."""
_BODY_NOUN_AFTER = re.compile(
    r"(?:['’]s)?\s+"
    r"(?:users|app|platform|CEO|headquarters|shares|subscribers|executives|founder|board)\b"
)


def _described_as_person(token: Token) -> bool:
    """`Montell Figgins, who represents Thomas,` and `Kofi Boateng, 55,`: a relative `who` or
    an age set off after a name says it is a person's, whatever the tagger called it."""
    for child in token.children:
        if child.dep_ == "relcl" and any(g.lower_ in {"who", "whom"} for g in child.children):
            return True
        if child.dep_ in {"appos", "amod", "npadvmod"} and child.like_num and child.i > token.i:
            return True
    return False


def _phrase(head: Token, *, drop_det: bool, stop: Token | None = None) -> str:
    """The noun phrase of `head` as written, up to what follows the noun (a relative clause, a
    participle, an apposition, a preposition), all of which it leaves out: `the staff member
    who reported the call` → `staff member`, never `staff member who`."""
    after = {
        t.i
        for c in head.children
        if c.dep_ in {"relcl", "acl", "appos", "punct", "prep"} and c.i > head.i
        for t in c.subtree
    }
    tokens = []
    for t in head.subtree:
        if stop is not None and t.i >= stop.i:
            break
        if t.i in after:
            break
        tokens.append(t)
    if drop_det:
        while tokens and tokens[0].dep_ in {"det", "poss"} and tokens[0].i < head.i:
            if tokens[0].dep_ == "poss" and tokens[0].pos_ != "PRON":
                break
            tokens = tokens[1:]
    return clean_name(_as_written(tokens))


def _as_written(tokens: list[Token]) -> str:
    """Tokens joined with the spacing the text gave them (`56-year-old`, not `56 - year -
    old`), a single space where a token was left out."""
    parts = []
    for t, after in zip(tokens, [*tokens[1:], None], strict=False):
        parts.append(t.text + (t.whitespace_ if after is not None and after.i == t.i + 1 else " "))
    return "".join(parts).strip()


# -- the article's table -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class MentionTable:
    """Everyone and everywhere one article names, with the evidence later stages need.

    Built once per document by `mention_table`, then only read: `discourse` answers who a
    definite role (`the minister`) or the article's focus is at any offset, `pronouns` who each
    pronoun outside quotation marks means."""

    names: tuple[NameMention, ...]
    """People and organisations named (NER), in quotes too, as the entity list's candidates."""
    places: tuple[tuple[str, int], ...]
    """Place names as written, with their offsets."""
    gender: Mapping[str, str]
    """Name → "m" or "f", told by a title or word before the name (`Mrs.`, `King`)."""
    discourse: Discourse
    """The people of the article with every mention outside quotes, in reading order."""
    pronouns: Mapping[int, Referent]
    """Character offset of each third-person pronoun outside quotes → whom it means."""
    organisations: Discourse
    """The organisations of the article with every mention outside quotes and the words it
    is described by (`the group, WeWorkers Coalition`), for `the company said`."""


def mention_table(ix: DocIndex) -> MentionTable:
    """Read the article's names, places and pronouns once, in reading order."""
    names, name_genders = _collect_names(ix)
    events, event_genders = _person_events(ix)
    gender = dict([*name_genders, *event_genders])
    discourse, pronouns = _follow_people(ix, events, gender)
    return MentionTable(
        names=tuple(names),
        places=tuple(_collect_places(ix)),
        gender=gender,
        discourse=discourse,
        pronouns=pronouns,
        organisations=_follow_organisations(ix, discourse),
    )


def _follow_organisations(ix: DocIndex, people: Discourse) -> Discourse:
    """Every organisation named outside quotes, in reading order, with the kind of body an
    apposition calls it (`WeWorkers Coalition, a group of employees`, `the utility, PG&E`),
    so that `the group` later finds it.

    `kind_of` decides, not the tagger's label alone: a body named after its founder (`Dick
    Clark Productions`) is one, though the tagger's person gave `Productions` as a surname; a
    singer the tagger took for a company (`Ariana Grande`, a bare `Braun` after `Scooter
    Braun`) is not, and a name it missed is one when its words say so
    (`Soundwave Records`)."""
    organisations = Discourse()
    surnames = {r.name.split()[-1] for r in people.referents if r.name} | ix.person_surnames
    for head in _organisation_heads(ix):
        mention = named_mention(ix, head)
        if not mention.name or mention.kind != "organization":
            continue
        if mention.name.split()[-1] in surnames and len(mention.name.split()) == 1:
            continue
        described = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            described.append(head.head)
        words = [t.lemma_.lower() for t in described if t.pos_ == "NOUN"]
        role = " ".join(w for w in [mention.role or "", *words] if w) or None
        found = organisations.mention_named(mention.name, mention_at(ix, head), role=role)
        found.offices |= office_words(mention.name)
    for first, name, kind in _bodies_after_their_kind(ix):
        organisations.mention_named(name, mention_at(ix, first), role=kind)
    return organisations


def _bodies_after_their_kind(ix: DocIndex) -> list[tuple[Token, str, str]]:
    """Names the tagger left untagged that the text sets right after a noun for their kind of
    body (`a recently formed group Doctors for Camp Closure`, `the charity Mothers Against
    Hunger`): the first word, the name and the kind, so that `the group` later finds the body.
    The name is a run of capitalised words (with `for`, `of`, `against`, `the` and the like
    between them), outside quotes, of two words or more: one capitalised word after a noun is
    too often a person or a place. A name the tagger read as a person, a place, an
    organisation or a date is left to its reading (`MISREAD_LABELS`)."""
    found = []
    for token in ix.tokens[:-2]:
        if token.lemma_.lower() not in ORG_DESCRIPTION_NOUNS or token.pos_ != "NOUN":
            continue
        words = _capitalised_run(ix, token.i + 1)
        if sum(w.lower_ not in RUN_JOINERS for w in words) < 2 or ix.in_quote(words[0]):
            continue
        if any(
            (ent := ix.entity_of(w)) is not None and ent.label_ not in MISREAD_LABELS for w in words
        ):
            continue
        name = clean_name(_as_written(words))
        found.append((words[0], name, token.lemma_.lower()))
    return found


def _capitalised_run(ix: DocIndex, start: int) -> list[Token]:
    """The capitalised words from `start` on in its sentence, with the short lower-case words
    joining a name's words between them; none when `start` is no capitalised word."""
    words: list[Token] = []
    n = start
    while n < len(ix.tokens):
        token = ix.tokens[n]
        if token.is_sent_start and n > start:
            break
        if not (token.text[:1].isupper() and token.is_alpha) and not (
            words and token.lower_ in RUN_JOINERS
        ):
            break
        words.append(token)
        n += 1
    while words and words[-1].lower_ in RUN_JOINERS:
        words.pop()
    return words


MISREAD_LABELS = frozenset({"WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW"})
"""What the tagger calls a body's name it does not know (`Mothers for Safe Births` as a work,
`Camp Closure` as a building); a name it reads as anything else is left to its reading."""

RUN_JOINERS = frozenset({"for", "of", "against", "the", "and", "without", "&"})
"""Lower-case words inside a body's name (`Doctors for Camp Closure`, `Mothers Against Hunger`,
`Reporters Without Borders`)."""


def _organisation_heads(ix: DocIndex) -> list[Token]:
    """Heads of the names that may be organisations, outside quotes, in reading order: the
    tagger's ORG and PERSON entities, its PRODUCT ones (a firm named after its product, or
    taken for one: `WeWork`), which `kind_of` keeps only on the article's evidence, and
    proper-noun phrases it left untagged."""
    heads = [
        ent.root
        for ent in ix.ents
        if ent.label_ in {"ORG", "PERSON", "PRODUCT"} and not ix.in_quote(ent.root)
    ]
    heads += [
        t
        for t in ix.tokens
        if t.pos_ == "PROPN"
        and t.dep_ != "compound"
        and t.lower_ in ORG_WORDS
        and ix.entity_of(t) is None
        and not ix.in_quote(t)
    ]
    return sorted(heads, key=lambda t: t.i)


def document_author(ix: DocIndex, document: Token) -> SpeakerMention | None:
    """Who issued `the statement` or `the letter`: the author of the nearest earlier mention
    of that document that tells one (`X said in a statement`, `X issued a statement`, `a
    statement from X`, `X's letter`), within a few paragraphs. The author may itself be a
    description (`the company said in a statement`), for the caller to resolve."""
    lemma = document.lemma_.lower()
    para = ix.paragraph_of(document.idx)
    for token in reversed(ix.doc[: document.i + 1]):
        if para - ix.paragraph_of(token.idx) > MAX_DOCUMENT_PARAGRAPHS:
            return None
        if token.lemma_.lower() != lemma or ix.in_quote(token):
            continue
        author = _author_of(ix, token)
        mention = mention_for(ix, author) if author is not None else None
        if mention is not None and mention.pronoun is None:
            return mention
    return None


def _author_of(ix: DocIndex, document: Token) -> Token | None:
    """The author one mention of a document states, if it states one; `denied the claims in
    a statement` hangs the statement on the claims, so the cue may be one head higher."""
    for child in document.children:
        if child.dep_ in {"poss", "compound"} and ix.is_named(child) and child.pos_ == "PROPN":
            return ix.name_head(child)
        if child.dep_ == "prep" and child.lower_ in {"from", "by"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and ix.is_named(obj):
                    return obj
    head = document.head
    verb = None
    if document.dep_ == "pobj" and head.lower_ in {"in", "through", "via"}:
        above = [head.head, head.head.head]
        verb = next((t for t in above if ix.is_cue(t)), None)
    elif document.dep_ == "dobj" and head.lemma_.lower() in ISSUING_VERBS:
        verb = head
    author = subject(ix, verb) if verb is not None else None
    if author is None or author.i == document.i or author.lemma_.lower() in DOCUMENT_NOUNS:
        return None
    return author


GenderCue = tuple[str, str]
"""(name, "m" or "f"): one piece of gender evidence; a later one for the same name wins."""
PersonEvent = tuple[int, Token, SpeakerMention | None]
"""(token index, token, the mention it names, or None for a third-person pronoun)."""


def _title_gender(mention: SpeakerMention | None) -> list[GenderCue]:
    if mention is None or mention.gender is None:
        return []
    return [(mention.name or "", mention.gender)]


def _collect_names(ix: DocIndex) -> tuple[list[NameMention], list[GenderCue]]:
    """People and organisations named in the body, with gender cues for pronouns."""
    names = []
    genders: list[GenderCue] = []
    for ent in ix.ents:
        if ent.label_ not in {"PERSON", "ORG"}:
            continue
        mention = named_mention(ix, ent.root)
        genders += _title_gender(mention)
        if not mention.name or not any(c.isupper() for c in mention.name):
            continue
        in_quote = ix.in_quote(ent.root)
        names.append(
            NameMention(mention.name, mention.kind, ent.start_char, mention.role, in_quote)
        )
        genders += _gender_before(ent, mention.name)
    return names, genders


def _described_by(name: Token) -> str | None:
    """`The suspect, Michael Webb, was convicted`: the description a name is set beside, so that
    a later `the suspect` finds him."""
    head = name.head
    if name.dep_ != "appos" or head.pos_ != "NOUN":
        return None
    lemma = head.lemma_.lower()
    return lemma if lemma in PERSON_ROLE_NOUNS | PERSON_DESCRIPTION_NOUNS else None


def _gender_before(ent: Span, name: str) -> list[GenderCue]:
    """`Mrs Lee`, `King Harald` tagged without the title: the word before the entity."""
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in MALE_WORDS:
        return [(name, "m")]
    if before in FEMALE_WORDS:
        return [(name, "f")]
    return []


def _person_events(ix: DocIndex) -> tuple[list[PersonEvent], list[GenderCue]]:
    """Every person mention outside quotes, in reading order: named entities, bare surnames of
    people named in full, the named subjects of cues, and third-person pronouns."""
    events: list[PersonEvent] = []
    genders: list[GenderCue] = []
    surnames = set(ix.person_surnames)
    for ent in ix.ents:
        if ix.in_quote(ent.root):
            continue
        lone = _lone_surname(ent, surnames)
        if ent.label_ not in {"PERSON", "ORG"} and not ix.is_known_surname(ent.root) and not lone:
            continue
        mention = named_mention(ix, ent.root)
        genders += _title_gender(mention)
        if not mention.name:
            continue
        if lone and mention.kind != "person":
            mention = replace(mention, kind="person")
        if mention.kind == "person":
            if mention.role is None and (described := _described_by(ent.root)) is not None:
                mention = replace(mention, role=described)
            events.append((ent.root.i, ent.root, mention))
            if len(mention.name.split()) >= 2:
                surnames.add(mention.name.split()[-1])
    seen = {i for i, _t, _m in events}
    for token in ix.tokens:
        if ix.in_quote(token):
            continue
        if token.lower_ in PRONOUN_GENDER and token.pos_ == "PRON":
            events.append((token.i, token, None))
        elif ix.entity_of(token) is None and ix.is_known_surname(token):
            seen.add(token.i)
            mention = named_mention(ix, token)
            genders += _title_gender(mention)
            events.append((token.i, token, mention))
        elif ix.is_cue(token):
            speaker = subject(ix, token)
            if speaker is None or speaker.i in seen or not ix.is_named(speaker):
                continue
            found = mention_for(ix, speaker)
            genders += _title_gender(found)
            if found is not None and found.name and found.kind == "person":
                seen.add(speaker.i)
                events.append((speaker.i, speaker, found))
    return sorted(events, key=lambda e: e[0]), genders


def _lone_surname(ent: Span, surnames: set[str]) -> bool:
    """`Sondland has already amended his testimony` after `Gordon Sondland`: the tagger often
    calls a bare surname a place or an organisation, and a person it leaves out of the
    discourse cannot be the `he` of the next sentence. One word, the surname of someone named
    in full before (the tagger's person, or one the text showed to be a person: `Montell
    Figgins, who represents ...`), and not a well-known place (`Georgia`, `Washington`)."""
    if len(ent) != 1 or ent.text not in surnames or ent.label_ == "PERSON":
        return False
    known = gazetteer.lookup(ent.text)
    return known is None or not gazetteer.is_prominent(known)


def _follow_people(
    ix: DocIndex, events: list[PersonEvent], gender: Mapping[str, str]
) -> tuple[Discourse, dict[int, Referent]]:
    """Feed the person mentions to the discourse model in reading order, resolving third-person
    pronouns as they come (see `coref`)."""
    discourse = Discourse()
    pronouns: dict[int, Referent] = {}
    meant: dict[int, Referent] = {}
    for _i, token, named in events:
        at = mention_at(ix, token)
        if named is None:
            clause_subject = _clause_subject(token)
            not_ = meant.get(clause_subject.i) if clause_subject is not None else None
            referent = discourse.mention_pronoun(PRONOUN_GENDER[token.lower_], at, not_=not_)
            if referent is not None:
                pronouns[token.idx] = referent
                meant[token.i] = referent
        elif named.name:
            name = named.name
            told = gender.get(name) or role_gender(named.role)
            meant[token.i] = discourse.mention_named(name, at, gender=told, role=named.role)
    return discourse, pronouns


def _clause_subject(pronoun: Token) -> Token | None:
    """The subject of the clause whose object `pronoun` is: `Obama backed her up`, `she told
    him`. A plain (not reflexive, not possessive) object pronoun never means its own clause's
    subject, which would have been `herself`."""
    if pronoun.dep_ not in {"dobj", "dative", "pobj"} or pronoun.lower_.endswith("self"):
        return None
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def mention_at(ix: DocIndex, token: Token) -> Mention:
    """Where and in what grammatical role `token` mentions someone, for the salience model.

    A name in apposition takes the role of what it describes (`its chairwoman, Grace Obi`),
    but not of another name: `Sondland, a hotelier Trump tapped` and `Levin, a superdelegate
    backing Clinton` are parses that hang a second person on the first, who is the subject."""
    node = token
    while node.dep_ == "appos" and node.head.i != node.i and node.head.pos_ != "PROPN":
        node = node.head
    dep = node.dep_
    if dep in SUBJECT_DEPS or (dep == "pobj" and node.head.dep_ == "agent"):
        role = "subject"
    elif dep == "poss":
        role = "possessive"
    elif dep in {"dobj", "dative", "attr", "oprd"}:
        role = "object"
    elif dep == "pobj":
        role = "oblique"
    else:
        role = "other"
    verb = node.head
    main = verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")
    return Mention(
        start=token.idx,
        sentence=ix.sentence_of(token),
        paragraph=ix.paragraph_of(token.idx),
        role=role,
        main_clause=main,
        speaks=role == "subject" and main and ix.is_cue(verb),
    )


def _collect_places(ix: DocIndex) -> list[tuple[str, int]]:
    """Places the NER model found, plus countries and big cities it missed (`Kiev regime`)."""
    places = [
        (clean_name(ent.text), ent.start_char)
        for ent in ix.ents
        if ent.label_ in {"GPE", "LOC"} and clean_name(ent.text) and not _is_surname(ix, ent)
    ]
    for token in ix.tokens:
        if token.pos_ != "PROPN" or ix.entity_of(token) is not None:
            continue
        known = gazetteer.lookup(token.text)
        if known is not None and gazetteer.is_prominent(known):
            places.append((token.text, token.idx))
    return places


def _is_surname(ix: DocIndex, ent: Span) -> bool:
    """`Hale told the meeting` after `Margaret Hale`: a person, though a town is so called;
    a country or a big city keeps its place (`Georgia`, `Washington`)."""
    if len(ent) != 1 or ent.text not in ix.person_surnames:
        return False
    known = gazetteer.lookup(ent.text)
    return known is None or not gazetteer.is_prominent(known)
