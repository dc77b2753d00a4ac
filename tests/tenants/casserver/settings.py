"""A real CAS server for the CAS sign-in tests: django-mama-cas in a Django project of its own, run in
a subprocess on its own PostgreSQL database (CAS_DATABASE_URL). Not part of Yishi."""

import os

import dj_database_url

SECRET_KEY = "cas-server-for-tests"
DEBUG = True
ALLOWED_HOSTS = ["*"]
USE_TZ = True
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                  "django.contrib.messages", "mama_cas"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
ROOT_URLCONF = "tests.tenants.casserver.urls"
DATABASES = {"default": dj_database_url.parse(os.environ["CAS_DATABASE_URL"])}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {
    "context_processors": ["django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
                           "django.contrib.messages.context_processors.messages"]}}]
# Any http service may ask for tickets; the attributes released are the user's name and e-mail fields.
MAMA_CAS_SERVICES = [{"SERVICE": r"^http://", "CALLBACKS": ["mama_cas.callbacks.user_name_attributes",
                                                            "mama_cas.callbacks.user_model_attributes"]}]
