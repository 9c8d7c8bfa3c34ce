"""Resolution: one canonical name per person, organisation and place of an article.

Pure functions over the extractor's findings. Within an article a bare surname links to the
full name seen there ("Erdogan" → "Recep Tayyip Erdogan"); across articles `same_person`
decides whether two canonical names are one entity (the store applies it against the database).
"""

from collections import Counter
from dataclasses import dataclass, field

from app.ingest import gazetteer
from app.ingest.document import EntityRef, PlaceRef, SpeakerRef
from app.ingest.extract import NameMention, RawStatement, SpeakerMention
from app.ingest.lexicon import ORG_WORDS
from app.ingest.names import name_tokens, same_person, same_spelling, surname_key
from app.text import fold

DEMONYM_ENDINGS = ("ian", "ese", "ish", "ans", "ians")
MAX_NAME_WORDS = 5


def _plausible_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= MAX_NAME_WORDS
        and name[:1].isupper()
        and not any(ch.isdigit() for ch in name)
    )


@dataclass
class _Cluster:
    name: str
    kinds: Counter
    role: str | None
    aliases: set[str]
    mentions: int
    key: str = ""
    """`name` folded."""
    alias_keys: set[str] = field(default_factory=set)
    """`aliases` folded, kept so that finding each mention's cluster does not fold the names
    of every cluster again."""


def resolve_people(
    names: list[NameMention], statements: list[RawStatement]
) -> tuple[list[EntityRef], dict[str, str]]:
    """Cluster the article's names; return the entities and a surface → canonical name map."""
    surnames = person_surnames(names)
    surfaces = [n for n in names if _plausible_name(n.name) and not _is_place_name(n, surnames)]
    for statement in statements:
        speaker = statement.speaker
        if speaker is not None and speaker.name and _plausible_name(speaker.name):
            kind = "organization" if _is_place_name(speaker, surnames) else speaker.kind
            surfaces.append(NameMention(speaker.name, kind, speaker.start, speaker.role))
    clusters: list[_Cluster] = []
    canonical: dict[str, str] = {}
    for mention in sorted(surfaces, key=lambda n: (-len(n.name.split()), n.start)):
        key = fold(mention.name)
        cluster = _find_cluster(clusters, mention.name, key)
        if cluster is None:
            cluster = _Cluster(mention.name, Counter(), None, set(), 0, key)
            clusters.append(cluster)
        cluster.kinds[mention.kind] += 1
        cluster.role = cluster.role or mention.role
        cluster.aliases.add(mention.name)
        cluster.alias_keys.add(key)
        cluster.mentions += 1
        canonical[mention.name] = cluster.name
    entities = [
        EntityRef(
            name=c.name,
            kind=_cluster_kind(c),
            role=c.role,
            aliases=sorted(c.aliases - {c.name}),
            mentions=c.mentions,
        )
        for c in clusters
    ]
    return entities, canonical


def _find_cluster(clusters: list[_Cluster], name: str, key: str) -> "_Cluster | None":
    """The cluster `name` (folded: `key`) belongs to, if any."""
    tokens = key.split()
    for cluster in clusters:
        if cluster.key == key or key in cluster.alias_keys:
            return cluster
    if len(tokens) == 1:
        matches = [c for c in clusters if surname_key(c.name) == tokens[0]]
        if not matches:
            matches = [c for c in clusters if same_spelling(surname_key(c.name), tokens[0])]
        if not matches:
            matches = [c for c in clusters if name_tokens(c.name)[:1] == tokens]
        return max(matches, key=lambda c: c.mentions) if matches else None
    for cluster in clusters:
        if len(name_tokens(cluster.name)) > 1 and same_person(cluster.name, name):
            return cluster
    return None


def _cluster_kind(cluster: _Cluster) -> str:
    words = set(name_tokens(cluster.name))
    if words & ORG_WORDS:
        return "organization"
    if cluster.kinds["person"] and len(cluster.name.split()) >= 2:
        return "person"
    return cluster.kinds.most_common(1)[0][0]


def _is_place_name(mention: NameMention | SpeakerMention, surnames: set[str]) -> bool:
    """A one-word 'person' or 'organisation' that the gazetteer knows as a place: an NER slip,
    or a capital standing for its government ("Moscow has signalled ...").

    Not the surname of someone the article names in full ("Hale" after "Margaret Hale"),
    unless the place is a country or a big city."""
    name = mention.name or ""
    if len(name.split()) != 1:
        return False
    known = gazetteer.lookup(name)
    if known is None:
        return False
    return fold(name) not in surnames or gazetteer.is_prominent(known)


def person_surnames(names: list[NameMention]) -> set[str]:
    """Folded surnames of the people an article names with at least two words."""
    return {surname_key(n.name) for n in names if n.kind == "person" and len(n.name.split()) > 1}


def speaker_ref(
    statement: RawStatement, canonical: dict[str, str], people: list[EntityRef]
) -> SpeakerRef | None:
    """The resolved speaker of a statement, or None when only a pronoun or a role was given."""
    mention = statement.speaker
    if mention is None or not mention.name:
        return None
    name = canonical.get(mention.name)
    if name is None:
        return None
    entity = next(e for e in people if e.name == name)
    return SpeakerRef(name=name, kind=entity.kind, role=entity.role or mention.role)


def resolve_places(
    mentions: list[tuple[str, int]], names: list[NameMention], dateline: str | None
) -> tuple[list[PlaceRef], dict[str, str]]:
    """Canonical places of an article (gazetteer first) and a surface → canonical name map."""
    surfaces = [(text, start) for text, start in mentions]
    surnames = person_surnames(names)
    surfaces += [(n.name, n.start) for n in names if _is_place_name(n, surnames)]
    if dateline:
        surfaces.append((dateline, -1))
    places: dict[str, PlaceRef] = {}
    canonical: dict[str, str] = {}
    for text, _start in surfaces:
        known = gazetteer.lookup(text)
        if known is not None:
            ref = places.setdefault(known.name, _known_place_ref(known))
        elif _looks_like_place(text):
            name = text.title() if text.isupper() and len(text) > 3 else text
            ref = places.setdefault(name, PlaceRef(name, "place", None, [], 0))
        else:
            continue
        ref.mentions += 1
        if fold(text) != fold(ref.name) and text not in ref.aliases:
            ref.aliases.append(text)
        canonical[text] = ref.name
    return list(places.values()), canonical


def _known_place_ref(known: gazetteer.KnownPlace) -> PlaceRef:
    return PlaceRef(
        known.name,
        known.kind,
        known.country_code,
        aliases=[],
        mentions=0,
        latitude=known.latitude,
        longitude=known.longitude,
    )


def _looks_like_place(text: str) -> bool:
    key = fold(text)
    return (
        bool(key)
        and text[:1].isupper()
        and len(text.split()) <= 4
        and not key.endswith(DEMONYM_ENDINGS)
        and not key.startswith("the ")
    )
