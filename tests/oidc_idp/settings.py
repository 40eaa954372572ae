"""Settings of the local test identity provider (tests.oidc_idp.serve sets the environment it reads)."""

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SECRET_KEY = "omsorg-local-test-identity-provider-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_idp.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [HERE / "templates"]}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_IDP_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# Cookies know hosts, not ports: next to Omsorg on 127.0.0.1 the provider must not overwrite its cookies.
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test provider: fast, not secure

# What this provider knows (a JSON file, see tests.oidc_idp.serve): its clients, and its people — username →
# password and the claims it vouches for (a CPR number for citizens, groups for staff).
CONFIG = json.loads(Path(os.environ["OIDC_IDP_CONFIG"]).read_text())
USERS = CONFIG["users"]

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_IDP_KEY"],
    "OIDC_ISS_ENDPOINT": os.environ["OIDC_IDP_ISSUER"],
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_idp.validator.ClaimsValidator",
    "SCOPES": {"openid": "OpenID Connect", "profile": "Name", "email": "E-mail"},
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}
