"""A one-word name that an article, or the corpus already stored, uses as an organisation's or
a platform's is no person, on invented articles ingested through the real pipeline.

The article's own evidence: the name set beside a noun for a kind of body (`Kwelo, the
ride-hailing company,`) or written with what only a platform or a firm has (`Pesapay users`).
The corpus's: an article that only writes `Pesapay thinks ...` stores the name as the
organisation other articles stored, not as a new person; and a one-word person stored first
becomes the organisation an article stores later. A name with a role, or of a person the
article names with a role beside it, stays a person.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from app.db import make_engine, upgrade_database
from app.ingest.pipeline import ingest_paths

RIDES = """Ride-hailing firm cuts fares in Nairobi

Monday, 3 Mar 2025

NAIROBI (Harbour Wire) - Kwelo, the ride-hailing company, cut its fares in Nairobi by a \
tenth on Monday after drivers on the platform threatened to strike.

Kwelo said in a statement that the cut would last until the end of the rainy season.
"""

SLOGAN = """Governor's slogan draws mockery

Tuesday, 4 Mar 2025

MOMBASA (Harbour Wire) - The governor unveiled a new slogan for the county's anti-littering \
drive on Tuesday.

"We are cleaning up, one street at a time," Governor Amina Odhiambo said at the launch.

Kwelo seemed unimpressed by the campaign.
"""

FURNITURE = """Tavoli posts record sales

Wednesday, 5 Mar 2025

MILAN (Harbour Wire) - Tavoli, the furniture maker based in Brianza, reported record sales \
on Wednesday.

The company said in a statement that exports to Asia had doubled.
"""

FAIR = """Designers gather in Milan

Thursday, 6 Mar 2025

MILAN (Harbour Wire) - Designers gathered in Milan on Thursday for the opening of the \
furniture fair.

Tavoli thinks the fair is too crowded this year, and Tavoli wants a second venue.

"We need more room," Giulia Ferri, the fair's director, said.
"""

OUTAGE = """Mobile money outage strands traders

Friday, 7 Mar 2025

DAR ES SALAAM (Harbour Wire) - Thousands of Pesapay users could not send money for six \
hours on Friday, traders in Kariakoo market said.

Pesapay blamed a fault at a data centre and promised to refund every failed fee.
"""

FESTIVAL = """Festival line-up announced

Sunday, 9 Mar 2025

SEOUL (Harbour Wire) - Organisers announced the line-up for the spring festival on Sunday.

Pesapay asked fans to buy tickets early, and Pesapay thinks the queues will be long.
"""

DOCKS = """Dockworkers strike in Busan

Saturday, 8 Mar 2025

BUSAN (Harbour Wire) - Dockworkers walked out at three terminals in Busan on Saturday.

Okafor, the head of the seafarers' union, said the strike would spread to Incheon.
"""


@pytest.fixture
def new_engine(tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """A factory of migrated SQLite files, so that one test can ingest into two databases."""
    made: list[Engine] = []

    def make() -> Engine:
        url = f"sqlite:///{tmp_path / f'verbatim{len(made)}.db'}"
        upgrade_database(url)
        made.append(make_engine(url))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


def ingest(engine: Engine, folder: Path, *articles: str) -> None:
    """Each article in a run of its own, in the order given: what the store held before an
    article is all it knows of the corpus."""
    folder.mkdir(exist_ok=True)
    for n, article in enumerate(articles):
        path = folder / f"{len(list(folder.iterdir())):02d}-{n}.txt"
        path.write_text(article, encoding="utf-8")
        ingest_paths([path], engine)


def kinds(engine: Engine) -> dict[str, list[str]]:
    """Every stored name with the kinds it is stored as."""
    found: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for name, kind in connection.execute(text("SELECT name, kind FROM people ORDER BY kind")):
            found.setdefault(name, []).append(kind)
    return found


# The article's own evidence


@pytest.mark.parametrize(
    ("article", "name"),
    [(RIDES, "Kwelo"), (FURNITURE, "Tavoli"), (OUTAGE, "Pesapay")],
    ids=["beside company", "beside maker based in", "platform users"],
)
def test_a_name_the_article_describes_as_a_body_is_an_organisation(
    tmp_path: Path, new_engine: Callable[[], Engine], article: str, name: str
) -> None:
    engine = new_engine()
    ingest(engine, tmp_path / "in", article)
    assert kinds(engine)[name] == ["organization"]


def test_a_name_beside_a_role_in_a_body_stays_a_person(
    tmp_path: Path, new_engine: Callable[[], Engine]
) -> None:
    engine = new_engine()
    ingest(engine, tmp_path / "in", DOCKS)
    assert kinds(engine)["Okafor"] == ["person"]


# The corpus's evidence


@pytest.mark.parametrize(
    ("first", "then", "name"),
    [(RIDES, SLOGAN, "Kwelo"), (FURNITURE, FAIR, "Tavoli"), (OUTAGE, FESTIVAL, "Pesapay")],
    ids=["ride-hailing", "furniture maker", "mobile money"],
)
def test_a_one_word_name_the_corpus_stored_as_an_organisation_is_that_organisation(
    tmp_path: Path, new_engine: Callable[[], Engine], first: str, then: str, name: str
) -> None:
    alone = new_engine()
    ingest(alone, tmp_path / "alone", then)
    assert kinds(alone)[name] == ["person"], "the article alone gives no evidence"
    engine = new_engine()
    ingest(engine, tmp_path / "in", first, then)
    assert kinds(engine)[name] == ["organization"]
    with engine.connect() as connection:
        articles = connection.execute(
            text(
                "SELECT count(*) FROM article_people ap JOIN people p ON p.id = ap.person_id "
                "WHERE p.name = :name"
            ),
            {"name": name},
        ).scalar()
    assert articles == 2


@pytest.mark.parametrize(
    ("first", "then", "name"),
    [(SLOGAN, RIDES, "Kwelo"), (FAIR, FURNITURE, "Tavoli"), (FESTIVAL, OUTAGE, "Pesapay")],
    ids=["ride-hailing", "furniture maker", "mobile money"],
)
def test_a_one_word_person_stored_first_becomes_the_organisation_stored_later(
    tmp_path: Path, new_engine: Callable[[], Engine], first: str, then: str, name: str
) -> None:
    engine = new_engine()
    ingest(engine, tmp_path / "in", first)
    assert kinds(engine)[name] == ["person"]
    ingest(engine, tmp_path / "in", then)
    assert kinds(engine)[name] == ["organization"]
    with engine.connect() as connection:
        speakers = connection.execute(
            text(
                "SELECT DISTINCT p.kind FROM quotes q JOIN people p ON p.id = q.speaker_id "
                "WHERE p.name = :name"
            ),
            {"name": name},
        ).all()
    assert speakers in ([], [("organization",)])


def test_a_one_word_name_with_a_role_stays_a_person_beside_the_organisation(
    tmp_path: Path, new_engine: Callable[[], Engine]
) -> None:
    engine = new_engine()
    ingest(engine, tmp_path / "in", DOCKS.replace("Okafor", "Pesapay"), OUTAGE)
    ingest(engine, tmp_path / "in", DOCKS.replace("Okafor", "Pesapay").replace("Busan", "Ulsan"))
    assert sorted(kinds(engine)["Pesapay"]) == ["organization", "person"]
