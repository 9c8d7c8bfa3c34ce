"""bench/topics.py: the coverage summary a reader judges topics by."""

from app.ingest.document import CleanArticle, ParsedArticle, TopicRef
from bench.topics import summary


def article(title: str, *topics: str) -> ParsedArticle:
    clean = CleanArticle(
        source_key=title, path=f"{title}.txt", title=title, body="", published=None
    )
    return ParsedArticle(
        article=clean, topics=[TopicRef(t.lower().replace(" ", "-"), t) for t in topics]
    )


def test_summary_counts_articles_with_a_topic_and_lists_a_sample() -> None:
    articles = [
        article("Summit opens in Vilnius", "Vilnius summit"),
        article("Leaders leave Vilnius", "Vilnius summit", "NATO summit"),
        article(
            "Weather",
        ),
    ]
    lines = summary(articles, sample=2)
    assert lines[0] == "2/3 articles with at least one topic; 3 topics in all, 2 distinct"
    assert lines[1] == "most common: Vilnius summit (2), NATO summit (1)"
    assert lines[2].split() == ["Summit", "opens", "in", "Vilnius", "Vilnius", "summit"]
    assert len(lines) == 4
