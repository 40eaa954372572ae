"""Hospital messages' pages (see carecore.registry)."""

from django.utils.translation import gettext_lazy as _

from carecore.registry import Page, declare
from carecore.roles import Role

declare(
    Page("hospital:unmatched", roles=(Role.VISITATOR,), label=_("Hospital messages"), nav=65),
    Page("hospital:match", roles=(Role.VISITATOR,), model="hospital.HospitalMessage"),
)
