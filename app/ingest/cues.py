"""Extraction stage 2, cues: the words that report speech, and whose subject is the speaker.

A cue is a speech verb (`said`, `told`, `warned`; phrasal ones such as `fired back`, `went
on`), `put it`, or `according to`, outside quotation marks. `find_cues` marks them all once per
document; the other functions read the parse around a cue: the cue that reports it (`X said
that Y believes`), its words as stored (`said in a statement`), and the token of its speaker,
found the many ways news inverts, interrupts and elides the subject of `said`.
"""

from spacy.tokens import Doc, Token

from app.ingest.docindex import DocIndex
from app.ingest.lexicon import (
    CHARGE_VERBS,
    CLAUSE_SPEECH_VERBS,
    DESCRIBING_VERBS,
    PERSONAL_PRONOUNS,
    PHRASAL_SPEECH_VERBS,
    QUOTING_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    THOUGHT_VERBS,
)
from app.ingest.quotespans import QuoteSpans

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
AUDIENCE_NOUNS = frozenset({"reporter", "journalist", "crowd", "audience", "supporter"})
MAX_OUTER_CUES = 5
"""How far `outermost_cue` climbs reports of reports (`X said Y told Z that ...`)."""
MAX_SUBJECT_CLIMB = 6
"""How many heads `subject` climbs from a cue before giving up."""
MAX_INVERTED_ROLE = 6
"""`added his lawyer, Lucía Fernández`: how far after an inverted cue its role noun may sit
for the name after the comma to be the speaker."""


def find_cues(doc: Doc, quotes: QuoteSpans) -> frozenset[int]:
    """Indices of every cue token of `doc`: the one pass over the tokens that decides it, so
    that later stages look a cue up instead of asking again."""
    return frozenset(token.i for token in doc if is_cue(token, quotes))


def is_cue(token: Token, quotes: QuoteSpans) -> bool:
    """Whether `token` reports speech: words inside quotation marks never do."""
    if quotes.covers(token.idx):
        return False
    if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
        return True
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return not is_connective(token)
    if lemma in CLAUSE_SPEECH_VERBS and any(c.dep_ == "ccomp" for c in token.children):
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


def is_connective(token: Token) -> bool:
    """`That said, the agency says ...`, `Having said that,`, `Needless to say,`: a phrase
    that joins the writer's sentences reports no one's speech, and would otherwise be the
    nearest cue of the quotes that follow it."""
    doc, i = token.doc, token.i
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    after = [t.text for t in doc[i + 1 : i + 3]]
    if after[:1] == [","] and before[-1:] == ["that"]:
        return True  # `That said,`, `With that said,`
    if after[:2] == ["that", ","] and before[-1:] == ["having"]:
        return True
    return after[:1] == [","] and before == ["needless", "to"]


def outer_cue(ix: DocIndex, cue: Token) -> Token | None:
    """The cue that reports this one (`X said that Y believes ...` → said), if any."""
    node = cue
    while node.head.i != node.i:
        if node.dep_ == "ccomp" and ix.is_cue(node.head):
            return node.head
        node = node.head
    return None


def outermost_cue(ix: DocIndex, cue: Token) -> Token:
    """The cue at the top of a chain of reports: the one whose speaker the reader hears."""
    for _ in range(MAX_OUTER_CUES):
        outer = outer_cue(ix, cue)
        if outer is None:
            break
        cue = outer
    return cue


def cue_text(ix: DocIndex, cue: Token) -> str:
    """The cue as stored with its statement: the verb with its particle, the audience it was
    told and the medium it was said in (`told reporters`, `said in a statement`)."""
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
                words.append(ix.text[child.idx : obj.idx + len(obj.text)])
    governor = cue.head.head if cue.dep_ == "pcomp" and cue.head.lower_ == "as" else None
    if governor is not None and governor.lemma_.lower() in QUOTING_VERBS:
        return f"{governor.text} ... as {cue.text}"
    return " ".join(words)


