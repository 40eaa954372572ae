from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from carecore.forms import DateInput, SafeDateField, SafeDateTimeField, check_period, text_field
from carecore.models import Unit, UnitKind
from carecore.roles import Role
from carecore.versioning import VersionedFormMixin
from citizens.fsiii import FUNCTION_LABELS, FunctionLevel
from citizens.models import Citizen

from .models import (
    APV_RISKS,
    ApvResult,
    Bed,
    BedKind,
    Decision,
    HomeAssessment,
    PathwayKind,
    PathwayResult,
    Priority,
    StayType,
    default_pathway_weeks,
)
from .services import can_manage_bed

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def when_field(label, required=True):
    return SafeDateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )


def day_field(label, required=True, **kwargs):
    return SafeDateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs
    )


class CitizenField(forms.CharField):
    """A citizen given by CPR number, resolved among the citizens the user may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Citizen (CPR number)"))
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("help_text", _("DDMMYY-SSSS"))
        super().__init__(**kwargs)
        self.user = None

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        digits = value.replace("-", "").replace(" ", "")
        if not digits.isdigit() or len(digits) != 10:
            raise forms.ValidationError(_("Write the CPR number as DDMMYY-SSSS."))
        citizen = Citizen.objects.visible_to(self.user).filter(cpr=f"{digits[:6]}-{digits[6:]}").first()
        if citizen is None:
            raise forms.ValidationError(_("No citizen with that CPR number among the citizens you serve."))
        return citizen


class UserForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, CitizenField):
                field.user = user


class AssignForm(UserForm):
    bed = forms.ModelChoiceField(
        label=_("Bed"),
        queryset=Bed.objects.none(),
        error_messages={"invalid_choice": _("That bed does not exist or is not in use.")},
    )
    citizen = CitizenField()
    stay_type = forms.ModelChoiceField(
        label=_("Type of stay"), queryset=StayType.objects.filter(is_active=True)
    )
    starts_at = when_field(_("Start"))
    ends_at = when_field(_("Planned end"), required=False)
    reason = text_field(
        _("Reason (needed for a stay longer than the standard)"), max_length=300, required=False, rows=2
    )
    waiting = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        kinds = [k for k in BedKind if can_manage_bed(user, k)]
        self.fields["bed"].queryset = Bed.objects.filter(is_active=True, kind__in=kinds)
        self.fields["ends_at"].help_text = _("Empty: the type's standard length.")
        types = StayType.objects.filter(is_active=True)
        if BedKind.ACUTE not in kinds:
            types = types.filter(is_acute=False)
        if BedKind.TEMPORARY not in kinds:
            types = types.filter(is_acute=True)
        self.fields["stay_type"].queryset = types
        self.fields["stay_type"].widget.attrs["data-lengths"] = ",".join(
            f"{t.pk}:{t.standard_days}" for t in types
        )

    def clean(self):
        data = super().clean()
        check_period(
            self, _("The end must be after the start."), first="starts_at", last="ends_at", strict=True
        )
        return data


class ChangeEndForm(VersionedFormMixin, forms.Form):
    new_end = when_field(_("New planned end"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def values_of(self, stay):
        return {"new_end": stay.ends_at}


class EndStayForm(VersionedFormMixin, forms.Form):
    KIND_CHOICES = [
        ("discharge", _("Discharged home")),
        ("early", _("Ended early (e.g. admitted to hospital)")),
    ]
    kind = forms.ChoiceField(
        label=_("How the stay ends"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="discharge"
    )
    at = when_field(_("Time"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def values_of(self, stay):
        return {"at": stay.discharged_at or stay.ends_at}


class CancelStayForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)

    def values_of(self, stay):
        return {}


class FreeBedForm(forms.Form):
    """The bed picker: beds free from a day for a number of days, and the first bed free that long."""

    fra = day_field(_("From"))
    dage = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=90)


class MoveForm(VersionedFormMixin, forms.Form):
    to_bed = forms.ModelChoiceField(
        label=_("To bed"),
        queryset=Bed.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("That bed does not exist or is not in use.")},
    )
    at = when_field(_("Time"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def values_of(self, stay):
        return {"to_bed": stay.bed, "at": stay.ends_at if stay.discharged_at else None}


class WaitingForm(UserForm):
    citizen = CitizenField()
    stay_type = forms.ModelChoiceField(
        label=_("Type of stay"), queryset=StayType.objects.filter(is_active=True, is_acute=False)
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=[("", _("By the rule for the type of stay"))] + Priority.choices,
        coerce=int,
        required=False,
        empty_value=None,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NoticeForm(UserForm):
    citizen = CitizenField()
    ward = forms.CharField(label=_("Hospital ward"), max_length=120)
    expected_at = when_field(_("Expected discharge"))
    needs = text_field(_("Needs"), max_length=4000)
    training_plan = forms.BooleanField(label=_("§140 training plan from the hospital"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    note = text_field(_("Reasoning"), max_length=4000)
    team = forms.ModelChoiceField(
        label=_("Home-care team (home with help)"),
        required=False,
        queryset=Unit.objects.filter(kind=UnitKind.TEAM),
    )
    stay_type = forms.ModelChoiceField(
        label=_("Type of stay (temporary bed)"),
        required=False,
        queryset=StayType.objects.filter(is_active=True, is_acute=False),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority (temporary bed)"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.HIGH,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.HOME_WITH_HELP and not data.get("team"):
            self.add_error("team", _("Choose the home-care team that will help."))
        if data.get("decision") == Decision.TEMPORARY_BED and not data.get("stay_type"):
            self.add_error("stay_type", _("Choose the type of stay."))
        return data


class HomeAssessmentForm(forms.ModelForm):
    visit_date = day_field(_("Date of the visit"))
    risks = forms.MultipleChoiceField(
        label=_("Risks found"), choices=APV_RISKS, required=False, widget=forms.CheckboxSelectMultiple
    )
    follow_up_on = day_field(_("Follow up by"), required=False)
    result = forms.ChoiceField(label=_("Result"), choices=ApvResult.choices, widget=forms.RadioSelect)

    class Meta:
        model = HomeAssessment
        fields = ["visit_date", "assessor", "risks", "aids", "result", "follow_up", "follow_up_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = (
            get_user_model()
            .objects.filter(groups__name__in=[Role.VISITATOR, Role.THERAPIST, Role.NURSE])
            .distinct()
            .order_by("first_name")
        )
        self.fields["assessor"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self):
        data = super().clean()
        if data.get("result") in (ApvResult.SAFE_WITH_AIDS, ApvResult.NOT_SAFE) and not data.get("follow_up"):
            self.add_error("follow_up", _("Describe the follow-up when the home is not safe yet."))
        return data


LEVEL_CHOICES = [("", "–")] + [(str(v), label) for v, label in FunctionLevel.choices]


def add_level_fields(form, codes=None):
    for code, label in FUNCTION_LABELS.items():
        if codes is None or code in codes:
            form.fields[f"fsiii_{code}"] = forms.TypedChoiceField(
                label=label, choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
            )


def levels_of(form):
    return {name[6:]: value for name, value in form.cleaned_data.items() if name.startswith("fsiii_")}


class PathwayForm(UserForm):
    citizen = CitizenField()
    kind = forms.ChoiceField(label=_("Kind"), choices=PathwayKind.choices, initial=PathwayKind.REHAB_83A)
    goals = text_field(
        _("The citizen's own goals"), max_length=4000, help_text=_("In the citizen's own words.")
    )
    interventions = text_field(_("Interventions"), max_length=4000, required=False)
    planned_weeks = forms.IntegerField(label=_("Planned length (weeks)"), min_value=1, max_value=52)
    start_on = day_field(
        _("Start"), required=False, help_text=_("Empty for a §140 plan that has not started.")
    )
    start_deadline = day_field(_("Start no later than (§140)"), required=False)
    hospital = forms.CharField(label=_("Hospital / ward (§140)"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_weeks"].initial = default_pathway_weeks()
        add_level_fields(self)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == PathwayKind.REHAB_83A and not data.get("start_on"):
            self.add_error("start_on", _("A §83a pathway needs a start date."))
        if kind == PathwayKind.TRAINING_140 and not data.get("start_deadline"):
            self.add_error("start_deadline", _("A §140 training plan needs its start deadline."))
        return data


class StartPathwayForm(VersionedFormMixin, forms.Form):
    start_on = day_field(_("Start"))


class EvaluationForm(forms.Form):
    on = day_field(_("Date"))
    text = text_field(_("Evaluation"), max_length=4000)


class EndPathwayForm(VersionedFormMixin, forms.Form):
    end_on = day_field(_("End"))
    result = forms.ChoiceField(label=_("Result"), choices=PathwayResult.choices, widget=forms.RadioSelect)
    note = text_field(_("Closing note"), max_length=4000, required=False)

    def __init__(self, *args, codes=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_level_fields(self, codes)

    def values_of(self, pathway):
        return {"end_on": pathway.end_on, "result": pathway.result, "note": pathway.end_note}


class FollowUpForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Citizen reached"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
    )
    status = text_field(_("How the citizen is doing"), max_length=2000, rows=2)
    new_needs = text_field(_("New needs"), max_length=2000, required=False, rows=2)
