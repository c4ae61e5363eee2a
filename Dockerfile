# Production image: one process serving kiosks, staff and editor pages on port 8501.
# Everything that changes at run time (database, signing key, published guides, uploaded images, audio
# cache) lives on the /data volume; the image's own content is only the seed for a fresh volume.
# Pinned to a patch release on Debian 12 (bookworm, whose postgresql-client 15 matches compose.yaml's PostgreSQL).
FROM python:3.11.13-slim-bookworm

# espeak-ng: offline read-aloud; Noto fonts: Arabic, Ethiopic (Tigrinya) and other scripts;
# postgresql-client: pg_dump and pg_restore for `python -m kiosk backup` on PostgreSQL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng fonts-noto-core fonts-noto-color-emoji postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY app.py pyproject.toml ./
COPY .streamlit/ .streamlit/
COPY kiosk/ kiosk/
COPY app_pages/ app_pages/
# The shipped guides, read-only for the app: copied to /data/content on the first start.
COPY content/ /app/content-shipped/

ENV KIOSK_DATA_DIR=/data \
    KIOSK_CONTENT_DIR=/data/content \
    PYTHONUNBUFFERED=1
RUN useradd --create-home --uid 10001 --user-group kiosk && mkdir -p /data && chown kiosk:kiosk /data && chmod 700 /data
VOLUME ["/data"]
# By number, so an orchestrator's runAsNonRoot can check it: 10001 is the kiosk user made above.
USER 10001:10001

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
# Migrations, the signing key and the first content run before serving; each step is idempotent.
CMD ["sh", "-c", "python -m kiosk setup && python -m kiosk content seed --from /app/content-shipped && exec python -m kiosk serve --server.port 8501 --server.address 0.0.0.0"]
