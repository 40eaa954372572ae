from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, Min, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib
from carecore.forms import SafeDateField, SafeDateTimeField, text_field
from carecore.models import Membership, Unit, UnitKind, scope_unit_ids
from carecore.roles import Role
from carecore.versioning import VersionedFormMixin
from citizens.forms import CitizenCprField
from citizens.models import Citizen
from citizens.workday import citizens_today

from . import anonymise
from .dpsd import previous_month
from .models import (
    Action,
    Analysis,
    ForceGroup,
    ForceMeasure,
    ForceParagraph,
    HandlerGroup,
    IncidentType,
    RejectReason,
    Severity,
    ShortFormType,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SEVERITY_ERRORS = {"invalid_choice": _("Choose a severity from the list.")}


def severity_field(label):
    return forms.ChoiceField(label=label, choices=Severity.choices, error_messages=SEVERITY_ERRORS)


def reachable_units(user):
    """Units a user may report for: their scope; for a user without scope, none."""
    return Unit.objects.filter(pk__in=scope_unit_ids(user)).order_by("path")


def default_unit(user):
    m = (
        Membership.objects.filter(user=user)
        .order_by("-is_leader", "id")
        .values_list("unit_id", flat=True)
        .first()
    )
    return m


class NotInFutureMixin:
    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The time cannot be in the future."))
        return value


class UnitChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Choose a unit you work in.")}


def prefill(query, user):
    """The report's first values from a link in another module (e.g. a dose not given in Min dag:
    ?type=<type code>&citizen=<id>&unit=<id>&occurred_at=<YYYY-MM-DDTHH:MM>&description=<text>). Only
    what the user could fill in: an active type, a citizen the user may see, a unit the user reports for,
    a time not in the future. The citizen travels as an id, so no CPR number lands in a URL or a log."""
    initial = {}
    if code := query.get("type"):
        type_pk = IncidentType.objects.filter(active=True, code=code).values_list("pk", flat=True).first()
        if type_pk:
            initial["type"] = type_pk
    if (citizen := query.get("citizen", "")).isdigit():
        cpr = Citizen.objects.visible_to(user).filter(pk=int(citizen)).values_list("cpr", flat=True).first()
        if cpr:
            initial["citizen"] = cpr
    if (unit := query.get("unit", "")).isdigit() and reachable_units(user).filter(pk=int(unit)).exists():
        initial["unit"] = int(unit)
    when = SafeDateTimeField(required=False)
    try:
        occurred_at = when.clean(query.get("occurred_at", ""))
    except forms.ValidationError:
        occurred_at = None
    if occurred_at and occurred_at <= timezone.now():
        initial["occurred_at"] = timezone.localtime(occurred_at)
    if description := query.get("description", "").replace("\x00", "").strip():
        initial["description"] = description[:4000]
    return initial


class ReportForm(NotInFutureMixin, forms.Form):
    """The employee's report: short enough to fill in within a minute on a phone."""

    occurred_at = SafeDateTimeField(label=_("When did it happen"), widget=DATETIME, future=False)
    unit = UnitChoiceField(label=_("Where"), queryset=Unit.objects.none())
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=IncidentType.objects.filter(active=True), required=False
    )
    description = text_field(_("What happened"), max_length=4000, rows=4)
    reported_actual = severity_field(_("Consequence now"))
    reported_possible = severity_field(_("What could have happened"))
    citizen = CitizenCprField(label=_("Citizen involved (optional)"), required=False)
    immediate_action = text_field(_("What was done at once"), max_length=2000, required=False, rows=2)
    prevention = text_field(_("Proposal to prevent it"), max_length=2000, required=False, rows=2)

    citizen_pick = forms.TypedChoiceField(
        label=_("Citizen involved: yours today or found by name"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a citizen you work with.")},
    )

    field_order = [
        "occurred_at",
        "unit",
        "type",
        "description",
        "reported_actual",
        "reported_possible",
        "citizen_pick",
        "citizen",
    ]

    def __init__(self, *args, user, search="", **kwargs):
        """`search`: a name (or the start of a CPR number) to find among the citizens the user may see —
        ten at most; the form never lists everyone in scope."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = reachable_units(user)
        self.fields["citizen"].user = user
        self.fields["citizen"].label = _("Or the full CPR number")
        offered = list(citizens_today(user).only("id", "first_name", "last_name", "cpr")[:20])
        if len(search.strip()) >= 2:
            offered += list(
                Citizen.objects.visible_to(user)
                .search(search)
                .only("id", "first_name", "last_name", "cpr")[:10]
            )
        posted = self.data.get(self.add_prefix("citizen_pick"), "") if self.is_bound else ""
        if str(posted).isdigit() and len(str(posted)) < 10:
            offered += list(Citizen.objects.visible_to(user).filter(pk=int(posted)))
        self.picks = {c.pk: c for c in offered}
        self.fields["citizen_pick"].choices = [("", _("No citizen"))] + [
            (c.pk, f"{c.full_name} ({cprlib.mask(c.cpr)})") for c in self.picks.values()
        ]

    def clean(self):
        data = super().clean()
        pick = data.get("citizen_pick")
        if pick is not None:
            if data.get("citizen") and data["citizen"].pk != pick:
                self.add_error("citizen", _("Choose one citizen: either from the list or by CPR number."))
            else:
                data["citizen"] = self.picks[pick]
        data.pop("citizen_pick", None)
        return data


class ForceReportForm(NotInFutureMixin, forms.Form):
    """Magtanvendelse: its own form; handled by the staff unit in the same case flow."""

    citizen = CitizenCprField(label=_("Citizen"))
    occurred_at = SafeDateTimeField(label=_("When"), widget=DATETIME, future=False)
    unit = UnitChoiceField(label=_("Where"), queryset=Unit.objects.none())
    force_group = forms.ChoiceField(label=_("Group"), choices=ForceGroup.choices)
    force_paragraph = forms.ChoiceField(
        label=_("Legal paragraph"),
        choices=[("", "---------"), *ForceParagraph.choices],
        error_messages={"required": _("Choose the paragraph the measure was used under.")},
    )
    force_measure = forms.ChoiceField(
        label=_("Kind of measure"),
        choices=[("", "---------"), *ForceMeasure.choices],
        error_messages={"required": _("Choose the kind of measure.")},
    )
    force_reason = text_field(_("Reason"), max_length=2000)
    force_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=24 * 60)
    force_performed_by = forms.CharField(label=_("Who carried it out"), max_length=200)
    description = text_field(_("What happened"), max_length=4000, rows=4)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = reachable_units(user)
        self.fields["citizen"].user = user


class PublicReportForm(NotInFutureMixin, forms.Form):
    """For citizens and relatives, without login: no internal fields, contact details optional."""

    occurred_at = SafeDateTimeField(label=_("When did it happen"), widget=DATETIME, future=False)
    unit = forms.ModelChoiceField(
        label=_("Where (which service)"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Choose a place from the list.")},
    )
    description = text_field(_("What happened"), max_length=3000, rows=5)
    reported_actual = severity_field(_("What was the consequence"))
    reported_possible = severity_field(_("What could have happened"))
    prevention = text_field(
        _("How could it be prevented (optional)"), max_length=2000, required=False, rows=2
    )
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Your email (optional)"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Your phone (optional)"), max_length=30, required=False)
    # Honeypot: hidden from people by CSS; a bot that fills it in is turned away.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    FIELDS = {
        "occurred_at",
        "unit",
        "description",
        "reported_actual",
        "reported_possible",
        "prevention",
        "contact_name",
        "contact_email",
        "contact_phone",
        "website",
        "csrfmiddlewaretoken",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.filter(kind__in=[UnitKind.DIVISION, UnitKind.AREA, UnitKind.UNIT])
            .exclude(code="stab-udvikling")
            .order_by("path")
        )

    def clean(self):
        data = super().clean()
        forged = set(self.data) - self.FIELDS
        if forged:
            raise forms.ValidationError(_("The form could not be read. Reload the page and try again."))
        return data

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class SeverityForm(VersionedFormMixin, forms.Form):
    actual = severity_field(_("Consequence"))
    possible = severity_field(_("Possible consequence"))
    reason = forms.CharField(label=_("Why (verified or corrected)"), max_length=500)

    def values_of(self, incident):
        return {"actual": incident.actual_severity, "possible": incident.possible_severity}


class ClassifyForm(VersionedFormMixin, forms.Form):
    type = forms.ModelChoiceField(label=_("Type"), queryset=IncidentType.objects.filter(active=True))
    causes = text_field(_("Causes"), max_length=4000, required=False)
    analysis_wanted = forms.BooleanField(
        label=_("Make an incident analysis (could have become severe)"), required=False
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["what", "responsible", "due"]
        widgets = {"due": DATE}


class HandOverForm(forms.Form):
    to_user = forms.ModelChoiceField(
        label=_("To case handler"), queryset=get_user_model().objects.none(), required=False
    )
    to_group = forms.ModelChoiceField(
        label=_("Or to another area"), queryset=HandlerGroup.objects.all(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        group_id = incident.handler_group_id if incident is not None else None
        self.fields["to_user"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.UTH_HANDLER)
            .annotate(
                own_area=Exists(
                    HandlerGroup.members.through.objects.filter(
                        user_id=OuterRef("pk"), handlergroup_id=group_id
                    )
                ),
                area=Min("uth_groups__name"),
            )
            .order_by("-own_area", F("area").asc(nulls_last=True), "first_name", "last_name")
        )
        self.fields["to_user"].label_from_instance = self.handler_label

    @staticmethod
    def handler_label(user):
        """The case's own area first (the queryset's order), each handler with their area."""
        name = user.get_full_name() or user.username
        return f"{name} ({user.area})" if getattr(user, "area", None) else name

    def clean(self):
        data = super().clean()
        if bool(data.get("to_user")) == bool(data.get("to_group")):
            raise forms.ValidationError(_("Choose either a case handler or another area."))
        return data


class CloseForm(forms.Form):
    feedback = text_field(_("Feedback to the reporter"), max_length=4000)
    open_actions_reason = text_field(
        _("Why close with actions not done (severe cases)"), max_length=500, required=False, rows=2
    )


class ExportApprovalForm(forms.Form):
    """The anonymised texts for DPSD, as the case handler approves them. No CPR number, phone number
    or e-mail address may remain."""

    what_happened = text_field(_("What happened"), max_length=4000, rows=4)
    immediate_action = text_field(_("What was done at once"), max_length=2000, required=False, rows=2)
    causes = text_field(_("Causes"), max_length=4000, required=False, rows=2)
    prevention = text_field(_("Proposal to prevent it"), max_length=2000, required=False, rows=2)

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if any(p.search(value or "") for p in (anonymise.CPR, anonymise.PHONE, anonymise.EMAIL)):
                self.add_error(name, _("Remove the CPR number, phone number or e-mail address."))
        return data


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices)
    comment = text_field(_("Comment to the reporter"), max_length=2000, rows=2)


class ForceAssessmentForm(VersionedFormMixin, forms.Form):
    force_assessment = text_field(_("The leader's assessment"), max_length=2000)


class AnalysisForm(VersionedFormMixin, forms.ModelForm):
    completed = forms.BooleanField(label=_("The analysis is completed"), required=False)

    class Meta:
        model = Analysis
        fields = ["timeline", "causes", "contributing_factors", "actions", "learning_points"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields}


class ShortFormForm(forms.Form):
    occurred_on = SafeDateField(label=_("Date"), widget=DATE, future=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    type = forms.ModelChoiceField(label=_("Type"), queryset=ShortFormType.objects.filter(active=True))
    severity = forms.ChoiceField(
        label=_("Consequence"),
        error_messages=SEVERITY_ERRORS,
        choices=[(Severity.NONE, Severity.NONE.label), (Severity.MILD, Severity.MILD.label)],
    )
    description = forms.CharField(label=_("One line (no name or CPR number)"), max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = reachable_units(user)

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def clean_description(self):
        value = self.cleaned_data["description"]
        if anonymise.CPR.search(value):
            raise forms.ValidationError(_("Do not write a CPR number on the short form."))
        return value


def finished_months(n=12):
    month = previous_month(timezone.localdate())
    months = []
    for _i in range(n):
        months.append(month)
        month = previous_month(month)
    return months


class MonthDiscussionForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    month = forms.TypedChoiceField(label=_("Month"), coerce=date.fromisoformat)
    actions = text_field(_("Actions agreed"), max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            memberships__user=user, memberships__is_leader=True
        ).order_by("path")
        self.fields["month"].choices = [(m.isoformat(), date_format(m, "F Y")) for m in finished_months()]
        self.fields["month"].error_messages["invalid_choice"] = _("Choose a month that has ended.")


class ReceiptForm(forms.Form):
    """The code a public reporter was given, to follow the report."""

    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=20,
        help_text=_("The code you got when you sent the report, e.g. ABCDE-FGH23."),
        error_messages={"required": _("Write the receipt code.")},
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")
