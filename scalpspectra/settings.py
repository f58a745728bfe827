"""ScalpSpectra settings: one file, environment variables with safe development defaults.

Production differs only by environment values (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, ...). With no configuration at all the site runs on SQLite under var/ with the
weights in weights/.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("SCALPSPECTRA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.getenv(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """DJANGO_SECRET_KEY, or a random key generated once for this installation in var/."""
    if key := os.getenv("DJANGO_SECRET_KEY"):
        return key
    if env_bool("DJANGO_REQUIRE_SECRET_KEY"):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # the API docs page and its swagger-ui assets, served from our static files (no CDN)
    "diagnosis",
    "products",
    "hospitals",
    "stats",
    "history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "scalpspectra.urls"
WSGI_APPLICATION = "scalpspectra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean first; English through the language switcher.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("DJANGO_TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is absent
WHITENOISE_USE_FINDERS = True  # serve straight from static/ without a collectstatic step
# Uploaded photos are private: only staff see them, through diagnosis:photo.
MEDIA_ROOT = Path(os.getenv("SCALPSPECTRA_MEDIA_ROOT", VAR_DIR / "media"))

# Uploads
UPLOAD_MAX_BYTES = int(os.getenv("UPLOAD_MAX_BYTES", 15 * 1024 * 1024))
UPLOAD_MAX_PIXELS = int(os.getenv("UPLOAD_MAX_PIXELS", 40_000_000))  # ~ a 48 MP phone photo
UPLOAD_MIN_SIDE = int(os.getenv("UPLOAD_MIN_SIDE", 64))
UPLOAD_MAX_ASPECT = float(os.getenv("UPLOAD_MAX_ASPECT", 4.0))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Privacy (issue 9): a photo is written only when the person ticks "keep my photo", and is deleted
# PHOTO_RETENTION_DAYS later by `manage.py purge_photos`. Uploads stay in memory (never a temp file
# on disk): diagnosis.uploads bounds what one request may hold to UPLOAD_MAX_BYTES.
PHOTO_RETENTION_DAYS = int(os.getenv("PHOTO_RETENTION_DAYS", 30))
PRIVACY_CONTACT = os.getenv("PRIVACY_CONTACT", "")  # e.g. "privacy@scalp.example.kr"; shown on /privacy/
FILE_UPLOAD_HANDLERS = ["diagnosis.uploads.BoundedMemoryUploadHandler"]

# Models
WEIGHTS_DIR = Path(os.getenv("WEIGHTS_DIR", BASE_DIR / "weights"))

# Statistics: groups smaller than this show "not enough data" instead of a figure.
STATS_MIN_GROUP = int(os.getenv("STATS_MIN_GROUP", 5))

# Third-party services (all optional; the site works without them).
KAKAO_JS_KEY = os.getenv("KAKAO_JS_KEY", "")
TABLEAU_VIEW_URL = os.getenv("TABLEAU_VIEW_URL", "")
TABLEAU_SEX_FIELD = os.getenv("TABLEAU_SEX_FIELD", "sex")  # the view's field names for <viz-filter>
TABLEAU_AGE_FIELD = os.getenv("TABLEAU_AGE_FIELD", "age")

# Clinics near the user
HOSPITALS_NEARBY_LIMIT = int(os.getenv("HOSPITALS_NEARBY_LIMIT", 10))
HOSPITALS_NEARBY_MAX_LIMIT = int(os.getenv("HOSPITALS_NEARBY_MAX_LIMIT", 50))
HOSPITALS_NEARBY_RADIUS_KM = float(os.getenv("HOSPITALS_NEARBY_RADIUS_KM", 20.0))
HOSPITALS_NEARBY_MAX_RADIUS_KM = float(os.getenv("HOSPITALS_NEARBY_MAX_RADIUS_KM", 100.0))

# My results (history app): the ids of a device's results live in its session (HttpOnly cookie, no account).
HISTORY_MAX_RESULTS = int(os.getenv("HISTORY_MAX_RESULTS", 50))  # newest kept, older ids dropped from the list
HISTORY_KEEP_DAYS = int(os.getenv("HISTORY_KEEP_DAYS", 365))  # the session cookie's lifetime once it holds results

# JSON API (issue 13), /api/v1/: the same rules as the upload form. Uploads from the site form and
# the API together are limited per client address to UPLOAD_RATE_LIMIT ("20/h", "5/m"); the
# hardening branch owns this setting.
UPLOAD_RATE_LIMIT = os.getenv("UPLOAD_RATE_LIMIT", "20/h")

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"PIL": {"level": "WARNING"}},
}
LOGGING["loggers"]["weasyprint"] = {"level": "ERROR"}  # PDF reports: no per-step progress or CSS notices in the log
