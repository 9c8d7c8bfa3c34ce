"""read_paths: formats, JSON Lines records, folder walking, and every failure with its reason."""

import json
import os
from pathlib import Path

import pytest

from app.ingest.document import RawDocument
from app.ingest.read import ReadFailure, read_paths

ARTICLE = "Council approves new park\n\nThe council approved the park on Monday.\n"


def read_one(path: Path) -> RawDocument | ReadFailure:
    [result] = read_paths([path])
    return result


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_text_file_is_a_text_document(tmp_path: Path) -> None:
    path = tmp_path / "park.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_one(path)
    assert doc == RawDocument(
        path=str(path), source_key=str(path.resolve()), fmt="text", content=ARTICLE
    )


def test_file_without_extension_is_text(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text(ARTICLE, encoding="utf-8")
    assert read_one(path).fmt == "text"


@pytest.mark.parametrize("name", ["page.html", "page.HTM"])
def test_html_by_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<p>The council approved the park.</p>", encoding="utf-8")
    assert read_one(path).fmt == "html"


@pytest.mark.parametrize("opening", ["<!DOCTYPE html>", "\n  <html lang='en'>"])
def test_html_sniffed_from_content(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(f"{opening}<body><p>Text.</p></body></html>", encoding="utf-8")
    assert read_one(path).fmt == "html"


def test_relative_path_is_kept_for_messages_and_resolved_for_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "park.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = read_one(Path("park.txt"))
    assert doc.path == "park.txt"
    assert doc.source_key == str(tmp_path.resolve() / "park.txt")


def test_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    assert read_one(path).content == ARTICLE


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert read_one(path) == ReadFailure(str(path), "file not found")


def test_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert read_one(fifo) == ReadFailure(str(fifo), "is not a regular file")


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert read_one(path) == ReadFailure(str(path), "empty file")


@pytest.mark.parametrize("name", ["photo.png", "notes.txt", "feed.jsonl"])
def test_binary_file_is_reported_whatever_its_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert read_one(path) == ReadFailure(str(path), "binary file (contains NUL bytes)")


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café society.".encode("latin-1"))
    assert read_one(path) == ReadFailure(str(path), "invalid UTF-8 at byte offset 3")


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom-latin1.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Café.".encode("latin-1"))
    assert read_one(path) == ReadFailure(str(path), "invalid UTF-8 at byte offset 6")


def test_folder_is_walked_recursively_in_sorted_order_without_hidden_entries(
    tmp_path: Path,
) -> None:
    for name in ["b.txt", "a/z.txt", "a/c/d.txt", "c.html", ".hidden.txt", ".git/config"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "image.jpg").write_bytes(b"\xff\xd8\x00\x10JFIF")

    results = list(read_paths([tmp_path]))

    assert [r.path for r in results] == [
        str(tmp_path / "a" / "c" / "d.txt"),
        str(tmp_path / "a" / "image.jpg"),
        str(tmp_path / "a" / "z.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.html"),
    ]
    assert isinstance(results[1], ReadFailure)
    assert results[1].reason == "binary file (contains NUL bytes)"


def test_paths_are_read_in_the_order_given(tmp_path: Path) -> None:
    first, second = tmp_path / "z.txt", tmp_path / "a.txt"
    for path in (first, second):
        path.write_text(ARTICLE, encoding="utf-8")
    assert [r.path for r in read_paths([first, second])] == [str(first), str(second)]


def test_jsonl_records(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        json.dumps(
            {
                "url": "https://news.example/park",
                "title": "Council approves new park",
                "published": "2025-05-01",
                "source": "Town Gazette",
                "text": "The council approved the park on Monday.",
                "views": 12,
            }
        ),
        "",
        json.dumps({"text": "The mayor opened the bridge."}),
    )
    first, second = read_paths([path])
    assert first == RawDocument(
        path=f"{path}:1",
        source_key="https://news.example/park",
        fmt="record",
        content="The council approved the park on Monday.",
        meta={
            "url": "https://news.example/park",
            "title": "Council approves new park",
            "published": "2025-05-01",
            "source": "Town Gazette",
        },
    )
    assert second.path == f"{path}:3"
    assert second.source_key == f"{path.resolve()}#L3"
    assert second.meta == {}


def test_jsonl_record_with_html_is_marked_as_a_page(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "pages.ndjson", json.dumps({"html": "<p>Hello there.</p>"}))
    doc = read_one(path)
    assert doc.fmt == "record"
    assert doc.content == "<p>Hello there.</p>"
    assert doc.meta == {"format": "html"}


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        '{"text": "Fine record."}',
        '{"text": "no closing brace"',
        json.dumps({"title": "Only a title"}),
        json.dumps({"text": "   "}),
        json.dumps(["a", "list"]),
        '{"text": "Another fine record."}',
    )
    results = list(read_paths([path]))
    assert [r.path for r in results] == [f"{path}:{n}" for n in range(1, 7)]
    assert isinstance(results[0], RawDocument)
    assert isinstance(results[5], RawDocument)
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert failures[0].reason.startswith("invalid JSON on line 2:")
    assert [f.reason for f in failures[1:]] == [
        "record without text or html on line 3",
        "record without text or html on line 4",
        "line 5 is not a JSON object",
    ]


PDF_START = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00"


@pytest.mark.parametrize("name", ["report.pdf", "report.txt", "report"])
def test_pdf_is_named_as_such_whatever_its_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PDF_START)
    failure = read_one(path)
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("PDF is not supported")


def test_pdf_extension_on_other_bytes_is_still_a_pdf(tmp_path: Path) -> None:
    """A .pdf whose header is damaged is no article either; say what it was meant to be."""
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"\x00\x01garbage")
    assert read_one(path).reason.startswith("PDF is not supported")


def test_text_that_mentions_the_pdf_header_is_text(tmp_path: Path) -> None:
    path = tmp_path / "formats.txt"
    path.write_text("File formats\n\nEvery PDF starts with %PDF-, the agency said.\n")
    assert isinstance(read_one(path), RawDocument)


@pytest.mark.parametrize(
    "url", ["https://news.example/2025/03/park", "http://news.example/park?id=3"]
)
def test_url_is_not_supported_and_is_shown_as_given(url: str) -> None:
    """pathlib turns `https://x` into `https:/x`; the message shows the URL the user typed."""
    assert read_one(Path(url)) == ReadFailure(
        url, "URLs are not supported; save the page and ingest the file"
    )


def test_an_existing_path_that_looks_like_a_url_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "https:").mkdir()
    (tmp_path / "https:" / "park.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert isinstance(read_one(Path("https://park.txt")), RawDocument)
