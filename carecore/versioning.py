"""Optimistic concurrency for shared data: a row carries a `version`; a form carries the version it was
loaded with; the save claims the row only if it still has that version. The second of two concurrent
saves is told, shown both versions and keeps what it typed (nothing is lost, nothing overwritten).

    form = PlanForm(request.POST or None, instance=plan)          # VersionedFormMixin: hidden `version`
    try:
        services.save_plan(plan, version=form.cleaned_data["version"], by=request.user)
    except EditConflict as conflict:
        form.show_conflict(conflict.current)                       # message, both versions, new version
        return render(..., status=409)

The claim is one conditional `UPDATE ... WHERE id = %s AND version = %s` inside the transaction that
saves: PostgreSQL holds the row lock until commit and re-checks the condition for a waiting second
writer, SQLite serialises writers, so exactly one of two simultaneous saves wins.
"""

import datetime

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_VERSION = 2**31 - 1  # PositiveIntegerField's upper bound on PostgreSQL: a tampered value is a form error


class EditConflict(Exception):
    """Someone else saved the row since the form was loaded. `current` is the row as saved now."""

    def __init__(self, current):
        super().__init__(f"{current._meta.label} {current.pk} changed since it was loaded")
        self.current = current


class Versioned(models.Model):
    """Base of shared data edited through forms. Every save of an existing row raises `version` by one
    in the database (also saves that are not guarded, so a form loaded before them sees the change)."""

    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    conflict_message = _(
        "This was changed by someone else while you were editing. Your change is not saved. "
        "See both versions below."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        loaded = self.version
        self.version = F("version") + 1  # the saved value is read back (RETURNING)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        try:
            super().save(*args, **kwargs)
        except Exception:
            self.version = loaded
            raise


def claim(instance, version):
    """Lock `instance`'s row for this transaction if it still has `version`, or raise EditConflict with
    the row as it is now. Call it inside the transaction that then saves the instance. `version` None
    is a caller without a form (a job, the demo, a receiver): nothing to compare."""
    if version is None:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() must run inside the transaction that saves the change.")
    model = type(instance)
    if not model._base_manager.filter(pk=instance.pk, version=version).update(version=F("version")):
        current = model._base_manager.get(pk=instance.pk)
        raise EditConflict(current)


def _display(field, value):
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, forms.ModelMultipleChoiceField):
        objects = [v for v in value if isinstance(v, models.Model)]
        ids = [v for v in value if not isinstance(v, models.Model)]
        if ids:
            objects += list(field.queryset.model._base_manager.filter(pk__in=ids))
        return ", ".join(sorted(str(o) for o in objects)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        found = field.queryset.model._base_manager.filter(pk=value).first()
        return str(found) if found else str(value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(k): v for k, v in choices if not isinstance(v, (list, tuple))}
        if isinstance(field, forms.MultipleChoiceField):  # a list, or a string of codes ("024")
            return ", ".join(str(labels.get(str(v), v)) for v in value) or "—"
        return str(labels.get(str(value), value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(formats.localize(value))


class VersionedFormMixin:
    """A hidden `version` field: the version of the object the form was loaded from. A ModelForm takes
    it from its instance; a plain form is given `version_of=<object>`. On a conflict, `show_conflict`
    puts the message on the form, lists the fields where the saved and the submitted version differ,
    and moves the hidden version on so that saving again (after a look) succeeds."""

    conflict_rows = None
    conflict = None  # the object as saved by the other user, once show_conflict has been called

    def __init__(self, *args, version_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, max_value=MAX_VERSION
        )
        obj = version_of if version_of is not None else getattr(self, "instance", None)
        self.versioned_object = obj
        if obj is not None and obj.pk:
            self.initial["version"] = obj.version

    def values_of(self, obj):
        """The form's fields as `obj` holds them (override where a field is not an attribute)."""
        return {name: getattr(obj, name) for name in self.fields if name != "version" and hasattr(obj, name)}

    def show_conflict(self, current):
        self.conflict = current
        theirs = self.values_of(current)
        ours = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        rows = []
        for name, field in self.fields.items():
            if name not in theirs or name not in ours:
                continue
            saved, submitted = _display(field, theirs[name]), _display(field, ours[name])
            if saved != submitted:
                rows.append({"label": str(field.label or name), "theirs": saved, "yours": submitted})
        self.conflict_rows = rows
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data
        self.add_error(None, current.conflict_message)
