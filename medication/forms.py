from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carecore.forms import DateInput, SafeDateField, add_service_errors, check_period

from . import services
from .models import DoseUnit, HowGiven, NotGivenReason, Outcome


class MedicineLineForm(forms.Form):
    """A medicine line as a nurse types it; the same rules as the service (impossible dose, end before
    start, a time outside the day), each error next to its field."""

    drug = forms.CharField(label=_("Drug"), max_length=120)
    form_strength = forms.CharField(
        label=_("Form and strength"), max_length=120, help_text=_("E.g. tablet 500 mg.")
    )
    dose = forms.DecimalField(label=_("Dose"), max_digits=8, decimal_places=2)
    dose_unit = forms.ChoiceField(label=_("Unit"), choices=DoseUnit.choices)
    times = forms.CharField(
        label=_("Times of day"), max_length=200, help_text=_("Separated by commas, e.g. 08:00, 12:00, 18:00.")
    )
    indication = forms.CharField(label=_("Indication"), max_length=200)
    prescriber = forms.CharField(label=_("Prescriber"), max_length=120)
    starts_on = forms.DateField(label=_("Start"), widget=DateInput())
    ends_on = forms.DateField(label=_("End"), required=False, widget=DateInput())
    how_given = forms.ChoiceField(label=_("How given"), choices=HowGiven.choices)
    note = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.check_content(data)
        except ValidationError as exc:
            add_service_errors(self, exc)
        return data


class AdministrationForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    due = forms.CharField(widget=forms.HiddenInput, max_length=5)
    outcome = forms.ChoiceField(label=_("Given?"), choices=Outcome.choices)
    reason = forms.ChoiceField(
        label=_("Reason not given"), choices=[("", "—"), *NotGivenReason.choices], required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_due(self):
        try:
            (due,) = services.parse_times(self.cleaned_data["due"])
        except (ValidationError, ValueError):
            raise ValidationError(_("Not a time of day.")) from None
        return due

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.NOT_GIVEN and not data.get("reason"):
            self.add_error("reason", _("Say why the medicine was not given."))
        return data


class PouringForm(forms.Form):
    """Ophældning: the period poured and which of the citizen's medicines. The service refuses a
    dose-dispensed line, a line not in force in the period and an end before the start."""

    starts_on = SafeDateField(label=_("Poured from"), widget=DateInput())
    ends_on = SafeDateField(label=_("Poured to"), widget=DateInput())
    lines = forms.MultipleChoiceField(
        label=_("Medicines poured"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the medicines you poured.")},
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [
            (
                str(line.pk),
                f"{line.current.drug} {line.current.form_strength} ({line.current.get_how_given_display()})",
            )
            for line in lines
        ]

    def clean(self):
        data = super().clean()
        check_period(self, _("The end lies before the start."))
        return data


class PouringCheckForm(forms.Form):
    note = forms.CharField(label=_("Note from the check"), max_length=300, required=False)
