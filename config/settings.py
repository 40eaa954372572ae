"""Omsorg settings. Everything that differs between a laptop and production comes from the environment."""

import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "insecure-local-development-key-only-for-sqlite-demo-use-0123456789"
)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Production (not DEBUG and not a test run) gets the full set of transport-security settings.
PRODUCTION = env_bool("PRODUCTION", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "guardian",
    "axes",
    "simple_history",
    "pgtrigger",
    "carecore",
    "citizens",
    "homecare",
    "medication",
    "rehab",
    "incidents",
    "students",
    "hospital",
    "visitation",
    "referrals",
    "prevention",
    "minside",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "carecore.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "carecore.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "carecore.authz.AuthzMiddleware",
    "minside.middleware.CitizenSessionMiddleware",
    "carecore.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carecore.context_processors.omsorg",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
}
# Each checkout gets its own test database, so two clones can run their suites on one server at once.
_checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite tests use an in-memory database, private to the test process.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_DATABASE_NAME") or f"test_omsorg_{_checkout}"
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery (Redis is a cache and a broker, never a single point of failure) ----------
# django-redis swallows connection errors and waits at most 0.25 s for Redis; carecore.cache.BreakerRedis
# then skips Redis for 30 s, so a frozen Redis costs one request 0.25 s, not every request 10 s.
REDIS_URL = os.environ.get("REDIS_URL", "")
# `make test` runs the suite in parallel workers (pytest-xdist sets PYTEST_XDIST_WORKER to gw0, gw1, …):
# each worker gets its own Redis database, since the tests clear the cache between tests and purge the
# broker, and its own media folder. PostgreSQL test databases are kept apart by pytest-django itself.
_test_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _test_worker:
    _redis = urlsplit(REDIS_URL)
    _redis_db = (int(_redis.path.strip("/") or 0) + 1 + int(_test_worker.removeprefix("gw"))) % 16
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{_redis_db}"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"omsorg-{_checkout}",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
                "REDIS_CLIENT_CLASS": "carecore.cache.BreakerRedis",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False  # carecore.cache.BreakerRedis logs once per outage instead
# Sessions live in the database only: a logout or an expiry during a Redis outage cannot come back from a
# stale cache entry afterwards.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# django-ratelimit fails open so carecore.ratelimit can fall back to its database counter.
RATELIMIT_FAIL_OPEN = True

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 24 * 3600
# Without Redis the jobs run in-process, at once, in the caller: no worker or broker needed.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A dead broker connection is noticed within seconds (carecore.outbox publishes with shorter ones).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 5, "socket_connect_timeout": 5}
# At least once: a task is acknowledged when done, redelivered if its worker dies; tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = 20 * 60
# The schedule's last runs are kept in the database; a run missed while beat was down runs when it is back.
CELERY_BEAT_SCHEDULER = "carecore.beat:DatabaseScheduler"
# Periodic jobs: each app declares its beat entries next to its tasks, in <app>/tasks.py (config/celery.py).

# --- Auth and security ------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "carecore.oidc.StaffBackend",
    "minside.oidc.CitizenBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous user object
GUARDIAN_RAISE_403 = True

# Login throttling (django-axes): 5 failures per username from one address, 30 per address across
# usernames (password spraying); a lockout lasts the cool-off, so a wrong password never locks anyone out
# for good. Behind TRUSTED_PROXY_COUNT proxies the client is read from X-Forwarded-For (carecore.clientip),
# for axes and the access log alike.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_FAILURES_PER_USER = int(os.environ.get("LOGIN_FAILURES_PER_USER", "5"))
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "30"))
AXES_FAILURE_LIMIT = "carecore.clientip.login_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_CLIENT_IP_CALLABLE = "carecore.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Every login is kept, who, when and from where: successes in axes.AccessLog, failures in
# axes.AccessFailureLog, for the retention in OMSORG_RETENTION (never cut by a count per user).
AXES_DISABLE_ACCESS_LOG = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 10**9
# However active, a session ends this long after the login (next to the idle limit below).
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))

