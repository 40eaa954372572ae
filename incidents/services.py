"""Business actions on incidents. Each runs in one transaction and writes the case log."""

import hashlib
import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from guardian.shortcuts import assign_perm, remove_perm

from carecore.models import save_valid
from carecore.notifications import notify
from carecore.versioning import claim

from .models import (
    ANALYSIS_TEXTS,
    HANDLE_PERM,
    SEVERE,
    Action,
    Analysis,
    AnalysisRevision,
    CaseEvent,
    Draft,
    ExportApproval,
    HandlerGroup,
    Incident,
    Kind,
    SeverityChange,
    Source,
    Status,
)

PERM = f"incidents.{HANDLE_PERM}"


class CaseTaken(Exception):
    """Another handler took the case first."""


def _notify_group(incident, group, key, title):
    members = list(group.members.values_list("pk", flat=True)) if group else []
    with override(settings.LANGUAGE_CODE):
        notify(members, key=key, title=str(title), url=f"/uth/{incident.pk}/")


RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def new_receipt_code():
    """A code the public reporter keeps to follow the report: 10 random characters (about 50 bits), so
    it cannot be guessed within the receipt page's rate limit."""
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def report_incident(*, data, reported_by=None, source="staff", kind=Kind.UTH):
    """File a report and route it to the case-handler group of the area where it happened."""
    incident = Incident(kind=kind, source=source, reported_by=reported_by, **data)
    incident.actual_severity = incident.reported_actual
    incident.possible_severity = incident.reported_possible
    incident.handler_group = HandlerGroup.objects.for_unit(incident.unit, kind)
    if incident.handler_group is None:
        raise ValidationError(
            {"unit": _("No case handlers take reports for this place yet. Choose another place.")}
        )
    if source == Source.PUBLIC:
        incident.receipt_code = new_receipt_code()
    save_valid(incident)
    CaseEvent.objects.create(incident=incident, what=CaseEvent.What.REPORTED, by=reported_by)
    if incident.handler_group:
        CaseEvent.objects.create(
            incident=incident, what=CaseEvent.What.ROUTED, text=incident.handler_group.name
        )
    with override(settings.LANGUAGE_CODE):
        title = _("New report %(number)s: %(unit)s") % {"number": incident.number, "unit": incident.unit.name}
    _notify_group(incident, incident.handler_group, f"uth-new:{incident.pk}", title)
    if reported_by:
        Draft.objects.filter(user=reported_by, form=kind).delete()
    return incident


def _touch(incident, by, what, text=""):
    incident.touched_at = timezone.now()
    CaseEvent.objects.create(incident=incident, what=what, text=text[:1000], by=by)


def _locked(incident):
    return Incident.objects.select_for_update().get(pk=incident.pk)


@transaction.atomic
def take_case(incident, user):
    """Assign the case to `user` (a per-object permission). Race-safe: the row is locked, and a case
    already taken by someone else is refused."""
    incident = _locked(incident)
    if not incident.is_open:
        raise ValidationError(_("The case is finished."))
    if incident.assigned_to_id and incident.assigned_to_id != user.pk:
        raise CaseTaken
    incident.assigned_to = user
    incident.status = Status.IN_PROGRESS
    _touch(incident, user, CaseEvent.What.TAKEN)
    incident.save(update_fields=["assigned_to", "status", "touched_at"])
    assign_perm(PERM, user, incident)
    return incident


