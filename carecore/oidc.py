"""Login through an OpenID Connect identity provider (mozilla-django-oidc): the code flow with state,
nonce and PKCE (S256), the ID token's RS256 signature checked against the provider's published keys, its
audience and issuer checked too. Each provider — the MitID broker for citizens (`minside.oidc`), the
municipality's IdP for staff (here) — is one entry of `settings.OIDC_PROVIDERS`; an unset provider has
no button and its URLs answer 404, so Omsorg runs without any IdP. MFA is the provider's business.

A provider's backend turns the checked claims into a user (`user_from_claims`) or refuses the login
with a Danish message for the login page (`refuse`)."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import ExternalIdentity, Membership, StaffProfile, Unit
from .roles import Role

logger = logging.getLogger(__name__)

# The same for every provider, whatever the settings say.
FIXED = {
    "OIDC_USE_NONCE": True,
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_CREATE_USER": False,
    "OIDC_VERIFY_KID": True,
}


def provider_settings(name):
    """The provider's settings, or None when it is not configured (no client id)."""
    conf = getattr(settings, "OIDC_PROVIDERS", {}).get(name)
    return conf if conf and conf.get("OIDC_RP_CLIENT_ID") else None


def is_enabled(name):
    return provider_settings(name) is not None


class ProviderSettings:
    """mozilla-django-oidc reads its settings through `get_settings`: here, from one provider's entry and
    its routes (callback, where to go after a login and after a refusal)."""

    provider = ""
    routes = {}

    def get_settings(self, attr, *default):
        conf = provider_settings(self.provider) or {}
        if attr in FIXED:
            return FIXED[attr]
        if attr in self.routes:
            return self.routes[attr]
        if attr in conf:
            return conf[attr]
        return getattr(settings, attr, default[0] if default else None)


class ProviderView(ProviderSettings):
    """A provider's view: 404 while the provider is not configured."""

    def dispatch(self, request, *args, **kwargs):
        if not is_enabled(self.provider):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class StartView(ProviderView, OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with a fresh state, nonce and PKCE challenge in the session."""


class CallbackView(ProviderView, OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code: a machine endpoint whose own checks (state,
    PKCE, signature, nonce) are its authentication. Any failure ends on the login page with a message."""

    def get(self, request):
        request.oidc_provider = self.provider
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError) as exc:
            logger.warning("OpenID Connect login refused (%s): %s", self.provider, exc)
            return self.login_failure()

    @property
    def failure_url(self):
        return resolve_url(self.routes["LOGIN_REDIRECT_URL_FAILURE"])

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", None)
        messages.error(self.request, refusal or _("The login could not be completed. Please try again."))
        return HttpResponseRedirect(self.failure_url)


def provider_routes(*, callback, success, failure):
    """A provider's URL names: its callback, where a login goes, where a refusal goes."""
    return {
        "OIDC_AUTHENTICATION_CALLBACK_URL": callback,
        "LOGIN_REDIRECT_URL": success,
        "LOGIN_REDIRECT_URL_FAILURE": failure,
    }


def login_views(backend):
    """The start and callback views of a provider's backend, public (they are how one logs in)."""
    initkwargs = {"provider": backend.provider, "routes": backend.routes}
    return (
        login_not_required(StartView.as_view(**initkwargs)),
        login_not_required(CallbackView.as_view(**initkwargs)),
    )


