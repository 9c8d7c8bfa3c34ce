"""Topic coverage: how many articles of a corpus get at least one topic, and which topics.

    .venv/bin/python bench/topics.py [--cases SET.jsonl | PATH ...] [--sample N]

Topics should name what an article is about (an event with its place or holder), and most
articles about an event should get one. This runs the real extraction (`cleaned` → `parsed`,
as `verbatim extract` does, with the configured taxonomy file if any) over a corpus and prints
the share of articles with a topic, the most common topics, and the first N articles' titles
with their topics, so that a reader can judge them.

The corpus: files or folders as `verbatim extract` reads them, or else an evaluation set
(`--cases`, by default /work/shared/eval/world-dev.jsonl) whose cases carry `html` or `text`,
each written as its own file first.
"""

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from app.config import get_settings
from app.ingest.document import ParsedArticle
from app.ingest.pipeline import Failure, cleaned, parsed

DEFAULT_CASES = Path("/work/shared/eval/world-dev.jsonl")


def write_cases(cases_file: Path, folder: Path) -> list[Path]:
    """One file per evaluation case: its page as .html when it has one, else its text."""
    paths = []
    lines = cases_file.read_text(encoding="utf-8").splitlines()
    for i, case in enumerate(json.loads(line) for line in lines if line.strip()):
        kind = "html" if case.get("html") else "txt"
        path = folder / f"{i:05d}.{kind}"
        path.write_text(case["html"] if kind == "html" else case["text"], encoding="utf-8")
        paths.append(path)
    return paths


def extracted(paths: list[Path]) -> Iterator[ParsedArticle]:
    def report(failure: Failure) -> None:
        print(f"skipped {failure.path}: {failure.reason}", file=sys.stderr)

    yield from parsed(cleaned(paths, report), get_settings().topics_file, report)


def summary(articles: list[ParsedArticle], sample: int) -> list[str]:
    """The coverage line, the most common topics, and a sample of titles with their topics."""
    covered = sum(1 for a in articles if a.topics)
    names = Counter(t.name for a in articles for t in a.topics)
    lines = [
        f"{covered}/{len(articles)} articles with at least one topic; "
        f"{sum(names.values())} topics in all, {len(names)} distinct",
        "most common: " + ", ".join(f"{name} ({n})" for name, n in names.most_common(20)),
    ]
    for article in articles[:sample]:
        topics = ", ".join(t.name for t in article.topics) or "-"
        lines.append(f"  {article.article.title[:70]!s:72} {topics}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders to extract")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="an evaluation set")
    parser.add_argument("--sample", type=int, default=20, help="articles to list with topics")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths or write_cases(args.cases, Path(tmp))
        articles = list(extracted(paths))
    print(f"corpus: {', '.join(map(str, args.paths)) or args.cases}")
    print("\n".join(summary(articles, args.sample)))


if __name__ == "__main__":
    main()
