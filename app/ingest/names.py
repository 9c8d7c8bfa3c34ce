"""Person-name comparison shared by the in-article resolver and the cross-article store."""

from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from app.text import fold

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

NAME_CACHE_SIZE = 65_536
"""Names whose folded words are kept: the resolver and the store compare every name with many
others, and folding (`anyascii`, a regex) was most of what a comparison cost."""


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


def name_tokens(name: str) -> list[str]:
    return list(_tokens(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def surname_key(name: str) -> str:
    tokens = [t for t in _tokens(name) if t not in SUFFIXES]
    return tokens[-1] if tokens else ""


def same_person(a: str, b: str) -> bool:
    """Whether two names denote one person: equal surnames (or spelling variants of one, such as
    Zelenskiy/Zelenskyy) and no conflicting first names (Hillary vs Bill Clinton)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    sa, sb = surname_key(a), surname_key(b)
    if sa != sb and not (min(len(sa), len(sb)) >= 5 and Levenshtein.distance(sa, sb) <= 2):
        return False
    first_a, first_b = ta[:-1], tb[:-1]
    if not first_a or not first_b:
        return True
    return first_a[0] == first_b[0] or (
        first_a[0][0] == first_b[0][0] and (len(first_a[0]) == 1 or len(first_b[0]) == 1)
    )
