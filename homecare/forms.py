from django import forms
from django.utils.translation import gettext_lazy as _

from carecore.forms import SafeDateTimeField
from carecore.versioning import VersionedFormMixin

from .models import (
    QUESTIONS,
    WEEKDAYS,
    ChangeItem,
    NotDeliveredReason,
    Recurrence,
    ServiceType,
    TriageColour,
    VisitPlan,
)


class VisitPlanForm(VersionedFormMixin, forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = VisitPlan
        fields = [
            "team",
            "service_type",
            "title",
            "tasks",
            "delegated_task",
            "recurrence",
            "weekdays",
            "interval_weeks",
            "window_start",
            "window_end",
            "duration_minutes",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "window_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "window_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, teams=None, nursing_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        if self.instance.pk:
            self.initial["weekdays"] = list(self.instance.weekdays)
        # §138: a nurse plans nursing in the home; personal care and practical help are the visitation's.
        self.nursing_only = nursing_only
        if nursing_only:
            self.fields["service_type"].choices = [(ServiceType.NURSING, ServiceType.NURSING.label)]
            self.fields["service_type"].initial = ServiceType.NURSING

    def clean_weekdays(self):
        return "".join(sorted(self.cleaned_data["weekdays"]))

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if value is not None and value < 1:
            raise forms.ValidationError(_("The duration must be at least one minute."))
        return value

    def clean_interval_weeks(self):
        value = self.cleaned_data["interval_weeks"]
        if value is not None and value < 1:
            raise forms.ValidationError(_("Every n weeks must be at least 1."))
        return value

    def clean(self):
        data = super().clean()
        if self.nursing_only and self.instance.pk and self.instance.service_type != ServiceType.NURSING:
            raise forms.ValidationError(_("As a nurse you change only §138 nursing plans."))
        if data.get("recurrence") in (Recurrence.WEEKLY, Recurrence.EVERY_N_WEEKS) and not data.get(
            "weekdays"
        ):
            self.add_error("weekdays", _("Choose at least one weekday."))
        if data.get("recurrence") == Recurrence.DAILY:
            data["weekdays"] = ""
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end <= start:
            self.add_error("window_end", _("The time window must end after it starts."))
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day is before the first day."))
        if data.get("service_type") == ServiceType.NURSING and not data.get("delegated_task"):
            self.add_error("delegated_task", _("A delegated nursing service needs the task it delegates."))
        return data

    def _post_clean(self):
        # Errors above are shown next to their fields; the model's own checks would repeat them.
        if not self.errors:
            super()._post_clean()


class NotDeliveredForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=NotDeliveredReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the visit was not delivered.")},
    )
    reason_text = forms.CharField(label=_("Explanation"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("reason") == NotDeliveredReason.OTHER and not data.get("reason_text", "").strip():
            self.add_error("reason_text", _("Describe the reason when you choose 'other'."))
        return data


class TaskNotDoneForm(forms.Form):
    not_done = forms.CharField(
        label=_("Why was the task not done?"),
        max_length=200,
        error_messages={"required": _("Write why the task was not done.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the journal"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note before saving.")},
    )


class ObservationForm(forms.Form):
    changes = forms.MultipleChoiceField(
        label=_("Observed changes"),
        choices=ChangeItem.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one observed change.")},
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TriageForm(forms.Form):
    colour = forms.ChoiceField(
        label=_("Colour"), choices=TriageColour.choices, error_messages={"required": _("Choose a colour.")}
    )
    action = forms.CharField(label=_("Agreed action"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("colour") in (TriageColour.RED, TriageColour.YELLOW)
            and not data.get("action", "").strip()
        ):
            self.add_error("action", _("Write the agreed action for a red or yellow citizen."))
        return data


class AssignForm(forms.Form):
    carer = forms.TypedChoiceField(label=_("Carer"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, carers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.carers = {c.pk: c for c in carers}
        self.fields["carer"].choices = [("", _("Unassigned"))] + [
            (c.pk, c.get_full_name() or c.username) for c in carers
        ]


class MeetingBookForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, empty_label=None)
    scheduled_at = SafeDateTimeField(
        label=_("Time of the meeting"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class MeetingRecordForm(forms.Form):
    held_at = SafeDateTimeField(label=_("Held"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    attendees = forms.CharField(
        label=_("Who attended"),
        max_length=300,
        error_messages={"required": _("Write who attended the meeting.")},
    )
    goals = forms.CharField(
        label=_("The citizen's own goals"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the citizen's own goals.")},
    )


SCORE_ERRORS = {
    "required": _("Give a score from 0 to 10."),
    "min_value": _("Give a score from 0 to 10."),
    "max_value": _("Give a score from 0 to 10."),
    "invalid": _("Give a score from 0 to 10."),
}


class SurveyAnswerForm(forms.Form):
    measurement = forms.TypedChoiceField(
        label=_("Measurement"),
        coerce=int,
        choices=[
            (0, _("Baseline")),
            (1, _("1st measurement")),
            (2, _("2nd measurement")),
            (3, _("3rd measurement")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in QUESTIONS:
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=10,
                error_messages=SCORE_ERRORS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def scores(self):
        return {name: self.cleaned_data[name] for name, _label in QUESTIONS}
