from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore.forms import DateInput, SafeDateField, text_field
from carecore.models import Unit, UnitKind
from citizens.forms import CitizenByCprMixin

from .models import LawFrame, Outcome, Service, Source

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
WEEKDAYS = [
    ("0", _("Mon")),
    ("1", _("Tue")),
    ("2", _("Wed")),
    ("3", _("Thu")),
    ("4", _("Fri")),
    ("5", _("Sat")),
    ("6", _("Sun")),
]
SERVICE_LINES = 4


def day_field(label, required=True, **kwargs):
    return SafeDateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs
    )


def providers():
    """Frit valg: the municipal home-care teams and the approved private providers."""
    return Unit.objects.filter(Q(kind=UnitKind.TEAM) | Q(is_private_provider=True)).order_by(
        "-is_private_provider", "path"
    )


class AssessmentForm(forms.Form):
    assessed_on = day_field(_("Assessed on"), initial=timezone.localdate)
    home_visit_on = day_field(_("Home visit on"), required=False)
    home_visit_note = text_field(_("Notes from the home visit"), required=False, max_length=4000)
    rehab_potential = forms.TypedChoiceField(
        label=_("Rehabilitation potential"),
        choices=[("yes", _("Yes – rehabilitation first (§83a)")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    rehab_reason = text_field(_("Reason for the assessment of the potential"), max_length=2000, rows=2)

    def clean(self):
        data = super().clean()
        visit = data.get("home_visit_on")
        assessed = data.get("assessed_on")
        if assessed and assessed > timezone.localdate():
            self.add_error("assessed_on", _("An assessment cannot be dated in the future."))
        if visit and assessed and visit > assessed:
            self.add_error("home_visit_on", _("The home visit must be on or before the assessment."))
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    law_frame = forms.ChoiceField(
        label=_("Law"),
        choices=LawFrame.choices,
        help_text=_(
            "Set from the citizen's age; the Elderly Act may also apply to a younger citizen whose needs match."
        ),
    )
    provider = forms.ModelChoiceField(
        label=_("Provider (the citizen's free choice)"), queryset=Unit.objects.none(), required=False
    )
    start_on = day_field(_("From"))
    reassess_on = day_field(_("Re-assessment"), required=False)
    reasons = text_field(_("Reasons"), max_length=4000, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers()

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.GRANTED:
            if not data.get("provider"):
                self.add_error("provider", _("Choose the provider the citizen has chosen."))
            if not data.get("reassess_on"):
                self.add_error("reassess_on", _("Set a re-assessment date."))
        start, reassess = data.get("start_on"), data.get("reassess_on")
        if start and reassess and reassess <= start:
            self.add_error("reassess_on", _("The re-assessment must come after the start."))
        return data


class ServiceLineForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False, empty_label=_("(none)")
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.IntegerField(label=_("Minutes per visit"), required=False, min_value=1, max_value=600)
    note = forms.CharField(label=_("Tasks and note"), required=False, max_length=300)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            services if services is not None else Service.objects.filter(is_active=True)
        )

    def clean(self):
        data = super().clean()
        service = data.get("service")
        if service is None:
            return data
        if not data.get("weekdays"):
            self.add_error("weekdays", _("Tick the weekdays of the service."))
        if not data.get("minutes"):
            if service.standard_minutes:
                data["minutes"] = service.standard_minutes
            else:
                self.add_error("minutes", _("Give the minutes per visit."))
        return data


class BaseServiceLines(forms.BaseFormSet):
    def __init__(self, *args, services=None, **kwargs):
        self.services = services
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "services": self.services}

    def lines(self):
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("service")]


ServiceLines = forms.formset_factory(
    ServiceLineForm, formset=BaseServiceLines, extra=0, max_num=SERVICE_LINES
)


def service_lines(data=None, *, initial=(), services=None):
    initial = list(initial)[:SERVICE_LINES]
    initial += [{}] * (SERVICE_LINES - len(initial))
    return ServiceLines(data, initial=initial, prefix="services", services=services)


class RequestForm(CitizenByCprMixin, forms.Form):
    """A request typed in by the visitator (the citizen or a relative phoned)."""

    cpr = forms.CharField(label=_("Citizen (CPR number)"), max_length=11, help_text=_("DDMMYY-SSSS"))
    source = forms.ChoiceField(
        label=_("From"),
        choices=[
            (s, label) for s, label in Source.choices if s in (Source.CITIZEN, Source.RELATIVE, Source.TYPED)
        ],
    )
    text = text_field(_("What is asked for"), max_length=4000)
