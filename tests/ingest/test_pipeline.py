"""Parsing in bounded batches: long texts cut and joined back, failures reported in order."""

import pytest
from spacy.language import Language
from sqlalchemy import create_engine

from app.ingest import pipeline
from app.ingest.document import CleanArticle, ParsedArticle
from app.ingest.nlp import load_model
from app.ingest.pipeline import Failure, analyzed, parse_batches, parsed, parses, pieces

LONG_BODY = "\n\n".join(
    f'"We will finish the bridge number {n} by spring," Mayor Anna Berg said on Monday. '
    f"The council in Oslo approved the plan after a long debate about its cost."
    for n in range(12)
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def article(name: str, body: str = LONG_BODY, title: str = "Bridges") -> CleanArticle:
    return CleanArticle(source_key=name, path=name, title=title, body=body)


@pytest.mark.parametrize("limit", [1, 7, 40, 150, 10_000])
def test_pieces_join_back_into_the_text_and_respect_the_limit(limit: int) -> None:
    cut = pieces(LONG_BODY, limit)
    assert "".join(cut) == LONG_BODY
    assert all(0 < len(piece) <= limit for piece in cut)


def test_pieces_end_at_paragraph_breaks_when_paragraphs_fit() -> None:
    cut = pieces(LONG_BODY, 400)
    assert len(cut) > 1
    assert all(piece.endswith("\n\n") for piece in cut[:-1])


def test_batches_are_bounded_in_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 300)
    batches = list(parse_batches([article("a"), article("b", body="Short.")]))
    assert len(batches) > 2
    for batch in batches:
        assert sum(len(text) for text, _ in batch) < 2 * 300
    texts = [text for batch in batches for text, _ in batch]
    assert "".join(texts) == LONG_BODY + "Bridges" + "Short." + "Bridges"


def test_a_long_body_is_parsed_in_pieces_and_joined_into_one_doc(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = nlp(LONG_BODY)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 400)
    [(_, body, title)] = parses(nlp, [article("a")])
    assert body.text == LONG_BODY
    assert title.text == "Bridges"
    assert body.has_annotation("DEP")
    assert [e.text for e in body.ents if e.label_ == "PERSON"] == [
        e.text for e in whole.ents if e.label_ == "PERSON"
    ]
    assert len(list(body.sents)) == len(list(whole.sents))


def test_an_article_that_fails_analysis_is_reported_in_its_place(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.analyze

    def analyze(item: CleanArticle, *args: object) -> ParsedArticle:
        if item.path == "bad":
            raise KeyError("boom")
        return real(item, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "analyze", analyze)
    results = list(analyzed(nlp, [article("a"), article("bad"), article("c")], None))
    assert [r.article.path if isinstance(r, ParsedArticle) else r.path for r in results] == [
        "a",
        "bad",
        "c",
    ]
    assert results[1] == Failure("bad", "could not be analyzed: KeyError('boom')")


def test_an_article_too_long_to_parse_is_reported_and_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "MAX_CHARS", 100)
    failures: list[Failure] = []
    results = list(parsed([article("long"), article("short", body="Fine.")], None, failures.append))
    assert [r.article.path for r in results] == ["short"]
    assert failures == [
        Failure("long", f"too long to parse ({len(LONG_BODY) + 7:,} characters; the limit is 100)")
    ]


def test_a_small_job_stays_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", no_pool)
    results = list(parsed([article("a", body="Fine.")], None, print, workers=2))
    assert [r.article.path for r in results] == ["a"]


def test_workers_zero_means_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.os, "cpu_count", lambda: 6)
    assert pipeline.resolve_workers(0) == 6
    assert pipeline.resolve_workers(3) == 3


@pytest.mark.parametrize(
    "url, workers, in_workers",
    [
        ("postgresql+psycopg://verbatim@db.invalid/verbatim", 2, True),
        ("postgresql+psycopg://verbatim@db.invalid/verbatim", 1, False),
        ("sqlite://", 2, False),  # one writer at a time: workers would queue for its lock
        ("sqlite://", 1, False),
    ],
)
def test_workers_write_their_own_articles_only_on_postgresql(
    url: str, workers: int, in_workers: bool
) -> None:
    engine = create_engine(url)  # never connects: the choice reads the dialect alone
    assert pipeline.writes_in_workers(engine, workers) is in_workers
