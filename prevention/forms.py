from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib
from carecore.forms import SafeDateField, SafeDateTimeField
from carecore.models import Membership

from .models import Course, OfferStatus, OutcomePoint, ReferralSource, Specialty


class CprField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("CPR number"))
        kwargs.setdefault("help_text", _("DDMMYY-SSSS"))
        super().__init__(max_length=11, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return cprlib.parse(value)[0]


class RiskFlagForm(forms.Form):
    cpr = CprField()
    reason = forms.CharField(
        label=_("Why the citizen is at special risk"),
        max_length=300,
        error_messages={"required": _("Give the reason for the flag.")},
    )


class ExemptionForm(forms.Form):
    cpr = CprField()
    reason = forms.CharField(
        label=_("Reason for the exemption"),
        max_length=300,
        help_text=_("E.g. receives both personal care and practical help."),
        error_messages={"required": _("Give the reason for the exemption.")},
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("The citizen's answer"),
        choices=[(s.value, s.label) for s in OfferStatus if s != OfferStatus.INVITED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the answer.")},
    )


class BookForm(forms.Form):
    scheduled_at = SafeDateTimeField(
        label=_("Time of the visit"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Choose the time of the visit.")},
    )


class VisitRecordForm(forms.Form):
    health = forms.CharField(label=_("Health"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    network = forms.CharField(
        label=_("Social network"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    activity = forms.CharField(
        label=_("Activity and everyday life"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    housing = forms.CharField(label=_("Housing"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(
        label=_("Follow-up"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action = forms.CharField(
        label=_("Follow-up action"),
        max_length=300,
        required=False,
        help_text=_("E.g. a call in three months, a course, or a referral to another unit."),
    )
    action_due = SafeDateField(
        label=_("Action by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("action_due") and not data.get("action"):
            self.add_error("action", _("Describe the action that has this date."))
        return data


class CourseForm(forms.ModelForm):
    first_session = SafeDateTimeField(
        label=_("First session"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    sessions = forms.IntegerField(label=_("Number of weekly sessions"), min_value=1, max_value=30, initial=8)

    class Meta:
        model = Course
        fields = ["title", "kind", "place", "capacity", "instructor"]

    def __init__(self, *args, instructors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructor"].queryset = instructors
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["capacity"].validators.append(_at_least_one)


def _at_least_one(value):
    if value is not None and value < 1:
        raise ValidationError(_("A course needs at least one place."))


def sft_instructors(unit):
    from django.contrib.auth import get_user_model

    members = Membership.objects.filter(unit__path__startswith=unit.path).values("user_id") if unit else []
    return get_user_model().objects.filter(pk__in=members).order_by("first_name", "last_name")


class EnrolForm(forms.Form):
    cpr = CprField(label=_("Citizen (CPR number)"))
    source = forms.ChoiceField(label=_("Referred by"), choices=ReferralSource.choices)
    referral_text = forms.CharField(
        label=_("The referral"),
        max_length=4000,
        required=False,
        help_text=_("The doctor's referral typed in, or what the citizen asked for."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    wait_list = forms.BooleanField(label=_("Put on the waiting list if the course is full"), required=False)


class TrainingPlanForm(forms.Form):
    cpr = CprField(label=_("Citizen (CPR number)"))
    specialty = forms.ChoiceField(label=_("Specialty"), choices=[("", "---------"), *Specialty.choices])
    hospital = forms.CharField(label=_("Hospital and ward"), max_length=200)
    discharged_on = SafeDateField(
        label=_("Discharged"), future=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    therapist = forms.ModelChoiceField(label=_("Therapist"), queryset=None, empty_label=None)

    def __init__(self, *args, therapists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = therapists

    def clean_discharged_on(self):
        day = self.cleaned_data["discharged_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The discharge date cannot be in the future."))
        return day


class StartForm(forms.Form):
    started_on = SafeDateField(
        label=_("Training started"), future=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EndForm(forms.Form):
    ended_on = SafeDateField(
        label=_("Training ended"), future=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.CharField(
        label=_("End result"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the end result.")},
    )


class OutcomeForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Citizen"), queryset=None, empty_label=None)
    point = forms.ChoiceField(label=_("When"), choices=OutcomePoint.choices)
    health = forms.IntegerField(label=_("Self-rated health (0-10)"), min_value=0, max_value=10)
    wellbeing = forms.IntegerField(label=_("Well-being (0-10)"), min_value=0, max_value=10)

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.citizen.full_name
