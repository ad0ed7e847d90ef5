"""The one settings module, driven by environment variables (see .env.example)."""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
DEV_SECRET_KEY = "dev-only-insecure-secret-key"

# env.bool raises ImproperlyConfigured on junk like DEBUG=maybe.
DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "template_partials",
    "csp",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body: an oversized API request gets a JSON 413.
    "config.api_errors.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Embedded default so install, migrate and runserver work with nothing else running.
# Workers keep connections open between tasks (CONN_MAX_AGE), not Django's pool,
# which Celery closes around each task.
DATABASES = {
    # An empty DATABASE_URL counts as unset (the Makefile passes it through as is).
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# True behind PgBouncer in transaction mode: the CSV exports' .iterator() would
# otherwise use server-side cursors, which need one session (docs/deploy.md).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: one limit for files, pasted text and fetched pages (5 MB by default).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
URL_FETCH_TIMEOUT = env.float("URL_FETCH_TIMEOUT", default=20.0)
# Room for the upload plus the form's other fields; beyond it Django refuses the body.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# Celery. Without REDIS_URL tasks run in-process so the product still works.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # progress lives in the database, not a result backend
# Late ack together with reject-on-lost: either alone loses tasks on kill -9.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=150)
# A task not acknowledged within this time is redelivered; it must exceed the
# time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# PostgreSQL, not the broker, is the source of truth: a Redis restart can drop
# queued tasks, so beat re-enqueues articles left pending or parsing too long.
PARSE_STALE_AFTER_SECONDS = env.int("PARSE_STALE_AFTER_SECONDS", default=300)
PARSE_MAX_ATTEMPTS = 3
# Articles of a bulk upload parsed by one task: their claims are written, and each
# measure they touch regrouped, once per batch instead of once per article.
PARSE_BATCH_SIZE = env.int("PARSE_BATCH_SIZE", default=100)
# A group larger than this is re-assessed a few seconds after its claims change,
# once for all the batches meanwhile, not inside each parse: a running total
# reported daily for years is one group of thousands of claims.
ASSESS_INLINE_MAX_CLAIMS = env.int("ASSESS_INLINE_MAX_CLAIMS", default=200)
ASSESS_DELAY_SECONDS = env.float("ASSESS_DELAY_SECONDS", default=3.0)
# One queue per kind of work, so a flood of uploads never delays webhook deliveries
# or exports: run a worker per queue (docs/deploy.md); `make run` consumes them all.
# Patterns cover tasks by name, including ones added later in those modules.
CELERY_TASK_DEFAULT_QUEUE = "parse"
CELERY_TASK_ROUTES = {
    "claims.tasks.article_extract_claims_task": {"queue": "parse"},
    "claims.tasks.articles_extract_claims_task": {"queue": "parse"},
    "claims.tasks.groups_assess_pending_task": {"queue": "parse"},
    "claims.tasks.article_requeue_stale_task": {"queue": "maintenance"},
    "claims.tasks.api_tokens_delete_expired_task": {"queue": "maintenance"},
    "sources.tasks.*": {"queue": "maintenance"},  # re-attribution after curation
    "*webhook*": {"queue": "webhooks"},
    "*export*": {"queue": "exports"},
    "celery.*": {"queue": "maintenance"},
}
CELERY_BEAT_SCHEDULE = {
    "delete-expired-api-tokens": {
        "task": "claims.tasks.api_tokens_delete_expired_task",
        "schedule": 24 * 3600.0,
    },
    "assess-pending-groups": {
        "task": "claims.tasks.groups_assess_pending_task",
        "schedule": env.float("ASSESS_SWEEP_EVERY_SECONDS", default=60.0),
    },
    "requeue-stale-articles": {
        "task": "claims.tasks.article_requeue_stale_task",
        # Seconds; the fault tests run the sweep every second.
        "schedule": env.float("PARSE_SWEEP_EVERY_SECONDS", default=60.0),
    },
}

# Exports and webhooks: who publishes the ClaimReview markup, and the absolute
# address of this site for links sent outside it (webhook payloads).
NEWSROOM_NAME = env.str("NEWSROOM_NAME", default="Tally newsroom")
NEWSROOM_URL = env.str("NEWSROOM_URL", default="")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Webhook deliveries follow the URL-fetch address policy (public addresses on web
# ports only, SSRF defence); tests point these at a receiver on 127.0.0.1.
WEBHOOK_ADDRESS_POLICY = "claims.uploads.addresses.public_address_problem"
WEBHOOK_ALLOWED_PORTS = (80, 443)
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Article text is hostile input: even if some escaped by mistake, no inline script
# or handler would run. No page needs inline scripts or styles (the SVG timeline
# uses presentation attributes, which CSP does not govern).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Throttle counters live in the cache. Without REDIS_URL it is per process (locmem):
# each worker process then counts on its own, so N processes allow N times the rate.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The API (/api/v1/): knox tokens for tools, the session for the browsable API; the
# dashboard's roles as model permissions; one error shape; cursor pages (no COUNT).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an anonymous request gets 401 with WWW-Authenticate: Token.
        "config.api_policy.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["config.api_policy.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "config.api_policy.CursorPage",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "config.api_policy.StableOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    # Per user, not per token: minting more tokens does not buy a higher rate.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
        "uploads": env.str("API_THROTTLE_UPLOADS", default="120/min"),
        "bulk": env.str("API_THROTTLE_BULK", default="20/hour"),
    },
    "EXCEPTION_HANDLER": "config.api_errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    # Stored as a digest; a token lives this long, then the tool needs a new one.
    "TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=90)),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tally API",
    "DESCRIPTION": "Articles, the casualty claims extracted from them, comparison "
    "groups and their verdicts, and the curated sources.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc from static/ (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choices shared by several models: one schema enum each.
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "claims.models.Category",
        "PartyEnum": "claims.models.Party",
        "EquipmentTypeEnum": "claims.models.EquipmentType",
        "UnitEnum": "claims.models.Unit",
        "QualifierEnum": "claims.models.Qualifier",
        "VerdictEnum": "claims.models.Verdict",
        "GradeEnum": "claims.models.Grade",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Eager tasks would log one line each on every upload of a command's run.
    "loggers": {"celery.app.trace": {"level": "WARNING"}},
}