def subject(ix: DocIndex, verb: Token) -> Token | None:
    """The verb's subject, climbing conjunctions and participle clauses (`..., saying`).

    Words inside quotation marks are never the subject of a cue outside them; a name
    right after a cue that has no subject is one (`“...,” added Murphy`)."""
    seen = 0
    cue = verb
    while seen < MAX_SUBJECT_CLIMB:
        seen += 1
        quoted = ix.in_quote(verb)
        subjects = [
            c
            for c in verb.children
            if not ix.in_quote(c)
            and (
                c.dep_ in SUBJECT_DEPS
                or (c.dep_ == "compound" and c.i < verb.i and ix.is_person(c))
                or (c.i < verb.i and is_age(c))
            )
        ]
        # `CPUC President Marybel Batjer said`, parsed as two subjects: the name nearest the
        # verb heads the phrase, the body before it only qualifies the title
        subjects.sort(key=lambda c: (0 if ix.entity_of(c) is not None else 1, abs(verb.i - c.i)))
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
        if seen == 1 and (named := name_after(ix, cue)) is not None:
            return named
        if seen == 1 and (main := _main_verb_of_participle(ix, verb)) is not None:
            verb = main
            continue
        if (quoted or verb.pos_ not in {"VERB", "AUX"}) and seen > 1 and verb.head.i != verb.i:
            verb = verb.head
            continue
        if _misread_main_clause(verb):
            # `The group, Cleaners United, formed ... and sent a letter stating that ...`
            return verb.head
        if verb.dep_ in {"conj", "advcl", "xcomp", "pcomp", "acl"} and verb.head.i != verb.i:
            verb = verb.head if verb.head.pos_ != "ADP" else verb.head.head
            continue
        return None
    return None


def _misread_main_clause(verb: Token) -> bool:
    """`The group, Cleaners United, formed last month and sent ...`: the small model reads the
    main verb after a subject set off by an apposition as a participle modifying it, and makes
    the subject the sentence's root; that noun is the verb's subject all the same."""
    head = verb.head
    return (
        verb.dep_ == "acl"
        and verb.tag_ in {"VBD", "VBN"}
        and head.dep_ == "ROOT"
        and head.pos_ in {"NOUN", "PROPN"}
        and head.i < verb.i
        and any(c.dep_ == "appos" for c in head.children)
    )


def is_age(token: Token) -> bool:
    """`The 61-year-old said`: an age standing for a person, which the small model often hangs
    on the verb as a modifier rather than as its subject."""
    return token.lemma_.lower() == "old" and any(c.lemma_.lower() == "year" for c in token.children)


def _main_verb_of_participle(ix: DocIndex, cue: Token) -> Token | None:
    """`Hannity said ... after the senator won his primary, remarking that ...`: a
    participle set off by a comma belongs to the clause of the person it describes, whatever
    verb the parser hung it on: a speech verb above it, else the nearest clause with a
    personal subject, else the main clause, the highest verb outside quotation marks."""
    if cue.tag_ != "VBG" or cue.i == cue.sent.start or ix.doc[cue.i - 1].text != ",":
        return None
    path = []
    main = cue
    while main.head.i != main.i and not ix.in_quote(main.head):
        main = main.head
        if main.pos_ in {"VERB", "AUX"}:
            path.append(main)
    for verb in path:
        if ix.is_cue(verb):
            return verb
    for verb in path:
        if _has_personal_subject(ix, verb):
            return verb
    if path and _says_nothing_of_anyone(path[-1]):
        for verb in reversed(ix.doc[cue.sent.start : cue.i]):
            if not ix.in_quote(verb) and _has_personal_subject(ix, verb):
                return verb
    return path[-1] if path else None


