"""Visitation business actions. Each runs in one transaction, writes the journal and announces what
other units must act on through citizens.pathway (never by importing another module)."""

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carecore.models import Membership, Unit
from carecore.notifications import notify
from carecore.roles import Role
from citizens import pathway
from citizens.models import Assessment, AssessmentKind, CitizenUnit, JournalKind
from citizens.services import add_journal_entry

from .letters import render_letter
from .models import (
    Case,
    CaseAssessment,
    CaseStatus,
    Decision,
    GrantedService,
    LawFrame,
    Outcome,
    Request,
    Source,
)

REHAB_UNIT_CODE = "rehabiliteringsenheden"


def _journal(citizen, by, text):
    if by is not None:
        with override("da"):
            add_journal_entry(citizen, by, kind=JournalKind.VISITATION, text=str(text))


# --- requests ---------------------------------------------------------------------------------
@transaction.atomic
def receive_request(*, citizen, source, reference, proposed=(), text="", by=None):
    """Open or update the citizen's case with a request. The same `reference` again updates the request
    (text, proposed services) and changes nothing else: nothing is requested twice."""
    if source not in Source.values:
        source = Source.TYPED
    case, _created = Case.objects.select_for_update().get_or_create(citizen=citizen)
    request = Request.objects.filter(reference=reference).first()
    proposed = [
        {"service": str(p.get("service", "")).strip()[:200], "note": str(p.get("note", "")).strip()[:300]}
        for p in proposed
        if str(p.get("service", "")).strip()
    ]
    if request is not None:
        if (request.text, request.proposed) != (text, proposed):
            request.text, request.proposed, request.updated_at = text, proposed, timezone.now()
            request.save(update_fields=["text", "proposed", "updated_at"])
        return request
    request = Request.objects.create(
        case=case, source=source, reference=reference, text=text, proposed=proposed, created_by=by
    )
    case.status = CaseStatus.NEW
    case.changed_at = timezone.now()
    case.save(update_fields=["status", "changed_at"])
    with override("da"):
        _journal(
            citizen,
            by,
            _("Request for help received (%(source)s): %(text)s")
            % {"source": Source(source).label, "text": text or ", ".join(p["service"] for p in proposed)},
        )
    return request


def on_help_requested(sender, *, citizen, source, reference, proposed=(), text="", by=None, **kwargs):
    """Receiver of citizens.pathway.help_requested."""
    receive_request(citizen=citizen, source=source, reference=reference, proposed=proposed, text=text, by=by)


# --- assessment -------------------------------------------------------------------------------
def function_levels_on(citizen, day):
    """FSIII functional ability as it stood at the end of `day`: the latest level of each sub-area."""
    end = timezone.make_aware(datetime.combine(day, time.max))
    levels = {}
    for code, level in (
        Assessment.objects.filter(citizen=citizen, kind=AssessmentKind.FUNCTION, assessed_at__lte=end)
        .order_by("code", "-assessed_at", "-id")
        .values_list("code", "level")
    ):
        levels.setdefault(code, level)
    return levels


def _rehab_staff():
    unit = Unit.objects.filter(code=REHAB_UNIT_CODE).first()
    if unit is None:
        return []
    User = get_user_model()
    return list(
        User.objects.filter(memberships__unit=unit, is_active=True)
        .filter(Q(memberships__is_leader=True) | Q(groups__name=Role.THERAPIST.value))
        .distinct()
    )


@transaction.atomic
def record_assessment(
    case, *, by, assessed_on, rehab_potential, rehab_reason, home_visit_on=None, home_visit_note=""
):
    """The visitator's assessment. Where there is rehabilitation potential, rehabilitation comes first
    (Serviceloven §83a, Ældreloven): the case goes to the rehabilitation unit before home help."""
    if not (rehab_reason or "").strip():
        raise ValidationError({"rehab_reason": _("Give the reason for the assessment of the potential.")})
    case = Case.objects.select_for_update().select_related("citizen").get(pk=case.pk)
    assessment = CaseAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        home_visit_on=home_visit_on,
        home_visit_note=home_visit_note.strip(),
        rehab_potential=rehab_potential,
        rehab_reason=rehab_reason.strip(),
        function_levels=function_levels_on(case.citizen, assessed_on),
        assessed_by=by,
    )
    if case.status in (CaseStatus.NEW, CaseStatus.ASSESSMENT, CaseStatus.REHAB_FIRST):
        case.status = CaseStatus.REHAB_FIRST if rehab_potential else CaseStatus.ASSESSMENT
    case.changed_at = timezone.now()
    case.save(update_fields=["status", "changed_at"])
    citizen = case.citizen
    with override("da"):
        if rehab_potential:
            notify(
                (user.pk for user in _rehab_staff()),
                key=f"visitation-rehab-first:{assessment.pk}",
                title=_("Referred for a §83a rehabilitation pathway: %(name)s") % {"name": citizen.full_name},
                body=assessment.rehab_reason,
                url=reverse("rehab:pathways"),
            )
        _journal(
            citizen,
            by,
            (
                _(
                    "Visitation assessment: rehabilitation potential – referred to the rehabilitation unit. %(r)s"
                )
                if rehab_potential
                else _("Visitation assessment: no rehabilitation potential. %(r)s")
            )
            % {"r": assessment.rehab_reason},
        )
    return assessment


