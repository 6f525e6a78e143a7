"""Settings: twelve-factor, every value from the environment (documented in the README)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("SELLERDESK_DATA_DIR", "var")).resolve()


def _secret_key() -> str:
    """A key from the environment, or one generated once and kept in the data directory."""
    if key := os.environ.get("SELLERDESK_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
# Keys that encrypt secrets kept in the database (Amazon credentials): Fernet keys, newest
# first; older ones still decrypt, so a key can be rotated. Empty: derived from SECRET_KEY.
SELLERDESK_ENCRYPTION_KEYS = _env_list("SELLERDESK_ENCRYPTION_KEYS", "")
DEBUG = _env_bool("SELLERDESK_DEBUG", False)
ALLOWED_HOSTS = _env_list("SELLERDESK_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("SELLERDESK_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "huey.contrib.djhuey",
    "sellerdesk.core",
    "sellerdesk.channels",
    "sellerdesk.catalog",
    "sellerdesk.inventory",
    "sellerdesk.orders",
    "sellerdesk.fulfillment",
    "sellerdesk.returns",
    "sellerdesk.messaging",
    "sellerdesk.metrics",
    "sellerdesk.planning",
    "sellerdesk.workbook",
    "sellerdesk.channels.amazon",
    "sellerdesk.web",
    "sellerdesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless a view is explicitly marked @login_not_required;
    # an htmx request without one sends the whole browser to the login page.
    "sellerdesk.web.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Pages show dates in the seller's time zone (SELLERDESK_TIME_ZONE); storage stays UTC.
    "sellerdesk.web.middleware.seller_time_zone",
]

ROOT_URLCONF = "sellerdesk.config.urls"
WSGI_APPLICATION = "sellerdesk.config.wsgi.application"

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
                "sellerdesk.web.context_processors.navigation",
            ],
        },
    }
]

DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'sellerdesk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with a flush that can empty the append-only stock ledger.
    DATABASES["default"]["ENGINE"] = "sellerdesk.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
        # busy timeout instead of failing with "database is locked" on lock upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The seller's own time zone: it decides where "today" starts and ends on the dashboard.
SELLERDESK_TIME_ZONE = os.environ.get("SELLERDESK_TIME_ZONE", "UTC")
# The shop's name, shown in the top bar, on the login page and in page titles.
SELLERDESK_SHOP_NAME = os.environ.get("SELLERDESK_SHOP_NAME", "My shop")
# Email to buyers of channels other than Amazon goes out through this SMTP server.
EMAIL_HOST = os.environ.get("SELLERDESK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SELLERDESK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SELLERDESK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SELLERDESK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("SELLERDESK_EMAIL_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("SELLERDESK_EMAIL_FROM", "shop@localhost")
# A TrueType font for slips and labels; by default DejaVu Sans where the system has it.
SELLERDESK_PDF_FONT = os.environ.get("SELLERDESK_PDF_FONT", "")
# Amazon's Selling Partner API: its base URL (empty: the region's own, from the marketplace)
# and Login with Amazon's token URL. Point both at `sellerdesk amazon sandbox` to try sync
# without an Amazon developer account.
SELLERDESK_SPAPI_ENDPOINT = os.environ.get("SELLERDESK_SPAPI_ENDPOINT", "")
SELLERDESK_LWA_TOKEN_URL = os.environ.get(
    "SELLERDESK_LWA_TOKEN_URL", "https://api.amazon.com/auth/o2/token"
)
# Early warnings: a package told to the channel this many hours ago with no carrier scan yet;
# a shipment the channel has not been told of this many hours after it left; and where the
# daily warnings go by email (empty: shown on Home only).
SELLERDESK_NO_SCAN_HOURS = int(os.environ.get("SELLERDESK_NO_SCAN_HOURS", "24"))
SELLERDESK_UNTOLD_HOURS = int(os.environ.get("SELLERDESK_UNTOLD_HOURS", "12"))
SELLERDESK_WARNINGS_EMAIL = os.environ.get("SELLERDESK_WARNINGS_EMAIL", "")
SELLERDESK_RESTOCK_EMAIL = os.environ.get("SELLERDESK_RESTOCK_EMAIL", "")
# The first wait before retrying a throttled or failed SP-API request; it doubles per retry.
SELLERDESK_SPAPI_BACKOFF_SECONDS = float(os.environ.get("SELLERDESK_SPAPI_BACKOFF_SECONDS", "1"))

# The job queue (huey): the Amazon sync runs there. By default a SQLite file in the data
# directory, worked by `sellerdesk serve` itself; with SELLERDESK_QUEUE_URL=redis://...,
# Redis, worked by separate `sellerdesk worker` processes.
SELLERDESK_QUEUE_URL = os.environ.get("SELLERDESK_QUEUE_URL", "")
SELLERDESK_SYNC_MINUTES = int(os.environ.get("SELLERDESK_SYNC_MINUTES", "10"))
HUEY: dict[str, Any]
if SELLERDESK_QUEUE_URL.startswith(("redis://", "rediss://")):
    HUEY = {"huey_class": "huey.RedisHuey", "name": "sellerdesk", "url": SELLERDESK_QUEUE_URL}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "sellerdesk",
        "filename": str(DATA_DIR / "queue.sqlite3"),
    }
HUEY |= {"immediate": False, "consumer": {"workers": 2, "worker_type": "thread"}}
SELLERDESK_EMBEDDED_WORKER = HUEY["huey_class"] == "huey.SqliteHuey"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise warns at start-up when STATIC_ROOT is missing, before any collectstatic has run.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Served from the finder when collectstatic has not been run, so a fresh checkout just works.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Behind a proxy that terminates TLS: cookies only over HTTPS, and the proxy's word (its
# X-Forwarded-Proto header) that a request came in over HTTPS. Off by default, since plain
# http://127.0.0.1 must keep working; never on without such a proxy, which must set the
# header itself, or a client could claim HTTPS.
if _env_bool("SELLERDESK_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SELLERDESK_LOG_LEVEL", "WARNING")},
}
