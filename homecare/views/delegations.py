"""Delegations (/sygepleje/delegeringer/): the valid delegations of the teams in scope by team and
expiry, those expiring within 14 days marked; a nurse delegates a task here."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carecore.forms import DateInput, add_service_errors
from carecore.models import Unit, UnitKind, scope_unit_ids
from carecore.registry import require_page
from carecore.roles import Role, has_role
from citizens.models import Citizen

from ..delegation import REMIND_DAYS, Delegation, DoctorOrder, Level, delegate
from ..models import DelegatedTask


class DelegationForm(forms.Form):
    order = forms.ModelChoiceField(
        label=_lazy("Doctor's order"),
        queryset=DoctorOrder.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )
    team = forms.ModelChoiceField(label=_lazy("Team"), queryset=Unit.objects.none())
    carer = forms.ModelChoiceField(
        label=_lazy("Named carer"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_lazy("Leave empty to delegate to the whole team."),
    )
    task = forms.ChoiceField(label=_lazy("Task"), choices=DelegatedTask.choices)
    level = forms.ChoiceField(label=_lazy("Competence level"), choices=Level.choices)
    instruction = forms.CharField(label=_lazy("Instruction"), widget=forms.Textarea(attrs={"rows": 3}))
    valid_from = forms.DateField(label=_lazy("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_lazy("Review date"), widget=DateInput())

    def __init__(self, *args, teams, orders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = orders if orders is not None else DoctorOrder.objects.none()
        self.fields["team"].queryset = teams
        self.fields["carer"].queryset = (
            get_user_model()
            .objects.filter(memberships__unit__in=teams, groups__name__in=[Role.SSH.value, Role.SSA.value])
            .distinct()
            .order_by("first_name", "last_name")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The review date lies before the start."))
        carer, team = data.get("carer"), data.get("team")
        if carer and team and not carer.memberships.filter(unit=team).exists():
            self.add_error("carer", _("The carer is not on that team."))
        order = data.get("order")
        if order and team and not order.citizen.units.filter(pk=team.pk).exists():
            self.add_error("team", _("The team does not serve the citizen the order is for."))
        if order and start and start < order.valid_from:
            self.add_error("valid_from", _("The delegation cannot start before the order does."))
        if order and end and order.valid_to and end > order.valid_to:
            self.add_error(
                "valid_until",
                _("The delegation cannot last longer than the order (until %(date)s).")
                % {"date": order.valid_to.strftime("%d.%m.%Y")},
            )
        return data


@require_page("homecare:delegations")
def delegations(request):
    today = timezone.localdate()
    teams = Unit.objects.filter(pk__in=scope_unit_ids(request.user), kind=UnitKind.TEAM).order_by("name")
    can_delegate = has_role(request.user, Role.NURSE)
    # "Delegate from this order" on the doctor's-order page: the order of a citizen in scope, still in force
    orders = (
        DoctorOrder.objects.filter(citizen__in=Citizen.objects.visible_to(request.user).values("pk"))
        .exclude(valid_to__lt=today)
        .select_related("citizen")
    )
    asked = request.POST.get("order") if request.method == "POST" else request.GET.get("ordination")
    order = orders.filter(pk=asked).first() if (asked or "").isdigit() else None
    initial = {"valid_from": today}
    if order is not None:
        initial.update(order=order, valid_from=max(today, order.valid_from), valid_until=order.valid_to)
    form = DelegationForm(request.POST or None, teams=teams, orders=orders, initial=initial)
    if request.method == "POST":
        if not can_delegate:
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                delegate(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The task was delegated."))
                return redirect("homecare:delegations")
    rows = list(
        Delegation.objects.visible_to(request.user)
        .filter(withdrawn_at__isnull=True, valid_until__gte=today)
        .select_related("team", "carer", "delegated_by", "order")
        .order_by("team__name", "valid_until", "id")
    )
    soon = {d.pk for d in rows if (d.valid_until - today).days <= REMIND_DAYS}
    return render(
        request,
        "homecare/delegations.html",
        {
            "rows": rows,
            "soon": soon,
            "form": form,
            "can_delegate": can_delegate,
            "today": today,
            "order": order,
        },
        status=400 if form.errors else 200,
    )
