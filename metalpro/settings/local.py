"""Development and the embedded default (`make run`)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only-0123456789abcdefghij"

# The embedded default keeps its database, media and mail under var/ (git-ignored).
VAR_DIR.mkdir(exist_ok=True)

# Static files straight from the app and project folders (no collectstatic in development).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
