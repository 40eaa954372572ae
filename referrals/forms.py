from django import forms
from django.utils.translation import gettext_lazy as _

from carecore.forms import text_field
from carecore.models import Unit
from citizens.models import Citizen

from .models import Receiver, Urgency


class ReferralForm(forms.Form):
    """A referral of `citizen` (or, without one, of the citizen whose CPR number is written) from one of
    the sender's units to a unit that takes referrals."""

    cpr = forms.CharField(label=_("Citizen (CPR number)"), max_length=11, help_text=_("DDMMYY-SSSS"))
    to_unit = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Unit.objects.none(),
        empty_label=_("Choose a unit"),
        error_messages={"invalid_choice": _("That unit does not take referrals.")},
    )
    from_unit = forms.ModelChoiceField(label=_("From"), queryset=Unit.objects.none(), empty_label=None)
    reason = text_field(
        _("Reason for the referral"),
        max_length=4000,
        help_text=_("What the receiving unit needs to know to decide, e.g. the rehabilitation potential."),
        error_messages={"required": _("Give the reason for the referral.")},
        rows=4,
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL, required=False
    )

    def __init__(self, *args, user, citizen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.citizen = citizen
        if citizen is not None:
            del self.fields["cpr"]
        receivers = Receiver.objects.filter(is_active=True).select_related("unit")
        self.fields["to_unit"].queryset = Unit.objects.filter(pk__in=receivers.values("unit_id")).order_by(
            "name"
        )
        self.fields["to_unit"].label_from_instance = self._receiver_label({r.unit_id: r for r in receivers})
        own = Unit.objects.filter(memberships__user=user).order_by("name")
        self.fields["from_unit"].queryset = own
        if len(own) == 1:
            self.fields["from_unit"].widget = forms.HiddenInput()
            self.fields["from_unit"].initial = own[0].pk

    @staticmethod
    def _receiver_label(by_unit):
        def label(unit):
            receiver = by_unit.get(unit.pk)
            return f"{unit.name} – {receiver.description}" if receiver and receiver.description else unit.name

        return label

    def clean_cpr(self):
        digits = self.cleaned_data["cpr"].replace("-", "").replace(" ", "")
        if not digits.isdigit() or len(digits) != 10:
            raise forms.ValidationError(_("Write the CPR number as DDMMYY-SSSS."))
        citizen = Citizen.objects.visible_to(self.user).filter(cpr=f"{digits[:6]}-{digits[6:]}").first()
        if citizen is None:
            raise forms.ValidationError(_("No citizen with that CPR number among the citizens you serve."))
        self.citizen = citizen
        return citizen.cpr

    def clean_urgency(self):
        return self.cleaned_data.get("urgency") or Urgency.NORMAL


class AcceptForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("The citizen is served by"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("The receiving unit, or a team under it."),
    )
    note = text_field(_("Note to the sender (optional)"), max_length=4000, required=False, rows=2)

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(path__startswith=referral.to_unit.path).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = referral.to_unit_id


class DeclineForm(forms.Form):
    reason = text_field(
        _("Reason for declining"),
        max_length=4000,
        error_messages={"required": _("Give the reason for declining.")},
        rows=2,
    )


class CancelForm(forms.Form):
    reason = text_field(
        _("Why is the referral withdrawn? (optional)"), max_length=4000, required=False, rows=2
    )
