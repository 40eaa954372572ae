"""The core's pages (see carecore.registry)."""

from django.utils.translation import gettext_lazy as _

from .registry import ALL, Page, Tile, declare
from .roles import Role

declare(
    # The start page itself is open to every signed-in user; it is declared for the navigation.
    Page("home", roles=ALL, label=_("Start page"), nav=0),
    # Django admin checks is_staff itself; declared for the system administrator's start page.
    Page(
        "admin:index",
        roles=(Role.SYSADMIN,),
        tiles={Role.SYSADMIN: Tile(_("Administration"), _("Users, units and standards."), 20)},
    ),
)
