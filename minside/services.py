"""Powers of attorney registered and revoked by staff (from the citizen's signed paper form), and
citizens' questions about a look at their record."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Notification
from carecore.notifications import notify_many
from carecore.roles import Role

from .models import AccessQuestion, PowerOfAttorney


@transaction.atomic
def register_power_of_attorney(citizen, *, data, by):
    grant = PowerOfAttorney(citizen=citizen, registered_by=by, **data)
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def revoke_power_of_attorney(grant, *, by):
    """From now on the relative is refused. Kept, not deleted: it says who could see what, and when."""
    grant = PowerOfAttorney.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
    return grant


@transaction.atomic
def ask_about_look(citizen, *, look, question, by):
    """The citizen's (or relative's) question goes to the data-protection contact: a row with a receipt,
    and a note in the inbox of each system administrator (who answers for the municipality's access
    log), linking to the question in the admin."""
    asked = AccessQuestion.objects.create(citizen=citizen, look=look, asked_by=by, question=question)
    User = get_user_model()
    contacts = User.objects.filter(is_active=True, groups__name=str(Role.SYSADMIN)).values_list(
        "pk", flat=True
    )
    with override(settings.LANGUAGE_CODE):
        title = _("A citizen asks about a look at their record (%(receipt)s)") % {"receipt": asked.receipt}
    notify_many(
        Notification(
            user_id=pk,
            key=f"minside-question:{asked.pk}",
            title=title,
            url=reverse("admin:minside_accessquestion_change", args=[asked.pk]),
        )
        for pk in contacts
    )
    return asked
