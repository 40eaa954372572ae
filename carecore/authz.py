"""Per-user authorisation facts — roles, model permissions and scope — cached across requests.

Every page needs all three; computing them costs four queries. They are kept in the cache under the
user's id together with a global version; any change to memberships, units, groups or permissions bumps
the version (signals below), and entries also expire after AUTHZ_TTL seconds as a safety net for bulk
writes that send no signals.

Without Redis the facts are computed on every request (the cache swallows its errors). A version bump that
could not reach Redis is tried again on this process's next request, so no entry outlives a change made
during an outage by more than that.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "authz:version"
AUTHZ_TTL = 300
_bump_pending = False


def _key(user_id):
    return f"authz:user:{user_id}"


def _compute(user):
    from django.contrib.auth.backends import ModelBackend

    from .models import scope_unit_ids, unit_names
    from .roles import role_names

    for attr in (
        "_role_names",
        "_scope_unit_ids",
        "_unit_names",
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
    ):
        if hasattr(user, attr):
            delattr(user, attr)
    backend = ModelBackend()
    return {
        "roles": role_names(user),
        "scope": scope_unit_ids(user),
        "units": unit_names(user),
        "user_perms": frozenset(backend.get_user_permissions(user)),
        "group_perms": frozenset(backend.get_group_permissions(user)),
    }


def attach(user):
    """Put the cached facts on the user object, where role_names, scope_unit_ids and Django's
    ModelBackend look for them. One cache round trip when warm."""
    if not user.is_authenticated or not user.is_active:
        return
    if _bump_pending:
        invalidate()
    found = cache.get_many([VERSION_KEY, _key(user.pk)])
    version = found.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    entry = found.get(_key(user.pk))
    if not entry or entry.get("version") != version:
        entry = {"version": version, **_compute(user)}
        cache.set(_key(user.pk), entry, timeout=AUTHZ_TTL)
    user._role_names = entry["roles"]
    user._scope_unit_ids = entry["scope"]
    user._unit_names = entry.get("units")
    user._user_perm_cache = set(entry["user_perms"])
    user._group_perm_cache = set(entry["group_perms"])
    user._perm_cache = set(entry["user_perms"]) | set(entry["group_perms"])


def invalidate(**kwargs):
    global _bump_pending
    try:
        # django-redis answers None when Redis is unreachable (IGNORE_EXCEPTIONS)
        _bump_pending = cache.incr(VERSION_KEY) is None
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
        _bump_pending = False


class AuthzMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            attach(user)
        return self.get_response(request)


def connect_signals():
    from .models import Membership, Unit

    User = get_user_model()
    for model in (Membership, Unit, Group):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"authz-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"authz-delete-{model.__name__}")
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
        Unit.covers.through,
    ):
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"authz-m2m-{through.__name__}")
    post_save.connect(invalidate, sender=User, dispatch_uid="authz-save-user")
