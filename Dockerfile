# Production image: one process serving kiosks, staff and editor pages on port 8501.
# Everything that changes at run time (database, signing key, published guides, uploaded images, audio
# cache) lives on the /data volume; the image's own content is only the seed for a fresh volume.
FROM python:3.11-slim

# espeak-ng: offline read-aloud; Noto fonts: Arabic, Ethiopic (Tigrinya) and other scripts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng fonts-noto-core fonts-noto-color-emoji \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY app.py pyproject.toml ./
COPY .streamlit/ .streamlit/
COPY kiosk/ kiosk/
COPY pages/ pages/
# The shipped guides, read-only for the app: copied to /data/content on the first start.
COPY content/ /app/content-shipped/

ENV KIOSK_DATA_DIR=/data \
    KIOSK_CONTENT_DIR=/data/content \
    PYTHONUNBUFFERED=1
RUN useradd --create-home --uid 10001 kiosk && mkdir -p /data && chown kiosk:kiosk /data && chmod 700 /data
VOLUME ["/data"]
USER kiosk

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# Migrations, the signing key and the first content run before serving; each step is idempotent.
CMD ["sh", "-c", "python -m kiosk setup && python -m kiosk content seed --from /app/content-shipped && exec python -m kiosk serve --server.port 8501 --server.address 0.0.0.0"]
