"""Jenjang settings: one file, driven by the environment.

SQLite by default; PostgreSQL through DATABASE_URL. Our own knobs are JENJANG_*.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from jenjang.core.db_router import replica_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


PLACEHOLDER_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", PLACEHOLDER_SECRET)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "treebeard",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "csp",
    "jenjang.core",
    "jenjang.accounts",
    "jenjang.notifications",
    "jenjang.people",
    "jenjang.competencies",
    "jenjang.development",
    "jenjang.certificates",
    "jenjang.training",
    "jenjang.elearning",
    "jenjang.mentoring",
    "jenjang.events",
    "jenjang.performance",
    "jenjang.talent",
    "jenjang.surveys",
    "jenjang.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jenjang.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
    "jenjang.core.db_router.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "jenjang.urls"
WSGI_APPLICATION = "jenjang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jenjang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "jenjang.accounts.context_processors.roles",
                "jenjang.notifications.context_processors.inbox",
            ]
        },
    }
]

DATA_DIR = Path(env("JENJANG_DATA_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jenjang.sqlite3'}"),
        conn_max_age=int(env("JENJANG_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica for reports and dashboards (jenjang/core/db_router.py).
DATABASES.update(
    replica_settings(DATABASES["default"], env("DATABASE_REPLICA_URL") or None)
)
DATABASE_ROUTERS = ["jenjang.core.db_router.ReplicaRouter"]
JENJANG_REPLICA_PATHS = env("JENJANG_REPLICA_PATHS", "/dashboards/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jenjang.accounts.backends.NipOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(env("JENJANG_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(env("JENJANG_LOCKOUT_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One account however it is named (NIP or username) shares one failure count.
AXES_USERNAME_CALLABLE = "jenjang.accounts.selectors.lockout_username"
OTP_TOTP_ISSUER = "Jenjang"

# Behind a reverse proxy (nginx, a load balancer) that sets X-Forwarded-*:
# trust its scheme header and take the client address for lockout from it.
# The lockout and the rate limits both read the address through
# jenjang.core.ratelimit.forwarded_client_ip.
JENJANG_PROXY_COUNT = 0
if env_bool("JENJANG_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
    JENJANG_PROXY_COUNT = int(env("JENJANG_PROXY_COUNT", "1"))
AXES_CLIENT_IP_CALLABLE = "jenjang.core.ratelimit.forwarded_client_ip"

SESSION_COOKIE_AGE = int(env("JENJANG_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("JENJANG_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# SCORM packages and inline PDFs run in frames of our own pages: same origin
# only (never DENY, which check --deploy's W019 would prefer).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Served over HTTPS (production): redirect plain HTTP, send HSTS, secure
# cookies. `jenjang check --deploy` is clean with JENJANG_HTTPS=1, a real
# SECRET_KEY and JENJANG_HSTS_PRELOAD=1 (see docs/security.md).
if env_bool("JENJANG_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env("JENJANG_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("JENJANG_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): scripts only from our own static files
# or an inline <script nonce="{{ CSP_NONCE }}">; no plugins, no foreign forms or
# frames. Style elements come from our files (or carry the nonce); style
# attributes stay allowed for the bars and widths templates compute, since
# with img-src/font-src/connect-src held to 'self' they can load nothing
# foreign. SCORM content has a policy of its own (elearning's scorm_content).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", NONCE],
        "style-src-elem": ["'self'", NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("JENJANG_SESSION_BROWSER_CLOSE", False)

# The shared cache counts rate limits across processes: Redis in production.
if env("JENJANG_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "jenjang.core.redis_cache.RedisCache",
            "LOCATION": env("JENJANG_CACHE_URL"),
        }
    }
    # Sessions read from the shared cache, written through to the database:
    # one query less on every signed-in request. Only with a shared cache, so
    # signing out in one web process ends the session in all of them.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "jenjang" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "jenjang" / "static"]


def media_storage(environ) -> dict:
    """Return the media storage: local files, or S3-compatible (django-storages).

    JENJANG_S3_BUCKET switches to `storages.backends.s3.S3Storage` (install
    the `s3` extra); files stay private behind signed URLs unless
    JENJANG_S3_SIGNED_URLS=0.
    """
    bucket = environ.get("JENJANG_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("JENJANG_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("JENJANG_S3_REGION") or None,
        "access_key": environ.get("JENJANG_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("JENJANG_S3_SECRET_ACCESS_KEY") or None,
        "custom_domain": environ.get("JENJANG_S3_CUSTOM_DOMAIN") or None,
        "location": environ.get("JENJANG_S3_PREFIX", "media"),
        "querystring_auth": environ.get("JENJANG_S3_SIGNED_URLS", "1") != "0",
        "file_overwrite": False,
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {k: v for k, v in options.items() if v is not None},
    }


STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("JENJANG_MEDIA_ROOT", str(DATA_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "jenjang@localhost")
# The SMTP relay, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))

# Background jobs: the database queue by default, RQ on Redis when
# JENJANG_TASKS=rq, the immediate backend when JENJANG_TASKS=immediate (tests).
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[env("JENJANG_TASKS", "db")],
        "QUEUES": ["default"],
    }
}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}

JENJANG_ORG_NAME = env("JENJANG_ORG_NAME", "Jenjang")
# The address the public reaches this site at: QR codes on certificates,
# survey posters and tickets point here.
JENJANG_PUBLIC_URL = env("JENJANG_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# An outside learning record store that receives every xAPI statement.
JENJANG_XAPI_LRS = env("JENJANG_XAPI_LRS") or None
# SCORM upload limits (zip size, unpacked size, compression ratio, members).
JENJANG_SCORM_MAX_BYTES = int(env("JENJANG_SCORM_MAX_BYTES", str(200 * 1024**2)))
JENJANG_SCORM_MAX_TOTAL_BYTES = int(env("JENJANG_SCORM_MAX_TOTAL_BYTES", str(1024**3)))
JENJANG_SCORM_MAX_RATIO = int(env("JENJANG_SCORM_MAX_RATIO", "100"))
JENJANG_SCORM_MAX_MEMBERS = int(env("JENJANG_SCORM_MAX_MEMBERS", "20000"))
# Days after a performance period's end within which its evaluations count as
# on time on the leaders' dashboard (no regulation sets it: regulations.md §11).
JENJANG_EVALUATION_ON_TIME_DAYS = int(env("JENJANG_EVALUATION_ON_TIME_DAYS", "30"))
# Mentoring: an active pair with no session in this many weeks has gone quiet.
JENJANG_MENTORING_QUIET_WEEKS = int(env("JENJANG_MENTORING_QUIET_WEEKS", "4"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