# Idle sessions end after 30 minutes without a request (refreshed by carecore.middleware.IdleSessionMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if not os.environ.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set when PRODUCTION=1")

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media")) / _test_worker
MEDIA_URL = "/media/"
# Without PRODUCTION (make run, tests) WhiteNoise serves straight from the source folders, so the
# embedded default needs neither DEBUG nor collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email is optional; nothing depends on outgoing mail. Console by default.
_mail_default = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": os.environ.get("EMAIL_BACKEND", _mail_default)}}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "omsorg@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A refused request (403) is logged as one warning line, without a traceback.
    "filters": {"refusals": {"()": "carecore.log.RefusalsWithoutTraceback"}},
    "loggers": {"django.request": {"filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Omsorg domain settings (defaults; administrators change the data, not the code) -----------
OMSORG = {
    "STALE_JOURNAL_DAYS": 30,
    "CONTINUITY_WINDOW_DAYS": 14,
    "PAGE_SIZE": 50,
}

# The national medicine card (FMK): the adapter medication.fmk uses (a local stand-in with demo data here).
OMSORG_CPR_REGISTER_ADAPTER = os.environ.get("CPR_REGISTER_ADAPTER", "prevention.register.LocalCprRegister")
OMSORG_FMK_ADAPTER = os.environ.get("FMK_ADAPTER", "medication.fmk.LocalFmk")

# The national address register (DAWA/DAR): the adapter citizens.addresses uses for coordinates (a local
# stand-in here that places each address at a fixed point inside the municipality).
OMSORG_ADDRESS_REGISTER = os.environ.get("ADDRESS_REGISTER", "citizens.addresses.LocalAddressRegister")

# Travel between visits (homecare.routing): straight-line distance × a detour factor for the road network,
# at a speed per transport mode; a team's routes use the default mode.
OMSORG_TRAVEL_SPEEDS_KMH = {"car": 35, "bike": 14, "walk": 4.5}
OMSORG_TRAVEL_DETOUR = 1.3
OMSORG_TRAVEL_MODE = os.environ.get("TRAVEL_MODE", "car")
# How long "Fordel automatisk" lets OR-Tools search for better routes (seconds) before it takes the best found.
OMSORG_ROUTING_SECONDS = float(os.environ.get("ROUTING_SECONDS", "3"))

# Retention (carecore.retention, `manage.py apply_retention`, nightly by beat): days each log table keeps
# its rows; older rows are deleted and each run is logged (carecore.RetentionRun). Tables not named here
# (journal, assessments, case and stay events, change history) are never deleted. 1827 days = 5 years.
# No retention can be set below carecore.retention.FLOOR_DAYS (1 year).
OMSORG_RETENTION = {
    "citizens.AccessLog": int(os.environ.get("ACCESS_LOG_RETENTION_DAYS", "1827")),
    "axes.AccessLog": int(os.environ.get("LOGIN_LOG_RETENTION_DAYS", "1827")),
    "axes.AccessFailureLog": int(os.environ.get("LOGIN_LOG_RETENTION_DAYS", "1827")),
}

# Bench-only: exposes a bare "hello" view used as the ceiling in `make bench`.
BENCH = env_bool("OMSORG_BENCH", False)

# Min side (citizens and relatives): what the municipality lets citizens see of the people behind a look
# or a visit. Off by default: the access log shows unit, role and purpose, a visit when and what.
MINSIDE_SHOW_STAFF_NAME = os.environ.get("MINSIDE_SHOW_STAFF_NAME", "") == "1"
MINSIDE_SHOW_CARER_FIRST_NAME = os.environ.get("MINSIDE_SHOW_CARER_FIRST_NAME", "") == "1"
# The journal kinds (citizens.models.JournalKind values, comma-separated) citizens read on Min side.
MINSIDE_SHARED_JOURNAL_KINDS = [k for k in os.environ.get("MINSIDE_SHARED_JOURNAL_KINDS", "").split(",") if k]

# --- Login through an identity provider (OpenID Connect; docs/login.md) --------------------------------
# Two providers: "citizen" (MitID through a broker, at /min-side/) and "staff" (the municipality's IdP, e.g.
# Entra ID, at /login/). Each is configured by OIDC_<CITIZEN|STAFF>_* variables; without a client id it is
# off and its button hidden (local accounts only). Code flow with state, nonce and PKCE; RS256 ID tokens.


def _oidc_provider(prefix):
    def get(name, default=""):
        return os.environ.get(f"{prefix}_{name}", default)

    return {
        "OIDC_RP_CLIENT_ID": get("CLIENT_ID"),
        "OIDC_RP_CLIENT_SECRET": get("CLIENT_SECRET"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": get("AUTHORIZATION_ENDPOINT"),
        "OIDC_OP_TOKEN_ENDPOINT": get("TOKEN_ENDPOINT"),
        "OIDC_OP_USER_ENDPOINT": get("USERINFO_ENDPOINT"),  # optional: the ID token's claims may suffice
        "OIDC_OP_JWKS_ENDPOINT": get("JWKS_ENDPOINT"),
        "OIDC_OP_ISSUER": get("ISSUER"),
        "OIDC_RP_SCOPES": get("SCOPES", "openid"),
        "OIDC_RP_SIGN_ALGO": get("SIGN_ALGO", "RS256"),
    }


OIDC_PROVIDERS = {"citizen": _oidc_provider("OIDC_CITIZEN"), "staff": _oidc_provider("OIDC_STAFF")}
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
# The claim that carries the citizen's CPR number (the broker's name for it).
OIDC_CITIZEN_CPR_CLAIM = os.environ.get("OIDC_CITIZEN_CPR_CLAIM", "cpr")
OIDC_STAFF_USERNAME_CLAIM = os.environ.get("OIDC_STAFF_USERNAME_CLAIM", "preferred_username")
OIDC_STAFF_GROUPS_CLAIM = os.environ.get("OIDC_STAFF_GROUPS_CLAIM", "groups")
# IdP group → role and unit, as JSON: {"omsorg-ssh-vest": {"role": "ssh", "unit": "hjemmepleje-vest-1"},
# "omsorg-leder-vest": {"role": "leader", "unit": "hjemmepleje-vest", "leader": true}}.
OIDC_STAFF_GROUPS = json.loads(os.environ.get("OIDC_STAFF_GROUPS", "{}"))
