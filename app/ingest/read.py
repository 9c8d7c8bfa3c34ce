"""Stage 1 of ingest: files and folders become raw documents, or failures with a reason.

Nothing is skipped silently: a user who points the tool at a folder should hear about every
file in it that could not be used, and why, so every failure is yielded in place of a document.
A PDF or a web address is named as such, with what to do instead, rather than called binary
or not found.
"""

import codecs
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.ingest.document import Format, InputError, RawDocument

RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
HTML_OPENINGS = ("<!doctype html", "<html")
META_FIELDS = {
    "url": "url",
    "title": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "publisher": "source",
    "author": "byline",
    "byline": "byline",
}
"""Record fields kept as metadata, and the name `clean` knows each by."""
PDF_MAGIC = b"%PDF-"
PDF_SUFFIX = ".pdf"
PDF_REASON = "PDF is not supported; convert it to text first (e.g. with pdftotext)"
URL_REASON = "URLs are not supported; save the page and ingest the file"
_COLLAPSED_URL = re.compile(r"(https?):/+([^/].*)", re.IGNORECASE)
"""`https://x/a` as a `Path` has it: pathlib collapses the double slash to `https:/x/a`."""


@dataclass(frozen=True)
class ReadFailure:
    """A file or record that was not read; `reason` is shown to the user."""

    path: str
    reason: str


def read_paths(paths: Sequence[Path]) -> Iterator[RawDocument | ReadFailure]:
    """Read every file named or found under a named folder, in a stable (sorted) order."""
    for path in paths:
        if path.is_dir():
            yield from _read_folder(path)
        else:
            yield from _read_file(path)


def _read_folder(folder: Path) -> Iterator[RawDocument | ReadFailure]:
    """Walk depth first in name order, leaving out hidden files and folders (.git, .DS_Store).

    Linked folders inside are not followed (a link to a parent would never end); they are
    reported as not regular files instead.
    """
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if child.name.startswith("."):
            continue
        if child.is_dir() and not child.is_symlink():
            yield from _read_folder(child)
        else:
            yield from _read_file(child)


def _read_file(path: Path) -> Iterator[RawDocument | ReadFailure]:
    shown = str(path)
    if not path.exists():
        url = typed_url(path)
        yield ReadFailure(url, URL_REASON) if url else ReadFailure(shown, "file not found")
        return
    if not path.is_file():
        yield ReadFailure(shown, "is not a regular file")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadFailure(shown, f"cannot be read: {exc.strerror or exc}")
        return
    if is_pdf(path, data):
        yield ReadFailure(shown, PDF_REASON)
        return
    try:
        text = _decode(data)
    except InputError as exc:
        yield ReadFailure(shown, str(exc))
        return
    key = str(path.resolve())
    if path.suffix.lower() in RECORD_SUFFIXES:
        yield from _read_records(shown, key, text)
    else:
        yield RawDocument(path=shown, source_key=key, fmt=_sniff(path, text), content=text)


def typed_url(path: Path) -> str | None:
    """The web address a user gave in place of a file, as typed, or None.

    Only asked of a path that does not exist (a folder really named `https:` is read), and
    only for http(s): a page must be saved first, since what a fetch returns (a cookie wall,
    a paywall, a script that builds the page) is not the article the user saw.
    """
    match = _COLLAPSED_URL.fullmatch(str(path))
    return f"{match[1]}://{match[2]}" if match else None


def is_pdf(path: Path, data: bytes) -> bool:
    """By the magic bytes, whatever the name (a download saved as .txt or without one); or by
    the name, so that a damaged PDF is not called merely "binary". PDF readers find the header
    anywhere in the first 1,024 bytes; only whitespace may come before it here, so that a text
    which quotes `%PDF-` further on is still read as text."""
    return data[:1024].lstrip().startswith(PDF_MAGIC) or path.suffix.lower() == PDF_SUFFIX


def _decode(data: bytes) -> str:
    """UTF-8 text without its BOM; InputError says why other bytes are not usable text."""
    if b"\x00" in data:
        raise InputError("binary file (contains NUL bytes)")
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte offset {exc.start + bom}") from None
    if not text.strip():
        raise InputError("empty file")
    return text


def _sniff(path: Path, text: str) -> Format:
    """HTML by extension, or by how the content opens when saved under another name."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    return "html" if text.lstrip()[:20].lower().startswith(HTML_OPENINGS) else "text"


def _read_records(shown: str, key: str, text: str) -> Iterator[RawDocument | ReadFailure]:
    """One document per JSON Lines record; a bad line fails alone, the rest still load."""
    # split("\n"), not splitlines(): JSON strings may hold U+2028, which must not end a line.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _record(f"{shown}:{number}", f"{key}#L{number}", number, line)


def _record(shown: str, key: str, number: int, line: str) -> RawDocument | ReadFailure:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(shown, f"invalid JSON on line {number}: {exc.msg}")
    if not isinstance(record, dict):
        return ReadFailure(shown, f"line {number} is not a JSON object")
    meta = _record_meta(record)
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        # fmt stays "record"; this tells `clean` to extract the content as a page.
        meta["format"] = "html"
        content = html
    elif isinstance(text, str) and text.strip():
        content = text
    else:
        return ReadFailure(shown, f"record without text or html on line {number}")
    return RawDocument(
        path=shown, source_key=meta.get("url") or key, fmt="record", content=content, meta=meta
    )


def _record_meta(record: dict[str, object]) -> dict[str, str]:
    """String metadata under the names `clean` reads; the first of two synonyms wins."""
    meta: dict[str, str] = {}
    for field, name in META_FIELDS.items():
        value = record.get(field)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text and name not in meta:
                meta[name] = text
    return meta
