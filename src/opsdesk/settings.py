"""One settings module: every knob comes from the environment with a working default."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from opsdesk.delivery.mail_settings import email_settings, sender
from opsdesk.env import env_bool, env_int, env_list, env_minutes, env_text

BASE_DIR = Path(__file__).resolve().parent


def _env_path(name: str, default: str) -> Path:
    # An empty variable counts as unset, so `OPSDESK_DATA_DIR= cmd` never writes into the cwd.
    return Path(os.environ.get(name) or default).expanduser().resolve()


DATA_DIR = _env_path("OPSDESK_DATA_DIR", "./var")
CONTENT_DIR = _env_path("OPSDESK_CONTENT_DIR", "./content")
TEMPLATES_DIR = CONTENT_DIR / "tasks" / "templates"
UPLOAD_DIR = DATA_DIR / "uploads"
ORG_TIMEZONE = env_text("OPSDESK_TIMEZONE", "Europe/Berlin")
MAX_UPLOAD_MB = env_int("OPSDESK_MAX_UPLOAD_MB", 25, minimum=1)
# The in-process scheduler can be switched off where `opsdesk tick` runs from cron.
TICK_IN_SERVE = env_bool("OPSDESK_TICK_IN_SERVE", True)
# A pass catches up firings missed for at most this many days; older ones are recorded skipped.
TICK_CATCH_UP_DAYS = env_int("OPSDESK_TICK_CATCH_UP_DAYS", 7, minimum=0)
HTTPS = env_bool("OPSDESK_HTTPS", False)


def _secret_key() -> str:
    """Use OPSDESK_SECRET_KEY, or a key generated once and kept in the data dir."""
    if os.environ.get("OPSDESK_SECRET_KEY"):
        return os.environ["OPSDESK_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("OPSDESK_DEBUG", False)


def _base_url() -> str:
    """Where people reach opsdesk: every absolute link (calendar feeds, emails) starts here,
    never with the Host a request claims."""
    value = env_text("OPSDESK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        raise ImproperlyConfigured(
            f"OPSDESK_BASE_URL must be an address like https://ops.example.org, got {value!r}."
        )
    return value


BASE_URL = _base_url()
_BASE = urlsplit(BASE_URL)
_BASE_HOST = f"[{_BASE.hostname}]" if ":" in _BASE.hostname else _BASE.hostname  # IPv6
# The base URL's own host is always served, so setting OPSDESK_BASE_URL alone is enough.
ALLOWED_HOSTS = list(
    dict.fromkeys(env_list("OPSDESK_ALLOWED_HOSTS", "localhost,127.0.0.1") + [_BASE_HOST])
)
# Behind a TLS proxy the browser's Origin is the https base URL while Django sees plain HTTP.
CSRF_TRUSTED_ORIGINS = list(
    dict.fromkeys(
        env_list("OPSDESK_CSRF_TRUSTED_ORIGINS", "") + [f"{_BASE.scheme}://{_BASE.netloc}"]
    )
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Serves the API docs' Swagger files locally instead of from a CDN.
    "ninja",
    "axes",
    "opsdesk.accounts",
    "opsdesk.docs",
    "opsdesk.runs",
    "opsdesk.schedule",
    "opsdesk.gaps",
    "opsdesk.search",
    "opsdesk.review",
    "opsdesk.web",
    "opsdesk.resources",
    "opsdesk.delivery",
    "opsdesk.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "opsdesk.security.headers.SecurityHeadersMiddleware",
    # Outside everything that can refuse a request, so each refusal under /api/ is JSON.
    "opsdesk.security.api_errors.ApiErrorsAsJsonMiddleware",
    "opsdesk.security.limits.RequestSizeLimitMiddleware",
    "opsdesk.security.query.QueryStringGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it can turn a refused login into the 429 lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opsdesk.urls"
WSGI_APPLICATION = "opsdesk.wsgi.application"

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
                "opsdesk.web.acted.acted_here",
            ],
        },
    },
    # The rows the busiest pages repeat (task cards, task lines): see opsdesk/web/jinja.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "opsdesk.web.jinja.environment"},
    },
]


# Seconds a worker keeps its database connection for the next request (0: a new one for every
# request). Opening one costs PostgreSQL a forked backend and SQLite its file and PRAGMAs; a kept
# one is checked before each request reuses it, so a restarted database costs a reconnect, never
# a failed request.
DB_CONN_MAX_AGE = env_int("OPSDESK_DB_CONN_MAX_AGE", 600, minimum=0)


def _database() -> dict:
    url = os.environ.get("OPSDESK_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'opsdesk.sqlite3'}"
    config = dj_database_url.parse(
        url, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=DB_CONN_MAX_AGE > 0
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # WAL lets readers work while a write is in flight; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # A file, not memory, so tests with threads or processes share one test database.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-opsdesk.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
AUTHENTICATION_BACKENDS = [
    "opsdesk.accounts.backends.LoginThrottle",
    "opsdesk.accounts.backends.EmailBackend",
]

# Login throttling (django-axes): after OPSDESK_LOGIN_FAILURE_LIMIT failures for one account, or
# from one address, logins there are refused with 429 until the cool-off has passed.
AXES_FAILURE_LIMIT = env_int("OPSDESK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_minutes("OPSDESK_LOGIN_COOLOFF_MINUTES", 15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "opsdesk.accounts.throttle.attempted_email"
AXES_CLIENT_IP_CALLABLE = "opsdesk.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "opsdesk.accounts.throttle.lockout_response"
# Logins are already in the audit trail; a success must not wipe failures counted by address.
AXES_DISABLE_ACCESS_LOG = True
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# How many reverse proxies in front of opsdesk append to X-Forwarded-For (0: trust REMOTE_ADDR).
OPSDESK_TRUSTED_PROXIES = env_int("OPSDESK_TRUSTED_PROXIES", 0, minimum=0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# OPSDESK_HTTPS=1 says people reach opsdesk over HTTPS, through a proxy that ends TLS and
# tells opsdesk so in X-Forwarded-Proto. Browsers then keep to HTTPS for a year (HSTS). A
# client forging the header over plain HTTP gains nothing: browsers ignore HSTS there.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("OPSDESK_HSTS_SECONDS", 31536000, minimum=0) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_TZ = True
USE_I18N = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Form fields and JSON bodies; uploaded files are limited by MAX_UPLOAD_MB on top of this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_text("OPSDESK_LOG_LEVEL", "WARNING")},
}

# Delivery (emails and webhooks through the outbox). Without OPSDESK_SMTP_URL, emails are
# written as .eml files under OUTBOX_DIR, so opsdesk runs with no mail server.
OUTBOX_DIR = DATA_DIR / "outbox"
_EMAIL = email_settings(env_text("OPSDESK_SMTP_URL", ""))
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _EMAIL.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("OPSDESK_SMTP_TIMEOUT_SECONDS", 10, minimum=1)
DEFAULT_FROM_EMAIL = sender(env_text("OPSDESK_EMAIL_FROM", f"opsdesk <opsdesk@{_BASE.hostname}>"))
# Webhooks may call loopback, private and link-local addresses only when this is set (checked
# on the resolved address when sending); plain http only when allowed too.
WEBHOOK_ALLOW_PRIVATE = env_bool("OPSDESK_WEBHOOK_ALLOW_PRIVATE", False)
WEBHOOK_ALLOW_HTTP = env_bool("OPSDESK_WEBHOOK_ALLOW_HTTP", WEBHOOK_ALLOW_PRIVATE)
WEBHOOK_TIMEOUT_SECONDS = 5.0
