"""Extraction stage 4, attribution: who said each quotation, as the text puts it.

For every quotation span (`quotespans`) the nearest cue of its sentences in its paragraph
(`cues`) gives the speaker: the cue's subject, the object of `quoted X as saying`, the name
after an inverted cue. A quote alone in its sentence takes the cue of the sentence that
introduces it (`He told them: “...”`) or follows it; `Peskov: “...”` takes the name before the
colon; a quote with no cue takes the subject of the verb that governs it. What comes out is
a `RawStatement` whose speaker is still a mention ("he", "the senator"): `speakers` resolves it.
"""

from collections.abc import Iterable

from spacy.tokens import Span, Token

from app.ingest.cues import cue_text, in_setting, name_before, outermost_cue, subject
from app.ingest.docindex import DocIndex
from app.ingest.document import RawStatement, SpeakerMention
from app.ingest.lexicon import (
    ABBREVIATED_TITLES,
    BACK_POINTING_NOUNS,
    HEARER_VERBS,
    ORG_SPEAKER_NOUNS,
    PERSON_ROLE_NOUNS,
    PERSON_TITLES,
    QUOTING_VERBS,
    RELATIONAL_ROLE_NOUNS,
    SPEECH_NOUNS,
    THOUGHT_VERBS,
)
from app.ingest.mentions import clean_name, mention_for
from app.ingest.partials import (
    is_named_thing,
    names_a_thing_after,
    quoted_verb_subject,
    reporting_cue,
    short_partial_is_statement,
)
from app.ingest.quotemarks import QuoteSpan, looks_like_title, word_count
from app.ingest.quotespans import after_so_called, inside_sentence, is_partial
from app.ingest.roundups import next_paragraph_speaker, roundup_speaker

MIN_PARTIAL_WORDS = 3
MIN_UNATTRIBUTED_WORDS = 6
MAX_NEIGHBOUR_CUE_OFFSET = 6
"""`“...” Then Smith said so.`: how far into the next sentence its cue may be."""
MAX_GOVERNOR_CLIMB = 8
"""How many heads a quote with no cue climbs to find the verb that governs it."""


def speaker_of_cue(ix: DocIndex, cue: Token) -> tuple[SpeakerMention | None, str | None]:
    """The speaker of a cue and, for `X quoted Y as saying`, the relaying source X."""
    if cue.lower_ == "according":
        for to in cue.children:
            if to.lower_ == "to":
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return mention_for(ix, obj), None
        return None, None
    governor = cue
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as":
        governor = cue.head.head
    if governor.lemma_.lower() in QUOTING_VERBS:
        reported_by = subject(ix, governor)
        for child in governor.children:
            if child.dep_ in {"dobj", "nsubjpass"}:
                return mention_for(ix, child), _source_name(ix, reported_by)
        return None, None
    speaker = subject(ix, cue)
    if speaker is None or (speaker.pos_ in {"VERB", "AUX"} and not _misread_name(ix, speaker)):
        speaker = name_before(ix, cue)
    elif speaker.i > cue.i and (named := _name_after_inverted_role(ix, speaker)) is not None:
        speaker = named
    if speaker is None:
        return None, None
    return mention_for(ix, _past_abbreviated_title(ix, speaker)), None


def _past_abbreviated_title(ix: DocIndex, token: Token) -> Token:
    """`said police spokesman Supt. Anil Kumar, who ...`, `Brig. Gen. Samuel Okello`: a title
    cut short by a full stop that the parse took for a sentence end is not the speaker; the
    person named right after the stop (and any further short titles) is."""
    at = token.i
    while at + 1 < len(ix.doc) and ix.doc[at].lower_.rstrip(".") in ABBREVIATED_TITLES:
        title, stop = ix.doc[at], ix.doc[at + 1]
        if title.text.endswith("."):
            at += 1
        elif stop.text == "." and stop.idx == title.idx + len(title.text):
            at += 2
        else:
            break
    if at == token.i or at >= len(ix.doc):
        return token
    name = ix.doc[at]
    return ix.name_head(name) if ix.is_person(name) and not ix.in_quote(name) else token


