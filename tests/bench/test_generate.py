"""The benchmark's generator: a database the real API serves, with Zipf-skewed speakers."""

import statistics
from pathlib import Path

from sqlalchemy import text

from app.db import make_engine
from bench.generate import generate
from tests.conftest import serve


def test_generated_database_is_served_and_skewed(tmp_path: Path) -> None:
    path = tmp_path / "bench.db"
    made = generate(path, quotes=2_000, seed=1)
    assert (made.quotes, made.people) == (2_000, 100)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as db:
        assert db.scalar(text("SELECT count(*) FROM quotes")) == 2_000
        per_speaker = db.scalars(
            text("SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id")
        ).all()
        top_name = db.scalar(
            text(
                "SELECT p.name FROM quotes q JOIN people p ON p.id = q.speaker_id "
                "GROUP BY p.id ORDER BY count(*) DESC LIMIT 1"
            )
        )
        word = db.scalar(text("SELECT substr(text, 1, instr(text, ' ') - 1) FROM quotes"))
        stale_links = db.scalar(
            text(
                "SELECT count(*) FROM quote_topics l JOIN quotes q ON q.id = l.quote_id "
                "WHERE l.date IS NOT q.date OR l.speaker_id IS NOT q.speaker_id"
            )
        )
        has_word = db.scalar(
            text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH :w"), {"w": f'"{word}"'}
        )
        db.execute(text("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')"))
    assert max(per_speaker) > 10 * statistics.median(per_speaker)
    assert has_word >= 1
    assert stale_links == 0

    with serve(engine) as client:
        by_speaker = client.get("/v1/quotes", params={"speaker": top_name, "limit": 100})
        by_word = client.get("/v1/quotes", params={"q": word})
        timeline = client.get("/v1/quotes/timeline", params={"interval": "month"}).json()
        people = client.get("/v1/people").json()
    assert sum(b["count"] for b in timeline["buckets"]) + timeline["undated"] == 2_000
    assert people["items"][0]["name"] == top_name
    assert people["items"][0]["quote_count"] == max(per_speaker)
    assert by_speaker.status_code == 200
    assert len(by_speaker.json()["items"]) == 100
    assert {q["speaker"]["name"] for q in by_speaker.json()["items"]} == {top_name}
    assert by_word.json()["items"]
    engine.dispose()
