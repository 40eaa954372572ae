"""The acute team's call-outs (/sygepleje/akut/): the latest call-outs to the citizens in scope, the
citizens on an acute bed now (the Rehab- og Akutcenter's acute stays), a form for a nurse to log a call-out, and for the
leader the admissions avoided per month. Open to the acute team and the leaders above it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carecore.forms import SafeDateTimeField, add_service_errors
from carecore.registry import require_page
from carecore.roles import Role, has_role
from citizens.audit import log_access_many
from citizens.forms import CitizenByCprMixin
from citizens.models import AccessPart, Citizen

from ..acute import CallOut, Outcome, acute_bed_stays, log_call_out, serves_acute_team

LIST_SIZE = 100


class CallOutForm(CitizenByCprMixin, forms.Form):
    cpr = forms.CharField(label=_lazy("Citizen (CPR number)"), max_length=11, help_text=_lazy("DDMMYY-SSSS"))
    called_at = SafeDateTimeField(
        label=_lazy("Called out"), future=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=_lazy("Why"), max_length=300)
    outcome = forms.ChoiceField(label=_lazy("Outcome"), choices=[("", "---------"), *Outcome.choices])
    note = forms.CharField(
        label=_lazy("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@require_page("homecare:acute")
def acute(request):
    if not serves_acute_team(request.user):
        raise PermissionDenied
    now = timezone.now()
    can_log = has_role(request.user, Role.NURSE)
    form = CallOutForm(
        request.POST or None,
        citizens=Citizen.objects.visible_to(request.user),
        initial={"called_at": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")},
    )
    if request.method == "POST":
        if not can_log:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("cpr")
            try:
                log_call_out(by=request.user, now=now, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The call-out was logged."))
                return redirect("homecare:acute")
    visible = CallOut.objects.visible_to(request.user)
    rows = list(visible.select_related("citizen", "recorded_by")[:LIST_SIZE])
    acute_bed = acute_bed_stays(request.user, now)
    shown = [c.citizen_id for c in rows] + [stay.citizen_id for stay in acute_bed]
    log_access_many(request, shown, AccessPart.ACUTE_CALL_OUTS)
    per_month = (
        visible.avoided_per_month(timezone.localdate(now)) if has_role(request.user, Role.LEADER) else None
    )
    return render(
        request,
        "homecare/acute.html",
        {"rows": rows, "acute_bed": acute_bed, "per_month": per_month, "form": form, "can_log": can_log},
    )
