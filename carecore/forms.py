from django import forms
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("Username"), required=False, max_length=150)
    citizen = forms.CharField(
        label=_("Citizen (CPR number or id)"),
        required=False,
        max_length=11,
    )
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

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

    def filter(self, rows):
        data = self.cleaned_data
        if data.get("user"):
            rows = rows.filter(username=data["user"].strip())
        if data.get("citizen"):
            kind, value = data["citizen"]
            rows = rows.filter(citizen_id=value) if kind == "id" else rows.filter(citizen__cpr=value)
        if data.get("date_from"):
            rows = rows.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            rows = rows.filter(at__date__lte=data["date_to"])
        return rows
