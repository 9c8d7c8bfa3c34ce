"""Short partial quotes: when one or two quoted words are a statement and when they are not.

News quotes single words all the time, for two different reasons. A speaker's own word inside
the writer's sentence (`the minister called the verdict "incredible"`, `she said she was "very
moved"`, `warned of "grave consequences"`) is a statement: the writer vouches that the speaker
used that word. A name the writer puts at a distance (`what is called "farmer's lung"`, `the
term "three amigos"`, `a "business" account`) is not: nobody is quoted. Longer partials are
rarely names, so this decision is only asked of quotes shorter than `MIN_PARTIAL_WORDS`.

The difference is in the grammar around the quote, not in the words: a statement is reported
by a speech or evaluation verb of the same sentence that has a speaker of its own; a name comes
after a naming word (`term`, `dubbed`, an impersonal `what's called`) or has no speaker at all.
"""

from spacy.tokens import Token

from app.ingest.cues import SUBJECT_DEPS
from app.ingest.docindex import DocIndex
from app.ingest.lexicon import NAMING_NOUNS, NAMING_VERBS, SPEECH_VERBS, STANCE_ACT_VERBS
from app.ingest.quotemarks import QuoteSpan

IMPERSONAL_SUBJECTS = frozenset({"what", "which", "that"})
"""`what is called "X"`: a naming with no one who says it."""


MAX_LABEL_WORDS = 4
"""`the "Homes for all" plan`: a quoted label before a noun is short."""


REPORTED_LEFT_DEPS = frozenset({"ccomp", "parataxis", "dobj", "xcomp", "advcl"})
"""`Its army is "stretched thin," the general said`: how a quote before its cue hangs on it
when it is what was said (as its subject, it is what the sentence is about)."""


def short_partial_is_statement(ix: DocIndex, span: QuoteSpan, cue: Token | None) -> bool:
    """Whether a quote of one or two words inside the writer's sentence is somebody's words:
    a cue of its own sentence reports it (and does not name it)."""
    if cue is None or cue.lower_ == "according":
        return False
    if ix.text[span.start : span.end].lstrip()[:1].isupper():
        return False  # `the song "Glasgow"`, `the "Kiev regime"`: capitalised, it is a name
    if not _same_sentence(ix, cue, span) or is_named_thing(ix, span, cue):
        return False
    return reporting_cue(ix, span, cue) is not None


def reporting_cue(ix: DocIndex, span: QuoteSpan, cue: Token) -> Token | None:
    """The cue nearest above a partial quote in the parse, in the sentence of `cue`: whose
    words the quote is (`the office said he called her a “traitor”`: his, through `called`),
    or None when no cue reports it."""
    return _in_what_cue_reports(ix, span, cue)


def quoted_verb_subject(ix: DocIndex, span: QuoteSpan) -> Token | None:
    """`France “condemned” the coup`, `politicians have “vilified” teachers`: the quote is the
    sentence's own verb of speech or of taking a position, with no cue outside it; its subject
    (outside the marks) used the word, so it is the speaker."""
    inside = ix.doc.char_span(span.start, span.end, alignment_mode="expand")
    if inside is None or not len(inside):
        return None
    verb = inside.root
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or (lemma not in SPEECH_VERBS and lemma not in STANCE_ACT_VERBS):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and not ix.in_quote(c)]
    return subjects[0] if subjects else None


def is_named_thing(ix: DocIndex, span: QuoteSpan, cue: Token | None) -> bool:
    """A partial quote that a naming word introduces: `the term "X"`, `dubbed "X"`, `known as
    "X"`, an impersonal `what's called "X"`. Whatever its length, nobody is quoted."""
    if modifies_noun_after(ix, span):
        return True
    before = _word_before(ix, span)
    if before is None:
        return False
    if _names_a_thing(before) or _impersonal_naming(before):
        return True
    if cue is None or before.i < cue.i or before.i - cue.i > 3:
        return False
    return _impersonal_naming(cue)


def modifies_noun_after(ix: DocIndex, span: QuoteSpan) -> bool:
    """`his "Second Amendment people" remark`, `the "Homes for all" plan`, `a “zero day” flaw`:
    a quoted noun phrase that qualifies the writer's noun right after the closing mark names
    the kind of thing it is, as a label does. A quoted adjective (`cheered the "historic"
    move`, `the “short-term” stays`) stays a word somebody used, and a quote ending in a stop
    or a comma closes a clause."""
    inside = ix.doc.char_span(span.start, span.end, alignment_mode="expand")
    if inside is None or not len(inside) or inside[-1].is_punct or "-" in inside.text:
        return False
    if len(inside) > MAX_LABEL_WORDS or any(t.pos_ in {"VERB", "AUX"} for t in inside):
        return False  # `a “handful of people who were unknown” filing papers`: a clause
    after = [t for t in ix.doc[inside.end :] if not t.is_space][:2]
    if not after or after[0].is_punct:
        after = after[1:]  # the closing mark
    if not after or after[0].pos_ != "NOUN" or not after[0].is_lower:
        return False
    before = _word_before(ix, span)
    if before is not None and (before.lower_ in {"to", "not", "n't"} or before.pos_ == "AUX"):
        return False  # `to “block and control” discussions`: the quote is a verb's phrase
    noun = after[0]
    if noun.idx - span.outer_end > 1 or noun.dep_ == "npadvmod":
        return False  # `called him a “traitor” yesterday`
    last = inside[-1]
    if last.pos_ in {"NOUN", "PROPN"}:
        return True
    return any(t.head == noun and t.pos_ not in {"ADJ", "VERB", "ADV"} for t in inside)


