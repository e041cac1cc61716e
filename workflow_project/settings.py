"""Settings, read from the environment.

Unset variables give the embedded default: SQLite in the project folder, console email, debug
off unless ``DEBUG`` says otherwise. Production sets ``SECRET_KEY``, ``DATABASE_URL``,
``ALLOWED_HOSTS`` and, where several workers share state, ``REDIS_URL``.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # The embedded default keeps a random key beside the code, made on first use; servers that
    # share sessions across machines set SECRET_KEY instead.
    key_file = BASE_DIR / ".secret-key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "viewflow",
    "viewflow.workflow",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "audit",
    "roles",
    "workdays",
    "dossiers",
    "approvals",
    "mergers",
    "notifications",
    "registrations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware for the API; on the screens, the user's chosen language, else
    # Vietnamese, whatever the browser asks for. After the authentication: the user's choice first.
    "roles.language.LanguageMiddleware",
    # Nobody acts anonymously: every page but the sign-in sends a logged-out visitor there.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # viewflow's frontend: the site and application of each URL, checked and given to templates.
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]

ROOT_URLCONF = "workflow_project.urls"
WSGI_APPLICATION = "workflow_project.wsgi.application"
ASGI_APPLICATION = "workflow_project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's own versions of a few of viewflow's templates (untranslated strings, Vietnamese
        # capitalisation), found before viewflow's.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # Shared by every app's templates, without an app of their own.
            "libraries": {"form_fields": "workflow_project.form_fields"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "roles.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Permissions are held on organisation units only; nobody acts anonymously.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Ours first (it wins where both translate a string), then viewflow's, which ships no Vietnamese.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_viewflow"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["workflow_project.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "workflow_project.storage.StaticFilesStorage"
        )
    },
}

# The JSON API (/api/): a session or a token (``Authorization: Token <key>``, from
# /api/auth/token/; administrators revoke tokens in the admin). Services' refusals answer as
# {"code", "detail", "fields"}. The schema and its Swagger UI are served from our own static files.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: an anonymous call answers 401 with ``WWW-Authenticate: Token``.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": int(os.environ.get("API_PAGE_SIZE", "50")),
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "workflow_project.api.AutoSchema",
    "EXCEPTION_HANDLER": "workflow_project.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Award dossiers API",
    "DESCRIPTION": "Emulation-award dossiers (hồ sơ đề nghị khen thưởng). Authenticate with a session "
    "or with `Authorization: Token <key>` from `POST /api/auth/token/`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # As every page: nobody reads the schema or its docs anonymously.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several fields are called "kind": each choice set is named after its own model.
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "dossiers.models.DocumentKind",
        "NomineeKindEnum": "dossiers.models.NomineeKind",
        "UnitKindEnum": "roles.models.UnitKind",
    },
}

# Uploaded dossier documents.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DOCUMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "jpg", "jpeg", "png"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds before a silent mail server is given up: without a worker, the request waits for it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khenthuong@localhost")

# Celery, when a broker is given (e.g. redis://127.0.0.1:6379/0): its worker sends the
# notifications' emails and its beat runs viewflow's timers and the campaigns' reminders. Unset:
# emails are sent after commit by the request's process, and cron runs ``manage.py workflow_timers``
# and ``manage.py campaign_reminders``.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "workflow-timers": {
        "task": "workflow_project.workflow_timers",
        "schedule": 60.0,
        # A run still queued when the next is due is dropped, not piled up.
        "options": {"expires": 55},
    },
    "campaign-reminders": {
        "task": "workflow_project.campaign_reminders",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Behind a proxy that sets these headers (production). Only then is X-Forwarded-For trusted for
# the client address recorded in the audit trail.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
AUDIT_TRUST_X_FORWARDED_FOR = BEHIND_PROXY

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