@transaction.atomic
def hand_over(incident, by, *, reason, to_user=None, to_group=None):
    """Hand the case to another handler or to another area's group, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the case is handed over.")})
    if bool(to_user) == bool(to_group):
        raise ValidationError(_("Choose either a case handler or a group."))
    incident = _locked(incident)
    if not incident.is_open:
        raise ValidationError(_("The case is finished."))
    if incident.assigned_to_id:
        remove_perm(PERM, get_user_model()(pk=incident.assigned_to_id), incident)
    if to_user:
        incident.assigned_to = to_user
        incident.status = Status.IN_PROGRESS
        assign_perm(PERM, to_user, incident)
        target = to_user.get_full_name() or to_user.username
        with override(settings.LANGUAGE_CODE):
            title = _("Case %(number)s was handed to you") % {"number": incident.number}
            notify(
                [to_user.pk],
                key=f"uth-handed:{incident.pk}:{to_user.pk}:{timezone.now():%s}",
                title=title,
                body=reason,
                url=f"/uth/{incident.pk}/",
            )
    else:
        incident.assigned_to = None
        incident.status = Status.RECEIVED
        incident.handler_group = to_group
        target = to_group.name
        with override(settings.LANGUAGE_CODE):
            title = _("Case %(number)s was handed to your group") % {"number": incident.number}
        _notify_group(
            incident, to_group, f"uth-handed:{incident.pk}:g{to_group.pk}:{timezone.now():%s}", title
        )
    _touch(incident, by, CaseEvent.What.HANDED, f"{target}: {reason}")
    incident.save(update_fields=["assigned_to", "status", "handler_group", "touched_at"])
    return incident


@transaction.atomic
def verify_severity(incident, by, *, actual, possible, reason, version=None):
    """Verify or correct both severities. A history row for each severity that changed; confirming them
    unchanged is logged as an assessment, not as a change. Returns the fields that changed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Write why.")})
    claim(incident, version)
    incident = _locked(incident)
    changed = []
    for field, new in (("actual", actual), ("possible", possible)):
        old = getattr(incident, f"{field}_severity")
        if old != new:
            SeverityChange.objects.create(
                incident=incident, field=field, from_value=old, to_value=new, reason=reason, by=by
            )
            setattr(incident, f"{field}_severity", new)
            changed.append(field)
    incident.severity_verified = True
    with override(settings.LANGUAGE_CODE):
        prefix = _("Changed") if changed else _("Confirmed unchanged")
    _touch(incident, by, CaseEvent.What.SEVERITY, f"{prefix}: {reason}")
    incident.save(update_fields=["actual_severity", "possible_severity", "severity_verified", "touched_at"])
    return changed


@transaction.atomic
def classify(incident, by, *, type, causes, analysis_wanted, version=None):
    claim(incident, version)
    incident = _locked(incident)
    incident.type = type
    incident.causes = causes
    incident.analysis_wanted = analysis_wanted
    _touch(incident, by, CaseEvent.What.CLASSIFIED)
    incident.save(update_fields=["type", "causes", "analysis_wanted", "touched_at"])
    return incident


@transaction.atomic
def add_action(incident, by, *, what, responsible, due):
    action = Action(incident=incident, what=what, responsible=responsible, due=due, created_by=by)
    save_valid(action)
    Incident.objects.filter(pk=incident.pk).update(touched_at=timezone.now())
    return action


@transaction.atomic
def complete_action(action, by):
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        Incident.objects.filter(pk=action.incident_id).update(touched_at=timezone.now())
    return action


@transaction.atomic
def record_force_assessment(incident, by, *, force_assessment, version=None):
    """The leader's assessment of a use of force (a text others may edit too: version-checked)."""
    claim(incident, version)
    incident = _locked(incident)
    incident.force_assessment = force_assessment
    incident.touched_at = timezone.now()
    incident.save(update_fields=["force_assessment", "touched_at"])
    return incident


@transaction.atomic
def save_analysis(incident, by, *, data, completed, version=None):
    """Save the analysis and keep the saved text as a revision. `version` is the one the form was loaded
    with (0: no analysis existed then); a save over a newer analysis raises EditConflict."""
    _locked(incident)  # one writer per case at a time, also for the very first analysis
    analysis = Analysis.objects.filter(incident=incident).first()
    if analysis is None:
        analysis = Analysis(incident=incident)
    else:
        claim(analysis, version)
    for key, value in data.items():
        setattr(analysis, key, value)
    analysis.completed = completed
    analysis.updated_by = by
    analysis.updated_at = timezone.now()
    save_valid(analysis)
    AnalysisRevision.objects.create(
        analysis=analysis,
        version=analysis.version,
        completed=completed,
        saved_by=by,
        saved_at=analysis.updated_at,
        **{name: getattr(analysis, name) for name in ANALYSIS_TEXTS},
    )
    Incident.objects.filter(pk=incident.pk).update(touched_at=timezone.now())
    return analysis


