"""Powers of attorney registered and revoked by staff (from the citizen's signed paper form), and
citizens' questions about a look at their record."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import save_valid
from carecore.notifications import notify
from carecore.roles import Role

from .models import AccessQuestion, PowerOfAttorney


@transaction.atomic
def register_power_of_attorney(citizen, *, data, by):
    grant = PowerOfAttorney(citizen=citizen, registered_by=by, **data)
    return save_valid(grant)


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
    and a note in the inbox of each data-protection contact (and system administrator, who stands in),
    linking to the question on their page."""
    asked = AccessQuestion.objects.create(citizen=citizen, look=look, asked_by=by, question=question)
    User = get_user_model()
    contacts = (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=str(Role.DPO)) | Q(groups__name=str(Role.SYSADMIN)))
        .values_list("pk", flat=True)
        .distinct()
    )
    with override(settings.LANGUAGE_CODE):
        title = _("A citizen asks about a look at their record (%(receipt)s)") % {"receipt": asked.receipt}
    notify(
        contacts, key=f"minside-question:{asked.pk}", title=title, url=reverse("dpo:answer", args=[asked.pk])
    )
    return asked


@transaction.atomic
def answer_question(question, *, answer, by):
    """The data-protection contact's answer, shown to the asker on Min side. Answered once: a second
    answer (two contacts at the same time) is refused, and the first one stands."""
    question = AccessQuestion.objects.select_for_update().get(pk=question.pk)
    if question.answered_at is not None:
        raise ValidationError(_("This question has already been answered."), code="answered")
    question.answer = answer
    question.answered_by = by
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    return question
