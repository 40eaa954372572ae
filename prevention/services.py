"""The SFT department's writes: one function per business action, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from carecore.models import Notification
from carecore.notifications import notify_many
from citizens.models import Citizen, CitizenUnit
from citizens.services import register_citizen

from . import register
from .invitations import invitations_for_month
from .models import (
    Attendance,
    Course,
    Enrolment,
    EnrolmentStatus,
    Exemption,
    FollowUpAction,
    Offer,
    OfferStatus,
    PreventiveVisit,
    RiskFlag,
    VisitRecord,
    sft_unit,
)

MISSED_TO_FLAG = 2


def make_invitation_list(month):
    """Write the month's offers (idempotent: an offer is made once per resident, year and group)."""
    residents = register.adapter().residents()
    offered = set(Offer.objects.filter(year=month.year).values_list("cpr", "year", "group"))
    found = invitations_for_month(
        residents,
        month,
        vulnerable=set(RiskFlag.objects.values_list("cpr", flat=True)),
        exempt=set(Exemption.objects.values_list("cpr", flat=True)),
        offered=offered,
    )
    offers = [
        Offer(
            cpr=i.resident.cpr,
            name=i.resident.name,
            birth_date=i.resident.birth_date,
            address=f"{i.resident.address}, {i.resident.postcode} {i.resident.city}",
            group=i.group,
            year=month.year,
            month=month,
        )
        for i in found
    ]
    Offer.objects.bulk_create(offers, ignore_conflicts=True)
    return len(offers)


def flag_risk(*, cpr, reason, by):
    flag, _created = RiskFlag.objects.update_or_create(cpr=cpr, defaults={"reason": reason, "set_by": by})
    return flag


def exempt(*, cpr, reason, by):
    row, _created = Exemption.objects.update_or_create(cpr=cpr, defaults={"reason": reason, "set_by": by})
    return row


def citizen_for(cpr, *, by):
    """The citizen record of `cpr`, served by SFT: the existing one, or a new one from the CPR register."""
    unit = sft_unit()
    citizen = Citizen.objects.filter(cpr=cpr).first()
    if citizen is None:
        resident = register.adapter().resident(cpr)
        if resident is None:
            raise ValidationError({"cpr": _("The CPR register has no resident with this number.")})
        return register_citizen(
            data={
                "cpr": resident.cpr,
                "first_name": resident.first_name,
                "last_name": resident.last_name,
                "address": resident.address,
                "postcode": resident.postcode,
                "city": resident.city,
            },
            units=[unit],
            by=by,
        )
    link, created = CitizenUnit.objects.get_or_create(citizen=citizen, unit=unit)
    return citizen


@transaction.atomic
def answer_offer(offer, *, status, by):
    """Record the resident's answer; an acceptance makes them a citizen served by SFT."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if hasattr(offer, "visit"):
        raise ValidationError({"status": _("The visit is booked; the answer can no longer be changed.")})
    offer.status = status
    offer.answered_at = timezone.now()
    offer.answered_by = by
    if status == OfferStatus.ACCEPTED and offer.citizen_id is None:
        offer.citizen = citizen_for(offer.cpr, by=by)
    offer.save(update_fields=["status", "answered_at", "answered_by", "citizen"])
    return offer


@transaction.atomic
def book_visit(offer, *, scheduled_at, by):
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.ACCEPTED:
        raise ValidationError({"scheduled_at": _("Only an accepted offer can have a visit booked.")})
    if scheduled_at < timezone.now():
        raise ValidationError({"scheduled_at": _("The visit cannot be booked in the past.")})
    visit, _created = PreventiveVisit.objects.update_or_create(
        offer=offer, defaults={"citizen": offer.citizen, "consultant": by, "scheduled_at": scheduled_at}
    )
    return visit


@transaction.atomic
def document_visit(
    visit, *, by, health, network, activity, housing, follow_up="", action="", action_due=None
):
    """The visit's record (append-only; a new record corrects the last) and an optional follow-up action."""
    if visit.scheduled_at > timezone.now():
        raise ValidationError({"health": _("A visit cannot be documented before it has taken place.")})
    last = visit.records.order_by("-at", "-id").first()
    record = VisitRecord.objects.create(
        visit=visit,
        citizen=visit.citizen,
        health=health,
        network=network,
        activity=activity,
        housing=housing,
        follow_up=follow_up,
        corrects=last,
        author=by,
    )
    if action:
        FollowUpAction.objects.create(visit=visit, text=action, due_on=action_due, created_by=by)
    return record


