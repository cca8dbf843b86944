"""Django settings for pom. Everything that varies between installations comes from env.py."""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from pom.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("POM_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("POM_DEBUG", False)
# The test runner sets this itself, so that `pytest` works without any environment prepared.
TESTING = env_bool("POM_TESTING", "pytest" in sys.modules)
SECRET_KEY = env_str("POM_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "POM_SECRET_KEY (or POM_SECRET_KEY_FILE) must be set when POM_DEBUG is off; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("POM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("POM_CSRF_TRUSTED_ORIGINS", [])
BASE_URL = env_str("POM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "pom.core",
    "pom.accounts",
    "pom.teams",
    "pom.strategy",
    "pom.discovery",
    "pom.experiments",
    "pom.metrics",
    "pom.transformation",
    "pom.delivery",
    "pom.culture",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pom.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pom.core.middleware.TenantMiddleware",
]

if env_bool("POM_BENCH_QUERY_COUNT", False):  # bench/run.py: an X-Pom-Queries header per response
    MIDDLEWARE.insert(0, "pom.core.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "pom.config.urls"
WSGI_APPLICATION = "pom.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pom.core.context_processors.tenant",
            ],
            "builtins": ["pom.core.templatetags.pom_format"],
        },
    },
]

# --- Database: embedded SQLite by default, PostgreSQL through DATABASE_URL -------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("POM_DB_CONN_MAX_AGE", 60)
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "pom.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue instead of failing with "locked". ``timeout`` is
                # SQLite's busy timeout (20 s): a writer waits that long for another's transaction
                # (a PRAGMA busy_timeout here would override it).
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared between processes (login rate limits live here) ---------------------------
REDIS_URL = env_str("POM_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pom_cache",
        }
    }

# --- Background work --------------------------------------------------------------------------
# ``database`` (the default: the tasks table, run by ``pom worker``) or ``redis`` (RQ on
# POM_REDIS_URL, run by the same ``pom worker``). A worker killed mid-task loses nothing on either:
# the database worker queues a dead worker's task again after POM_WORKER_STALE_AFTER seconds
# without a heartbeat (pom.core.worker); RQ retries a job whose worker stopped.
POM_TASKS_BACKEND = env_str("POM_TASKS_BACKEND", "database").strip().lower()
if POM_TASKS_BACKEND not in ("database", "redis"):
    raise ImproperlyConfigured(
        f"POM_TASKS_BACKEND must be 'database' or 'redis', not {POM_TASKS_BACKEND!r}"
    )
POM_WORKER_HEARTBEAT = env_int("POM_WORKER_HEARTBEAT", 10)
POM_WORKER_STALE_AFTER = env_int("POM_WORKER_STALE_AFTER", 60)
POM_TASK_RETRIES = env_int("POM_TASK_RETRIES", 3)
if POM_TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "POM_TASKS_BACKEND=redis needs POM_REDIS_URL (e.g. redis://127.0.0.1:6379/0)"
        )
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "pom.core.tasks.RedisBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60 * 60}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
POM_OPEN_SIGNUP = env_bool("POM_OPEN_SIGNUP", True)
POM_INVITATION_DAYS = env_int("POM_INVITATION_DAYS", 7)
POM_LOGIN_RATE = env_str("POM_LOGIN_RATE", "10/m")
POM_PASSWORD_RESET_RATE = env_str("POM_PASSWORD_RESET_RATE", "5/h")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# --- Email ------------------------------------------------------------------------------------
EMAIL_HOST = env_str("POM_EMAIL_HOST")
EMAIL_PORT = env_int("POM_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("POM_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("POM_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("POM_EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("POM_DEFAULT_FROM_EMAIL", "pom <pom@localhost>")

# --- HTTP and security ------------------------------------------------------------------------
HTTPS = env_bool("POM_HTTPS", False)
# Behind a reverse proxy: trust its X-Forwarded-Proto, and its X-Forwarded-For for login limits.
POM_BEHIND_PROXY = env_bool("POM_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if POM_BEHIND_PROXY else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, fonts and requests from pom itself only: no inline script or style, no
# other origin (assets are vendored). data: images are Pico's and Swagger UI's inline icons.
POM_CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# No page needs the camera, the microphone, the location or any other powerful feature.
POM_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("POM_MAX_BODY_BYTES", 2 * 1024 * 1024)
SILENCED_SYSTEM_CHECKS = [] if not DEBUG else ["django_ratelimit.W001"]

# --- Static files: compressed and fingerprinted by WhiteNoise, served by the app server ------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("POM_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("POM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("POM_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Product rules ----------------------------------------------------------------------------
POM_API_PAGE_SIZE = env_int("POM_API_PAGE_SIZE", 50)
POM_UI_PAGE_SIZE = env_int("POM_UI_PAGE_SIZE", 50)
# Discovery: evidence older than this many days counts as stale.
POM_EVIDENCE_VALIDITY_DAYS = env_int("POM_EVIDENCE_VALIDITY_DAYS", 180)

# Metrics: every query runs in its data source with a timeout and a row cap (periods returned).
POM_METRICS_DIR = Path(env_str("POM_METRICS_DIR", str(DATA_DIR / "metrics"))).resolve()
# Folders whose files a file source may point to (besides the uploads under POM_METRICS_DIR).
POM_METRICS_FILE_ROOTS = [Path(p).resolve() for p in env_list("POM_METRICS_FILE_ROOTS", [])]
POM_METRICS_TIMEOUT_SECONDS = env_int("POM_METRICS_TIMEOUT_SECONDS", 60)
POM_METRICS_ROW_CAP = env_int("POM_METRICS_ROW_CAP", 5000)
POM_METRICS_MAX_UPLOAD_BYTES = env_int("POM_METRICS_MAX_UPLOAD_BYTES", 500 * 1024 * 1024)
POM_METRICS_DUCKDB_THREADS = env_int("POM_METRICS_DUCKDB_THREADS", 2)
POM_METRICS_DUCKDB_MEMORY = env_str("POM_METRICS_DUCKDB_MEMORY", "1GB")
POM_METRICS_SECRET_KEY = env_str("POM_METRICS_SECRET_KEY")
# The weekly digest goes out from this weekday (0 = Monday) and hour, server time.
POM_DIGEST_WEEKDAY = env_int("POM_DIGEST_WEEKDAY", 0)
POM_DIGEST_HOUR = env_int("POM_DIGEST_HOUR", 7)
# Tests and local trials only: a folder where ClickHouse sources run in the embedded ClickHouse
# engine (chdb, a development dependency) instead of connecting to their server. Not read from
# the environment, so a deployment never switches to it by accident.
POM_METRICS_CLICKHOUSE_EMBEDDED = ""

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests serve static files through the finders (the live server does); nothing is collected.
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")
