"""Statement extraction: direct, partial and indirect speech, with cue and speaker mention.

Works on one spaCy `Doc` of an article body. Quotation marks give the direct quotes
(`quotemarks`); the dependency parse gives the speech verb (the cue) and its subject (the
speaker). Names are reported as written here; `resolve` maps them to canonical entities.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from app.ingest import gazetteer
from app.ingest.coref import PRONOUN_GENDER, Discourse, Mention, Referent, name_gender
from app.ingest.lexicon import (
    AS_REPORT_VERBS,
    CHARGE_PREPOSITIONS,
    CONTENT_ONLY_VERBS,
    FEMALE_ROLE_WORDS,
    FEMALE_WORDS,
    HEARER_VERBS,
    MALE_ROLE_WORDS,
    MALE_WORDS,
    OBJECT_REPORT_VERBS,
    OBJECT_STATEMENT_VERBS,
    ORG_SPEAKER_NOUNS,
    ORG_WORDS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    PHRASAL_SPEECH_VERBS,
    PRINCIPAL_NOUNS,
    QUANTIFIER_SUBJECTS,
    QUOTING_VERBS,
    REPORT_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_NOUNS,
    STANCE_VERBS,
    THOUGHT_VERBS,
    TOPIC_PREPOSITIONS,
)
from app.ingest.quotemarks import (
    QuoteSpan,
    find_quote_spans,
    looks_like_title,
    paragraph_bounds,
    word_count,
)

COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame"})
AUDIENCE_NOUNS = frozenset({"reporter", "journalist", "crowd", "audience", "supporter"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "we", "they", "them", "it"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
VOICE_NOUNS = frozenset({"campaign", "ad", "advertisement", "commercial"})
MIN_PARTIAL_WORDS = 3
MIN_UNATTRIBUTED_WORDS = 6
MIN_INDIRECT_WORDS = 3
MAX_HEADLINE_WORDS = 20
MAX_QUOTED_SHARE = 0.25
"""A reported statement with more of its text in quotation marks is a partial quote: the
quoted words are the statement, already taken as a direct quote."""
MAX_TRAILING_WORDS = 6
"""`..., she said in an interview on Monday.`: what may follow a closing cue."""
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
_POSSESSIVE = re.compile(r"[’']s$")
_HEADLINE = re.compile(r"((?:[A-Z][\w.&'’-]*\s){0,4}[A-Z][\w.&'’-]*):\s+([A-Z“\"‘'].*)")
"""`Peskov: Moscow open to talks`: up to five capitalised words, a colon, a capitalised line."""


class Stretch(NamedTuple):
    """Where a reported statement lies in the text, and its words: the text from `lo` to `hi`
    less any attribution or aside that interrupts it (`The risk, he said, is small`)."""

    lo: int
    hi: int
    text: str


@dataclass
class SpeakerMention:
    """Who a statement is attributed to, as the text put it."""

    text: str
    """The words of the mention, without determiner ("the official", "he", "Dmitry Peskov")."""
    start: int
    name: str | None = None
    """A proper name, with titles and possessives removed; None for pronouns and nominals."""
    role: str | None = None
    kind: str = "person"
    pronoun: str | None = None
    office: str | None = None
    """For a definite role mention ("the senator"), the role word, to find who holds it."""


@dataclass
class RawStatement:
    text: str
    kind: str
    start: int
    end: int
    cue: str | None
    speaker: SpeakerMention | None
    reported_by: str | None = None
    context: str = ""
    continues: bool = False
    """No cue of its own: carries on the previous quote, so it takes that quote's speaker."""
    unclosed: bool = False
    """A piece of a multi-paragraph quote: its closing mark is in a later paragraph."""


@dataclass
class NameMention:
    """A person or organisation named in the body, for the article's entity list."""

    name: str
    kind: str
    start: int
    role: str | None = None
    in_quote: bool = False


@dataclass
class Findings:
    statements: list[RawStatement] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)
    """Place names as written, with their offsets."""


_SO_CALLED = re.compile(r"\bso[- ]called\s*$", re.IGNORECASE)
"""`the so-called "coalition of the willing"`: a name the writer keeps at a distance."""


def clean_name(text: str) -> str:
    """Strip possessives, surrounding punctuation and spaces from a name."""
    text = _POSSESSIVE.sub("", text.strip())
    return text.strip(" ,.;:\"“”'‘’()-–—")


def _is_title(token: Token) -> bool:
    return token.lower_.rstrip(".") in PERSON_TITLES


def _is_role_word(token: Token) -> bool:
    """A word inside an NER entity that belongs to the role: `Kremlin spokesperson Dmitry X`."""
    return token.text[:1].islower() or token.lower_ in PERSON_ROLE_NOUNS


def _role_gender(role: str | None) -> str | None:
    """Gender told by a role ("his wife", "the congresswoman"), if any."""
    if not role:
        return None
    words = set(role.lower().split())
    if words & FEMALE_ROLE_WORDS or "first lady" in role.lower():
        return "f"
    if words & MALE_ROLE_WORDS:
        return "m"
    return None