def _name_after_inverted_role(ix: DocIndex, role: Token) -> Token | None:
    """`“...,” wrote the American ambassador at the time, Susan M. Park.`: after an inverted
    cue, a person named after a comma that closes the role's phrase is the one who holds it,
    though the small model hangs the name on the verb rather than on the role. Only a common
    noun role with no name of its own, and only modifiers (`at the time`, `in those years`)
    between it and the comma."""
    if role.pos_ != "NOUN" or ix.entity_of(role) is not None:
        return None
    if any(c.dep_ == "appos" for c in role.children):
        return None
    for token in ix.doc[role.i + 1 : role.i + 1 + MAX_ROLE_MODIFIER]:
        if ix.in_quote(token):
            return None
        if token.text == ",":
            name = ix.doc[token.i + 1] if token.i + 1 < len(ix.doc) else None
            if name is None or not ix.is_person(name) or ix.in_quote(name):
                return None
            head = ix.name_head(name)
            return None if head.dep_ in {"poss", "compound"} or head in role.subtree else head
        if token.pos_ not in {"ADP", "DET", "NOUN", "ADJ", "NUM"} or _is_role(token):
            return None  # `a spokesman for the minister, Jane Roe`: the name is the minister's
    return None


def _is_role(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in PERSON_ROLE_NOUNS or lemma in PERSON_TITLES or lemma in RELATIONAL_ROLE_NOUNS


MAX_ROLE_MODIFIER = 5
"""`the envoy in those years, Daniel Tremblay`: how long the phrase between an inverted role
and the comma before its holder's name may be."""


def _misread_name(ix: DocIndex, token: Token) -> bool:
    """`said Will Tjernlund`, `said Bill Hansen`: a first name that is also a word makes the
    small model read the name as a verb phrase, yet the tagger still marks the person; the
    verb it made is the name's head."""
    ent = ix.entity_of(token)
    return ent is not None and ent.label_ == "PERSON" and token.text[:1].isupper()


def _source_name(ix: DocIndex, head: Token | None) -> str | None:
    """The agency or outlet that relays a quote (`TASS quoted him as saying`)."""
    if head is None:
        return None
    mention = mention_for(ix, head)
    if mention is None:
        return None
    if mention.name:
        return mention.name
    for t in head.subtree:
        ent = ix.entity_of(t)
        if ent is not None and ent.label_ == "ORG":
            return clean_name(ent.text)
    return mention.text


# -- direct and partial quotes ---------------------------------------------------------------


def quote_statements(ix: DocIndex) -> list[RawStatement]:
    """A statement for every quotation span that is one, in text order."""
    results: list[RawStatement] = []
    previous: QuoteSpan | None = None
    for span in ix.quotes.spans:
        statement = _direct(ix, span, previous)
        if statement is not None:
            results.append(statement)
            previous = span
    return results


def _direct(ix: DocIndex, span: QuoteSpan, previous: QuoteSpan | None) -> RawStatement | None:
    text = ix.text
    inner = text[span.start : span.end]
    words = word_count(inner)
    partial = is_partial(text, span)
    laid_out = roundup_speaker(ix, span)
    if laid_out is not None:
        cue, speaker, reported_by = None, laid_out, None
    else:
        cue, speaker, reported_by = _attribute_quote(ix, span)
    if cue is None and speaker is None:
        speaker = next_paragraph_speaker(ix, span)
    if cue is None and speaker is None and not partial:
        speaker = _pointed_back_to(ix, span)
    if cue is not None and previous is not None and _said_between(ix, cue, previous, span):
        cue, speaker, reported_by = None, None, None  # the quote carries on the one before
    continues = cue is None and speaker is None and previous is not None
    continues = continues and _continues(ix, previous, span)
    short = partial and words < MIN_PARTIAL_WORDS
    if short and cue is not None and short_partial_is_statement(ix, span, cue):
        reporting = reporting_cue(ix, span, cue)
        own_speaker = speaker_of_cue(ix, reporting) if reporting not in {None, cue} else None
        if own_speaker is not None and own_speaker[0] is not None:
            # `the office said he called her a “traitor”`: the word is his, not the office's
            cue, (speaker, reported_by) = reporting, own_speaker
    elif short:
        quoted_verb = quoted_verb_subject(ix, span)
        if quoted_verb is None:
            return None
        # `France “condemned” the coup`: the subject used the word, whatever quote came before
        cue, speaker, reported_by = None, mention_for(ix, quoted_verb), None
        continues = False
    if continues and not partial and words < MIN_PARTIAL_WORDS and names_a_thing_after(ix, span):
        return None
    if partial and is_named_thing(ix, span, cue):
        return None
    if looks_like_title(inner) and inside_sentence(text, span):
        return None
    if after_so_called(text, span):
        return None
    unattributed = cue is None and speaker is None and not continues
    if unattributed and words < MIN_UNATTRIBUTED_WORDS:
        return None
    if unattributed:
        speaker = _speaker_of_governing_verb(ix, span)
    quoted = inner.strip().rstrip(",")
    start = span.start + (len(inner) - len(inner.lstrip()))
    return RawStatement(
        text=quoted,
        kind="partial" if partial else "direct",
        start=start,
        end=start + len(quoted),
        cue=cue_text(ix, cue) if cue is not None else None,
        speaker=speaker,
        reported_by=reported_by,
        context=ix.context(span.open_mark, span.outer_end),
        continues=continues,
        unclosed=span.unclosed,
    )


def _pointed_back_to(ix: DocIndex, span: QuoteSpan) -> SpeakerMention | None:
    """`“The harbour stays closed.” The warning came from port director Lars Eriksson.`: the
    sentence right after a quote points back at it with a definite speech noun (`the warning`,
    `that was the message`) and names one person, who said it."""
    after = ix.text[span.outer_end :]
    gap = len(after) - len(after.lstrip(" "))
    sentences = ix.sentences_over(span.outer_end + gap, span.outer_end + gap + 1)
    if not sentences or sentences[0].start_char != span.outer_end + gap:
        return None
    sentence = sentences[0]
    if ix.paragraph_of(sentence.start_char) != ix.paragraph_of(span.open_mark):
        return None
    if not any(_points_back(t) for t in sentence[:MAX_POINTING_OFFSET]):
        return None
    people = {e.text: e for e in sentence.ents if e.label_ == "PERSON" and not ix.in_quote(e.root)}
    if len(people) != 1:
        return None
    [ent] = people.values()
    return mention_for(ix, ent.root)


MAX_POINTING_OFFSET = 5
"""`That was the message`, `The stark warning came`: how far into its sentence the noun that
points back at a quote may stand."""


def _points_back(token: Token) -> bool:
    """`the warning`, `those words`, `that was the message`: a speech noun made definite."""
    if token.lemma_.lower() not in BACK_POINTING_NOUNS:
        return False
    if any(c.dep_ == "det" and c.lower_ in POINTING_DETERMINERS for c in token.children):
        return True
    return token.dep_ == "attr" and any(
        c.dep_ == "nsubj" and c.lower_ in POINTING_DETERMINERS for c in token.head.children
    )


POINTING_DETERMINERS = frozenset({"the", "that", "this", "those", "these", "such"})


def _speaker_of_governing_verb(ix: DocIndex, span: QuoteSpan) -> SpeakerMention | None:
    """A quote with no speech cue inside a writer's sentence (`Hollande condemned the
    "attack whose ..."`, `as he puts it, "..."`) is in the words of the subject of the
    verb that governs it."""
    inside = ix.doc.char_span(span.start, span.end, alignment_mode="expand")
    if inside is None or not len(inside):
        return None
    node = inside.root.head
    for _ in range(MAX_GOVERNOR_CLIMB):
        if node.pos_ in {"VERB", "AUX"} and not ix.in_quote(node):
            break
        if node.head.i == node.i:
            return None
        node = node.head
    else:
        return None
    if not (node.pos_ in {"VERB", "AUX"} and not ix.in_quote(node)):
        return None
    speaker = subject(ix, node)
    while speaker is None and node.dep_ == "ccomp" and node.head.pos_ in {"VERB", "AUX"}:
        node = node.head
        speaker = subject(ix, node)
    if speaker is None:
        return None
    mention = mention_for(ix, speaker)
    if mention is None or mention.name or mention.pronoun:
        return mention
    lemma = speaker.lemma_.lower()
    return mention if lemma in PERSON_ROLE_NOUNS or lemma in ORG_SPEAKER_NOUNS else None


def _attribute_quote(
    ix: DocIndex, span: QuoteSpan
) -> tuple[Token | None, SpeakerMention | None, str | None]:
    """The cue of a quote, its speaker and relaying source: the nearest cue of its sentences
    in its paragraph, else one in a neighbouring sentence, else a name before a colon."""
    sentences = ix.sentences_over(span.open_mark, span.outer_end)
    para = ix.paragraph_of(span.open_mark)
    candidates = [ix.tokens[i] for s in sentences for i in range(s.start, s.end) if i in ix.cues]
    candidates = [
        t
        for t in candidates
        if ix.paragraph_of(t.idx) == para
        and ix.in_parentheses(t) <= ix.in_parentheses(ix.token_at(span.start))
    ]
    cue = _nearest(ix, candidates, span)
    if cue is not None and not (_personal_subject(ix, cue) and _introduces(ix, cue, span)):
        cue = outermost_cue(ix, cue)
    if cue is None:
        cue = _cue_in_neighbour(ix, sentences, span, para)
    if cue is None:
        colon = _colon_speaker(ix, span)
        return (None, colon, None) if colon else (None, None, None)
    speaker, reported_by = speaker_of_cue(ix, cue)
    return cue, speaker, reported_by


def _nearest(ix: DocIndex, tokens: Iterable[Token], span: QuoteSpan) -> Token | None:
    """The cue closest to the quote's marks; a speech verb before a verb of thinking, and one
    with a subject before one without."""

    def distance(t: Token) -> int:
        if t.idx >= span.outer_end:
            return t.idx - span.outer_end
        return max(0, span.open_mark - t.idx)

    ranked = sorted(
        tokens,
        key=lambda t: (t.lemma_.lower() in THOUGHT_VERBS, distance(t), _subject_rank(ix, t)),
    )
    return ranked[0] if ranked else None


def _subject_rank(ix: DocIndex, cue: Token) -> int:
    return 0 if subject(ix, cue) is not None else 1


def _cue_in_neighbour(
    ix: DocIndex, sentences: list[Span], span: QuoteSpan, para: int
) -> Token | None:
    """A quote alone in its sentence: `He told them: “...”` or `“...” Then Smith said so.`"""
    if not sentences:
        return None
    first, last = sentences[0], sentences[-1]
    lo, _hi = ix.paragraphs[para]
    if para > 0 and span.open_mark == lo:
        prev_lo, prev_hi = ix.paragraphs[para - 1]
        if ix.text[prev_lo:prev_hi].rstrip().endswith(":"):
            intro = ix.sentences_over(prev_hi - 2, prev_hi)
            cues = [t for s in intro for t in s if ix.is_cue(t)]
            if cues:
                return cues[-1]
    if first.start > 0:
        prev = ix.doc[first.start - 1].sent
        if ix.paragraph_of(prev.start_char) == para and prev.text.rstrip().endswith(":"):
            cues = [t for t in prev if ix.is_cue(t)]
            if cues:
                return cues[-1]
        whole = not ix.text[span.outer_end : last.end_char].strip(" .")
        between = _cue_between_quotes(ix, prev, span, para) if whole else None
        if between is not None:
            return between
    if last.end < len(ix.doc):
        nxt = ix.doc[last.end].sent
        if ix.paragraph_of(nxt.start_char) == para:
            for t in nxt:
                if not ix.is_cue(t) or t.i - nxt.start > MAX_NEIGHBOUR_CUE_OFFSET:
                    continue
                if _writes_a_thing(t):
                    continue
                if not any(c.dep_ == "ccomp" for c in t.children) or _named_subject(ix, t):
                    return t
    return None


def _cue_between_quotes(ix: DocIndex, prev: Span, span: QuoteSpan, para: int) -> Token | None:
    """`“It’s a different muscle,” York said. “You have to ...”`: a cue that closes the
    sentence of one quote and stands right before the next, in one paragraph, tells who says
    both; a cue further on (`Smith agreed: “...”`, `When editors asked him, ...`) introduces
    what follows it, not the quote before it. The first cue after the earlier quote is its
    own (`“...,” Diaz told Ruiz, after Ruiz asked him ...`), later ones tell of other acts."""
    if ix.paragraph_of(prev.start_char) != para:
        return None
    closed_before = [
        q.outer_end for q in ix.quotes.spans if prev.start_char <= q.outer_end <= span.open_mark
    ]
    if not closed_before:
        return None
    cues = [t for t in prev if ix.is_cue(t) and not ix.in_quote(t) and t.idx >= max(closed_before)]
    if not cues or subject(ix, cues[0]) is None:
        return None
    return cues[0]


def _said_between(ix: DocIndex, cue: Token, previous: QuoteSpan, span: QuoteSpan) -> bool:
    """`“We will win,” Kowalska said. “And we will win big.”`: the cue of the previous quote,
    in its sentence between the two, makes the second one carry on the first."""
    return (
        previous.outer_end <= cue.idx < span.open_mark
        and ix.sentence_of(cue) == ix.sentence_of(ix.token_at(previous.start))
        and ix.sentence_of(cue) != ix.sentence_of(ix.token_at(span.start))
    )


def _writes_a_thing(cue: Token) -> bool:
    """`Although he had written a will, ...`: a speech verb whose object is a thing made, not
    words or a hearer, tells of an act, not of the quote before it."""
    if cue.lemma_.lower() in HEARER_VERBS:
        return False
    return any(
        c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() not in SPEECH_NOUNS
        for c in cue.children
    )


def _introduces(ix: DocIndex, cue: Token, span: QuoteSpan) -> bool:
    """`..., to which O'Malley interjected: “...”`: the cue right before the opening mark
    introduces the quote itself, however deep in a reported clause it sits."""
    gap = ix.text[cue.idx + len(cue.text) : span.open_mark]
    return len(gap) <= 3 and not gap.strip(" ,:")


def _named_subject(ix: DocIndex, cue: Token) -> bool:
    """`“...” Club chairman Oliver Kettering said the first match ...`: a named speaker
    right after a quote speaks it, even while reporting more."""
    speaker = subject(ix, cue)
    return speaker is not None and speaker.i < cue.i and ix.is_person(speaker)


def _personal_subject(ix: DocIndex, cue: Token) -> bool:
    """`he asked about it, called her a “traitor” and said, “...,” the office said`: a person,
    named or a pronoun, whose cue stands right before the quote says it, however deep in
    someone else's report; the report only relays it."""
    if _named_subject(ix, cue):
        return True
    speaker = subject(ix, cue)
    return speaker is not None and speaker.i < cue.i and speaker.lower_ in {"he", "she"}


def _colon_speaker(ix: DocIndex, span: QuoteSpan) -> SpeakerMention | None:
    """`Peskov: “...”`, `She told the crowd again: “...”`: whoever leads into the colon.

    With a verb before the colon its subject speaks, unless the subject is a thing and a
    person follows the verb (`The result does not surprise pollster Ann Lee: “...”`);
    without a verb, the last name before the colon.
    """
    before = ix.text[: span.open_mark].rstrip()
    if not before.endswith(":"):
        return None
    colon = ix.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    sentence = colon[0].sent
    lead = [t for t in sentence if t.i < colon[0].i and not ix.in_quote(t)]
    if not lead:
        return None
    verbs = [t for t in lead if t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ROOT", "conj"}]
    if verbs:
        speaker = subject(ix, verbs[-1])
        if speaker is not None and (speaker.pos_ == "PRON" or ix.is_named(speaker)):
            return mention_for(ix, speaker)
        after = [t for t in lead if t.i > verbs[-1].i]
        people = [t for t in after if ix.is_person(t)]
        named = people or [t for t in after if ix.is_named(t) and t.pos_ == "PROPN"]
        if named:
            return mention_for(ix, _first_conjunct(ix.name_head(named[-1])))
        return mention_for(ix, speaker) if speaker is not None else None
    names = [
        t for t in lead if ix.is_named(t) and t.pos_ in {"PROPN", "NOUN"} and not in_setting(ix, t)
    ]
    return mention_for(ix, _first_conjunct(names[-1])) if names else None


def _first_conjunct(token: Token) -> Token:
    """`Frank Newport and Jim Harter: “...”`: a pair is cited by its first name."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _continues(ix: DocIndex, previous: QuoteSpan, span: QuoteSpan) -> bool:
    """A quote carrying on the previous one: later in its paragraph, or opening the next."""
    prev_para = ix.paragraph_of(previous.start)
    para = ix.paragraph_of(span.open_mark)
    if para == prev_para:
        return True
    lo, _hi = ix.paragraphs[para]
    return para == prev_para + 1 and span.open_mark == lo
