"""Name folding shared by ingest (writing keys) and the API (looking them up)."""

import re

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """ASCII, lower case, single spaces: `Erdoğan` → `erdogan`, `MOSCOW` → `moscow`.

    Apostrophes and hyphens become spaces so that `Ukraine–Russia` and `Ukraine-Russia` agree.
    """
    return _NON_WORD.sub(" ", anyascii(text).casefold()).strip()


def slugify(text: str) -> str:
    """URL-safe topic slug: `Istanbul talks` → `istanbul-talks`."""
    return fold(text).replace(" ", "-")


def word_starts(key: str) -> set[str]:
    """Each word of a folded key with the rest of the key after it, for prefix search on any
    word: `dmitry peskov` → {`dmitry peskov`, `peskov`}."""
    words = key.split()
    return {" ".join(words[i:]) for i in range(len(words))}
