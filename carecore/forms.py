"""Form fields and helpers every app shares, so bad input is a message next to the field, never a 500.

Dates: Python and the database accept years 1 to 9999, but adding a stay's length to 9999-12-31 or
turning 0001-01-01 00:00 local time into UTC overflows. Every date a user types is kept between
EARLIEST and YEARS_AHEAD years from today; a form narrows that further where its domain says so
(an end after its start)."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date(today=None):
    """The last day a user may type: the end of the year YEARS_AHEAD years from now."""
    return date((today or timezone.localdate()).year + YEARS_AHEAD, 12, 31)


def validate_sensible_date(value, *, future=True):
    """A date (or the local date of a time) from EARLIEST to YEARS_AHEAD years from today. With
    future=False only the earliest is checked: the form has its own rule for the future (not after now)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    latest = latest_date() if future else date.max
    if not EARLIEST <= day <= latest:
        params = {
            "earliest": date_format(EARLIEST, "SHORT_DATE_FORMAT"),
            "latest": date_format(latest, "SHORT_DATE_FORMAT"),
        }
        if future:
            message = _("Enter a date between %(earliest)s and %(latest)s.")
        else:
            message = _("Enter a date from %(earliest)s on.")
        raise ValidationError(message, code="date_out_of_range", params=params)


def validate_sensible_past_date(value):
    validate_sensible_date(value, future=False)


class DateInput(forms.DateInput):
    """The browser's date picker: it shows and takes the date as dd.mm.åååå in a Danish browser; the value
    it sends and is given is ISO (a localised "25.11.2026" value would leave the field empty)."""

    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


class SafeDateField(forms.DateField):
    """A date field that refuses dates the application cannot compute with (see the module).
    future=False leaves the upper bound to the form's own rule (e.g. "not in the future")."""

    def __init__(self, *args, future=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators.append(validate_sensible_date if future else validate_sensible_past_date)


class SafeDateTimeField(forms.DateTimeField):
    """A date and time field that refuses times the application cannot store or compute with."""

    def __init__(self, *args, future=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators.append(validate_sensible_date if future else validate_sensible_past_date)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def day_from_query(value):
    """A day from the address (?dato=2026-03-02), or None when it is unreadable or far away."""
    try:
        day = date.fromisoformat(str(value or ""))
        validate_sensible_date(day)
    except (ValueError, ValidationError):
        return None
    return day


def text_field(label, *, rows=3, **kwargs):
    """A CharField written in a textarea of `rows` lines (the other arguments are CharField's)."""
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def check_period(form, message, *, first="starts_on", last="ends_on", strict=False):
    """In a form's clean(): `message` next to `last` when it lies before `first` (with `strict`, when it
    does not lie after it). Nothing when either is missing (its own field already says so)."""
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(last)
    if start and end and (end <= start if strict else end < start):
        form.add_error(last, message)


def add_service_errors(form, exc, **rename):
    """Show a service's ValidationError on the form: next to the field it names (`rename` maps a
    model's field name to the form's), else above the form. Never an error for a field the form lacks."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        name = rename.get(name, name)
        form.add_error(name if name in form.fields else None, errors)