# --- decisions --------------------------------------------------------------------------------
def _leaders_of(unit):
    """The leaders of the provider unit, or else of the nearest unit above it that has leaders."""
    by_unit = {}
    for unit_id, user_id in Membership.objects.filter(
        is_leader=True, unit__in=Unit.objects.ancestors_of(unit)
    ).values_list("unit_id", "user_id"):
        by_unit.setdefault(unit_id, []).append(user_id)
    for unit_id in reversed([int(p) for p in unit.path.strip("/").split("/") if p]):
        if unit_id in by_unit:
            return by_unit[unit_id]
    return []


def _service_payload(line, decision):
    return {
        "code": line.service.code,
        "name": line.service.name,
        "service_type": line.service.service_type,
        "minutes": line.minutes,
        "times_per_week": len(line.weekdays),
        "weekdays": list(line.weekdays),
        "start": decision.start_on,
        "end": None,
        "note": line.note,
    }


@transaction.atomic
def decide(
    case,
    *,
    by,
    outcome,
    law_frame,
    reasons,
    start_on,
    provider=None,
    reassess_on=None,
    lines=(),
):
    """Make a new version of the case's decision. A grant orders the services from the provider the
    citizen chose (frit valg) and replaces the previous version; the letter is rendered and stored."""
    errors = {}
    if not (reasons or "").strip():
        errors["reasons"] = _("Give the reasons for the decision.")
    if outcome == Outcome.GRANTED:
        if provider is None:
            errors["provider"] = _("Choose the provider the citizen has chosen.")
        if not lines:
            errors["services"] = _("Grant at least one service, or refuse.")
        if reassess_on is None:
            errors["reassess_on"] = _("Set a re-assessment date.")
    if reassess_on is not None and reassess_on <= start_on:
        errors["reassess_on"] = _("The re-assessment must come after the start.")
    if errors:
        raise ValidationError(errors)
    case = Case.objects.select_for_update().select_related("citizen").get(pk=case.pk)
    previous = case.decisions.order_by("-version").first()
    decision = Decision(
        case=case,
        version=(previous.version + 1) if previous else 1,
        outcome=outcome,
        law_frame=law_frame,
        reasons=reasons.strip(),
        provider=provider if outcome == Outcome.GRANTED else None,
        start_on=start_on,
        reassess_on=reassess_on,
        replaces=previous,
        decided_by=by,
        decided_at=timezone.now(),
    )
    granted = []
    if outcome == Outcome.GRANTED:
        for line in lines:
            service = line["service"]
            granted.append(
                GrantedService(
                    service=service,
                    weekdays="".join(sorted(set(line["weekdays"]))),
                    minutes=line["minutes"],
                    note=(line.get("note") or "").strip(),
                    legal_basis=service.basis_for(law_frame),
                )
            )
    decision.legal_basis = "; ".join(dict.fromkeys(g.legal_basis for g in granted)) or _basis_of_refusal(
        law_frame
    )
    decision.letter = render_letter(decision, granted)
    decision.save()
    for g in granted:
        g.decision = decision
    GrantedService.objects.bulk_create(granted)

    case.status = CaseStatus.DECIDED if outcome == Outcome.GRANTED else CaseStatus.REFUSED
    case.provider = decision.provider
    case.reassess_on = reassess_on
    case.changed_at = timezone.now()
    case.save(update_fields=["status", "provider", "reassess_on", "changed_at"])

    citizen = case.citizen
    replaced = previous if previous is not None and previous.outcome == Outcome.GRANTED else None
    if outcome == Outcome.GRANTED:
        if not CitizenUnit.objects.filter(citizen=citizen, unit=provider).exists():
            link = CitizenUnit(citizen=citizen, unit=provider)
            link._history_user = by
            link.save()
        pathway.services_granted.send(
            sender=Decision,
            citizen=citizen,
            provider=provider,
            decision_ref=decision.ref,
            services=[_service_payload(g, decision) for g in granted],
            replaces=replaced.ref if replaced else None,
            by=by,
        )
        with override("da"):
            notify(
                _leaders_of(provider),
                key=f"visitation-order:{decision.pk}",
                title=_("New order from the visitation: %(name)s") % {"name": citizen.full_name},
                body=", ".join(g.service.name for g in granted),
                url=reverse("visitation:case", args=[case.pk]),
            )
    elif replaced is not None:
        # The help stops: the provider ends the plans of the replaced grant.
        pathway.services_granted.send(
            sender=Decision,
            citizen=citizen,
            provider=replaced.provider,
            decision_ref=decision.ref,
            services=[],
            replaces=replaced.ref,
            by=by,
        )
    with override("da"):
        _journal(
            citizen,
            by,
            _("Visitation decision (version %(v)s): %(outcome)s. %(services)s")
            % {
                "v": decision.version,
                "outcome": Outcome(outcome).label,
                "services": ", ".join(g.service.name for g in granted),
            },
        )
    return decision


def _basis_of_refusal(law_frame):
    return "Ældreloven" if law_frame == LawFrame.ELDERLY_ACT else "Serviceloven § 83"
