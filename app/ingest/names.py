"""Person-name comparison shared by the in-article resolver and the cross-article store.

Two names are one person when they are *spellings* of one name: what transliteration,
diacritics and house styles make of it (Dmitri/Dmitry, Aleksandr/Alexander,
Zelenskiy/Zelenskyy, Mohamed/Mohammed, Schröder/Schroeder). Each word is rewritten to a
spelling key by a few transliteration rules, and keys must be equal or one edit apart, where
the edit is itself a spelling difference (a vowel more or less inside a long word, y for i in
a long word). Edit distance alone, or a sounds-alike code (Soundex, Metaphone), would also
join different common names that differ by a letter or sound alike: Harris/Morris,
Miller/Mills, Miller/Müller, Hansen/Hanson, Christina/Christine, Smith/Smyth.
"""

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from app.text import fold

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

NAME_CACHE_SIZE = 65_536
"""Names whose folded words are kept: the resolver and the store compare every name with many
others, and folding (`anyascii`, a regex) was most of what a comparison cost."""

VOWELS = frozenset("aeiouy")

MIN_VOWEL_EDIT_LENGTH = 6
"""A vowel more or less is a spelling difference only in a word this long (Rouhani/Rohani,
Mueller/Müller): in short words one vowel makes another name."""

MIN_Y_FOR_I_LENGTH = 7
"""y for i inside a word is a transliteration difference in long words (Yanukovych/Yanukovich);
in short English names it is another name (Smith/Smyth, Lynn/Linn)."""

_SPELLING_RULES = (
    # Cyrillic х is kh or h (Mikhail/Mihail); not at the start, where Khan and Han differ
    (re.compile(r"(?<=.)kh"), "h"),
    # кс is ks or x (Aleksei/Alexei, Ksenia/Xenia); not at the end, where Marks and Marx differ
    (re.compile(r"ks(?=.)"), "x"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    # Cyrillic е at the start is ye or e (Yevgeny/Evgeny)
    (re.compile(r"^ye"), "e"),
    # й and ий at the end: Dmitri/Dmitry, Sergei/Sergey, Zelenskiy/Zelenskyy/Zelensky/Zelenskyi
    (re.compile(r"(?:iy|yy|ii|yi|ij|yj|y)$"), "i"),
    # ия at the end: Yuliya/Yulia, Natalya/Natalia
    (re.compile(r"(?:iya|(?<=[^aeiou])ya)$"), "ia"),
    # й after a vowel inside a word: Shoygu/Shoigu
    (re.compile(r"(?<=[aeou])y"), "i"),
    # ie for y at the end of a longer name: Kellie/Kelly (not Marie/Mary)
    (re.compile(r"(?<=.{4})ie$"), "i"),
    # doubled letters: Mohammed/Mohamed, Matthews/Mathews
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


def name_tokens(name: str) -> list[str]:
    return list(_tokens(name))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _words(name: str) -> tuple[str, ...]:
    """The folded words of a name without suffixes (Jr., III): given names, then the surname."""
    return tuple(t for t in _tokens(name) if t not in SUFFIXES)


def surname_key(name: str) -> str:
    words = _words(name)
    return words[-1] if words else ""


@lru_cache(maxsize=NAME_CACHE_SIZE)
def spelling(word: str) -> str:
    """The spelling key of one folded word: spellings of one name that differ only by a
    transliteration or house-style rule get one key (`zelenskyy`, `zelenskiy` → `zelenski`)."""
    for pattern, replacement in _SPELLING_RULES:
        word = pattern.sub(replacement, word)
    return word


def same_spelling(a: str, b: str) -> bool:
    """Whether two folded words are spellings of one name: equal spelling keys, or keys one
    edit apart where the edit is a spelling difference (Aleksandr/Alexander: an `e` more)."""
    ka, kb = spelling(a), spelling(b)
    if ka == kb:
        return True
    if Levenshtein.distance(ka, kb, score_cutoff=1) > 1:
        return False
    [op] = Levenshtein.editops(ka, kb)
    longer = max(ka, kb, key=len)
    if op.tag == "replace":
        pair = {ka[op.src_pos], kb[op.dest_pos]}
        inside = 0 < op.src_pos < len(ka) - 1
        return pair == {"i", "y"} and inside and len(longer) >= MIN_Y_FOR_I_LENGTH
    # an insertion or a deletion: the letter that one key has and the other has not
    at = op.dest_pos if op.tag == "insert" else op.src_pos
    letter = kb[at] if op.tag == "insert" else ka[at]
    return letter in VOWELS and 0 < at < len(longer) - 1 and len(longer) >= MIN_VOWEL_EDIT_LENGTH


def _given_names_agree(a: str, b: str) -> bool:
    """One given name spelled two ways, or an initial and a name it can stand for (J./John)."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return same_spelling(a, b)


def _middle_initials_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle initials tell people apart (George W. Bush, George H. W. Bush) when both names
    give nothing else; a middle name written out may be a second surname, so it never
    conflicts (Andrés Manuel López Obrador, Andrés López Obrador)."""
    if not a or not b or any(len(t) > 1 for t in a + b):
        return True
    return a == b


def same_person(a: str, b: str) -> bool:
    """Whether two names denote one person: surnames that are spellings of one name, and
    given names that agree (Hillary vs Bill Clinton do not; J. and John Smith do)."""
    ta, tb = _words(a), _words(b)
    if not ta or not tb or not same_spelling(ta[-1], tb[-1]):
        return False
    given_a, given_b = ta[:-1], tb[:-1]
    if not given_a or not given_b:
        return True
    return _given_names_agree(given_a[0], given_b[0]) and _middle_initials_agree(
        given_a[1:], given_b[1:]
    )
