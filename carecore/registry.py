"""The registry of pages: who may open each page, and where it shows. Each app declares its pages once in
its own `pages.py` (found over INSTALLED_APPS, like admin.py); the navigation, the start pages, the
record's links and the views' own role checks (`require_page`) all read the same declaration."""

from dataclasses import dataclass, field
from functools import cached_property, wraps

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.module_loading import autodiscover_modules

from .roles import ROLE_PERMISSIONS, Role, role_names


@dataclass(frozen=True)
class Tile:
    """A start-page tile for one role: its label, one line saying what is there, and its position."""

    label: str
    description: str
    order: int


@dataclass(frozen=True)
class Page:
    """One URL name and who may open it: the users holding one of `roles`, or, for a page guarded by a
    model permission, holding `permission` (its roles are then those granted the permission).

    `nav` is the position in the navigation, `tiles` the start-page tile per role, `record_link` puts a
    link on the citizen record (the URL takes the citizen's id), `lands` the roles sent to this page
    right after login (a field role's day list) instead of the start page. A page taking an id names the `model`
    ("app_label.Model") the id in `id_kwarg` refers to, and the access-log `part` of a refused look."""

    name: str
    roles: tuple = ()
    permission: str = ""
    label: str = ""
    nav: int | None = None
    tiles: dict = field(default_factory=dict)
    record_link: bool = False
    model: str = ""
    id_kwarg: str = "pk"
    part: str = ""
    lands: tuple = ()

    @cached_property
    def allowed_roles(self):
        """Read on first use, after every app has registered its permissions."""
        if self.permission:
            return frozenset(str(r) for r, perms in ROLE_PERMISSIONS.items() if self.permission in perms)
        return frozenset(str(r) for r in self.roles)

    def allows(self, user):
        if self.permission:
            return user.has_perm(self.permission)
        return bool(role_names(user) & self.allowed_roles)


def pages(*names, **shared):
    """Pages guarded alike (the same roles, model and access-log part), one for each URL name."""
    return [Page(name, **shared) for name in names]


def record_page(name, *, label, part, id_kwarg="citizen_pk", **kwargs):
    """A page linked from the citizen record: its URL takes the citizen's id (in `id_kwarg`), and a
    refused look is logged under `part`."""
    return Page(
        name, label=label, record_link=True, model="citizens.Citizen", id_kwarg=id_kwarg, part=part, **kwargs
    )


registry: dict[str, Page] = {}
ALL = tuple(Role)


def declare(*pages):
    for page in pages:
        if page.name in registry:
            raise ImproperlyConfigured(f"Page {page.name!r} is declared twice.")
        if bool(page.roles) == bool(page.permission):
            raise ImproperlyConfigured(f"Page {page.name!r} needs either roles or a permission.")
        registry[page.name] = page


def autodiscover():
    autodiscover_modules("pages")


def get(name):
    try:
        return registry[name]
    except KeyError:
        raise ImproperlyConfigured(f"No page {name!r} is declared in any pages.py.") from None


def require_page(name):
    """View decorator: only the roles the page `name` declares may open it, else 403. When the page
    takes the id of a citizen's object, the refusal is a refused look and goes to the access log."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            page = get(name)
            if not page.allows(request.user):
                if page.model and page.id_kwarg in kwargs:
                    from .access import log_refused_look

                    log_refused_look(request, apps.get_model(page.model), kwargs[page.id_kwarg], page.part)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.page_name = name
        return wrapped

    return decorator
