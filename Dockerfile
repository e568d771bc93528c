# The policykg API on a Neo4j backend; used by docker-compose.yml (service `api`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    POLICYKG_GRAPH_FILE=/app/var/graph.json

WORKDIR /app
COPY . .
RUN pip install . \
 && useradd --create-home --uid 10001 policykg \
 && mkdir -p /app/var \
 && chown policykg /app/var

# data/ ships inside the package (policykg/data); var/ holds the networkx graph file.
USER policykg
EXPOSE 8000
CMD ["policykg", "serve", "--host", "0.0.0.0", "--port", "8000", "--backend", "neo4j"]