class ProviderBackend(ProviderSettings, OIDCAuthenticationBackend):
    """Authenticates only a callback of its own provider, grants no permissions (ModelBackend does)."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        if is_enabled(self.provider):
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if request is None or getattr(request, "oidc_provider", None) != self.provider:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO or "kid" not in header:
            raise SuspiciousOperation("The ID token is not signed with the provider's key.")
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        issuer = self.get_settings("OIDC_OP_ISSUER")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = self.get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):  # OpenID Connect Core 5.3.4
                raise SuspiciousOperation("The userinfo answer is about another subject.")
            claims = {**info, **payload}
        return self.user_from_claims(claims)

    def user_from_claims(self, claims):
        raise NotImplementedError

    def refuse(self, message):
        """Stop the login (django.contrib.auth records the failure) and tell the person why."""
        self.request.oidc_refusal = message
        raise PermissionDenied(message)

    get_user = ModelBackend.get_user

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    get_group_permissions = get_all_permissions = get_user_permissions

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


# --- Staff: the municipality's IdP ---------------------------------------------------------------


def grants_for_groups(groups):
    """The roles, and the units with a leader flag, that the IdP groups give (settings.OIDC_STAFF_GROUPS:
    group name → {"role": ..., "unit": <unit code>, "leader": bool}); unknown groups give nothing."""
    mapping = settings.OIDC_STAFF_GROUPS
    if isinstance(groups, str):
        groups = [groups]
    roles, units = [], {}
    for group in groups or ():
        grant = mapping.get(group)
        if not grant:
            continue
        role = grant.get("role")
        if role in Role.values and role not in roles:
            roles.append(role)
        elif role:
            logger.warning("OIDC_STAFF_GROUPS: %r maps to an unknown role %r", group, role)
        if grant.get("unit"):
            units[grant["unit"]] = units.get(grant["unit"], False) or bool(grant.get("leader"))
    return roles, units


@transaction.atomic
def sync_staff(*, issuer, subject, username, claims, roles, units):
    """The staff user this IdP identity is (linked by issuer and subject, created at the first login),
    with exactly the roles and units its groups give today. None when the username is a local account's."""
    link = ExternalIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    User = get_user_model()
    if link is None:
        if User.objects.filter(username=username).exists():
            return None
        user = User(username=username)
        user.set_unusable_password()
        user.save()
        ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    else:
        user = link.user
    user.first_name = str(claims.get("given_name") or user.first_name)[:150]
    user.last_name = str(claims.get("family_name") or user.last_name)[:150]
    user.email = str(claims.get("email") or user.email)[:254]
    user.save(update_fields=["first_name", "last_name", "email"])

    held = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    if held != set(roles):
        user.groups.remove(*Group.objects.filter(name__in=held - set(roles)))
        user.groups.add(*Group.objects.filter(name__in=set(roles) - held))
    if roles:
        StaffProfile.objects.update_or_create(user=user, defaults={"job_title": roles[0]})

    found = {u.code: u for u in Unit.objects.filter(code__in=units)}
    for code in set(units) - set(found):
        logger.warning("OIDC_STAFF_GROUPS: no unit with code %r", code)
    Membership.objects.filter(user=user).exclude(unit__code__in=found).delete()
    for code, unit in found.items():
        Membership.objects.update_or_create(user=user, unit=unit, defaults={"is_leader": units[code]})
    return user


class StaffBackend(ProviderBackend):
    provider = "staff"
    routes = provider_routes(callback="oidc_callback", success="home", failure="login")

    def user_from_claims(self, claims):
        roles, units = grants_for_groups(claims.get(settings.OIDC_STAFF_GROUPS_CLAIM))
        if not roles:
            self.refuse(
                _(
                    "Your login gives you no role in Omsorg. Ask your leader to add you to one of "
                    "Omsorg's groups."
                )
            )
        username = claims.get(settings.OIDC_STAFF_USERNAME_CLAIM)
        if not isinstance(username, str) or not 0 < len(username) <= 150:
            raise SuspiciousOperation("The identity provider sent no usable user name.")
        user = sync_staff(
            issuer=claims.get("iss", ""),
            subject=str(claims.get("sub", "")),
            username=username,
            claims=claims,
            roles=roles,
            units=units,
        )
        if user is None:
            self.refuse(
                _("A local account already has your user name. Ask the system administrator to link them.")
            )
        return user


staff_start, staff_callback = login_views(StaffBackend)
