"""ScalpSpectra settings: one file, environment variables with safe development defaults.

Production differs only by environment values (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, ...). With no configuration at all the site runs on SQLite under var/ with the
weights in weights/.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ml.photo_check import Thresholds  # numpy and Pillow only; OpenCV loads on the first check
from products.oliveyoung import IMAGE_HOSTS as PRODUCT_IMAGE_HOSTS  # plain Python, no Django import
from products.oliveyoung import LINK_HOSTS as PRODUCT_LINK_HOSTS

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
    "common",
    "diagnosis",
    "products",
    "hospitals",
    "stats",
    "history",
    "ads",  # sponsored cards, click counting, advertiser reports
    "benchmarks",  # manage.py benchmark_* commands only
    "common.axes_app.AxesConfig",  # django-axes (admin login attempts limited, settings below), localized name
    "csp",  # Content-Security-Policy header (settings below)
    "corsheaders",  # CORS for the API, only for API_ALLOWED_ORIGINS (settings below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # answers preflights before CommonMiddleware; API_ALLOWED_ORIGINS only
    "common.busy.DatabaseBusyMiddleware",  # "database is locked" past the busy timeout: a localized 503
    "common.csp.FeatureCSPMiddleware",  # django-csp's, plus the configured Kakao/Tableau hosts
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "common.api_origin.ApiCrossSiteMiddleware",  # after LocaleMiddleware: its 403 is in the request's language
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each transaction takes SQLite's write lock when it begins, so concurrent writers wait their turn
    # instead of failing with "database is locked" when a reader turns writer; the upload counter
    # (common.ratelimit) relies on it to count uploads that arrive together.
    # WAL: readers never wait for the writer. A writer waits up to DATABASE_BUSY_TIMEOUT seconds for another
    # writer's lock (a long admin bulk edit, a backup) before common.busy answers "try again" (503).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": float(os.getenv("DATABASE_BUSY_TIMEOUT", 30)),
    })
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
# MEDIA_STORAGE=s3: kept photos in an S3-compatible bucket (django-storages), shared by every server process
# (docs/deployment.md). The bucket stays private: photos are served only through the site's access-checked
# views, which read them with the credentials below; no bucket URL is ever handed out.
MEDIA_STORAGE = os.getenv("MEDIA_STORAGE", "local")
STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.getenv("S3_BUCKET", ""),
        "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,  # empty: AWS itself
        "region_name": os.getenv("S3_REGION") or None,
        "access_key": os.getenv("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.getenv("S3_SECRET_ACCESS_KEY") or None,
        "location": os.getenv("S3_PREFIX", "media"),
        "default_acl": None, "querystring_auth": True, "file_overwrite": False,  # private objects, no public URL
        "object_parameters": {"CacheControl": "private, no-store"},
    }}
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL, S3_ACCESS_KEY_ID, "
                                   "S3_SECRET_ACCESS_KEY unless AWS provides them).")
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")

# Uploads
# A 200 MP JPEG of a detailed scene can pass 50 MB (benchmark_uploads' 200mp is 70 MB); uploads are held
# in memory, never on disk (common.uploads).
UPLOAD_MAX_BYTES = int(os.getenv("UPLOAD_MAX_BYTES", 80 * 1024 * 1024))
# Progressive JPEG: libjpeg holds every coefficient of the full image (~3 bytes a pixel) whatever the scale.
UPLOAD_MAX_PIXELS = int(os.getenv("UPLOAD_MAX_PIXELS", 40_000_000))
# PNG, WebP and HEIC have no scaled decode: one full-size copy, 4-8 bytes a pixel (~100-200 MB at 25 MP;
# a 24 MP iPhone HEIC is 5712x4284). diagnosis.images reduces it at once.
UPLOAD_MAX_FULL_DECODE_PIXELS = int(os.getenv("UPLOAD_MAX_FULL_DECODE_PIXELS", 25_000_000))
# Uploads decoding at once per process (common.gates): N uploads at once hold at most this many full-size
# copies; the rest wait, their compressed bytes only in memory.
UPLOAD_DECODE_CONCURRENCY = int(os.getenv("UPLOAD_DECODE_CONCURRENCY", 1))
# Baseline JPEG/MPO are decoded at 1/2, 1/4 or 1/8 scale (draft mode), so the header may claim more.
UPLOAD_MAX_JPEG_PIXELS = int(os.getenv("UPLOAD_MAX_JPEG_PIXELS", 250_000_000))
# Decode size when no model is loaded yet: twice the seed models' 300 px input.
UPLOAD_DECODE_SIDE = int(os.getenv("UPLOAD_DECODE_SIDE", 600))
UPLOAD_MIN_SIDE = int(os.getenv("UPLOAD_MIN_SIDE", 64))
UPLOAD_MAX_ASPECT = float(os.getenv("UPLOAD_MAX_ASPECT", 4.0))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Privacy (issue 9): a photo is written only when the person ticks "keep my photo", and is deleted
# PHOTO_RETENTION_DAYS later by `manage.py purge_photos`. Uploads stay in memory (never a temp file
# on disk): common.uploads bounds what one request may hold to UPLOAD_MAX_BYTES.
PHOTO_RETENTION_DAYS = int(os.getenv("PHOTO_RETENTION_DAYS", 30))
PRIVACY_CONTACT = os.getenv("PRIVACY_CONTACT", "")  # e.g. "privacy@scalp.example.kr"; shown on /privacy/
FILE_UPLOAD_HANDLERS = ["common.uploads.BoundedMemoryUploadHandler"]

# Models
WEIGHTS_DIR = Path(os.getenv("WEIGHTS_DIR", BASE_DIR / "weights"))
SCENE_CHECK_FILE = Path(os.getenv("SCENE_CHECK_FILE", WEIGHTS_DIR / "scene_check.npz"))  # ml.scene_check (ml.scene_fit)

# Photo check (issue 10; README "Photo check" for the measurements behind each default). Quality
# limits on the decoded photo, each a pair: past the first the results page warns ("doubtful"), past
# the second the upload form comes back ("refused"). The defaults live in ml.photo_check.Thresholds;
# PHOTO_CHECK_<FIELD> in the environment replaces one. The familiarity thresholds live in the checkpoints.
PHOTO_CHECK = Thresholds.from_env(os.environ)

# Inference backend (ml.runtime): ONNX Runtime sessions exported from the .pt checkpoints, or eager PyTorch.
INFERENCE_BACKEND = os.getenv("INFERENCE_BACKEND", "onnxruntime")  # "onnxruntime" or "torch"
ONNX_CACHE_DIR = Path(os.getenv("ONNX_CACHE_DIR", VAR_DIR / "onnx-cache"))  # <checkpoint sha256>.onnx
ONNXRUNTIME_THREADS = int(os.getenv("ONNXRUNTIME_THREADS", 0))  # 0: the cores available (torch too)
INFERENCE_CONCURRENCY = int(os.getenv("INFERENCE_CONCURRENCY", 1))  # diagnoses computing at once per process

# Statistics: groups smaller than this show "not enough data" instead of a figure.
STATS_MIN_GROUP = int(os.getenv("STATS_MIN_GROUP", 5))
# ScalpSpectra's own counts come from a snapshot per group taken at most this often, and are rounded to
# this step, so that reading the statistics around one upload does not reveal its grades (stats.snapshot).
STATS_SNAPSHOT_SECONDS = int(os.getenv("STATS_SNAPSHOT_SECONDS", 3600))
STATS_ROUND_TO = int(os.getenv("STATS_ROUND_TO", 5))

# Advertising (issue 21, docs/advertising.md). Sponsored cards link only to these shops and show images
# only from these servers (they must also be in the CSP's img-src, below); default: Olive Young's.
AD_ALLOWED_HOSTS = env_list("AD_ALLOWED_HOSTS", ",".join(sorted(PRODUCT_LINK_HOSTS)))
AD_IMAGE_HOSTS = env_list("AD_IMAGE_HOSTS", ",".join(sorted(PRODUCT_IMAGE_HOSTS)))
AD_SLOTS = min(2, int(os.getenv("AD_SLOTS", 2)))  # sponsored cards beside the organic products, at most 2
AD_DEDUP_SECONDS = int(os.getenv("AD_DEDUP_SECONDS", 24 * 3600))  # a page's repeat clicks/views count once
# Organic ranking: beta prior of this many impressions at the scalp type's rate, over the last N days.
RANKING_PRIOR_STRENGTH = float(os.getenv("RANKING_PRIOR_STRENGTH", 50))
RANKING_WINDOW_DAYS = int(os.getenv("RANKING_WINDOW_DAYS", 28))
RANKING_DEFAULT_CTR = float(os.getenv("RANKING_DEFAULT_CTR", 0.02))  # the prior's rate before any count

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
# the API share one counter per client address (UPLOAD_RATE_LIMIT, below).

# Websites (scheme://host[:port], comma-separated) whose pages may call the API from their visitors'
# browsers. Any other site's browser writes get 403 "cross_site" (common.api_origin); apps and servers,
# which send no Origin, are not affected.
API_ALLOWED_ORIGINS = env_list("API_ALLOWED_ORIGINS", "")
CORS_ALLOWED_ORIGINS = API_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_HEADERS = ("accept", "accept-language", "content-type", "x-delete-token")

# --- Hardening: upload rate limit, cache, trusted proxies ---
# Uploads per client address and period: N/s, N/m, N/h or N/d.
UPLOAD_RATE_LIMIT = os.getenv("UPLOAD_RATE_LIMIT", "20/h")
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; empty: REMOTE_ADDR only.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# The rate-limit counter (and any other cache use) lives in Redis when REDIS_URL is set, else in the
# database table `django_cache` (`manage.py createcachetable`, part of `make setup`).
REDIS_URL = os.getenv("REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL} if REDIS_URL
          else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache",
                # one row per client address and period; culling early would forget counts
                "OPTIONS": {"MAX_ENTRIES": 100_000}}}

# PDF reports (history.report_cache): cached per result, language and photo state in CACHES; rendered at
# most PDF_RENDER_CONCURRENCY at a time per process; PDF_RATE_LIMIT downloads per client address and period.
PDF_CACHE_SECONDS = int(os.getenv("PDF_CACHE_SECONDS", 7 * 86400))
PDF_RENDER_CONCURRENCY = int(os.getenv("PDF_RENDER_CONCURRENCY", 1))
PDF_RATE_LIMIT = os.getenv("PDF_RATE_LIMIT", "60/h")

# The server (scalpspectra.serve, waitress): a connection idle this many seconds is closed; at most this many
# connections open at once (more wait in the listen backlog).
SERVER_IDLE_TIMEOUT = int(os.getenv("SERVER_IDLE_TIMEOUT", 30))
SERVER_CONNECTION_LIMIT = int(os.getenv("SERVER_CONNECTION_LIMIT", 200))

# --- Hardening: admin login attempts (django-axes) ---
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.getenv("AXES_FAILURE_LIMIT", 5))  # failed logins from one address or for one name ...
AXES_COOLOFF_TIME = timedelta(minutes=float(os.getenv("AXES_COOLOFF_MINUTES", 60)))  # ... lock it this long
# Each a lockout of its own: AXES_FAILURE_LIMIT failures from one address lock that address, and as many
# against one username (from any number of addresses) lock that username.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_STR_CALLABLE = "common.log_privacy.axes_client_str"  # its log lines name no address
AXES_CLIENT_IP_CALLABLE = "common.ratelimit.client_ip"  # the same trusted-proxy rule as uploads
AXES_LOCKOUT_CALLABLE = "common.views.login_locked"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner in every manage.py command

# --- Hardening: security headers (django-csp; HTTPS switched on by env in production) ---
# 'self' only: no inline scripts or styles anywhere. Olive Young's product images are the one outside
# source; common.csp adds the Kakao and Tableau hosts to each response only while those are configured.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF], "font-src": [SELF],
    "img-src": [SELF, *sorted(set(PRODUCT_IMAGE_HOSTS) | set(AD_IMAGE_HOSTS))], "connect-src": [SELF],
    "frame-src": [NONE],
    "object-src": [NONE], "base-uri": [SELF], "form-action": [SELF], "frame-ancestors": [NONE],
}}
SECURE_HSTS_SECONDS = int(os.getenv("DJANGO_HSTS_SECONDS", 0))  # production: 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER") else None
CSRF_FAILURE_VIEW = "common.views.csrf_failure"  # the site's own localized page, never Django's DEBUG help
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No client address in any line (common.log_privacy), whichever library writes it.
    "filters": {"no_addresses": {"()": "common.log_privacy.RedactAddresses"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_addresses"]}},
    "root": {"handlers": ["console"], "level": os.getenv("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"PIL": {"level": "WARNING"}},
}
LOGGING["loggers"]["weasyprint"] = {"level": "ERROR"}  # PDF reports: no per-step progress or CSS notices in the log
