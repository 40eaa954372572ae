"""Doctor's orders of one citizen (ordination/behandlingsplan, §138): the nurse records what the citizen's
own doctor or the hospital ordered — what, why, from whom, from/to and how to observe — and the nursing
plan and delegations build on it. Leaders and visitators read them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from carecore.access import get_visible_or_403
from carecore.forms import DateInput, SafeDateField, add_service_errors
from carecore.registry import require_page
from carecore.roles import Role, has_role
from citizens.models import Citizen

from ..delegation import Delegation, DoctorOrder, record_order


class DoctorOrderForm(forms.Form):
    what = forms.CharField(label=_lazy("What is ordered"), max_length=300)
    why = forms.CharField(label=_lazy("Why"), max_length=300)
    ordered_by = forms.CharField(
        label=_lazy("Ordered by"),
        max_length=120,
        help_text=_lazy(
            "The citizen's own doctor or the hospital ward, e.g. 'Egen læge' or 'OUH, medicinsk afd.'"
        ),
    )
    valid_from = SafeDateField(label=_lazy("From"), widget=DateInput())
    valid_to = SafeDateField(label=_lazy("To"), required=False, widget=DateInput())
    observation = forms.CharField(
        label=_lazy("How to observe"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end lies before the start."))
        return data


@require_page("homecare:citizen_orders")
@require_http_methods(["GET", "POST"])
def citizen_orders(request, citizen_pk):
    citizen = get_visible_or_403(
        request, Citizen.objects.visible_to(request.user), citizen_pk, part="ordination"
    )
    can_record = has_role(request.user, Role.NURSE)
    form = DoctorOrderForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST":
        if not can_record:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                record_order(citizen, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The doctor's order was recorded."))
                return redirect("homecare:citizen_orders", citizen_pk=citizen.pk)
    orders = list(
        DoctorOrder.objects.filter(citizen=citizen)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch(
                "delegations",
                Delegation.objects.select_related("team", "carer").order_by("valid_until", "id"),
            )
        )
    )
    return render(
        request,
        "homecare/orders.html",
        {
            "citizen": citizen,
            "orders": orders,
            "form": form,
            "can_record": can_record,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )
