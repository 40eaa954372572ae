from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib
from carecore.forms import SafeDateField, SafeDateTimeField, check_period, text_field
from carecore.models import Unit, UnitKind
from carecore.roles import Role
from carecore.versioning import VersionedFormMixin

from .models import (
    Applicant,
    ApplicantStage,
    InfoMeeting,
    MeetingKind,
    PayBasis,
    Placement,
    PrePlacement,
    Programme,
    Registration,
    SchoolPeriod,
    Trainee,
    TraineeStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def users_with_role(role):
    return (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def placement_units():
    return Unit.objects.filter(kind__in=[UnitKind.TEAM, UnitKind.UNIT, UnitKind.AREA]).order_by("path")


def clean_cpr_value(value):
    return cprlib.parse(value)[0]


class TraineeChecks:
    """What a new trainee is checked for, whether registered directly or hired from the applicants: a
    valid CPR number, an end after the start, and no second registration on the programme from that date."""

    def clean_cpr(self):
        return clean_cpr_value(self.cleaned_data["cpr"])

    def check_trainee(self, data, programme, *, exclude_pk=None):
        start, end = data.get("start_date"), data.get("expected_end")
        if start and end and end <= start:
            self.add_error("expected_end", _("The end date is before the start date."))
        if data.get("cpr") and programme and start:
            clash = Trainee.objects.filter(cpr=data["cpr"], programme=programme, start_date=start)
            if clash.exclude(pk=exclude_pk).exists():
                self.add_error(
                    "cpr", _("This person is already registered on this programme from that date.")
                )


class TraineeForm(VersionedFormMixin, TraineeChecks, forms.ModelForm):
    contact_person = UserChoiceField(
        label=_("Contact person"), queryset=get_user_model().objects.none(), required=False
    )
    user = UserChoiceField(
        label=_("User account (optional)"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Link the trainee to a login if they have one."),
    )

    class Meta:
        model = Trainee
        fields = [
            "first_name",
            "last_name",
            "cpr",
            "email",
            "phone",
            "programme",
            "intake",
            "start_date",
            "expected_end",
            "pay_basis",
            "contact_person",
            "user",
        ]
        widgets = {
            "start_date": DATE,
            "expected_end": DATE,
            "cpr": forms.TextInput(attrs={"placeholder": "DDMMYY-SSSS", "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = users_with_role(Role.TRAINEE_COORDINATOR)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(trainee__isnull=True, is_active=True).order_by("username")
        )

    def clean(self):
        data = super().clean()
        self.check_trainee(data, data.get("programme"), exclude_pk=self.instance.pk)
        return data

    def validate_constraints(self, exclude=None):
        pass  # clean() gives the Danish messages for the constraints


class PlacementForm(forms.ModelForm):
    supervisor = UserChoiceField(
        label=_("Supervisor"), queryset=get_user_model().objects.none(), required=False
    )

    class Meta:
        model = Placement
        fields = ["unit", "setting", "supervisor", "starts_on", "ends_on", "over_limit_reason"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = placement_units()
        self.fields["supervisor"].queryset = users_with_role(Role.TRAINEE_SUPERVISOR)

    def validate_constraints(self, exclude=None):
        pass  # the service checks end before start with a Danish message


class SchoolPeriodForm(forms.ModelForm):
    class Meta:
        model = SchoolPeriod
        fields = ["starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def validate_constraints(self, exclude=None):
        pass


class StatusForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TraineeStatus.choices)
    on = SafeDateField(label=_("From"), widget=DATE)

    def values_of(self, trainee):
        return {"status": trainee.status, "on": trainee.ended_on}


class MinutesForm(forms.Form):
    held_on = SafeDateField(label=_("Held on"), widget=DATE)
    attendees = forms.CharField(label=_("Who attended"), max_length=300)
    goals_discussed = text_field(_("Placement goals discussed"), rows=4)
    agreements = text_field(_("Agreements"), required=False, rows=4)
    goals_met = forms.TypedChoiceField(
        label=_("Are the placement goals met?"),
        required=False,
        choices=[("", "—"), ("yes", _("Yes, the goals are met")), ("no", _("No, the goals are not met"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None and meeting.kind != MeetingKind.FINAL:
            del self.fields["goals_met"]


class TraineeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    programme = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("All"))] + Programme.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + TraineeStatus.choices
    )
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Unit.objects.none(), empty_label=_("All")
    )
    intake = forms.CharField(label=_("Intake"), required=False, max_length=40)
    supervisor = UserChoiceField(
        label=_("Supervisor"), required=False, queryset=get_user_model().objects.none(), empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Unit.objects.filter(kind=UnitKind.AREA).order_by("name")
        self.fields["supervisor"].queryset = users_with_role(Role.TRAINEE_SUPERVISOR)

    def filter(self, qs):
        from django.db.models import Exists, OuterRef

        data = self.cleaned_data
        for word in (data.get("q") or "").split():
            qs = qs.filter(models_q_name(word))
        if data.get("programme"):
            qs = qs.filter(programme=data["programme"])
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("intake"):
            qs = qs.filter(intake=data["intake"].strip())
        if data.get("area"):
            qs = qs.filter(
                Exists(
                    Placement.objects.filter(trainee=OuterRef("pk"), unit__path__startswith=data["area"].path)
                )
            )
        if data.get("supervisor"):
            qs = qs.filter(
                Exists(Placement.objects.filter(trainee=OuterRef("pk"), supervisor=data["supervisor"]))
            )
        return qs


def models_q_name(word):
    from django.db.models import Q

    return Q(first_name__icontains=word) | Q(last_name__icontains=word)


class CalendarFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Unit.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Unit.objects.filter(kind=UnitKind.AREA).order_by("name")


class InfoMeetingForm(forms.ModelForm):
    class Meta:
        model = InfoMeeting
        fields = ["held_at", "place", "with_job_centre", "capacity"]
        field_classes = {"held_at": SafeDateTimeField}
        widgets = {"held_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["name", "email", "phone", "career_changer"]

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", _("Give an email address or a phone number."))
        return data


class ApplicantForm(forms.ModelForm):
    class Meta:
        model = Applicant
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "programme",
            "career_changer",
            "info_meeting",
            "applied_on",
            "note",
        ]
        widgets = {"applied_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Move to stage"), choices=[c for c in ApplicantStage.choices if c[0] != ApplicantStage.HIRED]
    )


class PrePlacementForm(forms.ModelForm):
    class Meta:
        model = PrePlacement
        fields = ["unit", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = placement_units()

    def clean(self):
        data = super().clean()
        check_period(self, _("The end date is before the start date."))
        return data

    def validate_constraints(self, exclude=None):
        pass


class HireForm(TraineeChecks, forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        widget=forms.TextInput(attrs={"placeholder": "DDMMYY-SSSS", "inputmode": "numeric"}),
    )
    intake = forms.CharField(label=_("Intake"), max_length=40)
    start_date = SafeDateField(label=_("Start date"), widget=DATE)
    expected_end = SafeDateField(label=_("Expected end"), widget=DATE)
    pay_basis = forms.ChoiceField(label=_("Pay basis"), choices=PayBasis.choices)

    def __init__(self, *args, applicant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant = applicant
        if applicant is not None and applicant.career_changer:
            self.fields["pay_basis"].initial = PayBasis.ADULT

    def clean(self):
        data = super().clean()
        self.check_trainee(data, self.applicant.programme if self.applicant else None)
        return data