def _notify_reporter(incident, title):
    if incident.reported_by_id:
        notify(
            [incident.reported_by_id], key=f"uth-feedback:{incident.pk}", title=str(title), url="/uth/mine/"
        )


# The case texts that go to DPSD, by their name in the report.
EXPORT_FIELDS = {
    "what_happened": "description",
    "immediate_action": "immediate_action",
    "causes": "causes",
    "prevention": "prevention",
}


def export_sources(incident):
    return {name: getattr(incident, field) or "" for name, field in EXPORT_FIELDS.items()}


def _digest(sources):
    return hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()


def current_approval(incident):
    """The latest approval of the anonymised texts, if the case texts have not changed since."""
    approval = ExportApproval.objects.filter(incident=incident).select_related("by").first()
    if approval and approval.source_digest == _digest(export_sources(incident)):
        return approval
    return None


@transaction.atomic
def approve_export(incident, by, **texts):
    """The case handler approves the anonymised texts that will go to DPSD (a new row every time)."""
    incident = _locked(incident)
    approval = ExportApproval.objects.create(
        incident=incident,
        texts={name: texts.get(name, "") for name in EXPORT_FIELDS},
        source_digest=_digest(export_sources(incident)),
        by=by,
    )
    _touch(incident, by, CaseEvent.What.APPROVED)
    incident.save(update_fields=["touched_at"])
    return approval


@transaction.atomic
def close_case(incident, by, *, feedback, open_actions_reason=""):
    """Close with feedback to the reporter. Severe and fatal incidents need a completed analysis; a UTH
    needs its anonymised texts approved (as they are now) by the case handler; a severe case with actions
    not done yet is closed only with a reason (kept in the case log)."""
    incident = _locked(incident)
    open_actions = incident.actions.filter(done_at__isnull=True).count()
    if incident.actual_severity in SEVERE and open_actions and not open_actions_reason.strip():
        raise ValidationError(
            {
                "open_actions_reason": ngettext(
                    "The case is severe and has %(n)d action not done yet. Write why it is closed anyway.",
                    "The case is severe and has %(n)d actions not done yet. Write why it is closed anyway.",
                    open_actions,
                )
                % {"n": open_actions}
            }
        )
    if incident.status != Status.IN_PROGRESS:
        raise ValidationError(_("Only a case in progress can be closed."))
    if not feedback.strip():
        raise ValidationError({"feedback": _("Write the feedback to the reporter before closing.")})
    if incident.needs_analysis and not Analysis.objects.filter(incident=incident, completed=True).exists():
        raise ValidationError(_("A completed incident analysis is required before this case can be closed."))
    if incident.kind == Kind.UTH and current_approval(incident) is None:
        raise ValidationError(_("Approve the anonymised text for DPSD before closing the case."))
    note = open_actions_reason.strip() if open_actions else ""
    return _finish(incident, by, Status.CLOSED, CaseEvent.What.CLOSED, note, feedback=feedback)


def _finish(incident, by, status, what, note, **fields):
    """The case ends as `status` with the feedback to the reporter (`fields`): logged as `what` with
    `note`, and the reporter is told."""
    now = timezone.now()
    incident.status = status
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.feedback_at = now
    incident.closed_at = now
    _touch(incident, by, what, note)
    incident.save(update_fields=["status", *fields, "feedback_at", "closed_at", "touched_at"])
    with override(settings.LANGUAGE_CODE):
        _notify_reporter(incident, _("Feedback on your report %(number)s") % {"number": incident.number})
    return incident


@transaction.atomic
def reject_case(incident, by, *, reason, comment):
    """Not a UTH: rejected with one of five reasons and a comment. The report itself is kept."""
    if not comment.strip():
        raise ValidationError({"comment": _("Write a comment for the reporter.")})
    incident = _locked(incident)
    if not incident.is_open:
        raise ValidationError(_("The case is finished."))
    return _finish(
        incident,
        by,
        Status.REJECTED,
        CaseEvent.What.REJECTED,
        comment,
        reject_reason=reason,
        feedback=comment,
    )


def save_draft(user, form, data):
    Draft.objects.update_or_create(user=user, form=form, defaults={"data": data, "saved_at": timezone.now()})
