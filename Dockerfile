# syntax=docker/dockerfile:1
# MetalPro web / worker / beat image. Build: `docker compose build` (or `docker build -t metalpro:TAG .`).
# One image, three roles: the default command serves gunicorn; compose runs celery worker/beat from it.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: compilers and headers live here only ------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

COPY requirements/base.txt requirements/prod.txt /tmp/requirements/
RUN pip install --upgrade pip \
    && pip install -r /tmp/requirements/prod.txt

# --- runtime ---------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=metalpro.settings.production \
    PORT=8000 \
    MEDIA_ROOT=/srv/media \
    BACKUP_DIR=/srv/backups

# postgresql-client: pg_dump / pg_restore for `manage.py backup_db` / `restore_db` (15, as the server).
# No compiler, no headers: those stayed in the builder.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
# The code belongs to root and is read-only for the app user; only var/ and /srv/* are writable.
COPY . /app

# Hashed, compressed static files (whitenoise CompressedManifestStaticFilesStorage) are built into the
# image with the production settings. Those refuse to load without a SECRET_KEY, so collectstatic gets a
# throw-away one: the build arg if given, else a random value. It is an ARG, never an ENV: it is not in
# the runtime environment of the image.
ARG COLLECTSTATIC_SECRET_KEY=""
RUN SECRET_KEY="${COLLECTSTATIC_SECRET_KEY:-$(python -c 'import secrets; print(secrets.token_urlsafe(64))')}" \
        python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q -j 0 /app \
    && mkdir -p /app/var /srv/media /srv/backups /srv/static \
    && chown -R app:app /app/var /srv/media /srv/backups /srv/static

# Numeric, so that orchestrators enforcing runAsNonRoot can verify it.
USER 10001:10001

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "/health/live"]

CMD ["gunicorn", "--config", "gunicorn.conf.py"]
