"""Build `app/ingest/data/first_names.tsv`: first names that are strongly male or female.

The pronoun resolver uses it to check gender agreement ("she said" cannot be Tom Harris). The
table is derived from nomquamgender's `name_data.json` (MIT licence; Van Buskirk, Clauset &
Larremore, "An open-source cultural consensus approach to name-based gender classification",
2023), kept small so that every worker loads it in milliseconds:

    pip install nomquamgender==0.1.4
    python scripts/build_first_names.py

Only names seen at least MIN_COUNT times whose probability of being female is ≤ 0.1 or ≥ 0.9
are kept; the rest are left unknown, which the resolver treats as compatible with either.
"""

import importlib.resources
import json
import sys
from pathlib import Path

MIN_COUNT = 1000
OUT = Path(__file__).resolve().parent.parent / "app" / "ingest" / "data" / "first_names.tsv"


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else None
    if source:
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    else:
        ref = importlib.resources.files("nomquamgender") / "name_data.json"
        data = json.loads(ref.read_text(encoding="utf-8"))
    rows = []
    for name, (_sources, count, p_female, *_rest) in sorted(data.items()):
        if count < MIN_COUNT or not name.isalpha() or not name.isascii():
            continue
        if p_female >= 0.9:
            rows.append(f"{name}\tf")
        elif p_female <= 0.1:
            rows.append(f"{name}\tm")
    header = (
        "# first name<TAB>gender (m/f); derived from nomquamgender 0.1.4 (MIT licence) by\n"
        "# scripts/build_first_names.py: >= 1000 records, p(female) <= 0.1 or >= 0.9\n"
    )
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
