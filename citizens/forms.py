from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib
from carecore.forms import DateInput, SafeDateField, text_field
from carecore.models import Unit, UnitKind
from carecore.versioning import VersionedFormMixin

from .fsiii import FUNCTION_CHOICES, FunctionLevel, NursingArea, NursingStatus
from .models import Citizen, JournalEntry, JournalKind, Relative


class CitizenForm(VersionedFormMixin, forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Served by"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one unit that serves the citizen.")},
    )

    class Meta:
        model = Citizen
        fields = [
            "cpr",
            "first_name",
            "last_name",
            "address",
            "postcode",
            "city",
            "phone",
            "access_note",
            "gp_name",
            "gp_phone",
            "status",
        ]
        widgets = {"cpr": forms.TextInput(attrs={"placeholder": "DDMMYY-SSSS", "inputmode": "numeric"})}

    def __init__(self, *args, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = (
            unit_choices
            if unit_choices is not None
            else Unit.objects.filter(kind__in=[UnitKind.TEAM, UnitKind.UNIT])
        )
        if self.instance.pk:
            self.fields["units"].initial = list(self.instance.serving.values_list("unit_id", flat=True))

    def values_of(self, obj):
        values = super().values_of(obj)
        values["units"] = list(
            obj.serving.filter(unit__in=self.fields["units"].queryset).values_list("unit_id", flat=True)
        )
        return values

    def clean_cpr(self):
        normalised, _born = cprlib.parse(self.cleaned_data["cpr"])
        clash = Citizen.objects.filter(cpr=normalised).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A citizen with this CPR number already exists."))
        return normalised

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not (value.isdigit() and len(value) == 4):
            raise forms.ValidationError(_("A Danish postcode has four digits."))
        return value


class RelativeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Relative
        fields = ["name", "relation", "phone", "email", "is_primary_contact", "note"]


class JournalEntryForm(forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in JournalKind.choices if c[0] != JournalKind.CORRECTION]


class CorrectionForm(forms.Form):
    text = text_field(_("Correction"), max_length=10000)


class FunctionAssessmentForm(forms.Form):
    code = forms.ChoiceField(label=_("Sub-area"), choices=FUNCTION_CHOICES)
    level = forms.TypedChoiceField(label=_("Level"), choices=FunctionLevel.choices, coerce=int)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class NursingAssessmentForm(forms.Form):
    code = forms.ChoiceField(label=_("Problem area"), choices=NursingArea.choices)
    status = forms.ChoiceField(label=_("Status"), choices=NursingStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CitizenSearchForm(forms.Form):
    q = forms.CharField(label=_("Search for name, CPR number or address"), required=False, max_length=100)


class CitizenCprField(forms.CharField):
    """A citizen chosen by CPR number among those the user may see. Scales where a drop-down of every
    citizen in scope would not (a nurse may see thousands)."""

    default_error_messages = {
        "not_found": _("No citizen you work with has this CPR number."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("help_text", _("CPR number, DDMMYY-SSSS."))
        super().__init__(*args, **kwargs)
        self.user = None
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "placeholder": "DDMMYY-SSSS"}
        )

    def prepare_value(self, value):
        return value.cpr if isinstance(value, Citizen) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        normalised, _born = cprlib.parse(value)
        citizen = Citizen.objects.visible_to(self.user).filter(cpr=normalised).first()
        if citizen is None:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        return citizen


class CitizenByCprMixin:
    """A form whose `cpr` field names one of `citizens` (the QuerySet the view passes, e.g. the citizens
    the user serves): `cleaned_data["citizen"]` is that citizen."""

    def __init__(self, *args, citizens=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizens = citizens

    def clean_cpr(self):
        digits = self.cleaned_data["cpr"].strip().replace("-", "").replace(" ", "")
        if not digits.isdigit() or len(digits) != 10:
            raise forms.ValidationError(_("Write the CPR number as DDMMYY-SSSS."))
        citizen = self.citizens.filter(cpr=f"{digits[:6]}-{digits[6:]}").first()
        if citizen is None:
            raise forms.ValidationError(_("No citizen with that CPR number among the citizens you serve."))
        self.cleaned_data["citizen"] = citizen
        return citizen.cpr


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(
        label=_("Staff member"),
        help_text=_("Name or username, or a part of it."),
        required=False,
        max_length=150,
    )
    citizen = forms.CharField(
        label=_("Citizen (CPR number or id)"),
        required=False,
        max_length=11,
    )
    date_from = SafeDateField(label=_("From date"), required=False, widget=DateInput())
    date_to = SafeDateField(label=_("To date"), required=False, widget=DateInput())
    each = forms.BooleanField(
        label=_("Show each citizen of a list page on its own line"),
        help_text=_("A list page (planning, my day, the bed board …) is otherwise shown as one look."),
        required=False,
    )

    def clean_user(self):
        return " ".join(self.cleaned_data["user"].split())

    def clean_citizen(self):
        value = self.cleaned_data["citizen"].strip()
        if not value:
            return None
        if value.isdigit() and len(value) < 10:
            return ("id", int(value))
        normalised, _born = cprlib.parse(value)
        return ("cpr", normalised)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    @property
    def grouped(self):
        """List looks are shown as one row unless asked otherwise or one citizen's looks are asked for."""
        data = getattr(self, "cleaned_data", {})
        return not data.get("each") and not data.get("citizen")

    def filter(self, rows):
        data = self.cleaned_data
        if data.get("user"):
            rows = rows.filter(staff_matching(data["user"]))
        if data.get("citizen"):
            kind, value = data["citizen"]
            rows = rows.filter(citizen_id=value) if kind == "id" else rows.filter(citizen__cpr=value)
        if data.get("date_from"):
            rows = rows.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            rows = rows.filter(at__date__lte=data["date_to"])
        return rows


def staff_matching(text):
    """Log rows of the staff whose name or username holds every word of `text` (a row whose user is
    gone still matches on the username it kept)."""
    words = Q()
    for word in text.split():
        words &= Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
    users = get_user_model().objects.filter(words).values("pk")
    return Q(user__in=users) | Q(username__iexact=text)
