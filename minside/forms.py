from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecore import cpr as cprlib
from carecore.forms import DateInput, SafeDateField, check_period, text_field
from citizens.models import AccessLog

from .identity import account_of
from .models import PowerOfAttorney


class CitizenLoginForm(AuthenticationForm):
    """The demo citizen login. Staff accounts are refused here: they log in at the staff login."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is wrong. Try again."),
        "not_citizen": _("This login is for citizens and relatives. Staff log in at the staff login."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if account_of(user) is None:
            raise forms.ValidationError(self.error_messages["not_citizen"], code="not_citizen")


class PeriodForm(forms.Form):
    """Which looks to list: from and to a day (both included), either open."""

    fra = SafeDateField(
        label=_("From"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
    )
    til = SafeDateField(
        label=_("To"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid"] = _("Write the date as dd-mm-yyyy, e.g. 24-12-2026.")

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end and end < start:
            self.add_error("til", _("The end date must be on or after the start date."))
        if start and start > timezone.localdate():
            self.add_error("fra", _("The start date cannot be in the future."))
        return data


class QuestionForm(forms.Form):
    """A question to the municipality's data-protection contact about a look (or the log in general)."""

    look = forms.IntegerField(required=False, widget=forms.HiddenInput)
    question = text_field(
        _("Your question"),
        max_length=2000,
        rows=5,
        help_text=_("Tell us what you would like to know. Do not write other people's CPR numbers."),
        error_messages={
            "required": _("Write your question."),
            "max_length": _("Your question is too long (at most %(limit_value)d characters)."),
        },
    )

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizen = citizen

    def clean_question(self):
        text = self.cleaned_data["question"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Write your question."))
        return text

    def clean_look(self):
        pk = self.cleaned_data.get("look")
        if pk is None:
            return None
        look = AccessLog.objects.filter(pk=pk, citizen=self.citizen).first()
        if look is None:
            raise forms.ValidationError(_("We cannot find that look in your log."))
        return look


class PowerOfAttorneyForm(forms.ModelForm):
    """A paper power of attorney, registered by staff: who, what they may see, from and until when."""

    class Meta:
        model = PowerOfAttorney
        fields = ["grantee_name", "grantee_cpr", "scope", "starts_on", "ends_on"]
        widgets = {
            "grantee_cpr": forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "DDMMYY-SSSS"}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.citizen = citizen
        self.fields["ends_on"].help_text = _("Leave empty when the power of attorney has no last day.")

    def clean_grantee_cpr(self):
        cpr, _born = cprlib.parse(self.cleaned_data["grantee_cpr"])
        if cpr == self.citizen.cpr:
            raise forms.ValidationError(_("This is the citizen's own CPR number."))
        return cpr

    def clean(self):
        data = super().clean()
        check_period(self, _("The last day must be on or after the first day."))
        return data


class CitizenGrantForm(PowerOfAttorneyForm):
    """The citizen gives a relative a power of attorney on Min side, from today: who, what they may see,
    and until when. One in force per relative: to change it, the citizen revokes it and gives a new one."""

    class Meta(PowerOfAttorneyForm.Meta):
        fields = ["grantee_name", "grantee_cpr", "scope", "ends_on"]
        labels = {
            "grantee_name": _("Your relative's name"),
            "grantee_cpr": _("Your relative's CPR number"),
            "scope": _("What may your relative see?"),
            "ends_on": _("Until (the last day)"),
        }

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, citizen=citizen, **kwargs)
        self.fields["ends_on"].help_text = _("Leave it empty if it should last until you revoke it.")
        self.instance.starts_on = timezone.localdate()

    def clean_grantee_cpr(self):
        cpr = super().clean_grantee_cpr()
        held = PowerOfAttorney.objects.in_force(timezone.localdate()).filter(
            citizen=self.citizen, grantee_cpr=cpr
        )
        if held.exists():
            raise forms.ValidationError(
                _("This person already has a power of attorney from you. Revoke it first to change it.")
            )
        return cpr

    def clean_ends_on(self):
        end = self.cleaned_data.get("ends_on")
        if end and end < timezone.localdate():
            raise forms.ValidationError(_("The last day cannot be in the past."))
        return end


class AnswerForm(forms.Form):
    """The data-protection contact's answer to a citizen, in plain words."""

    answer = text_field(
        _("Answer to the citizen"),
        max_length=4000,
        rows=8,
        help_text=_("Write in plain words. The citizen reads the answer on My page."),
        error_messages={
            "required": _("Write the answer."),
            "max_length": _("The answer is too long (at most %(limit_value)d characters)."),
        },
    )

    def clean_answer(self):
        text = self.cleaned_data["answer"].strip()
        if len(text) < 5:
            raise forms.ValidationError(_("Write the answer."))
        return text