# --- courses and teams ---------------------------------------------------------------------------
@transaction.atomic
def enrol(course, citizen, *, source, referral_text="", wait_list=False, by):
    """Enrol the citizen, or put them on the waiting list. The course row is locked while the places are
    counted, so two enrolments at the same moment can never take more places than the capacity."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if Enrolment.objects.filter(course=course, citizen=citizen).exists():
        raise ValidationError({"cpr": _("The citizen is already on this course or its waiting list.")})
    taken = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count()
    if taken >= course.capacity and not wait_list:
        raise ValidationError(
            {
                "cpr": _(
                    "The course is full (%(capacity)s places). Put the citizen on the waiting list instead."
                )
                % {"capacity": course.capacity}
            },
            code="full",
        )
    status = EnrolmentStatus.ENROLLED if taken < course.capacity else EnrolmentStatus.WAITING
    return Enrolment.objects.create(
        course=course,
        citizen=citizen,
        status=status,
        source=source,
        referral_text=referral_text,
        created_by=by,
    )


@transaction.atomic
def enrol_resident(course, cpr, *, by, **kwargs):
    """Enrol the resident with this CPR number (made a citizen served by SFT): all or nothing."""
    return enrol(course, citizen_for(cpr, by=by), by=by, **kwargs)


@transaction.atomic
def record_attendance(session, enrolment, *, present, by, now=None):
    """Record whether the citizen came. Not for a session that has not started; a second absence is
    flagged to the instructor in the same transaction."""
    now = now or timezone.now()
    if session.starts_at > now:
        raise ValidationError(_("Attendance cannot be recorded for a session that has not started."))
    if enrolment.course_id != session.course_id or enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("The citizen is not enrolled on this course."))
    Attendance.objects.update_or_create(
        session=session,
        enrolment=enrolment,
        defaults={"present": present, "recorded_by": by, "recorded_at": now},
    )
    missed = Attendance.objects.filter(enrolment=enrolment, present=False).count()
    if missed >= MISSED_TO_FLAG:
        from django.urls import reverse

        notify_many(
            [
                Notification(
                    user_id=session.course.instructor_id,
                    key=f"sft-missed-{enrolment.pk}",
                    title=_("A citizen has missed %(count)s sessions of %(course)s")
                    % {"count": missed, "course": session.course.title},
                    url=reverse("prevention:course", args=[session.course_id]),
                )
            ]
        )
    return missed


@transaction.atomic
def create_course(form, *, by):
    """The course from its form and its weekly sessions from the first one."""
    from datetime import timedelta

    from .models import Session

    course = form.save(commit=False)
    first = form.cleaned_data["first_session"]
    course.starts_on = timezone.localtime(first).date()
    course.save()
    Session.objects.bulk_create(
        [
            Session(course=course, starts_at=first + timedelta(weeks=n))
            for n in range(form.cleaned_data["sessions"])
        ]
    )
    return course


# --- §140 training after hospital ----------------------------------------------------------------
@transaction.atomic
def register_plan(*, cpr, specialty, hospital, discharged_on, therapist, by):
    """Register the hospital's training plan; the start limit is counted from the discharge, and a
    child's plan (under 18 at discharge, Sundhedsloven §140a) is kept on the children's list."""
    from datetime import timedelta

    from .invitations import age_on
    from .models import TrainingPlan

    citizen = citizen_for(cpr, by=by)
    return TrainingPlan.objects.create(
        citizen=citizen,
        specialty=specialty,
        hospital=hospital,
        discharged_on=discharged_on,
        start_by=discharged_on + timedelta(days=TrainingPlan.START_DAYS),
        is_child=age_on(citizen.birth_date, discharged_on) < 18,
        therapist=therapist,
    )


def start_training(plan, *, started_on):
    if started_on < plan.discharged_on:
        raise ValidationError({"started_on": _("Training cannot start before the discharge.")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("Record the start when training has started.")})
    plan.started_on = started_on
    plan.save(update_fields=["started_on"])
    return plan


def end_training(plan, *, ended_on, result):
    if plan.started_on is None or ended_on < plan.started_on:
        raise ValidationError({"ended_on": _("Training ends after it has started.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("Record the end when training has ended.")})
    plan.ended_on = ended_on
    plan.result = result
    plan.save(update_fields=["ended_on", "result"])
    return plan


def record_outcome(enrolment, *, point, health, wellbeing, by):
    """The citizen's answers for one point of the course (a new answer corrects an earlier one)."""
    from .models import Outcome

    return Outcome.objects.create(
        enrolment=enrolment, point=point, health=health, wellbeing=wellbeing, recorded_by=by
    )


def outcome_averages(outcomes):
    """Average health and well-being per point of `outcomes` (an Outcome QuerySet), latest answers only:
    [(point label, health, well-being, answers)], with the chart's bar widths in per cent."""
    from django.db.models import Avg

    from .models import OutcomePoint

    rows = {
        r["point"]: r
        for r in outcomes.latest()
        .values("point")
        .annotate(h=Avg("health"), w=Avg("wellbeing"), n=Count("id"))
    }
    result = []
    for point in OutcomePoint:
        row = rows.get(point.value)
        if row:
            result.append(
                {
                    "label": point.label,
                    "health": round(row["h"], 1),
                    "wellbeing": round(row["w"], 1),
                    "n": row["n"],
                    "health_pct": round(row["h"] * 10),
                    "wellbeing_pct": round(row["w"] * 10),
                }
            )
    return result