def _says_nothing_of_anyone(verb: Token) -> bool:
    """`It was a potent punch, as Mrs. Okafor echoed it, saying ...`: a main clause whose
    subject is an empty `it` or `there` (or that has none) owns no participle; the person
    of the clause before the participle does."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS | {"expl"}]
    return all(c.lower_ in {"it", "there"} for c in subjects)


def _has_personal_subject(ix: DocIndex, verb: Token) -> bool:
    """`as Mrs. Clinton echoed it, saying`: the nearest clause whose subject is a named
    person or a personal pronoun owns the participle, before a main clause about a thing."""
    return any(
        c.dep_ in SUBJECT_DEPS
        and (ix.is_person(c) or (c.lower_ in PERSONAL_PRONOUNS and c.lower_ != "it"))
        for c in verb.children
    )


def name_after(ix: DocIndex, cue: Token) -> Token | None:
    """`said Robin Maynard, half joking`: the small model often attaches an inverted
    speaker's name to the wrong head; the name right after the cue still speaks. A
    participle (`..., saying Smith would win`) is never inverted."""
    if cue.lemma_.lower() in {"tell", "ask", "quote", "cite", "call", "urge", "thank"}:
        return None
    if cue.lemma_.lower() in CHARGE_VERBS:
        return None  # `and accused Beijing of ...`: the one accused, not who accuses
    if cue.tag_ == "VBG" or cue.lemma_.lower() in THOUGHT_VERBS:
        return None
    chain = []
    for token in ix.doc[cue.i + 1 : cue.i + 6]:
        if token.pos_ == "PROPN" and token.text[:1].isupper() and not ix.in_quote(token):
            chain.append(token)
        else:
            break
    if chain and _opens_reported_clause(ix, cue, chain[-1]):
        return None
    if chain and _described_as(ix, cue, chain[-1]):
        return None
    if chain and (ix.entity_of(chain[-1]) is not None or len(chain) >= 2):
        return chain[-1]
    if cue.i == 0 or (not ix.in_quote(ix.doc[cue.i - 1]) and ix.doc[cue.i - 1].text not in ",”\"'"):
        return None
    described, passed = False, False
    for token in ix.doc[cue.i + 1 : cue.i + 10]:
        if ix.in_quote(token) or opens_clause(token):
            break
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"amod", "compound"}:
            break
        if token.text == "," and described and not passed:
            # `“...,” added his lawyer, Lucía Fernández`: the description, then the name
            passed = True
            continue
        if token.is_punct and token.text not in "-.":
            break
        described = described or (token.pos_ == "NOUN" and token.i - cue.i <= MAX_INVERTED_ROLE)
        if ix.is_person(token) and token.dep_ not in {"compound", "poss"}:
            return ix.name_head(token)
    return None


def _described_as(ix: DocIndex, cue: Token, name: Token) -> bool:
    """`Beck, who has described Trump as “a sociopath”`: the name between a verb of describing
    and its `as` is the one described, not who speaks."""
    after = name.i + 1
    return (
        cue.lemma_.lower() in DESCRIBING_VERBS
        and after < len(ix.doc)
        and ix.doc[after].lower_ == "as"
    )


def opens_clause(token: Token) -> bool:
    """`..., said when Obi asked her`, `said as Berg lifted the cup`: a subordinating word
    after a cue opens a clause of its own; a name in it acts there and never speaks the quote
    before the cue."""
    return token.pos_ == "SCONJ" or token.tag_ == "WRB" or token.dep_ == "mark"


def in_setting(ix: DocIndex, token: Token) -> bool:
    """`Then, later that month on Al Jazeera: “...”`, `At the rally in Kumasi on Saturday:`:
    a name in a phrase of place, time or medium sets the scene of a quote and never says it;
    a date is never anyone (`by the ministry`, `from Jane Roe` still name a speaker)."""
    ent = ix.entity_of(token)
    if ent is not None and ent.label_ in {"DATE", "TIME"}:
        return True
    head = ix.name_head(token)
    while head.dep_ in {"compound", "flat"} and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in SETTING_PREPOSITIONS


SETTING_PREPOSITIONS = frozenset(
    {"in", "on", "at", "during", "after", "before", "over", "via", "through", "across"}
)


def _opens_reported_clause(ix: DocIndex, cue: Token, name: Token) -> bool:
    """`but said SpaceX would fly it “a lot”`: a name right after a cue that no quote precedes,
    the subject of the clause the cue reports, is what was said about, not who said it. After
    a quote the cue is inverted (`“...,” said Robin Maynard, half joking`), whatever the parse."""
    verb = name.head
    before = ix.doc[cue.i - 1] if cue.i else None
    if before is None or ix.in_quote(before) or before.text in ",”\"'":
        return False
    return (
        name.dep_ in SUBJECT_DEPS
        and verb.i > name.i
        and verb.dep_ == "ccomp"
        and verb.head.i == cue.i
        and "," not in ix.text[name.idx : verb.idx]
    )


def name_before(ix: DocIndex, cue: Token) -> Token | None:
    """When the parse gives a cue no usable subject (`…,'' Representative Steve Cohen,
    Democrat of Tennessee, told Mr. Obama`), the person named just before it, between
    the quote or sentence start and the cue, with no other verb in between."""
    found = None
    for token in reversed(ix.doc[cue.sent.start : cue.i]):
        if ix.in_quote(token) or token.text in "“”\"'`":
            break
        if token.pos_ in {"VERB", "AUX"} and token.dep_ not in {"amod", "compound"}:
            if found is not None:
                break
            continue
        if ix.is_person(token):
            found = ix.name_head(token)
    return found
