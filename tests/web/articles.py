"""Small articles written for the browser tests, as JSON Lines records with a URL and an
outlet: a mayor quoted twice on a flood barrier two months apart, a union leader whose
statement two outlets carry (one wire group), and a quote holding markup that must be shown
as text."""

import json
from pathlib import Path

RECORDS = [
    {
        "url": "https://news.example/ledger/riverton-flood-barrier",
        "title": "Riverton approves a flood barrier after a decade of delays",
        "published": "2025-09-03",
        "source": "Northern Ledger",
        "text": (
            "RIVERTON - The city council of Riverton voted on Tuesday to build a flood barrier "
            "along the Elm River.\n\n"
            '"The flood barrier will protect eleven thousand homes, and we cannot wait for '
            'another winter," Helena Marsh, the mayor of Riverton, said after the vote.\n\n'
            "Opponents said the barrier would cost too much. Marsh said the city would apply "
            "for national funding before the end of the year.\n\n"
            '"We have studied this for ten years. It is time to build," she said.\n'
        ),
    },
    {
        "url": "https://news.example/coastal/teachers-wage-talks",
        "title": "Teachers and ministry resume wage talks",
        "published": "2025-10-14",
        "source": "Coastal Agency",
        "text": (
            "LAKEPORT - Teachers and the education ministry met again on Monday after a "
            "month without talks.\n\n"
            '"We are ready to sign an agreement this week if the ministry keeps its promise '
            "on pay,\" said Jonas Berg, the head of the teachers' union.\n\n"
            "The ministry did not comment.\n"
        ),
    },
    {
        "url": "https://news.example/valley/wage-talks-resume",
        "title": "Wage talks back on in Lakeport",
        "published": "2025-10-15",
        "source": "Valley Times",
        "text": (
            "LAKEPORT - The teachers' union is back at the table with the education ministry."
            "\n\n"
            '"We are ready to sign an agreement this week if the ministry keeps its promise '
            "on pay,\" said Jonas Berg, the head of the teachers' union.\n\n"
            "Parents hope the schools will stay open.\n"
        ),
    },
    {
        "url": "https://news.example/valley/barrier-works-begin",
        "title": "Work on the Riverton flood barrier begins",
        "published": "2025-11-20",
        "source": "Valley Times",
        "text": (
            "RIVERTON - Diggers arrived on the banks of the Elm River on Wednesday.\n\n"
            '"The flood barrier is the largest project this city has ever built," Helena '
            "Marsh, the mayor of Riverton, said at the site.\n\n"
            "The work is due to finish in two years.\n"
        ),
    },
    {
        "url": "https://news.example/ledger/markup-warning",
        "title": "Librarian warns about web pages",
        "published": "2025-11-21",
        "source": "Northern Ledger",
        "text": (
            "RIVERTON - The town library opened a course on reading the news online.\n\n"
            '"Never trust a page that says <b>bold</b> things in <script>alert(1)</script> '
            'tags," said Ruth Okafor, the librarian of Riverton.\n'
        ),
    },
]


def write_articles(folder: Path) -> Path:
    """The records as one JSON Lines file in `folder`."""
    path = folder / "browser-tests.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in RECORDS), encoding="utf-8")
    return path
