"""Statement extraction: direct, partial and indirect speech, with cue and speaker mention.

Works on one spaCy `Doc` of an article body, as a chain of stages in the manner of spaCy's
pipeline components, each a module that can be run and tested alone:

1. `quotespans` — the quotation spans (from `quotemarks`), indexed by character;
2. `cues` — every speech cue (`said`, `according to`, `fired back`) outside quotation marks;
   with the parse, both make the `DocIndex` that every later stage reads;
3. `mentions` — the article's `MentionTable`: people, organisations, places, gender evidence
   and what each pronoun refers to;
4. `attribution` — a statement for each quotation, with its cue and speaker mention;
5. `indirect` — reported statements (`said that ...`, `warned of ...`, `according to`);
6. `layouts` — statements set out by the page's layout (`Peskov: Moscow open to talks`);
7. `speakers` — every speaker mention resolved against the mention table, in reading order.

Names are reported as written here; `resolve` maps them to canonical entities.
"""

from dataclasses import replace

from spacy.tokens import Doc

from app.ingest.attribution import quote_statements
from app.ingest.cues import find_cues
from app.ingest.docindex import DocIndex, doc_text
from app.ingest.document import Findings, NameMention, RawStatement, SpeakerMention
from app.ingest.indirect import reported_statements
from app.ingest.layouts import layout_statements
from app.ingest.mentions import MentionTable, mention_table
from app.ingest.quotespans import quote_spans
from app.ingest.speakers import resolve_speakers

__all__ = ["Findings", "NameMention", "RawStatement", "SpeakerMention", "extract", "index"]
"""`NameMention`, `RawStatement` and `SpeakerMention` live in `document`; they are named here
too for the modules that imported them from here before the split."""


def index(doc: Doc) -> DocIndex:
    """The first two stages, quotation spans and cues, with the lookups the others read."""
    quotes = quote_spans(doc_text(doc))
    return DocIndex.build(doc, quotes, find_cues(doc, quotes))


def extract(doc: Doc) -> Findings:
    """All statements, names and places of one article body."""
    ix = index(doc)
    table = mention_table(ix)
    direct = quote_statements(ix)
    indirect = reported_statements(ix) + layout_statements(ix)
    statements = sorted(direct + indirect, key=lambda s: (s.start, s.kind))
    statements, spoken = resolve_speakers(statements, ix, table)
    return Findings(statements=statements, names=_names(table, spoken), places=list(table.places))


def _names(table: MentionTable, spoken: list[SpeakerMention]) -> list[NameMention]:
    """The article's names for its entity list: those the text names, then its named speakers
    (a pronoun resolved to a name adds nothing). A name that has spoken as a person is one,
    whatever the tagger called it elsewhere."""
    names = [*table.names]
    names += [
        NameMention(m.name, m.kind, m.start, m.role) for m in spoken if m.name and m.pronoun is None
    ]
    people = {m.name for m in spoken if m.kind == "person" and m.pronoun is None}
    return [replace(n, kind="person") if n.name in people else n for n in names]
