"""Yishi settings: one module, read from the environment (see README, "Configuration")."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import data_dir, env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "yishi-development-only-secret-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY: required when DEBUG is off")
BASE_DOMAIN = env_str("YISHI_BASE_DOMAIN", "localhost")
PORT = env_int("PORT", 8000)
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
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yishi.platform.middleware.OrganisationRedirectMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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

# --- Wagtail and GraphQL --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "议事 Yishi"
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
