"""`verbatim ingest ARGS...` in a process that loads the model, says it is ready, and starts
when told: `python -m tests.ingest.ingest_on_signal READY GO ingest ARGS...`.

Two such processes started together begin storing at the same moment, whatever each spent
loading spaCy, so `test_concurrent_ingest` tests writers that really overlap. Each article is
parsed in a batch of its own (instead of up to 25,000 characters of articles, then all of them
stored at once), so that the two runs' stores interleave article by article.
"""

import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from app.cli import app
from app.ingest import pipeline
from app.ingest.document import CleanArticle
from app.ingest.nlp import load_model

batches = pipeline.parse_batches


def one_article_per_batch(articles: Iterable[CleanArticle]) -> Iterator[list[pipeline.Unit]]:
    for article in articles:
        yield from batches([article])


def main() -> None:
    ready, go, *args = sys.argv[1:]
    load_model()
    pipeline.parse_batches = one_article_per_batch
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.01)
    app(args, prog_name="verbatim")


if __name__ == "__main__":
    main()
