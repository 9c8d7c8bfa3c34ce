"""Turn a cleaned article and its parse into everything the store writes (`ParsedArticle`)."""

import re
from pathlib import Path

from spacy.tokens import Doc

from app.ingest import gazetteer
from app.ingest.dates import statement_date
from app.ingest.document import CleanArticle, ParsedArticle, Statement, TopicRef
from app.ingest.extract import extract
from app.ingest.resolve import resolve_people, resolve_places, speaker_ref
from app.ingest.topics import TopicHit, find_event_topics, load_taxonomy, taxonomy_topics

MAIN_TOPIC_MIN_MENTIONS = 2
LEAD_PARAGRAPHS = 2


def analyze(
    article: CleanArticle, body: Doc, title: Doc, topics_file: Path | None = None
) -> ParsedArticle:
    findings = extract(body)
    people, person_names = resolve_people(findings.names, findings.statements)
    places, place_names = resolve_places(findings.places, findings.names, article.dateline)

    def place_name(text: str) -> str | None:
        if text in place_names:
            return place_names[text]
        known = gazetteer.lookup(text)
        return known.name if known is not None else None

    body_hits = find_event_topics(body, place_name)
    title_hits = find_event_topics(title, place_name)
    taxonomy = load_taxonomy(topics_file)
    main_topics = _main_topics(article, body_hits, title_hits)
    main_topics += [t for t in taxonomy_topics(article.title, taxonomy) if t not in main_topics]
    place_patterns = _place_patterns(place_names)
    statements = []
    for raw in findings.statements:
        lo = article.body.find(raw.context, max(0, raw.start - len(raw.context)))
        hi = lo + len(raw.context)
        nearby = [h.topic for h in body_hits if lo <= h.start < hi]
        tagged = taxonomy_topics(raw.context, taxonomy)
        topics = list(dict.fromkeys([*main_topics, *nearby, *tagged]))
        statements.append(
            Statement(
                text=raw.text,
                kind=raw.kind,  # type: ignore[arg-type]
                start=raw.start,
                end=raw.end,
                cue=raw.cue,
                speaker=speaker_ref(raw, person_names, people),
                context=raw.context,
                speaker_mention=raw.speaker.text if raw.speaker else None,
                reported_by=raw.reported_by,
                date=statement_date(raw.context, article.published, raw.text, raw.cue),
                places=_places_in(raw.context, place_patterns),
                topics=[t.slug for t in topics],
            )
        )
    known = {t.slug: t for t in [*main_topics, *(h.topic for h in body_hits)]}
    known.update({t.slug: t for t in taxonomy_topics(article.body, taxonomy)})
    used = {slug for statement in statements for slug in statement.topics}
    all_topics = [t for slug, t in known.items() if slug in used or t in main_topics]
    dateline_place = place_names.get(article.dateline) if article.dateline else None
    return ParsedArticle(
        article=article,
        statements=statements,
        people=people,
        places=places,
        topics=all_topics,
        dateline_place=dateline_place,
    )


def _main_topics(
    article: CleanArticle, body_hits: list[TopicHit], title_hits: list[TopicHit]
) -> list[TopicRef]:
    """Topics of the whole article: in its title or lead, or mentioned repeatedly."""
    paragraphs = article.body.split("\n\n")
    lead_end = len("\n\n".join(paragraphs[:LEAD_PARAGRAPHS]))
    counts: dict[TopicRef, int] = {}
    for hit in body_hits:
        counts[hit.topic] = counts.get(hit.topic, 0) + 1
    main = [h.topic for h in title_hits]
    main += [h.topic for h in body_hits if h.start <= lead_end]
    main += [t for t, n in counts.items() if n >= MAIN_TOPIC_MIN_MENTIONS]
    return list(dict.fromkeys(main))


def _place_patterns(place_names: dict[str, str]) -> list[tuple[str, str, re.Pattern[str]]]:
    """(surface, canonical name, whole-word pattern) of each place name, compiled once per
    article rather than once per statement."""
    return [
        (text, name, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)"))
        for text, name in place_names.items()
        if text
    ]


def _places_in(context: str, patterns: list[tuple[str, str, re.Pattern[str]]]) -> list[str]:
    """Places named in the context as whole words ("Russian" does not name Russia)."""
    return sorted(
        {name for text, name, pattern in patterns if text in context and pattern.search(context)}
    )
