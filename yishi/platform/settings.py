"""Yishi settings: one module, read from the environment (see README, "Configuration")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

from .env import data_dir, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "yishi-development-only-secret-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY: required when DEBUG is off")
BASE_DOMAIN = env_str("YISHI_BASE_DOMAIN", "localhost")
PORT = env_int("PORT", 8000)
# `yishi run` listens here: this machine only unless told (YISHI_BIND=0.0.0.0 or `yishi run --host`).
YISHI_BIND = env_str("YISHI_BIND", "127.0.0.1")
ALLOWED_HOSTS = ["*"]  # the tenant middleware answers only hosts that are registered domains

# --- Database: DATABASE_URL, else a real PostgreSQL from the embedded wheel -----------------------
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    from .embedded import embedded_database_url

    DATABASE_URL = embedded_database_url()
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tenancy --------------------------------------------------------------------------------------
# auth, contenttypes, sessions and admin live in BOTH lists on purpose: platform staff are users of
# the public schema, and every organisation has its own users, groups and Wagtail permissions, so
# an account of one organisation cannot sign in to another's admin.
SHARED_APPS = [
    "django_tenants",
    "yishi.tenants",
    "yishi.content.calendar",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "axes",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "axes",
    "yishi.tenants.sso",  # before wagtail.admin: its login template adds the identity providers' buttons
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "graphene_django",
    "yishi.tenants.structure",
    "yishi.content",
    "yishi.content.calendar.local",
    "yishi.graphql.keys",
    "yishi.workflows.scheduling",
    "yishi.workflows.agenda",
    "yishi.workflows.notices",
    "yishi.workflows.attendance",
    "yishi.workflows.deliberation",
    "yishi.workflows.minutes",
    "yishi.workflows.supervision",
    "yishi.workflows.reports",
    "yishi.workflows.meetings",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]
TENANT_MODEL = "tenants.Organisation"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "yishi.platform.urls_public"
ROOT_URLCONF = "yishi.platform.urls"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
# New organisations are cloned from this schema (yishi/tenants/template.py); `yishi migrate` keeps it current.
YISHI_TEMPLATE_SCHEMA = "template"

MIDDLEWARE = [
    "yishi.platform.health.HealthCheckMiddleware",  # /healthz, /readyz on any host, before routing
    "whitenoise.middleware.WhiteNoiseMiddleware",  # /static/ on any host, served by gunicorn itself
    "django_tenants.middleware.main.TenantMainMiddleware",
    "yishi.tenants.suspension.SuspendedOrganisationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yishi.platform.middleware.OrganisationRedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: it turns a lockout into its answer
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "yishi.platform.wsgi.application"

# --- Authentication, sessions, HTTPS and headers (docs/security.md) -----------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("YISHI_PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed sign-ins in the schema of the host they were made on (its tables are in
# both app lists, like auth), so a lockout in one organisation never locks the same username in another.
# Passwords through PasswordBackend (refused when an organisation has switched local login off);
# single sign-on sessions are recorded under SingleSignOnBackend (yishi/tenants/sso).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "yishi.tenants.sso.backends.PasswordBackend",
                           "yishi.tenants.sso.backends.SingleSignOnBackend"]
AXES_FAILURE_LIMIT = env_int("YISHI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("YISHI_LOGIN_LOCKOUT_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
# By username: behind the ingress every request comes from the proxy's address, so locking by address
# would lock a whole organisation out after one person's typos (address limits belong to the ingress).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_CALLABLE = "yishi.platform.views.login_locked_out"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # "lockout parameters lack ip_address": deliberate, see above
SESSION_COOKIE_AGE = env_int("YISHI_SESSION_HOURS", 10) * 3600
# Django's hashers unless told: the test suite names a fast one (tests/conftest.py), never a deployment.
PASSWORD_HASHERS = env_list("YISHI_PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)

# HTTPS: TLS ends at the ingress, which tells the scheme in X-Forwarded-Proto. With the scheme known,
# a browser's Origin (https://<organisation host>) equals the request's own host, so CSRF passes on
# every organisation host without listing them; YISHI_CSRF_TRUSTED_ORIGINS is for other origins only.
YISHI_HTTPS = env_bool("YISHI_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = YISHI_HTTPS
_proxy_ssl_header = env_str("YISHI_PROXY_SSL_HEADER", "X-Forwarded-Proto" if YISHI_HTTPS else "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_HSTS_SECONDS = env_int("YISHI_HSTS_SECONDS", 31_536_000 if YISHI_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("YISHI_HSTS_INCLUDE_SUBDOMAINS", False)
CSRF_TRUSTED_ORIGINS = env_list("YISHI_CSRF_TRUSTED_ORIGINS", [])
# Wagtail 8's admin still writes inline scripts (InlinePanel, date pickers: wagtail#1288), so scripts
# and styles may be inline; nothing may come from, or be sent to, another origin. GraphiQL (DEBUG only)
# loads its scripts from a CDN: /graphql/ is left out of the policy then, deliberately.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/graphql/"] if DEBUG else [],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    },
}
# Nothing from the admin calls out: gravatar.com (would tell who signs in) and Wagtail's release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Limits on what clients send (docs/security.md, "Limits") -----------------------------------------
# A form's fields (files not counted) and a whole request's bytes, uploads included; larger requests are
# refused with 400 before anything is read into memory or written to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("YISHI_FORM_MAX_BYTES", 2_621_440)
YISHI_UPLOAD_MAX_REQUEST_BYTES = env_int("YISHI_UPLOAD_MAX_REQUEST_BYTES", 50 * 2**20)
FILE_UPLOAD_HANDLERS = [
    "yishi.platform.uploads.RequestSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Per file: a regulation document to import, a topic or progress-report attachment; attachment types.
YISHI_IMPORT_MAX_BYTES = env_int("YISHI_IMPORT_MAX_BYTES", 5 * 2**20)
# The text read from a document to import (any format), before recognising its structure and rules.
YISHI_IMPORT_MAX_CHARS = env_int("YISHI_IMPORT_MAX_CHARS", 300_000)
YISHI_ATTACHMENT_MAX_BYTES = env_int("YISHI_ATTACHMENT_MAX_BYTES", 20 * 2**20)
YISHI_ATTACHMENT_EXTENSIONS = env_list("YISHI_ATTACHMENT_EXTENSIONS", [
    "pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "dps", "odt", "ods", "odp",
    "txt", "csv", "png", "jpg", "jpeg", "gif", "zip"])
# Regulation packs (admin import and CLI): YAML bytes, aliases, and nodes once aliases are expanded.
YISHI_PACK_MAX_BYTES = env_int("YISHI_PACK_MAX_BYTES", 2**20)
YISHI_PACK_MAX_ALIASES = env_int("YISHI_PACK_MAX_ALIASES", 100)
YISHI_PACK_MAX_NODES = env_int("YISHI_PACK_MAX_NODES", 100_000)
# .docx documents to import are zip packages: members, bytes once inflated, inflated / packed size.
YISHI_DOCX_MAX_MEMBERS = env_int("YISHI_DOCX_MAX_MEMBERS", 1000)
YISHI_DOCX_MAX_UNCOMPRESSED_BYTES = env_int("YISHI_DOCX_MAX_UNCOMPRESSED_BYTES", 10 * 2**20)
YISHI_DOCX_MAX_RATIO = env_int("YISHI_DOCX_MAX_RATIO", 100)

# --- Language and time ----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Files: every organisation's uploads under its own prefix --------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_str("YISHI_STATIC_ROOT", str(DATA_DIR / "static"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise serves it; it warns when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = env_str("YISHI_MEDIA_ROOT", str(DATA_DIR / "media"))
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache and broker: Redis when REDIS_URL is set, else servers-free defaults --------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CELERY_BROKER_URL = env_str("YISHI_BROKER_URL", REDIS_URL)  # e.g. amqp://… for RabbitMQ; Redis stays the cache
    # With acks_late, Redis re-delivers a task unacknowledged after this long: keep it above the time limit.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": 3600}
else:
    _cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(DATA_DIR / "cache")}
    _queue = DATA_DIR / "broker"
    (_queue / "processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),
        "store_processed": False,
        # The transport polls the folder; its 1 s default, after every prefetch-limited wait, keeps a worker
        # far behind a beat of a few seconds (the acceptance test's 5 s). Listing a small folder is cheap.
        "polling_interval": 0.1,
    }
# Every cache key carries the schema: without it one organisation reads another's cached data.
CACHES = {"default": {**_cache, "KEY_FUNCTION": "django_tenants.cache.make_key"}}

# Deployments sharing one Redis keep apart by queue name.
CELERY_TASK_DEFAULT_QUEUE = env_str("YISHI_CELERY_QUEUE", "yishi")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Production worker limits: a stuck task is told to stop, then killed; each pool process is
# replaced after many tasks (memory); a broker outage at start-up or while sending is retried.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("YISHI_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("YISHI_TASK_TIME_LIMIT", 300)
CELERY_WORKER_MAX_TASKS_PER_CHILD = 1000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 5, "interval_start": 0, "interval_step": 1, "interval_max": 5}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "organisation-heartbeat": {"task": "yishi.tenants.tasks.heartbeat_all", "schedule": 60.0},
    "plan-meetings": {"task": "yishi.workflows.scheduling.plan_all", "schedule": 3600.0},
    # The outbox sweep sends what the broker missed; notices, agendas and materials are due by scanning.
    "notices-sweep": {"task": "yishi.workflows.notices.sweep_all", "schedule": 60.0},
    "meeting-notices": {"task": "yishi.workflows.notices.meeting_notices_all", "schedule": 300.0},
    "agenda-tick": {"task": "yishi.workflows.agenda.tick_all", "schedule": 300.0},
    # Reminders and escalations are found by scanning (no long ETA tasks); keyed, so re-runs send nothing twice.
    "supervision-scan": {"task": "yishi.workflows.supervision.scan_all", "schedule": 1800.0},
    # Reports of the month, quarter and year just ended: written once per period, found by scanning.
    "reports-periodic": {"task": "yishi.workflows.reports.periodic_all", "schedule": 3600.0},
}
# A short period for every schedule (seconds), so that a development stack or the acceptance test sees
# deadlines pass within minutes; production keeps the periods above.
if _beat_every := env_int("YISHI_BEAT_EVERY_SECONDS", 0):
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = float(_beat_every)

# --- E-mail: SMTP when EMAIL_HOST is set, else one file per message under YISHI_DATA_DIR/mail ------
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:  # development: no SMTP server to fail on; read what was sent in the files
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"议事 <noreply@{BASE_DOMAIN}>")

# --- Wagtail and GraphQL --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "议事 Yishi"
# How people reach the organisations from outside (links in notices and e-mail): behind an ingress
# the scheme is https and the port the public one (443 is left out of the address).
YISHI_PUBLIC_SCHEME = env_str("YISHI_PUBLIC_SCHEME", "https" if YISHI_HTTPS else "http")
YISHI_PUBLIC_PORT = env_int("YISHI_PUBLIC_PORT", 443 if YISHI_HTTPS else PORT)
WAGTAILADMIN_BASE_URL = f"http://{BASE_DOMAIN}:{PORT}"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "pptx", "txt", "zip", "png", "jpg"]
GRAPHENE = {"SCHEMA": "yishi.graphql.api.schema"}
# GraphQL safety limits (yishi/graphql/core): introspection (unset: on only in DEBUG, read at run time),
# request size, requests per minute per API key / per anonymous client address (0: no limit).
YISHI_GRAPHQL_INTROSPECTION = (
    env_bool("YISHI_GRAPHQL_INTROSPECTION", False) if env_str("YISHI_GRAPHQL_INTROSPECTION") else None
)
YISHI_GRAPHQL_MAX_BODY_BYTES = env_int("YISHI_GRAPHQL_MAX_BODY_BYTES", 100_000)
YISHI_GRAPHQL_RATE_LIMIT = env_int("YISHI_GRAPHQL_RATE_LIMIT", 600)
YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT = env_int("YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT", 600)
# Public answers are cached per organisation until its content changes, and at most this long (0 = off).
YISHI_GRAPHQL_CACHE_SECONDS = env_int("YISHI_GRAPHQL_CACHE_SECONDS", 60)
# Portal webhooks go to public addresses only; on-premises installs may allow private and loopback ones.
YISHI_WEBHOOK_ALLOW_PRIVATE = env_bool("YISHI_WEBHOOK_ALLOW_PRIVATE", False)
# Fernet keys for secrets kept in the database (yishi/platform/encryption.py); empty: derived from SECRET_KEY.
YISHI_ENCRYPTION_KEYS = env_list("YISHI_ENCRYPTION_KEYS", [])
# The DingTalk and WeCom server APIs the chat channels call (an on-premises 专有钉钉 has its own).
YISHI_DINGTALK_API_URL = env_str("YISHI_DINGTALK_API_URL", "https://oapi.dingtalk.com")
YISHI_WECOM_API_URL = env_str("YISHI_WECOM_API_URL", "https://qyapi.weixin.qq.com")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
