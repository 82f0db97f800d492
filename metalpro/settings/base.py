"""Settings shared by every environment.

Everything is read from the environment (CONTRACT §2). `local`, `test` and `production` only
override. With no environment at all this is the embedded default: SQLite in `var/`, a local
memory cache, eager Celery tasks, files under `var/media/`, emails as `.eml` files in `var/mail/`.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# --- Core ---------------------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
FRONTEND_URL = env("FRONTEND_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_ratelimit",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "csp",
    "auditlog",  # before "metalpro": metalpro/admin.py replaces auditlog's LogEntry admin
    "metalpro",
    "notifications",
    "accounts",
    "catalog",
    "cart",
    "rfq",
    "projects",
    "orders",
    "analytics",
]

MIDDLEWARE = [
    "metalpro.logging.RequestLogMiddleware",  # first: request id, one access line per request (latency)
    "django.middleware.security.SecurityMiddleware",
    "metalpro.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "metalpro.i18n.LanguageMiddleware",  # storefront: language from the URL; API: Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "metalpro.audit.AuditlogRequestMiddleware",  # audit log: actor, IP, user agent of each change
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.WebSessionMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",  # Ratelimited -> RATELIMIT_VIEW (429)
    # Last: turns a lockout flagged during authentication into the lockout response.
    "axes.middleware.AxesMiddleware",
    "analytics.middleware.AnalyticsMiddleware",  # records the event a view attached to its response
]

ROOT_URLCONF = "metalpro.urls"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"  # our templates/django/forms/field.html
WSGI_APPLICATION = "metalpro.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "metalpro.context_processors.site",
            ],
        },
    },
]

# Locking by IP as well (axes.W006) is the job of the per-IP "auth" rate limit, not of the account
# lockout the contract asks for.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while `make run` writes; IMMEDIATE avoids "database is locked"
    # upgrades from read to write transactions.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Covering indexes (INCLUDE) speed up PostgreSQL only; SQLite builds the same index without them.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache, sessions ----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "metalpro",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Redis is an accelerator, never a dependency of a page: when it is down every
                # cache call is a miss, logged once per call by django-redis.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                # A Redis that hangs costs one timeout, then 5 s of instant misses (metalpro/redis_circuit.py).
                "CONNECTION_POOL_CLASS": "metalpro.redis_circuit.CircuitBreakerConnectionPool",
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Without Redis the site is one process (`make run`): its memory is shared by every request.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CATALOG_CACHE_TIMEOUT = env.int("CATALOG_CACHE_TIMEOUT", default=3600)
ANALYTICS_RETENTION_DAYS = env.int("ANALYTICS_RETENTION_DAYS", default=400)  # raw catalog events (ADR 0009)

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL) or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TIMEZONE = "Europe/Bucharest"
# /health/ready says "degraded" (still 200) when more tasks than this wait in the queue; 0 = never.
HEALTH_QUEUE_MAX = env.int("HEALTH_QUEUE_MAX", default=0)
CELERY_BEAT_SCHEDULE: dict = {
    "flush-email-outbox": {"task": "notifications.tasks.flush_outbox", "schedule": 60.0},
    "purge-guest-carts": {"task": "cart.tasks.purge_expired_guest_carts", "schedule": 6 * 3600.0},
    "sweep-bom-uploads": {"task": "projects.tasks.sweep_bom_uploads", "schedule": 120.0},
    "purge-bom-uploads": {"task": "projects.tasks.purge_bom_uploads", "schedule": 24 * 3600.0},
    "expire-quotes": {"task": "orders.tasks.expire_quotes", "schedule": 3600.0},
    "flush-analytics-events": {"task": "analytics.tasks.flush_events", "schedule": 60.0},
    "purge-analytics-events": {"task": "analytics.tasks.purge_events", "schedule": 24 * 3600.0},
    "backup-db": {"task": "metalpro.tasks.backup_db", "schedule": crontab(hour=2, minute=0)},  # Europe/Bucharest
}

# --- Authentication and passwords -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:overview"
LOGOUT_REDIRECT_URL = "catalog:home"
PASSWORD_RESET_TIMEOUT = 3600  # reset links live one hour
EMAIL_VERIFICATION_MAX_AGE = 24 * 3600

# Lockout (django-axes): 5 failed logins for an account within 15 minutes lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_USE_ATTEMPT_EXPIRATION = True  # each failure counts for 15 minutes: a sliding window
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", _("Romanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["metalpro.formats"]  # dates per language: 04.12.2026 (ro), 4 Dec 2026 (en)
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="eu-central-1")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="") or None
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"default_acl": None, "file_overwrite": False, "querystring_expire": 300},
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Email --------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MetalPro <comenzi@metalpro.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OPERATOR_EMAIL = env("OPERATOR_EMAIL", default="vanzari@metalpro.local")
MAIL_DIR = Path(env("MAIL_DIR", default=str(VAR_DIR / "mail")))
ANYMAIL = {"SENDGRID_API_KEY": env("ANYMAIL_SENDGRID_API_KEY", default="")}
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
elif ANYMAIL["SENDGRID_API_KEY"]:
    EMAIL_BACKEND = "anymail.backends.sendgrid.EmailBackend"
else:
    EMAIL_BACKEND = "metalpro.mail.EmlFileBackend"

# --- HTTP API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["djangorestframework_camel_case.render.CamelCaseJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "djangorestframework_camel_case.parser.CamelCaseJSONParser",
        "djangorestframework_camel_case.parser.CamelCaseFormParser",
        "djangorestframework_camel_case.parser.CamelCaseMultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.SessionJWTAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["metalpro.api.throttling.GeneralApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": env("RATE_API", default="100/15m"),  # per user when authenticated, else per IP
        "auth": env("RATE_AUTH", default="5/15m"),  # login, signup, password reset: per IP
        "admin": env("RATE_ADMIN", default="50/15m"),  # staff endpoints
        "rfq": env("RATE_RFQ", default="10/1h"),
        "bom": env("RATE_BOM", default="30/1h"),  # BOM uploads, per user or IP
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "metalpro.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "EXCEPTION_HANDLER": "metalpro.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "JSON_UNDERSCOREIZE": {"no_underscore_before_number": True},
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
NUM_PROXIES = REST_FRAMEWORK["NUM_PROXIES"]  # trusted proxies in front (nginx: 1)
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES or None
SPECTACULAR_SETTINGS = {
    "TITLE": "MetalPro API",
    "DESCRIPTION": "JSON API of the MetalPro steel and metal shop (see CONTRACT §4).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "CAMELIZE_NAMES": True,
    # Swagger UI from our own static files: no CDN, nothing for CSP to allow.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UnitEnum": "catalog.units.Unit",
        "AvailabilityEnum": "catalog.models.Product.Availability",
        "RfqStatusEnum": "rfq.models.Rfq.Status",
        "IncotermEnum": "rfq.models.Incoterm",
        "AddressTypeEnum": "accounts.models.Address.Type",
        "RoleEnum": "accounts.models.User.Role",
        "BomStatusEnum": "projects.models.BomUpload.Status",
        "BomSourceEnum": ["sku", "memory", "structured", "fuzzy", "buyer"],
        "OrderStatusEnum": "orders.models.Order.Status",
        "PaymentStatusEnum": "orders.models.Order.PaymentStatus",
        "PaymentMethodEnum": "orders.models.Order.PaymentMethod",
        "OrderStatusChangeEnum": ["confirmed", "processing", "shipped", "delivered", "cancelled"],
        "WalletTransactionTypeEnum": "orders.models.WalletTransaction.Type",
    },
    "PREPROCESSING_HOOKS": ["metalpro.api.schema.drop_trailing_slash_twins"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
    ],
}
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(api/|health).*$"
CORS_ALLOW_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "x-cart-token",
    "x-csrftoken",
    "x-requested-with",
)
CORS_EXPOSE_HEADERS = ["Retry-After", "Content-Disposition", "X-Cart-Token"]
CORS_PREFLIGHT_MAX_AGE = 3600

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=1440)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ALGORITHM": "HS256",
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "UPDATE_LAST_LOGIN": False,
}

# --- Security headers ------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # No inline scripts: every script is a file of ours; an inline one needs the request nonce.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(self), usb=(), interest-cohort=()"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 14 * 24 * 3600

# --- Domain -------------------------------------------------------------------------------------
VAT_RATE = Decimal(env("VAT_RATE", default="0.21"))
# Shipping (orders.pricing): free from this net subtotal, else base + per kg, capped. RON, excl. VAT.
SHIPPING_FREE_ABOVE = Decimal(env("SHIPPING_FREE_ABOVE", default="5000"))
SHIPPING_BASE = Decimal(env("SHIPPING_BASE", default="150"))
SHIPPING_PER_KG = Decimal(env("SHIPPING_PER_KG", default="0.10"))
SHIPPING_MAX = Decimal(env("SHIPPING_MAX", default="1200"))
# Bank transfer orders: what the proforma asks the buyer to pay into.
BANK_ACCOUNT = {
    "bank": env("BANK_NAME", default="Banca Transilvania"),
    "iban": env("BANK_IBAN", default="RO49AAAA1B31007593840000"),
    "beneficiary": env("BANK_BENEFICIARY", default="MetalPro SRL"),
}
ORDER_PAYMENT_DAYS = env.int("ORDER_PAYMENT_DAYS", default=5)  # a bank transfer proforma is valid this long
# The seller as printed on pages, emails and quote PDFs (demo values; set the real ones in production).
SELLER = {
    "name": env("SELLER_NAME", default="MetalPro SRL"),
    "cui": env("SELLER_CUI", default="RO14399832"),
    "registry": env("SELLER_REGISTRY", default="J40/1234/2004"),
    "address": env("SELLER_ADDRESS", default="Str. Industriilor 12, 077040 Chiajna, Ilfov"),
    "phone": env("SELLER_PHONE", default="021 300 00 00"),
    "email": env("SELLER_EMAIL", default="vanzari@metalpro.ro"),
}
CUT_FEE_PER_CUT = Decimal(env("CUT_FEE_PER_CUT", default="4.00"))  # RON, excl. VAT; 0 = free cutting
CUT_KERF_MM = env.int("CUT_KERF_MM", default=3)  # saw blade width lost per cut
GUEST_CART_DAYS = env.int("GUEST_CART_DAYS", default=30)
BOM_UPLOAD_DAYS = env.int("BOM_UPLOAD_DAYS", default=30)  # uploaded lists are kept this long (projects: for ever)
QUOTE_VALIDITY_DAYS = env.int("QUOTE_VALIDITY_DAYS", default=14)
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_FAIL_OPEN = True  # Redis down: let requests through rather than lock everyone out
RATELIMIT_VIEW = "metalpro.views.rate_limited"
RATE_PAGES_AUTH = env("RATE_PAGES_AUTH", default="5/15m")
RATE_ADMIN_LOGIN = env("RATE_ADMIN_LOGIN", default="50/15m")
RATELIMIT_IP_META_KEY = "metalpro.http.client_ip"
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))
JWT_ACCESS_MINUTES = env.int("JWT_ACCESS_MINUTES", default=1440)
JWT_REFRESH_DAYS = env.int("JWT_REFRESH_DAYS", default=7)
PAYTM_MID = env("PAYTM_MID", default="")
PAYTM_MERCHANT_KEY = env("PAYTM_MERCHANT_KEY", default="")
PAYTM_WEBSITE = env("PAYTM_WEBSITE", default="WEBSTAGING")
PAYTM_ENV = env("PAYTM_ENV", default="sandbox")
# The built-in gateway simulator (PAYTM_ENV=sandbox) runs with DEBUG, or when switched on here explicitly.
PAYTM_SANDBOX_ENABLED = env.bool("PAYTM_SANDBOX_ENABLED", default=False)
if PAYTM_ENV in ("staging", "production"):  # the payment page posts the browser to Paytm's gateway
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "https://securegw-stage.paytm.in" if PAYTM_ENV == "staging" else "https://securegw.paytm.in"
    )

# --- Audit log (django-auditlog; request context in metalpro/audit.py) --------------------------
# Every create, update and delete of these models is logged: actor, IP, user agent, before/after.
# To audit another model add ONE line here, once the model exists (a missing model in a dict entry
# stops the site from starting), e.g.
#     {"model": "orders.Order", "exclude_fields": ["updated_at"]},
#     {"model": "orders.WalletTransaction"},
# or just "app_label.Model" to log every field. Exclude noise (timestamps, derived columns) and mask
# secrets with "mask_fields" + "mask_callable": "metalpro.audit.mask_secret".
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {
        "model": "catalog.Product",
        "exclude_fields": ["search_text", "sort_title", "rating_average", "rating_count", "updated_at"],
    },
    {"model": "catalog.Category", "exclude_fields": ["updated_at"]},
    {"model": "rfq.Rfq", "exclude_fields": ["cart_snapshot", "updated_at"]},  # lines: rfq.RfqItem
    {"model": "rfq.RfqItem"},  # quoted prices per line
    {
        "model": "accounts.User",
        "exclude_fields": ["last_login", "updated_at"],
        "mask_fields": ["password"],  # "password changed", never the hash
        "mask_callable": "metalpro.audit.mask_secret",
        "m2m_fields": ["groups", "user_permissions"],
    },
    {"model": "accounts.Company", "exclude_fields": ["updated_at"]},
    {"model": "orders.Order", "exclude_fields": ["updated_at"]},  # status, tracking, payment, refunds
    {"model": "orders.WalletTransaction"},  # credits given by staff (created_by), refunds, payments
)

# --- Logging and error reporting ----------------------------------------------------------------
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"},
        "json": {
            "()": "metalpro.logging.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(user_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    # Every line: the request id and user id (metalpro/logging.py), secrets masked.
    "filters": {
        "request_context": {"()": "metalpro.logging.RequestContextFilter"},
        "redact": {"()": "metalpro.logging.RedactingFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context", "redact"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_redis": {"level": "WARNING"},
    },
}

SENTRY_DSN = env("SENTRY_DSN", default="")
# Nothing without a DSN (sentry-sdk is not even imported); with one, events are scrubbed of cookies,
# tokens, bodies and user fields (metalpro/sentry.py).
if SENTRY_DSN:
    from metalpro.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Retry-After (seconds) for page rate limits, whose window is 15 minutes.
RATE_LIMIT_RETRY_AFTER = 900
