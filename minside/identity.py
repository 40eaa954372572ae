"""Who a Min side user is: the CPR number their identity carries, and nothing else.

Both ways in go through here: the demo account login (username and password; `CitizenAccount.cpr`) and
MitID through an OpenID Connect broker (the ID token's CPR claim → `account_for_identity`, minside.oidc). The
session is marked as a citizen session at login (`mark_session`), so staff and citizen sessions stay
apart without a query per request (`minside.middleware`)."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from carecore import cpr as cprlib
from citizens.models import Citizen

from .models import CitizenAccount, PowerOfAttorney

SESSION_KEY = "minside_citizen"


def normalised(cpr):
    """The CPR number as DDMMYY-SSSS, or None when it is not one."""
    try:
        return cprlib.parse(cpr)[0]
    except ValidationError:
        return None


def citizen_for_cpr(cpr):
    """The citizen whose CPR number this is, or None. The only way an identity becomes a citizen."""
    cpr = normalised(cpr)
    return Citizen.objects.filter(cpr=cpr).first() if cpr else None


def account_for_cpr(cpr, *, username=None):
    """The account of the person with this CPR number (created on first login through an identity
    provider; demo accounts are made by `minside.demo`)."""
    cpr = normalised(cpr)
    if cpr is None:
        raise ValidationError("not a CPR number")
    return CitizenAccount.objects.filter(cpr=cpr).select_related("user").first()


def account_for_identity(cpr, *, first_name="", last_name=""):
    """The account of the person an identity provider vouches for: theirs if they have one, else a new one
    when the CPR number is a citizen's or a relative's holding a power of attorney today; else None."""
    cpr = normalised(cpr) if isinstance(cpr, str) else None
    if cpr is None:
        return None
    account = account_for_cpr(cpr)
    if account is not None:
        return account
    if citizen_for_cpr(cpr) is None and not grants_for(cpr, timezone.localdate()).exists():
        return None
    with transaction.atomic():
        user = get_user_model()(
            username=f"mitid-{secrets.token_hex(6)}", first_name=first_name[:150], last_name=last_name[:150]
        )
        user.set_unusable_password()
        user.save()
        return CitizenAccount.objects.create(user=user, cpr=cpr)


def account_of(user):
    """The user's citizen account, or None for staff (and anonymous users)."""
    if not user.is_authenticated:
        return None
    return CitizenAccount.objects.filter(user=user).first()


def grants_for(cpr, day):
    """The powers of attorney the person with this CPR number holds on `day`."""
    cpr = normalised(cpr)
    if cpr is None:
        return PowerOfAttorney.objects.none()
    return PowerOfAttorney.objects.in_force(day).filter(grantee_cpr=cpr)


def is_citizen_session(request):
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def mark_session(sender, request, user, **kwargs):
    """At every login (staff or citizen page, demo or identity provider): is this a citizen session?"""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = CitizenAccount.objects.filter(user=user).exists()


def session_citizen(request):
    """The citizen whose own session this is (citizens.portal.citizen_of), else None."""
    if not is_citizen_session(request):
        return None
    account = account_of(request.user)
    return citizen_for_cpr(account.cpr) if account else None
