from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore.forms import DateInput, SafeDateField, SafeDateTimeField, check_period, text_field
from carecore.versioning import VersionedFormMixin

from .models import (
    QUESTIONS,
    WEEKDAYS,
    ChangeItem,
    Clinic,
    NotDeliveredReason,
    Recurrence,
    ServiceType,
    TriageColour,
    VisitPlan,
)
from .roster import ShiftKind, StaffAbsenceKind


class VisitPlanForm(VersionedFormMixin, forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    carers_needed = forms.TypedChoiceField(
        label=_("Carers needed"),
        coerce=int,
        initial=1,
        required=False,
        empty_value=1,
        choices=[(1, _("One carer")), (2, _("Two carers (e.g. hoist transfers)"))],
    )

    class Meta:
        model = VisitPlan
        fields = [
            "team",
            "service_type",
            "title",
            "tasks",
            "delegated_task",
            "clinic",
            "recurrence",
            "weekdays",
            "interval_weeks",
            "window_start",
            "window_end",
            "duration_minutes",
            "carers_needed",
            "fixed_time",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "window_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "window_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, teams=None, nursing_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams
        self.fields["team"].empty_label = None
        self.fields["clinic"].queryset = Clinic.objects.filter(is_active=True)
        self.fields["clinic"].empty_label = _("The citizen's home")
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
        check_period(
            self,
            _("The time window must end after it starts."),
            first="window_start",
            last="window_end",
            strict=True,
        )
        check_period(self, _("The last day is before the first day."))
        if data.get("clinic") and data.get("service_type") != ServiceType.NURSING:
            self.add_error("clinic", _("Only §138 nursing is given at a nursing clinic."))
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
    text = text_field(
        _("Note for the journal"),
        max_length=10000,
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
    second = forms.BooleanField(required=False, widget=forms.HiddenInput)

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
    goals = text_field(
        _("The citizen's own goals"), error_messages={"required": _("Write the citizen's own goals.")}
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


# --- The roster (vagtplan) -------------------------------------------------------------------------
class _RosterForm(forms.Form):
    """The roster page holds several forms: each has its own id prefix so no two fields share an id."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class _PeopleForm(_RosterForm):
    """A roster form choosing among the team's staff (`people`); `self.people` maps id to user."""

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        choices = [(p.pk, p.get_full_name() or p.username) for p in people]
        for name in ("user", "colleague"):
            if name in self.fields:
                self.fields[name].choices = choices


class ShiftForm(_RosterForm):
    id_prefix = "shift"
    kind = forms.ChoiceField(label=_("Shift"), choices=ShiftKind.choices)
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    ends = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def clean(self):
        data = super().clean()
        if data.get("starts") is not None and data.get("starts") == data.get("ends"):
            self.add_error("ends", _("A shift must end at another time than it starts."))
        return data


ROSTER_MAX_DAYS = 31


class ShiftAssignmentForm(_PeopleForm):
    id_prefix = "assign"
    user = forms.TypedChoiceField(label=_("Employee"), coerce=int)
    shift = forms.ModelChoiceField(label=_("Shift"), queryset=None, empty_label=None)
    first_day = SafeDateField(label=_("First day"), widget=DateInput())
    last_day = SafeDateField(
        label=_("Last day"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: only the first day."),
    )

    def __init__(self, *args, shifts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = shifts

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day is before the first day."))
            elif (last - first).days >= ROSTER_MAX_DAYS:
                self.add_error(
                    "last_day", _("Roster at most %(days)s days at a time.") % {"days": ROSTER_MAX_DAYS}
                )
        return data

    def days(self):
        first = self.cleaned_data["first_day"]
        last = self.cleaned_data["last_day"] or first
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class StaffAbsenceForm(_PeopleForm):
    id_prefix = "absence"
    user = forms.TypedChoiceField(label=_("Employee"), coerce=int)
    kind = forms.ChoiceField(label=_("Absence"), choices=StaffAbsenceKind.choices)
    starts_on = SafeDateField(label=_("First day"), widget=DateInput())
    ends_on = SafeDateField(label=_("Last day"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, sick_call=False, **kwargs):
        super().__init__(*args, **kwargs)
        if sick_call:
            self.fields["kind"].choices = [(StaffAbsenceKind.SICK, StaffAbsenceKind.SICK.label)]

    def clean(self):
        data = super().clean()
        check_period(self, _("The absence cannot end before it starts."))
        return data


class ShiftWishForm(_RosterForm):
    id_prefix = "wish"
    date = SafeDateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Shift"), choices=ShiftKind.choices)
    wants = forms.TypedChoiceField(
        label=_("Wish"),
        coerce=lambda v: v == "1",
        choices=[("1", _("I would like this shift")), ("0", _("I would rather be off"))],
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Wishes are for coming days."))
        return day


class ShiftSwapForm(_PeopleForm):
    id_prefix = "swap"
    assignment = forms.ModelChoiceField(label=_("My shift"), queryset=None, empty_label=None)
    colleague = forms.TypedChoiceField(label=_("Colleague who takes it"), coerce=int)

    def __init__(self, *args, assignments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: f"{a.date:%d.%m.%Y} {a.shift}"


class SwapDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        error_messages={
            "required": _("Choose approve or reject."),
            "invalid_choice": _("Choose approve or reject."),
        },
    )


class RouteProposalForm(forms.Form):
    """A carer asks that a colleague takes one of the visits on their route."""

    visit = forms.TypedChoiceField(
        label=_("Visit"),
        coerce=int,
        error_messages={
            "required": _("Choose the visit."),
            "invalid_choice": _("Choose one of your visits."),
        },
    )
    colleague = forms.TypedChoiceField(
        label=_("Colleague who takes it"),
        coerce=int,
        error_messages={
            "required": _("Choose a colleague."),
            "invalid_choice": _("Choose a colleague of your team."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=300,
        error_messages={"required": _("Write why you propose the change.")},
    )

    def __init__(self, *args, visits=(), colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.visits = {v.pk: v for v in visits}
        self.colleagues = {c.pk: c for c in colleagues}
        self.fields["visit"].choices = [
            (v.pk, f"{timezone.localtime(v.starts_at):%H:%M} {v.citizen.full_name}") for v in visits
        ]
        self.fields["colleague"].choices = [(c.pk, c.get_full_name() or c.username) for c in colleagues]


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        error_messages={
            "required": _("Choose accept or reject."),
            "invalid_choice": _("Choose accept or reject."),
        },
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write why the proposal is rejected."))
        return data