def names_a_thing_after(ix: DocIndex, span: QuoteSpan) -> bool:
    """`“Humidifier lung” may result from ...`: a short quote that is the subject or object of
    the writer's own sentence (a lowercase word follows its closing mark with no punctuation
    between) names a thing, however close it is to a quotation before it."""
    rest = ix.text[span.outer_end : span.outer_end + 40]
    stripped = rest.lstrip(" ")
    inner = ix.text[span.start : span.end].rstrip()
    if inner[-1:] in ".,!?;:" or not stripped or stripped == rest:
        return False
    return stripped[:1].islower()


def _same_sentence(ix: DocIndex, cue: Token, span: QuoteSpan) -> bool:
    """The cue is in the sentence that holds the quote, within its paragraph: a cue in a
    neighbouring sentence attributes a whole quote, not a word of another sentence."""
    sentences = ix.sentences_over(span.open_mark, span.outer_end)
    if not sentences or not any(s.start <= cue.i < s.end for s in sentences):
        return False
    return ix.paragraph_of(cue.idx) == ix.paragraph_of(span.open_mark)


def _in_what_cue_reports(ix: DocIndex, span: QuoteSpan, cue: Token) -> Token | None:
    """The quote hangs below a cue of its sentence (the one chosen or a conjoined one: `called
    the ruling "outrageous" and said ...`), and not in its subject: `as the "autopsy"
    recommended` uses the word as a name for something the sentence is about."""
    inside = ix.doc.char_span(span.start, span.end, alignment_mode="expand")
    if inside is None or not len(inside):
        return None
    node = inside.root
    for ancestor in node.ancestors:
        if _own_clause(ix, node):
            return None
        if ix.is_cue(ancestor) and ancestor.sent.start == cue.sent.start:
            if node.i > ancestor.i or node.dep_ in REPORTED_LEFT_DEPS:
                return ancestor
            return None
        node = ancestor
    return None


def _own_clause(ix: DocIndex, node: Token) -> bool:
    """`the ministry denied it, and Ghana “welcomed” it`: a clause conjoined to the cue with a
    subject of its own is not what the cue reports (`told them to ... and that the team was
    “good”` is: its `that` makes it a second content clause)."""
    if node.dep_ != "conj" or not ix.is_cue(node.head):
        return False
    if any(c.dep_ == "mark" for c in node.children):
        return False
    return any(c.dep_ in SUBJECT_DEPS and not ix.in_quote(c) for c in node.children)


def _word_before(ix: DocIndex, span: QuoteSpan) -> Token | None:
    """The last word before the opening mark, skipping a determiner (`the term "X"`)."""
    token = ix.token_at(span.open_mark)
    i = token.i - 1
    while i >= 0 and (ix.doc[i].is_punct or ix.doc[i].is_space):
        i -= 1
    return ix.doc[i] if i >= 0 else None


def _names_a_thing(word: Token) -> bool:
    """`the term "X"`, `dubbed "X"`, `known as "X"`: the quote is a name being given. A naming
    noun that is the object of an evaluation (`called the show "a disgrace"`) is not."""
    if word.pos_ == "NOUN" and word.lower_ in NAMING_NOUNS:
        return word.dep_ not in {"dobj", "nsubjpass"} or word.head.lemma_.lower() != "call"
    if word.pos_ == "VERB" and word.lemma_.lower() in NAMING_VERBS:
        return True
    return word.lower_ == "as" and word.head.lemma_.lower() in {"know", "brand"}


def _impersonal_naming(cue: Token) -> bool:
    """`what's called "farmer's lung"`: `call` in the passive or with a pronoun for a thing as
    subject names; with a speaker (`she called the plan "reckless"`, `calling it "a
    disgrace"`) it evaluates."""
    if cue.lemma_.lower() != "call":
        return False
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in cue.children):
        return True
    subjects = [c for c in cue.children if c.dep_ in SUBJECT_DEPS]
    return bool(subjects) and all(c.lower_ in IMPERSONAL_SUBJECTS for c in subjects)
