"""Settings for DiseaseMaps.

Everything that differs between deployments comes from the environment (see
``.env.example``). There are no per-environment settings files.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="insecure-development-key-not-for-production"
    )
else:
    SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "diseasemaps.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "reversion",
    "markdownx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "conditions",
    "articles",
    "reviews",
    "community",
    "search",
    # The content API (above the domain, below the site) and its tools.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    # The site: its own management commands (seed_demo); last, being the top layer.
    "diseasemaps",
]
# The bench app (the load-set generator behind the benchmarks) is installed
# only when benchmarking, never in production.
BENCHMARKING = env.bool("BENCHMARKING", default=False)
if BENCHMARKING:
    INSTALLED_APPS += ["bench"]

# The security headers come first so that static files carry them too.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security_headers.ContentSecurityPolicyMiddleware",
    "core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Visitors' pages come whole from the cache, with the headers above added.
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.security_headers.PrivatePagesMiddleware",
    "core.staff_sessions.StaffSessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "diseasemaps.urls"
WSGI_APPLICATION = "diseasemaps.wsgi.application"

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
            "builtins": ["core.templatetags.markdown"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Keep each worker's database connection between requests (a new PostgreSQL
# connection costs milliseconds); checked before reuse, so a restarted database
# costs one failed check, not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The live copies' covering index carries a non-key column on PostgreSQL;
# SQLite builds the same index without it, which Django reports on every
# command. The SQLite file is the demo's and the tests', where the column
# makes no difference.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].startswith("django_redis."):
    # A Redis that hangs must not hang the pages: give up within a quarter of a
    # second, and the page cache renders instead (see http_caching).
    _redis_options = CACHES["default"].setdefault("OPTIONS", {})
    _redis_options.setdefault("SOCKET_CONNECT_TIMEOUT", 0.25)
    _redis_options.setdefault("SOCKET_TIMEOUT", 0.25)
# Seconds a rendered public page stays in the cache (0: off); see http_caching.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# URLs in one sitemap file (the protocol allows 50,000); see diseasemaps.sitemaps.
SITEMAP_URLS_PER_FILE = 10_000

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="DiseaseMaps <editors@localhost>"
)

_VALIDATORS_MODULE = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS_MODULE}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS_MODULE}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS_MODULE}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS_MODULE}.NumericPasswordValidator"},
]
# Members sign in on the public site; staff pages use the admin's own login.
LOGIN_URL = "community:login"
LOGIN_REDIRECT_URL = "community:account"
# Django's model backend, refusing a locked-out sign-in before the password
# is checked.
AUTHENTICATION_BACKENDS = ["core.login_throttling.LoginThrottlingBackend"]

# Sign-in throttling (django-axes), on the member and the admin login alike:
# five failures for one username from one address lock that pair out for 15
# minutes; a successful sign-in clears the count. Keying on the pair means
# that a proxy which hides client addresses still locks per username, and
# that nobody can lock the whole site out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.login_throttling.lockout_response"
# Failures are kept until they expire; successful sign-ins are not logged,
# so there is no growing record of where members sign in from.
AXES_DISABLE_ACCESS_LOG = True

# Staff sign in to the admin with a password and a TOTP code (django-otp).
# On by default in production; off by default with DEBUG so that the demo
# logins of `make run` work without an authenticator app.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "DiseaseMaps"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
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

# WhiteNoise serves static files from the finders while DEBUG is on, looking each
# one up when it is asked for. It reads DEBUG when the middleware starts, which
# in tests is after pytest-django has turned DEBUG off: it would then list every
# static file up front, again for each test client, at a tenth of a second each.
WHITENOISE_AUTOREFRESH = DEBUG

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# The content API (/api/v1/, see api/): read-only JSON for republishers.
# The terms every response states, in a header and in the root document.
CONTENT_API_LICENCE = {
    "name": env.str("CONTENT_API_LICENCE_NAME", default="CC BY-NC-ND 4.0"),
    "url": env.str(
        "CONTENT_API_LICENCE_URL",
        default="https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    "attribution": env.str(
        "CONTENT_API_ATTRIBUTION",
        default=(
            "Content from DiseaseMaps, medically reviewed. Show the reviewer, "
            "the review dates and the disclaimer, and link to the answer's page."
        ),
    ),
}
# Requests a minute from one client address without an API key.
CONTENT_API_ANONYMOUS_RATE = env.int("CONTENT_API_ANONYMOUS_RATE", default=30)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ContentApiThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_details_handler",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DiseaseMaps content API",
    "DESCRIPTION": (
        "Read-only JSON of the live, medically reviewed answers: conditions, "
        "answers with their review record, a changes feed for incremental sync, "
        "and verification of sign-off fingerprints."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

MARKDOWNX_MARKDOWNIFY_FUNCTION = "core.markdown.render_markdown"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"]
MARKDOWNX_MEDIA_PATH = "uploads/"

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only the site's own files may run, style or load; nothing may frame it.
# The admin adds inline styles (see core.security_headers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