class ArticleExtractor:
    """Extraction state for one document: quote spans, entity index, speakers seen so far."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = find_quote_spans(self.text)
        self.paragraphs = paragraph_bounds(self.text)
        self._paragraph_starts = [lo for lo, _hi in self.paragraphs]
        self._quote_of_char = self._index_quotes()
        self._ent_of_token: dict[int, Span] = {token.i: ent for ent in doc.ents for token in ent}
        self._person_surnames = {
            ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2
        } | {
            token.nbor().text
            for token in doc[:-1]
            if token.lower_.rstrip(".") in COURTESY_TITLES and token.nbor().pos_ == "PROPN"
        }
        """Surnames of people named in full or with a title, so that a later bare `Devine`
        the tagger calls an organisation, a nationality, a town or nothing is that person."""
        self.person_kind_evidence: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.speaker_history: list[SpeakerMention] = []
        self.sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in self.sentences]
        self._sentence_end_chars = [s.end_char for s in self.sentences]
        self.discourse = Discourse()
        self.pronoun_referents: dict[int, Referent] = {}
        """Character offset of each third-person pronoun outside quotes → whom it means."""

    # -- positions -------------------------------------------------------------------------

    def _index_quotes(self) -> list[int]:
        owner = [-1] * (len(self.text) + 1)
        for n, span in enumerate(self.quotes):
            for i in range(span.open_mark, span.outer_end):
                owner[i] = n
        return owner

    def in_quote(self, token: Token) -> bool:
        return self._quote_of_char[token.idx] >= 0

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding `offset` (a gap between paragraphs goes with the
        one before it); a binary search, since this runs for every candidate cue."""
        return max(0, bisect_right(self._paragraph_starts, offset) - 1)

    def sentences_over(self, lo: int, hi: int) -> list[Span]:
        """Sentences overlapping [lo, hi): a binary search, since this runs for every quote."""
        first = bisect_right(self._sentence_end_chars, lo)
        found = []
        for sentence in self.sentences[first:]:
            if sentence.start_char >= hi:
                break
            found.append(sentence)
        return found

    # -- names and speakers ----------------------------------------------------------------

    def entity_of(self, token: Token) -> Span | None:
        return self._ent_of_token.get(token.i)

    def mention_for(self, head: Token) -> SpeakerMention | None:
        """Turn the head of a subject/object noun phrase into a speaker mention."""
        if (
            self._in_parentheses(head)
            and head.head.i != head.i
            and not self._in_parentheses(head.head)
        ):
            return self.mention_for(head.head) if head.head.pos_ in {"PROPN", "NOUN"} else None
        if head.pos_ == "PRON" or head.lower_ in PERSONAL_PRONOUNS:
            if head.lower_ not in PERSONAL_PRONOUNS:
                return None
            return SpeakerMention(text=head.text, start=head.idx, pronoun=head.lower_)
        appositions = [c for c in head.children if c.dep_ == "appos" and self._is_named(c)]
        if self._is_person(head):
            appositions = []
        elif any(self._is_person(c) for c in appositions):
            appositions = [c for c in appositions if self._is_person(c)]
        if appositions:
            child = appositions[0]
            named = self._named_mention(child)
            if head.lemma_.lower() in PERSON_ROLE_NOUNS:
                named.kind = "person"
                named.role = named.role or self._phrase(head, drop_det=True, stop=child)
            return named
        if self._is_named(head) or self._looks_like_surname(head):
            return self._named_mention(head)
        if (voice := self._candidate_voice(head)) is not None:
            return voice
        phrase = self._phrase(head, drop_det=True)
        if not phrase:
            return None
        lemma = head.lemma_.lower()
        kind = "organization" if lemma in ORG_SPEAKER_NOUNS else "person"
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in head.children)
        office = lemma if definite and kind == "person" and lemma in PERSON_ROLE_NOUNS else None
        return SpeakerMention(text=phrase, start=head.idx, kind=kind, office=office)

    def _candidate_voice(self, head: Token) -> SpeakerMention | None:
        """`the Clinton campaign said`, `Sanders's campaign`, `one Cruz ad says`: a campaign
        and its ads speak for the candidate, who is the speaker, in the role of campaign."""
        if head.lemma_.lower() not in VOICE_NOUNS:
            return None
        for child in head.children:
            if child.dep_ not in {"compound", "poss"}:
                continue
            if self._is_person(child) or (child.pos_ == "PROPN" and self.entity_of(child) is None):
                named = self._named_mention(self._name_head(child))
                named.kind = "person"
                named.role = head.lemma_.lower()
                return named
        return None

    def _in_parentheses(self, token: Token) -> bool:
        """`Hakeem Jeffries (D-N.Y.)`: a party and state tag is not the speaker."""
        sentence = token.sent
        before = self.text[sentence.start_char : token.idx]
        return before.count("(") > before.count(")")

    def _looks_like_surname(self, token: Token) -> bool:
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

    def _is_person(self, token: Token) -> bool:
        ent = self.entity_of(token)
        if ent is not None and ent.label_ == "PERSON":
            return True
        return self._is_known_surname(token)

    def _name_head(self, token: Token) -> Token:
        ent = self.entity_of(token)
        return ent.root if ent is not None else token

    def _is_known_surname(self, token: Token) -> bool:
        """A lone surname of someone named in full elsewhere in the article."""
        if token.text not in self._person_surnames:
            return False
        ent = self.entity_of(token)
        return ent is None or (len(ent) == 1 and ent.label_ not in {"GPE", "LOC"})

    def _is_named(self, token: Token) -> bool:
        ent = self.entity_of(token)
        if ent is not None and ent.label_ in NAME_LABELS:
            return True
        return token.pos_ == "PROPN" and token.text[:1].isupper()

    def _named_mention(self, token: Token) -> SpeakerMention:
        ent = self.entity_of(token)
        if ent is not None and ent.label_ in NAME_LABELS:
            tokens = list(ent)
            label = ent.label_
        else:
            tokens = self._propn_chain(token)
            label = ""
        lead: list[Token] = []
        while tokens and (tokens[0].lower_ in {"the", "a", "an"} or _is_title(tokens[0])):
            lead.append(tokens.pop(0))
        role_end = max(
            (i for i, t in enumerate(tokens[:-1]) if _is_role_word(t)),
            default=None,
        )
        if role_end is not None:
            lead += tokens[: role_end + 1]
            tokens = tokens[role_end + 1 :]
        tokens = [t for t in tokens if not self._in_parentheses(t) and t.text not in "()"]
        if tokens and ent is not None:
            tokens = self._with_first_name(tokens)
        name = clean_name(" ".join(t.text for t in tokens)) if tokens else clean_name(token.text)
        first = tokens[0].i if tokens else token.i
        role_tokens = [
            t
            for t in [*lead, *token.subtree]
            if t.i < first
            and t.dep_ not in {"det", "punct", "poss", "case"}
            and t.lower_ not in {"the", "a", "an"}
            and t.lower_.rstrip(".") not in COURTESY_TITLES
            and not self.in_quote(t)
        ]
        role_tokens = sorted({t.i: t for t in role_tokens}.values(), key=lambda t: t.i)
        role = clean_name(" ".join(t.text for t in role_tokens)) or None
        role = self._appositive_role(token) or role
        for t in lead:
            if t.lower_ in MALE_WORDS or t.lower_ in FEMALE_WORDS:
                self.gender[name] = "m" if t.lower_ in MALE_WORDS else "f"
        kind = self._kind_of(name, label, role, token)
        return SpeakerMention(text=name, start=token.idx, name=name, role=role, kind=kind)

    def _with_first_name(self, tokens: list[Token]) -> list[Token]:
        """`Tomasz Nowak` where NER tagged only `Nowak`: take the capitalised word before it."""
        if tokens[0].i == 0:
            return tokens
        before = self.doc[tokens[0].i - 1]
        if (
            before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and not _is_title(before)
            and self.entity_of(before) is None
            and before.head.i in {t.i for t in tokens}
        ):
            return [before, *tokens]
        return tokens

    def _propn_chain(self, token: Token) -> list[Token]:
        chain = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        chain = [t for t in chain if not _is_title(t)]
        return sorted([*chain, token], key=lambda t: t.i)

    def _appositive_role(self, token: Token) -> str | None:
        for child in token.children:
            if child.dep_ == "appos" and child.lemma_.lower() in PERSON_ROLE_NOUNS:
                return self._phrase(child, drop_det=True)
        return None

    def _kind_of(self, name: str, label: str, role: str | None, token: Token) -> str:
        words = {w.lower().strip(".") for w in name.split()}
        if role and any(w in PERSON_ROLE_NOUNS for w in role.lower().split()):
            return "person" if not words & ORG_WORDS else "organization"
        if words & ORG_WORDS:
            return "organization"
        if label == "PERSON" or self._is_known_surname(token):
            return "person"
        if label != "GPE" and 2 <= len(name.split()) <= 3 and name_gender(name) is not None:
            return "person"
        if label in {"ORG", "GPE", "NORP", "FAC", "LOC"}:
            return "organization"
        return "person"

    def _phrase(self, head: Token, *, drop_det: bool, stop: Token | None = None) -> str:
        tokens = []
        for t in head.subtree:
            if stop is not None and t.i >= stop.i:
                break
            if t.dep_ in {"relcl", "acl", "appos", "punct", "prep"} and t.i > head.i:
                break
            tokens.append(t)
        if drop_det:
            while tokens and tokens[0].dep_ in {"det", "poss"} and tokens[0].i < head.i:
                if tokens[0].dep_ == "poss" and tokens[0].pos_ != "PRON":
                    break
                tokens = tokens[1:]
        return clean_name(" ".join(t.text for t in tokens))

    # -- cue verbs ---------------------------------------------------------------------------

    def is_cue(self, token: Token) -> bool:
        if self.in_quote(token):
            return False
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return True
        if token.pos_ not in {"VERB", "AUX"}:
            return False
        lemma = token.lemma_.lower()
        if lemma in SPEECH_VERBS:
            return True
        if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children):
            return True
        particles = [
            c.lower_
            for c in token.children
            if c.dep_ in {"prt", "advmod"} and not any(g.dep_ == "pobj" for g in c.children)
        ]
        if not any((lemma, particle) in PHRASAL_SPEECH_VERBS for particle in particles):
            return False
        return not any(c.dep_ in {"xcomp", "dobj"} for c in token.children)

    def outer_cue(self, cue: Token) -> Token | None:
        """The cue that reports this one (`X said that Y believes ...` → said), if any."""
        node = cue
        while node.head.i != node.i:
            if node.dep_ == "ccomp" and self.is_cue(node.head):
                return node.head
            node = node.head
        return None

    def outermost_cue(self, cue: Token) -> Token:
        for _ in range(5):
            outer = self.outer_cue(cue)
            if outer is None:
                break
            cue = outer
        return cue

    def speaker_of_cue(self, cue: Token) -> tuple[SpeakerMention | None, str | None]:
        """The speaker of a cue and, for `X quoted Y as saying`, the relaying source X."""
        if cue.lower_ == "according":
            for to in cue.children:
                if to.lower_ == "to":
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return self.mention_for(obj), None
            return None, None
        governor = cue
        if cue.dep_ == "pcomp" and cue.head.lower_ == "as":
            governor = cue.head.head
        if governor.lemma_.lower() in QUOTING_VERBS:
            reported_by = self._subject(governor)
            for child in governor.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    return self.mention_for(child), self._source_name(reported_by)
            return None, None
        subject = self._subject(cue)
        if subject is None or subject.pos_ in {"VERB", "AUX"}:
            subject = self._name_before(cue)
        if subject is None:
            return None, None
        return self.mention_for(subject), None

    def _name_before(self, cue: Token) -> Token | None:
        """When the parse gives a cue no usable subject (`…,'' Representative Steve Cohen,
        Democrat of Tennessee, told Mr. Obama`), the person named just before it, between
        the quote or sentence start and the cue, with no other verb in between."""
        found = None
        for token in reversed(self.doc[cue.sent.start : cue.i]):
            if self.in_quote(token) or token.text in "“”\"'`":
                break
            if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"amod", "compound"}:
                if found is not None:
                    break
                continue
            if self._is_person(token):
                found = self._name_head(token)
        return found

    def _source_name(self, head: Token | None) -> str | None:
        if head is None:
            return None
        mention = self.mention_for(head)
        if mention is None:
            return None
        if mention.name:
            return mention.name
        for t in head.subtree:
            ent = self.entity_of(t)
            if ent is not None and ent.label_ == "ORG":
                return clean_name(ent.text)
        return mention.text

    def _subject(self, verb: Token) -> Token | None:
        """The verb's subject, climbing conjunctions and participle clauses (`..., saying`).

        Words inside quotation marks are never the subject of a cue outside them; a name
        right after a cue that has no subject is one (`“...,” added Murphy`)."""
        seen = 0
        cue = verb
        while seen < 6:
            seen += 1
            quoted = self.in_quote(verb)
            subjects = [
                c
                for c in verb.children
                if not self.in_quote(c)
                and (
                    c.dep_ in SUBJECT_DEPS
                    or (c.dep_ == "compound" and c.i < verb.i and self._is_person(c))
                )
            ]
            subjects.sort(key=lambda c: 0 if self.entity_of(c) is not None else 1)
            for child in [] if quoted else subjects:
                if child.dep_ == "nsubjpass":
                    for agent in verb.children:
                        if agent.dep_ == "agent":
                            for obj in agent.children:
                                if obj.dep_ == "pobj":
                                    return obj
                if child.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                    owner = verb.head
                    return owner.head if owner.dep_ == "appos" else owner
                return child
            if seen == 1 and (named := self._name_after(cue)) is not None:
                return named
            if seen == 1 and (main := self._main_verb_of_participle(verb)) is not None:
                verb = main
                continue
            if (quoted or verb.pos_ not in {"VERB", "AUX"}) and seen > 1 and verb.head.i != verb.i:
                verb = verb.head
                continue
            if verb.dep_ in {"conj", "advcl", "xcomp", "pcomp", "acl"} and verb.head.i != verb.i:
                verb = verb.head if verb.head.pos_ != "ADP" else verb.head.head
                continue
            return None
        return None

    def _main_verb_of_participle(self, cue: Token) -> Token | None:
        """`Hannity said ... after the senator won his primary, remarking that ...`: a
        participle set off by a comma belongs to the clause of the person it describes, whatever
        verb the parser hung it on: a speech verb above it, else the nearest clause with a
        personal subject, else the main clause, the highest verb outside quotation marks."""
        if cue.tag_ != "VBG" or cue.i == cue.sent.start or self.doc[cue.i - 1].text != ",":
            return None
        path = []
        main = cue
        while main.head.i != main.i and not self.in_quote(main.head):
            main = main.head
            if main.pos_ in {"VERB", "AUX"}:
                path.append(main)
        for verb in path:
            if self.is_cue(verb):
                return verb
        for verb in path:
            if self._has_personal_subject(verb):
                return verb
        return path[-1] if path else None

    def _has_personal_subject(self, verb: Token) -> bool:
        """`as Mrs. Clinton echoed it, saying`: the nearest clause whose subject is a named
        person or a personal pronoun owns the participle, before a main clause about a thing."""
        return any(
            c.dep_ in SUBJECT_DEPS
            and (self._is_person(c) or (c.lower_ in PERSONAL_PRONOUNS and c.lower_ != "it"))
            for c in verb.children
        )

    def _name_after(self, cue: Token) -> Token | None:
        """`said Robin Maynard, half joking`: the small model often attaches an inverted
        speaker's name to the wrong head; the name right after the cue still speaks. A
        participle (`..., saying Smith would win`) is never inverted."""
        if cue.lemma_.lower() in {"tell", "ask", "quote", "cite", "call", "urge", "thank"}:
            return None
        if cue.tag_ == "VBG" or cue.lemma_.lower() in THOUGHT_VERBS:
            return None
        chain = []
        for token in self.doc[cue.i + 1 : cue.i + 6]:
            if token.pos_ == "PROPN" and token.text[:1].isupper() and not self.in_quote(token):
                chain.append(token)
            else:
                break
        if chain and (self.entity_of(chain[-1]) is not None or len(chain) >= 2):
            return chain[-1]
        if cue.i == 0 or (
            not self.in_quote(self.doc[cue.i - 1]) and self.doc[cue.i - 1].text not in ",”\"'"
        ):
            return None
        for token in self.doc[cue.i + 1 : cue.i + 8]:
            if self.in_quote(token):
                break
            if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"amod", "compound"}:
                break
            if token.is_punct and token.text not in "-.":
                break
            if self._is_person(token) and token.dep_ not in {"compound", "poss"}:
                return self._name_head(token)
        return None

    def cue_text(self, cue: Token) -> str:
        if cue.lower_ == "according":
            return "according to"
        lemma = cue.lemma_.lower()
        parts = [
            t
            for t in cue.children
            if t.dep_ == "prt" or (t.dep_ == "advmod" and (lemma, t.lower_) in PHRASAL_SPEECH_VERBS)
        ]
        words = [cue.text, *(t.text for t in parts)]
        for child in cue.children:
            if child.dep_ == "dobj" and cue.lemma_ == "tell" and child.lemma_ in AUDIENCE_NOUNS:
                words.append(child.text)
            if child.dep_ == "prep" and child.lower_ in {"in", "on"}:
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_.lower() in SPEECH_NOUNS:
                    words.append(self.text[child.idx : obj.idx + len(obj.text)])
        governor = cue.head.head if cue.dep_ == "pcomp" and cue.head.lower_ == "as" else None
        if governor is not None and governor.lemma_.lower() in QUOTING_VERBS:
            return f"{governor.text} ... as {cue.text}"
        return " ".join(words)

    # -- direct quotes ---------------------------------------------------------------------

    def direct_statements(self) -> list[RawStatement]:
        results: list[RawStatement] = []
        previous: QuoteSpan | None = None
        for span in self.quotes:
            statement = self._direct(span, previous)
            if statement is not None:
                results.append(statement)
                previous = span
        return results

    def _direct(self, span: QuoteSpan, previous: QuoteSpan | None) -> RawStatement | None:
        inner = self.text[span.start : span.end]
        words = word_count(inner)
        partial = self._is_partial(span)
        cue, speaker, reported_by = self._attribute_quote(span)
        continues = cue is None and previous is not None and self._continues(previous, span)
        if partial and words < MIN_PARTIAL_WORDS:
            return None
        if looks_like_title(inner) and self._inside_sentence(span):
            return None
        if _SO_CALLED.search(self.text, max(0, span.open_mark - 12), span.open_mark):
            return None
        unattributed = cue is None and speaker is None and not continues
        if unattributed and words < MIN_UNATTRIBUTED_WORDS:
            return None
        if unattributed:
            speaker = self._speaker_of_governing_verb(span)
        text = inner.strip().rstrip(",")
        start = span.start + (len(inner) - len(inner.lstrip()))
        return RawStatement(
            text=text,
            kind="partial" if partial else "direct",
            start=start,
            end=start + len(text),
            cue=self.cue_text(cue) if cue is not None else None,
            speaker=speaker,
            reported_by=reported_by,
            context=self.context(span.open_mark, span.outer_end),
            continues=continues,
            unclosed=span.unclosed,
        )

    def _speaker_of_governing_verb(self, span: QuoteSpan) -> SpeakerMention | None:
        """A quote with no speech cue inside a writer's sentence (`Hollande condemned the
        "attack whose ..."`, `as he puts it, "..."`) is in the words of the subject of the
        verb that governs it."""
        inside = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if inside is None or not len(inside):
            return None
        node = inside.root.head
        for _ in range(8):
            if node.pos_ in {"VERB", "AUX"} and not self.in_quote(node):
                break
            if node.head.i == node.i:
                return None
            node = node.head
        else:
            return None
        if not (node.pos_ in {"VERB", "AUX"} and not self.in_quote(node)):
            return None
        subject = self._subject(node)
        while subject is None and node.dep_ == "ccomp" and node.head.pos_ in {"VERB", "AUX"}:
            node = node.head
            subject = self._subject(node)
        if subject is None:
            return None
        mention = self.mention_for(subject)
        if mention is None or mention.name or mention.pronoun:
            return mention
        lemma = subject.lemma_.lower()
        return mention if lemma in PERSON_ROLE_NOUNS or lemma in ORG_SPEAKER_NOUNS else None

    def _inside_sentence(self, span: QuoteSpan) -> bool:
        before = self.text[: span.open_mark].rstrip(" ")
        return bool(before) and not before.endswith(("\n", ":", ".", "?", "!"))

    def _is_partial(self, span: QuoteSpan) -> bool:
        """A quote that is part of the writer's own sentence rather than the whole utterance."""
        before = self.text[: span.open_mark].rstrip(" ")
        first = self.text[span.start : span.start + 1]
        if not before or before.endswith(("\n", ":", ".", "?", "!")):
            return False
        if before.endswith((",", "—", "–")) and first.isupper():
            return False
        return first.islower() or before[-1:].isalnum()

    def _attribute_quote(
        self, span: QuoteSpan
    ) -> tuple[Token | None, SpeakerMention | None, str | None]:
        sentences = self.sentences_over(span.open_mark, span.outer_end)
        para = self.paragraph_of(span.open_mark)
        candidates = [t for s in sentences for t in s if self.is_cue(t)]
        candidates = [
            t
            for t in candidates
            if self.paragraph_of(t.idx) == para
            and self._in_parentheses(t) <= self._in_parentheses(self._token_at(span.start))
        ]
        cue = self._nearest(candidates, span)
        if cue is not None and not (self._named_subject(cue) and self._introduces(cue, span)):
            cue = self.outermost_cue(cue)
        if cue is None:
            cue = self._cue_in_neighbour(sentences, span, para)
        if cue is None:
            colon = self._colon_speaker(span)
            return (None, colon, None) if colon else (None, None, None)
        speaker, reported_by = self.speaker_of_cue(cue)
        return cue, speaker, reported_by

    def _nearest(self, tokens: Iterable[Token], span: QuoteSpan) -> Token | None:
        def distance(t: Token) -> int:
            if t.idx >= span.outer_end:
                return t.idx - span.outer_end
            return max(0, span.open_mark - t.idx)

        ranked = sorted(
            tokens,
            key=lambda t: (t.lemma_.lower() in THOUGHT_VERBS, distance(t), self._subject_rank(t)),
        )
        return ranked[0] if ranked else None

    def _subject_rank(self, cue: Token) -> int:
        return 0 if self._subject(cue) is not None else 1

    def _cue_in_neighbour(self, sentences: list[Span], span: QuoteSpan, para: int) -> Token | None:
        """A quote alone in its sentence: `He told them: “...”` or `“...” Then Smith said so.`"""
        if not sentences:
            return None
        first, last = sentences[0], sentences[-1]
        lo, _hi = self.paragraphs[para]
        if para > 0 and span.open_mark == lo:
            prev_lo, prev_hi = self.paragraphs[para - 1]
            if self.text[prev_lo:prev_hi].rstrip().endswith(":"):
                intro = self.sentences_over(prev_hi - 2, prev_hi)
                cues = [t for s in intro for t in s if self.is_cue(t)]
                if cues:
                    return cues[-1]
        if first.start > 0:
            prev = self.doc[first.start - 1].sent
            if self.paragraph_of(prev.start_char) == para and prev.text.rstrip().endswith(":"):
                cues = [t for t in prev if self.is_cue(t)]
                if cues:
                    return cues[-1]
        if last.end < len(self.doc):
            nxt = self.doc[last.end].sent
            if self.paragraph_of(nxt.start_char) == para:
                for t in nxt:
                    if not self.is_cue(t) or t.i - nxt.start > 6:
                        continue
                    if not any(c.dep_ == "ccomp" for c in t.children) or self._named_subject(t):
                        return t
        return None

    def _introduces(self, cue: Token, span: QuoteSpan) -> bool:
        """`..., to which O'Malley interjected: “...”`: the cue right before the opening mark
        introduces the quote itself, however deep in a reported clause it sits."""
        gap = self.text[cue.idx + len(cue.text) : span.open_mark]
        return len(gap) <= 3 and not gap.strip(" ,:")

    def _named_subject(self, cue: Token) -> bool:
        """`“...” Club chairman Oliver Kettering said the first match ...`: a named speaker
        right after a quote speaks it, even while reporting more."""
        subject = self._subject(cue)
        return subject is not None and subject.i < cue.i and self._is_person(subject)

    def _colon_speaker(self, span: QuoteSpan) -> SpeakerMention | None:
        """`Peskov: “...”`, `She told the crowd again: “...”`: whoever leads into the colon.

        With a verb before the colon its subject speaks, unless the subject is a thing and a
        person follows the verb (`The result does not surprise pollster Ann Lee: “...”`);
        without a verb, the last name before the colon.
        """
        before = self.text[: span.open_mark].rstrip()
        if not before.endswith(":"):
            return None
        colon = self.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
        if colon is None:
            return None
        sentence = colon[0].sent
        lead = [t for t in sentence if t.i < colon[0].i and not self.in_quote(t)]
        if not lead:
            return None
        verbs = [t for t in lead if t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ROOT", "conj"}]
        if verbs:
            subject = self._subject(verbs[-1])
            if subject is not None and (subject.pos_ == "PRON" or self._is_named(subject)):
                return self.mention_for(subject)
            after = [t for t in lead if t.i > verbs[-1].i]
            people = [t for t in after if self._is_person(t)]
            named = people or [t for t in after if self._is_named(t) and t.pos_ == "PROPN"]
            if named:
                return self.mention_for(self._first_conjunct(self._name_head(named[-1])))
            return self.mention_for(subject) if subject is not None else None
        names = [t for t in lead if self._is_named(t) and t.pos_ in {"PROPN", "NOUN"}]
        return self.mention_for(self._first_conjunct(names[-1])) if names else None

    @staticmethod
    def _first_conjunct(token: Token) -> Token:
        """`Frank Newport and Jim Harter: “...”`: a pair is cited by its first name."""
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head
        return token

    def _continues(self, previous: QuoteSpan, span: QuoteSpan) -> bool:
        """A quote carrying on the previous one: later in its paragraph, or opening the next."""
        prev_para = self.paragraph_of(previous.start)
        para = self.paragraph_of(span.open_mark)
        if para == prev_para:
            return True
        lo, _hi = self.paragraphs[para]
        return para == prev_para + 1 and span.open_mark == lo

    # -- indirect statements ---------------------------------------------------------------

    def headline_statements(self) -> list[RawStatement]:
        """Headline-style attributions, a line of the form `Peskov: Moscow open to talks`:
        the named source before the colon says what follows it. A capitalised label
        (`Q:`, `TRUMP:`, `CORRECTION:`) marks a transcript or a note instead, and a question
        or a long passage after the colon is not a headline."""
        results = []
        for lo, hi in self.paragraphs:
            match = _HEADLINE.match(self.text, lo, hi)
            if match is None or "\n" in self.text[lo:hi].strip():
                continue
            name_lo, name_hi = match.span(1)
            words_lo, words_hi = match.start(2), hi
            content = self.text[words_lo:words_hi].rstrip().rstrip(".")
            if not MIN_INDIRECT_WORDS <= word_count(content) <= MAX_HEADLINE_WORDS:
                continue
            if content.endswith("?") or self._mostly_quoted(words_lo, hi):
                continue
            if self.text[name_lo:name_hi].isupper():
                continue
            source = self.doc.char_span(name_lo, name_hi, alignment_mode="expand")
            if source is None or not any(self._is_named(t) for t in source):
                continue
            if gazetteer.lookup(source.text) is not None:
                continue
            ent = self.entity_of(source.root)
            name = clean_name(source.text)
            kind = self._kind_of(name, ent.label_ if ent is not None else "", None, source.root)
            speaker = SpeakerMention(text=name, start=name_lo, name=name, kind=kind)
            results.append(
                RawStatement(
                    text=content,
                    kind="indirect",
                    start=words_lo,
                    end=words_lo + len(content),
                    cue=":",
                    speaker=speaker,
                    context=self.text[lo:hi].strip(),
                )
            )
        return results

    def indirect_statements(self) -> list[RawStatement]:
        results = []
        for token in self.doc:
            if not (self.is_cue(token) or self._stance_clause(token) is not None):
                continue
            if any(c.dep_ == "neg" for c in token.children):
                continue
            if token.lemma_.lower() in THOUGHT_VERBS:
                continue
            outer = self.outer_cue(token)
            speaker_cue = token
            if outer is not None and outer.i in self._scope(token):
                conjoined = self._conjoined_cue(token)
                if not conjoined and self._reports(outer, token):
                    continue
                if conjoined and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
                    speaker_cue = outer
            content = self._content_of(token)
            if content is None:
                continue
            lo, hi, text = content
            if self._mostly_quoted(lo, hi):
                continue
            speaker, reported_by = self._agent(speaker_cue), None
            if speaker is None:
                speaker, reported_by = self.speaker_of_cue(speaker_cue)
            if speaker is not None and self._speaks_inside(speaker, speaker_cue, lo, hi):
                speaker = self._governing_speaker(speaker_cue, lo, hi)
            if speaker is None:
                speaker = self._fallback_speaker(speaker_cue, lo)
            if speaker is None:
                continue
            speaker = self._principal(speaker)
            results.append(
                RawStatement(
                    text=text,
                    kind="indirect",
                    start=lo,
                    end=hi,
                    cue=self.cue_text(token),
                    speaker=speaker,
                    reported_by=reported_by,
                    context=self.context(lo, hi),
                )
            )
        return results

    def _content_of(self, cue: Token) -> Stretch | None:
        """Character range of what was said: a content clause, or for some verbs the object."""
        if cue.lower_ == "according":
            return self._according_content(cue)
        scope = self._scope(cue)
        clauses = [c for c in cue.children if c.dep_ == "ccomp" and c.i in scope]
        if not clauses and cue.dep_ == "pcomp" and cue.head.lower_ == "as":
            governor = cue.head.head
            clauses = [c for c in governor.children if c.dep_ == "ccomp" and c.i in scope]
        if not clauses and (cue.dep_ == "parataxis" or self._as_clause(cue)):
            return self._parenthetical_content(cue)
        if not clauses and self._trailing_attribution(cue):
            comma = min(t.i for t in self._subject_children(cue)[0].subtree) - 1
            tokens = [self.doc[i] for i in scope if i < comma]
            if not self._is_clause(tokens):
                return None
            return self._span_of(tokens)
        stance = self._stance_clause(cue)
        if not clauses and stance is not None:
            clauses = [stance]
        if not clauses:
            lemma = cue.lemma_.lower()
            if lemma in CONTENT_ONLY_VERBS:
                return None
            clauses = self._object_statement(cue, lemma)
        if not clauses:
            return None
        ids = {t.i for c in clauses for t in c.subtree if t.i in scope}
        if cue.dep_ == "relcl" or any(c.i > cue.i for c in clauses):
            # `X, in fact, she said Y`: a clause after the cue is what was said, and the
            # statement never runs over the cue (`applicants, which he said were split`)
            ids = {i for i in ids if i > cue.i}
        else:
            ids = {i for i in ids if i < cue.i}
        return self._span_of([self.doc[i] for i in sorted(ids)])

    def _speaks_inside(self, speaker: SpeakerMention, cue: Token, lo: int, hi: int) -> bool:
        """A name taken as the speaker that is part of what was said (`..., saying Clinton was
        committed`): not the cue's own subject, and inside the statement."""
        token = self._token_at(speaker.start)
        return lo <= token.idx < hi and token.head.i != cue.i

    def _governing_speaker(self, cue: Token, lo: int, hi: int) -> SpeakerMention | None:
        """For a participle or conjoined cue (`Podesta repeated it, saying ...`), the subject of
        the verb it hangs on."""
        if cue.dep_ not in {"advcl", "conj", "xcomp"} or cue.head.pos_ not in {"VERB", "AUX"}:
            return None
        subject = self._subject(cue.head)
        if subject is None or lo <= subject.idx < hi:
            return None
        return self.mention_for(subject)

    def _principal(self, mention: SpeakerMention) -> SpeakerMention:
        """Who an unnamed speaker speaks for or whose document it is: `the Clinton campaign`,
        `a spokesman for Obama` (the person), `calculations by Amy Glasmeier`, `an Associated
        Press tally` (the author)."""
        if mention.name or mention.pronoun:
            return mention
        head = self._token_at(mention.start)
        lemma = head.lemma_.lower()
        if lemma in PRINCIPAL_NOUNS:
            for child in head.children:
                if child.dep_ in {"compound", "poss"} and self._is_principal(child):
                    return self._named_mention(child)
                if child.dep_ == "prep" and child.lower_ == "for":
                    named = [o for o in child.children if o.dep_ == "pobj" and self._is_person(o)]
                    if named:
                        return self._named_mention(named[0])
        if lemma in REPORT_NOUNS:
            for child in head.children:
                if child.dep_ in {"compound", "poss"} and self._is_named(child):
                    return self._named_mention(child)
                if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                    named = [o for o in child.children if o.dep_ == "pobj" and self._is_named(o)]
                    if named:
                        return self.mention_for(named[0]) or mention
        return mention

    def _is_principal(self, token: Token) -> bool:
        """A person's name before `campaign` or `aides`; the small model often tags a surname
        there as an organisation (`the Sanders campaign`)."""
        if self._is_person(token):
            return True
        ent = self.entity_of(token)
        return (
            token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and (ent is None or (ent.label_ == "ORG" and len(ent) == 1))
            and token.lower_ not in ORG_WORDS
        )

    def _as_clause(self, cue: Token) -> bool:
        """`As the paper reported, X` / `X, as she pointed out, Y`: an `as` clause with its own
        speaker attributes the clause it hangs on (without one, `as expected`, it does not)."""
        if cue.lemma_.lower() not in AS_REPORT_VERBS:
            return False
        if cue.dep_ != "advcl" or not any(
            c.dep_ == "mark" and c.lower_ == "as" for c in cue.children
        ):
            return False
        if any(c.dep_ not in AS_CLAUSE_DEPS for c in cue.children):
            return False  # `as it continues to grow`, `as voters responded to ...`: no report
        if any(c.dep_ == "prep" and c.lower_ not in SETTING_PREPOSITIONS for c in cue.children):
            return False
        speakers = [c for c in cue.children if c.dep_ == "nsubj" or c.dep_ == "agent"]
        return bool(speakers) and all(c.lower_ not in {"i", "we"} for c in speakers)

    def _agent(self, cue: Token) -> SpeakerMention | None:
        """`as reported by the radio`: a passive cue's agent speaks; without this the subject of
        the clause the cue hangs on would be taken."""
        if any(c.dep_ in SUBJECT_DEPS for c in cue.children):
            return None
        for agent in cue.children:
            if agent.dep_ == "agent":
                for obj in agent.children:
                    if obj.dep_ == "pobj":
                        return self.mention_for(obj)
        return None

    def _stance_clause(self, verb: Token) -> Token | None:
        """`expressed concern that X`, `voiced alarm that X`: the `that` clause of a stance noun
        states a position as much as `said that X` does."""
        if self.in_quote(verb) or verb.lemma_.lower() not in STANCE_VERBS:
            return None
        for obj in verb.children:
            if obj.dep_ != "dobj" or obj.lemma_.lower() not in STANCE_NOUNS:
                continue
            for clause in obj.children:
                marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
                if clause.dep_ in {"acl", "ccomp"} and "that" in marks:
                    return clause
        return None

    def _according_content(self, cue: Token) -> Stretch | None:
        """`X, according to Y` / `According to Y, X`: the rest of the sentence.

        With the attribution in the middle (`X, according to Y, did Z`) the whole sentence is
        the statement when the part before it holds the subject, else the part after it."""
        scope = self._scope(cue)
        skip = {t.i for t in cue.subtree}
        tokens = [self.doc[i] for i in scope if i not in skip and not self.doc[i].is_space]
        return self._around_cue(tokens, cue, cue.sent.root)

    def _mostly_quoted(self, lo: int, hi: int) -> bool:
        quoted = sum(1 for i in range(lo, hi) if self._quote_of_char[i] >= 0)
        return quoted > MAX_QUOTED_SHARE * (hi - lo)

    def _scope(self, cue: Token) -> range:
        """Token indices a cue's statement may span: its sentence, within its paragraph (the
        parser sometimes runs a sentence on over a paragraph break)."""
        sentence = cue.sent
        lo, hi = self.paragraphs[self.paragraph_of(cue.idx)]
        start, end = sentence.start, sentence.end
        while start < cue.i and self.doc[start].idx < lo:
            start += 1
        while end > cue.i + 1 and self.doc[end - 1].idx >= hi:
            end -= 1
        return range(start, end)

    def _reports(self, outer: Token, cue: Token) -> bool:
        """Whether `cue` is part of what `outer` reports (`X said that Y believes ...`)."""
        if outer.i not in self._scope(cue):
            return False
        content = self._content_of(outer)
        return content is not None and content[0] <= cue.idx < content[1]

    def _fallback_speaker(self, cue: Token, content_start: int) -> SpeakerMention | None:
        """The speaker where the cue's own subject gives none: the noun a relative or
        participle clause hangs on (`Perez, who said ...`, `a note saying ...`), or the noun
        after a cue that follows its statement (`..., said a former spokesman`)."""
        subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
        for subject in subjects:
            if subject.lower_ in QUANTIFIER_SUBJECTS:
                return SpeakerMention(text=subject.text, start=subject.idx)
        if cue.dep_ in {"relcl", "acl"} and cue.head.pos_ in {"NOUN", "PROPN"}:
            if all(s.dep_ == "nsubj" and s.lower_ in RELATIVE_PRONOUNS for s in subjects):
                return self.mention_for(cue.head)
            return None
        if subjects or content_start > cue.idx:
            return None
        for t in self.doc[cue.i + 1 : min(cue.i + 8, cue.sent.end)]:
            if t.is_punct:
                break
            if t.pos_ in {"NOUN", "PROPN"} and t.dep_ not in {"compound", "poss", "amod"}:
                return self.mention_for(t)
        return None

    def _object_statement(self, cue: Token, lemma: str) -> list[Token]:
        """What was said as the cue's object: `vowed to fight`, `reported 906 attacks`,
        `accused Smith of lying`, `warned of a crisis`; a topic too short to stand alone keeps
        what qualifies it (`warned of blackouts in January if the attacks continued`)."""
        objects = (
            OBJECT_STATEMENT_VERBS | OBJECT_REPORT_VERBS | {"urge", "promise", "vow", "pledge"}
        )
        if lemma in objects:
            found = [c for c in cue.children if c.dep_ in {"dobj", "xcomp"}][:1]
            if found and lemma in CHARGE_PREPOSITIONS:
                found += [
                    c
                    for c in cue.children
                    if c.dep_ == "prep" and c.lower_ == CHARGE_PREPOSITIONS[lemma] and c.i > cue.i
                ]
            if found:
                return found
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
                c
                for c in cue.children
                if c.i > found[0].i and c.dep_ in {"prep", "advcl", "npadvmod"}
            ]
        return found

    def _own_object(self, cue: Token, child: Token) -> bool:
        """An object that makes the cue a clause of its own; `told reporters` names a hearer."""
        if child.dep_ in {"dobj", "dative"} and cue.lemma_.lower() in HEARER_VERBS:
            return False
        return child.dep_ in OBJECT_DEPS

    def _subject_children(self, cue: Token) -> list[Token]:
        return [c for c in cue.children if c.dep_ in SUBJECT_DEPS and c.i < cue.i]

    def _trailing_attribution(self, cue: Token) -> bool:
        """`..., she said.` / `..., the group said in a statement.`: the cue and its subject
        close the sentence after a comma, whatever the parser hung the clause on."""
        subjects = self._subject_children(cue)
        if not subjects or subjects[0].lower_ in RELATIVE_PRONOUNS:
            return False
        if any(c.dep_ in CLOSING_CUE_BLOCKERS for c in cue.children):
            return False
        start = min(t.i for t in subjects[0].subtree)
        if start == 0 or self.doc[start - 1].text != ",":
            return False
        rest = [t for t in self.doc[cue.i + 1 : cue.sent.end] if not (t.is_punct or t.is_space)]
        if len(rest) > MAX_TRAILING_WORDS or any(self.in_quote(t) for t in rest):
            return False
        inside = {t.i for t in cue.subtree}
        return all(t.i in inside and t.pos_ not in {"VERB", "AUX"} for t in rest)

    def _is_clause(self, tokens: list[Token]) -> bool:
        """A main clause with a subject, not an opener such as `In 2011` or `After it cooled`."""
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        while words and words[0].pos_ in {"CCONJ", "ADV"}:
            words = words[1:]
        if not words or words[0].pos_ in {"ADP", "SCONJ"}:
            return False
        return any(t.dep_ in SUBJECT_DEPS | {"expl"} for t in words)

    def _parenthetical_content(self, cue: Token) -> Stretch | None:
        """`The risk, he said, is a clash` / `It is over, she said`: the clause the cue
        interrupts or follows (the parser hangs the cue on its verb as `parataxis`, or on the
        clause's subject: `The quay, as she noted, is ...`, and then the clause is the verb's)."""
        head = cue.head
        while head.pos_ in {"NOUN", "PROPN", "PRON"} and head.dep_ in SUBJECT_DEPS:
            head = head.head
        if head.i == cue.i or self.in_quote(head):
            return None
        if any(self._own_object(cue, c) for c in cue.children):
            return None  # `she drew his ire - he called her "weak"`: a clause of its own
        scope = self._scope(cue)
        skip = {t.i for t in cue.subtree}
        tokens = [t for t in head.subtree if t.i in scope and t.i not in skip and not t.is_space]
        return self._around_cue(tokens, cue, head)

    def _around_cue(self, tokens: list[Token], cue: Token, head: Token) -> Stretch | None:
        """The statement made of `tokens` (a clause without its cue phrase) as one stretch of
        text: all of it when the cue sits after it, or inside it after the clause's subject;
        only the part after the cue when what comes before it is an adverbial opener."""
        left = [t for t in tokens if t.i < cue.i]
        right = [t for t in tokens if t.i > cue.i]
        if left and right:
            subject_left = any(
                c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} and c.i < cue.i
                for c in head.children
            )
            if not subject_left:
                return self._span_of(right)
        return self._span_of(tokens)

    def _span_of(self, tokens: list[Token]) -> Stretch | None:
        """Character range of a statement's tokens without the leading `that`, surrounding
        punctuation and a trailing aside (`, which ...`, `, noting ...`)."""
        tokens = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
            tokens = tokens[1:]
        tokens = self._before_conjoined_cue(tokens)
        tokens = self._without_aside(tokens)
        while tokens and (
            (tokens[-1].is_punct and tokens[-1].text not in '”"’') or tokens[-1].dep_ == "cc"
        ):
            tokens = tokens[:-1]
        if len([t for t in tokens if not t.is_punct]) < MIN_INDIRECT_WORDS:
            return None
        lo, hi = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return Stretch(lo, hi, self._joined(tokens))

    def _joined(self, tokens: list[Token]) -> str:
        """The text of `tokens`, with one space where left-out words were, and without the
        commas or dashes that set them off."""
        pieces: list[list[Token]] = []
        for token in tokens:
            if pieces and all(t.is_space for t in self.doc[pieces[-1][-1].i + 1 : token.i]):
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
            texts.append(self.text[piece[0].idx : piece[-1].idx + len(piece[-1].text)])
        return " ".join(texts)

    def _conjoined_cue(self, token: Token) -> bool:
        """A cue parsed inside another cue's content clause that makes a statement of its own:
        `saying that X but warning that Y`, `said X and called him Y` (a conjunct of a verb
        that is no cue), `74 percent said X, while 22 percent said Y` (an adverbial clause
        with its own subject)."""
        if self.is_cue(token.head):
            return False
        if token.dep_ == "conj":
            return True
        return token.dep_ == "advcl" and any(c.dep_ in SUBJECT_DEPS for c in token.children)

    def _before_conjoined_cue(self, tokens: list[Token]) -> list[Token]:
        """Stop a content clause where a conjoined cue with its own statement starts."""
        for k, t in enumerate(tokens):
            if k >= MIN_INDIRECT_WORDS and self.is_cue(t) and self._conjoined_cue(t):
                start = min([t.i, *(c.i for c in t.lefts)])
                return [u for u in tokens[:k] if u.i < start]
        return tokens

    def _without_aside(self, tokens: list[Token]) -> list[Token]:
        """Cut a trailing non-restrictive aside: after a comma or dash, a phrase that only
        comments on what came before (relative clause, apposition, `..., noting that`)."""
        ids = {t.i for t in tokens}
        for k in range(MIN_INDIRECT_WORDS, len(tokens) - 1):
            if tokens[k].text not in ASIDE_OPENERS:
                continue
            rest = tokens[k + 1 :]
            if self._opens_aside(rest):
                return tokens[:k]
            rest_ids = {t.i for t in rest}
            tops = [t for t in rest if t.head.i not in rest_ids or t.head.i == t.i]
            if tops and all(self._is_aside(t, ids) for t in tops if not t.is_punct):
                return tokens[:k]
        return tokens

    def _is_aside(self, token: Token, ids: set[int]) -> bool:
        if token.head.i not in ids or token.head.i == token.i:
            return False
        if token.dep_ in ASIDE_DEPS:
            return True
        if token.dep_ in {"advcl", "ccomp"} and self._relative_opening(token):
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

    def _opens_aside(self, rest: list[Token]) -> bool:
        """A concession after a comma or dash (`- despite his claim that ...`) is the writer's
        aside from its first word, whatever the parser made of the rest."""
        words = [t for t in rest if not t.is_punct]
        return bool(words) and words[0].lower_ in ASIDE_PREPOSITIONS

    def _relative_opening(self, clause: Token) -> bool:
        """A clause that opens with a relative pronoun (`which`, `to which`, `in whom`)."""
        words = [t for t in clause.subtree if not t.is_punct][:2]
        return bool(words) and (
            words[0].lower_ in {"which", "whom"}
            or (words[0].pos_ == "ADP" and len(words) > 1 and words[1].lower_ in {"which", "whom"})
        )

    # -- reference resolution --------------------------------------------------------------

    def resolve(self, mention: SpeakerMention) -> SpeakerMention:
        """Give a pronoun or a definite role ("the senator") the name of the person it most
        likely refers to."""
        if mention.name:
            return mention
        if mention.pronoun == "it":
            return self._organisation_before(mention) or mention
        if mention.office is not None:
            token = self._token_at(mention.start)
            referent = self.discourse.holder_of(mention.office, self._mention_at(token))
        else:
            referent = self.pronoun_referents.get(mention.start)
        if referent is None:
            return mention
        return SpeakerMention(
            text=mention.text,
            start=mention.start,
            name=referent.name,
            role=referent.role,
            kind="person",
            pronoun=mention.pronoun,
        )

    def _organisation_before(self, mention: SpeakerMention) -> SpeakerMention | None:
        """`The company wrote in a statement ... It added, "..."`: "it" speaks for the
        organisation that last spoke, in this paragraph or the one before."""
        para = self.paragraph_of(mention.start)
        for earlier in reversed(self.speaker_history):
            if para - self.paragraph_of(earlier.start) > 1:
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

    def resolve_in_order(self, statements: list[RawStatement]) -> None:
        """Resolve speakers in reading order, so that `he` can refer to the previous speaker;
        then give the leading pieces of a multi-paragraph quote attributed only at its end
        the speaker of that end."""
        previous_direct: RawStatement | None = None
        previous: RawStatement | None = None
        for statement in statements:
            if statement.continues and statement.speaker is None and previous_direct:
                statement.speaker = previous_direct.speaker
                statement.reported_by = statement.reported_by or previous_direct.reported_by
            elif statement.speaker is not None:
                statement.speaker = self.resolve(statement.speaker)
                self._remember(statement.speaker)
            elif statement.speaker is None and statement.cue is None:
                statement.speaker = self._orphan_speaker(statement, previous)
            if statement.kind != "indirect":
                previous_direct = statement
            previous = statement
        following: RawStatement | None = None
        for statement in reversed([s for s in statements if s.kind != "indirect"]):
            if (
                following is not None
                and following.speaker is not None
                and statement.unclosed
                and statement.cue is None
                and self._opens_next_paragraph(statement, following)
            ):
                statement.speaker = following.speaker
                statement.reported_by = following.reported_by
            following = statement

    def _orphan_speaker(
        self, statement: RawStatement, previous: RawStatement | None
    ) -> SpeakerMention | None:
        """A quote that opens a paragraph or a sentence with no cue anywhere near belongs to
        whoever spoke just before (in the paragraph above, or earlier in its own), or else to
        the person the text is about."""
        para = self.paragraph_of(statement.start)
        lo, _hi = self.paragraphs[para]
        before = self.text[lo : statement.start].strip(" \"“‘`'«")
        if (para == 0 and not before) or (before and not before.endswith((".", "?", "!"))):
            return None
        previous_para = para if before else para - 1
        if (
            previous is not None
            and previous.speaker is not None
            and previous.speaker.name
            and self.paragraph_of(previous.start) == previous_para
        ):
            return previous.speaker
        referent = self.discourse.focus(self._mention_at(self._token_at(statement.start)))
        if referent is None:
            return None
        return SpeakerMention(
            text=referent.name, start=statement.start, name=referent.name, role=referent.role
        )

    def _opens_next_paragraph(self, statement: RawStatement, following: RawStatement) -> bool:
        para = self.paragraph_of(statement.start)
        if self.paragraph_of(following.start) != para + 1:
            return False
        lo, _hi = self.paragraphs[para + 1]
        return not self.text[lo : following.start].strip(" \"“‘`'«")

    def _token_at(self, offset: int) -> Token:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else self.doc[0]

    def track_people(self) -> None:
        """Feed every person mention outside quotes to the discourse model in reading order,
        resolving third-person pronouns as they come (see `coref`)."""
        events: list[tuple[int, Token, SpeakerMention | None]] = []
        for ent in self.doc.ents:
            if self.in_quote(ent.root):
                continue
            if ent.label_ not in {"PERSON", "ORG"} and not self._is_known_surname(ent.root):
                continue
            mention = self._named_mention(ent.root)
            if not mention.name:
                continue
            if mention.kind == "person" or name_gender(mention.name) is not None:
                events.append((ent.root.i, ent.root, mention))
        seen = {i for i, _t, _m in events}
        for token in self.doc:
            if self.in_quote(token):
                continue
            if token.lower_ in PRONOUN_GENDER and token.pos_ == "PRON":
                events.append((token.i, token, None))
            elif self.entity_of(token) is None and self._is_known_surname(token):
                seen.add(token.i)
                events.append((token.i, token, self._named_mention(token)))
            elif self.is_cue(token):
                subject = self._subject(token)
                if subject is None or subject.i in seen or not self._is_named(subject):
                    continue
                mention = self.mention_for(subject)
                if mention is not None and mention.name and mention.kind == "person":
                    seen.add(subject.i)
                    events.append((subject.i, subject, mention))
        for _i, token, named in sorted(events, key=lambda e: e[0]):
            at = self._mention_at(token)
            if named is None:
                referent = self.discourse.mention_pronoun(PRONOUN_GENDER[token.lower_], at)
                if referent is not None:
                    self.pronoun_referents[token.idx] = referent
            else:
                name = named.name or ""
                gender = self.gender.get(name) or _role_gender(named.role)
                self.discourse.mention_named(name, at, gender=gender, role=named.role)

    def _mention_at(self, token: Token) -> Mention:
        node = token
        while node.dep_ == "appos" and node.head.i != node.i:
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
            sentence=bisect_right(self._sentence_starts, token.i) - 1,
            paragraph=self.paragraph_of(token.idx),
            role=role,
            main_clause=main,
        )

    def _remember(self, speaker: SpeakerMention) -> None:
        if speaker.name:
            self.speaker_history.append(speaker)
            if speaker.kind == "person" and speaker.pronoun is None:
                self.person_kind_evidence[speaker.name] = "person"

    def collect_names(self) -> list[NameMention]:
        """People and organisations named in the body, with gender cues for pronouns."""
        names = []
        for ent in self.doc.ents:
            if ent.label_ not in {"PERSON", "ORG"}:
                continue
            mention = self._named_mention(ent.root)
            if not mention.name or not any(c.isupper() for c in mention.name):
                continue
            in_quote = self.in_quote(ent.root)
            names.append(
                NameMention(mention.name, mention.kind, ent.start_char, mention.role, in_quote)
            )
            self._gender_cue(ent, mention.name)
        return names

    def _gender_cue(self, ent: Span, name: str) -> None:
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in MALE_WORDS:
            self.gender[name] = "m"
        elif before in FEMALE_WORDS:
            self.gender[name] = "f"

    def collect_places(self) -> list[tuple[str, int]]:
        """Places the NER model found, plus countries and big cities it missed (`Kiev regime`)."""
        places = [
            (clean_name(ent.text), ent.start_char)
            for ent in self.doc.ents
            if ent.label_ in {"GPE", "LOC"} and clean_name(ent.text) and not self._is_surname(ent)
        ]
        for token in self.doc:
            if token.pos_ != "PROPN" or self.entity_of(token) is not None:
                continue
            known = gazetteer.lookup(token.text)
            if known is not None and gazetteer.is_prominent(known):
                places.append((token.text, token.idx))
        return places

    def _is_surname(self, ent: Span) -> bool:
        """`Hale told the meeting` after `Margaret Hale`: a person, though a town is so called;
        a country or a big city keeps its place (`Georgia`, `Washington`)."""
        if len(ent) != 1 or ent.text not in self._person_surnames:
            return False
        known = gazetteer.lookup(ent.text)
        return known is None or not gazetteer.is_prominent(known)

    def context(self, lo: int, hi: int) -> str:
        sentences = self.sentences_over(lo, hi)
        if not sentences:
            return self.text[lo:hi]
        start, end = sentences[0].start_char, sentences[-1].end_char
        para_lo, para_hi = self.paragraphs[self.paragraph_of(lo)]
        return self.text[max(start, para_lo) : min(end, para_hi) if end > para_lo else end].strip()


def extract(doc: Doc) -> Findings:
    """All statements, names and places of one article body."""
    extractor = ArticleExtractor(doc)
    names = extractor.collect_names()
    extractor.track_people()
    places = extractor.collect_places()
    direct = extractor.direct_statements()
    indirect = extractor.indirect_statements() + extractor.headline_statements()
    statements = sorted(direct + indirect, key=lambda s: (s.start, s.kind))
    extractor.resolve_in_order(statements)
    for mention in extractor.speaker_history:
        if mention.name and mention.pronoun is None:
            names.append(NameMention(mention.name, mention.kind, mention.start, mention.role))
    for name in names:
        name.kind = extractor.person_kind_evidence.get(name.name, name.kind)
    return Findings(statements=statements, names=names, places=places)
