"""Settings for the Herstelcirkel platform, read from the environment.

Unset variables give the embedded mode (SQLite, in-memory channel layer, local-memory
cache, immediate tasks, console e-mail). ``DJANGO_ENV=production`` switches to the
strict mode, which refuses to start without a real secret key and allowed hosts.
Every variable is listed in ``.env.example`` and README.md.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.database import default_database
from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


ENVIRONMENT = env("DJANGO_ENV", "embedded")
if ENVIRONMENT not in {"embedded", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'embedded' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

INSECURE_SECRET_KEY = "embedded-mode-only-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", "" if PRODUCTION else INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY == INSECURE_SECRET_KEY or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "Production needs SECRET_KEY: at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS, e.g. herstelcirkel.nl")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production")
    if not env("EMAIL_HOST"):
        raise ImproperlyConfigured("Production needs EMAIL_HOST: log-in codes are sent by e-mail")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "channels",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "privacy.wagtail_users.LoggedUsersConfig",  # wagtail.users, access-logged
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "accounts",
    "groups",
    "access",
    "sessions.apps.SessionsConfig",
    "contributions",
    "cms",
    "health",
    "reports",
    "chat",
    "privacy",
    "safety",
    "coupling",
    "notifications",
    "attention",
    "notices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.NoStoreForLoggedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "privacy.middleware.StaffSecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "config.asgi.application"

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
                "accounts.context_processors.text_size",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ can replace a library's widget template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite file unless DATABASE_URL names another (PostgreSQL in production);
# DATABASE_POOL_SIZE bounds a process's PostgreSQL connections (config/database.py).
DATABASES = {"default": default_database(BASE_DIR)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text search (GIN indexes) there.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, when given, carries the cache (rate limits) and the channel layer for every process.
REDIS_URL = env("REDIS_URL")
# Redis pub/sub channels are shared by all databases of a Redis server: two sites (or test
# runs) on one server need their own prefix, not only their own database number.
REDIS_PREFIX = env("REDIS_PREFIX", "hc")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, with one client per connection pool
            "BACKEND": "config.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: a group message reaches each process once, which hands it to its
            # sockets (the chat stores every message first, so none relies on the layer).
            "BACKEND": "chat.layers.ChatPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": REDIS_PREFIX},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work: immediate in the embedded mode, a database queue served by
# `manage.py db_worker` in production.
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django.tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Accounts: e-mail is the log-in; participants may log in by an e-mailed code only.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60  # older participants may need more than 3 minutes
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}  # easy to type
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Herstelcirkel] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True  # participants may log in with a passkey beside the code
MFA_TOTP_ISSUER = "Herstelcirkel"
MFA_TOTP_TOLERANCE = 1  # accept the previous and next 30-second code: slow typists, clock drift
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION  # security keys on http://127.0.0.1
# Staff (coaches, nurses, managers, funders, administrators) must set up a second factor
# before reaching anything else (privacy.middleware); participants may opt in.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=True)
if PRODUCTION and not MFA_REQUIRED_FOR_STAFF:
    raise ImproperlyConfigured("MFA_REQUIRED_FOR_STAFF cannot be switched off in production")
# A staff session ends after this many seconds without a request (0: never).
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
# Log-in protection: counted in the cache, which is Redis (shared by every process) when
# REDIS_URL is set. Five failed attempts per address lock it for five minutes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "request_login_code": "20/m/ip,3/m/key",
    "reauthenticate": "10/m/user",
}
# "Log out everywhere else": sessions are listed from their log-in; tracking every request
# would cost a database write per page.
USERSESSIONS_TRACK_ACTIVITY = False
# Access log and data rights (privacy/): finished cohorts' personal data are pseudonymised
# this many days after the cohort finished (manage.py apply_retention, daily).
DATA_RETENTION_DAYS_AFTER_FINISH = env_int("DATA_RETENTION_DAYS_AFTER_FINISH", 2 * 365)

# Language: Dutch first, English on request; formats follow the language.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION

# Static files, served by WhiteNoise from the same process (no CDN: works offline).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# E-mail: printed to the console unless an SMTP host is given.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # deprecated as a setting since Django 6.1; MAILERS carries it
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Herstelcirkel <noreply@herstelcirkel.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Stripe: without keys the Stripe option is hidden and contributions are recorded by hand.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")  # only for tests against localstripe

# Wagtail
WAGTAIL_SITE_NAME = "Herstelcirkel"
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL stems Dutch words ("medicijnen" finds "medicijn"); SQLite's FTS5 cannot.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
# Pages exist in Dutch and English; cms.HomePage.route and a before_serve_page hook serve
# the translation matching the language chosen with the switch (no /en/ URL prefix).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # members-only pages and documents use our log-in
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # through a view that checks privacy, never /media/
# Uploads: only these types (checked by extension and, for images, by decoding them),
# at most 10 MB an image; no SVG or HTML that a browser could run.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no staff e-mail hashes sent to a third party
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin calls no outside server

# Content-Security-Policy: own origin only, scripts with a per-response nonce, no inline code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Funder reports: a figure about fewer people than this is withheld ("< 5").
# Safety net (safety/): an alert nobody acknowledged within this many working hours
# (Monday to Friday, SAFETY_WORKING_DAY on the Dutch clock) goes to the practice's second
# contact and the programme manager.
SAFETY_ESCALATION_WORKING_HOURS = env_int("SAFETY_ESCALATION_WORKING_HOURS", 4)
if not 1 <= SAFETY_ESCALATION_WORKING_HOURS <= 40:
    raise ImproperlyConfigured("SAFETY_ESCALATION_WORKING_HOURS must be between 1 and 40")
SAFETY_WORKING_DAY = (8, 17)

REPORT_MIN_GROUP_SIZE = env_int("REPORT_MIN_GROUP_SIZE", 5)
if REPORT_MIN_GROUP_SIZE < 2:
    raise ImproperlyConfigured("REPORT_MIN_GROUP_SIZE must be at least 2")
# Means, shares and money only over groups of at least this many (docs/disclosure-control.md)
REPORT_MIN_MAGNITUDE_GROUP_SIZE = env_int("REPORT_MIN_MAGNITUDE_GROUP_SIZE", 10)
if REPORT_MIN_MAGNITUDE_GROUP_SIZE < REPORT_MIN_GROUP_SIZE:
    raise ImproperlyConfigured(
        "REPORT_MIN_MAGNITUDE_GROUP_SIZE must be at least REPORT_MIN_GROUP_SIZE"
    )
# The secret behind the record keys of the cell-key method; SECRET_KEY when empty.
# Changing it changes every perturbed figure: set it once and keep it.
REPORT_CELL_KEY_SECRET = env("REPORT_CELL_KEY_SECRET", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
    },
    # Django's task backends log every task at INFO; only problems are worth printing.
    "loggers": {"django.tasks": {"level": "WARNING"}},
}
