# The app image: web server and worker (docker-compose.yml runs both from it).
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 portal

COPY pyproject.toml README.md ./
COPY src ./src
COPY templates ./templates
COPY search ./search
RUN pip install . && mkdir -p /app/var /app/media && chown -R portal:portal /app/var /app/media

USER portal
ENV APP_ENV=production VAR_DIR=/app/var MEDIA_ROOT=/app/media
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"
CMD ["werkgeversportaal", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
