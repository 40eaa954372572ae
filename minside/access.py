"""Whose Min side is this, and the look at it in the access log (Sundhedsloven §42a): the person's own
record ("egen adgang") or one a power of attorney allows ("fuldmagt"). Refused looks are logged too."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from carecore.clientip import client_ip
from citizens.models import AccessLog, AccessPart, Citizen

from .identity import account_of, citizen_for_cpr, grants_for, is_citizen_session


def citizen_page(view):
    """Min side views: a citizen session only (staff are refused, anonymous users sent to the citizen
    login); the account is on `request.citizen_account`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = account_of(request.user) if is_citizen_session(request) else None
        if account is None:
            raise PermissionDenied
        request.citizen_account = account
        return view(request, *args, **kwargs)

    wrapped = login_required(wrapped, login_url="minside:login")
    wrapped.citizen_page = True
    return wrapped


@dataclass
class Acting:
    citizen: Citizen
    own: bool
    grant: object = None


def _log(request, citizen, part, purpose, outcome=AccessLog.Outcome.SHOWN):
    AccessLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        citizen=citizen,
        part=part,
        purpose=purpose,
        outcome=outcome,
        ip_address=client_ip(request),
        unit_name="",  # the person themself or a relative: no unit
    )


def own_purpose():
    return _("own access")


def attorney_purpose():
    return _("power of attorney")


def acting(request, part, citizen_pk=None):
    """The citizen whose page is shown, the look logged. `citizen_pk` None: one's own record (None
    when the person has none, e.g. a relative only); else a citizen one holds a power of attorney for
    in force today covering `part`, or 403 (a refused look, logged when the citizen exists)."""
    account = request.citizen_account
    if citizen_pk is None:
        citizen = citizen_for_cpr(account.cpr)
        if citizen is not None:
            _log(request, citizen, part, own_purpose())
            return Acting(citizen=citizen, own=True)
        return None
    grant = (
        grants_for(account.cpr, timezone.localdate())
        .for_part(part)
        .filter(citizen_id=citizen_pk)
        .select_related("citizen")
        .first()
    )
    if grant is None:
        citizen = Citizen.objects.filter(pk=citizen_pk).first()
        if citizen is not None:
            _log(request, citizen, part, attorney_purpose(), AccessLog.Outcome.REFUSED)
        raise PermissionDenied
    _log(request, grant.citizen, part, attorney_purpose())
    return Acting(citizen=grant.citizen, own=False, grant=grant)


def refuse(request, citizen, part):
    """A refused look at another citizen's object (e.g. a power of attorney id in a URL): logged, 403."""
    _log(request, citizen, part, own_purpose(), AccessLog.Outcome.REFUSED)
    raise PermissionDenied


def look_at(request, citizen, part):
    """A module's citizen page (citizens.portal.look): the session's own record, or a citizen a power of
    attorney in force today covers for care ("My page: own care"); the look logged as `part`. Else the
    refusal is logged and PermissionDenied raised."""
    account = request.citizen_account
    if citizen_for_cpr(account.cpr) == citizen:
        _log(request, citizen, part, own_purpose())
        return
    allowed = (
        grants_for(account.cpr, timezone.localdate())
        .for_part(AccessPart.OWN_PAGE)
        .filter(citizen=citizen)
        .exists()
    )
    if not allowed:
        _log(request, citizen, part, attorney_purpose(), AccessLog.Outcome.REFUSED)
        raise PermissionDenied
    _log(request, citizen, part, attorney_purpose())
