from django import forms
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib


class MatchForm(forms.Form):
    cpr = forms.CharField(label=_("CPR number of the citizen"), max_length=11)

    def __init__(self, *args, citizens=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizens = citizens

    def clean_cpr(self):
        value = self.cleaned_data["cpr"].strip()
        value, _born = cprlib.parse(value)
        citizen = self.citizens.filter(cpr=value).first() if self.citizens is not None else None
        if citizen is None:
            raise forms.ValidationError(_("No citizen you have access to has that CPR number."))
        self.cleaned_data["citizen"] = citizen
        return value
