"""Min side's staff pages (see carecore.registry). The citizens' own pages at /min-side/ are not role
pages: they are for citizen sessions only (minside.access.citizen_page, minside.middleware)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, declare

declare(
    Page(
        "attorneys:citizen",
        permission="citizens.change_citizen",
        label=_("Powers of attorney"),
        record_link=True,
        model="citizens.Citizen",
        id_kwarg="citizen_pk",
        part="paaroerende",
    ),
    Page(
        "attorneys:revoke",
        permission="citizens.change_citizen",
        model="minside.PowerOfAttorney",
        part="paaroerende",
    ),
)
