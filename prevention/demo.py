"""Demo data for SFT, kept lean: the invitation lists of this month and the last, answers and visits on
some of them, and a small catalogue of courses and teams with enrolments, a waiting list and attendance.
All through the services; idempotent (a second run finds what exists)."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from carecore.demo import SEED

from . import services
from .models import Course, CourseKind, Offer, OfferStatus, Place, sft_unit
from .register import adapter

COURSES = [
    ("KOL-skole", CourseKind.PATIENT_COURSE, Place.HEALTH_HOUSE, 12),
    ("Diabetes – lev godt med type 2", CourseKind.PATIENT_COURSE, Place.SATELLITE, 10),
    ("Osteoporose-hold", CourseKind.MAINTENANCE, Place.HEALTH_HOUSE, 8),
    ("Rygestop", CourseKind.SMOKING, Place.BUS, 6),
]


class _Form:
    """The parts of a CourseForm that services.create_course reads, for seeding without a request."""

    def __init__(self, course, first, sessions):
        self.instance = course
        self.cleaned_data = {"first_session": first, "sessions": sessions}

    def save(self, commit=False):
        return self.instance


@transaction.atomic
def seed(out=None, **options):
    unit = sft_unit()
    User = get_user_model()
    consultant = User.objects.filter(username="forebyggelse").first()
    trainer = User.objects.filter(username="traener").first()
    if unit is None or consultant is None or trainer is None:
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    this_month = date(today.year, today.month, 1)
    last_month = date(this_month.year - (this_month.month == 1), (this_month.month - 2) % 12 + 1, 1)
    for month in (last_month, this_month):
        services.make_invitation_list(month)
    answered = Offer.objects.filter(month=last_month).exclude(status=OfferStatus.INVITED).exists()
    for offer in [] if answered else Offer.objects.filter(month=last_month).order_by("id")[:12]:
        status = rng.choice(
            [OfferStatus.ACCEPTED, OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.NO_ANSWER]
        )
        offer = services.answer_offer(offer, status=status, by=consultant)
        if status == OfferStatus.ACCEPTED:
            visit = services.book_visit(
                offer, scheduled_at=timezone.now() + timedelta(minutes=1), by=consultant
            )
            # the visit took place last month: moved back once booked (booking refuses the past)
            visit.scheduled_at = timezone.make_aware(
                datetime.combine(last_month + timedelta(days=rng.randint(0, 25)), time(10))
            )
            visit.save(update_fields=["scheduled_at"])
            services.document_visit(
                visit,
                by=consultant,
                health="Oplever sig selv ved godt helbred; lidt svimmel om morgenen.",
                network="Datter kommer ugentligt; går til seniorklub.",
                activity="Går tur dagligt, cykler om sommeren.",
                housing="Lejlighed på 1. sal uden elevator.",
                follow_up="Tilbydes faldforebyggende hold.",
                action="Ring op om tre måneder",
                action_due=today + timedelta(days=90),
            )
    _seed_plans(trainer, today, rng)
    if Course.objects.exists():
        return
    residents = adapter().residents()
    for n, (title, kind, place, capacity) in enumerate(COURSES):
        first = timezone.make_aware(datetime.combine(this_month - timedelta(days=21 - 7 * n), time(10)))
        course = services.create_course(
            _Form(
                Course(title=title, kind=kind, place=place, capacity=capacity, instructor=trainer), first, 8
            ),
            by=trainer,
        )
        for resident in residents[n * 12 : n * 12 + capacity + 2]:
            citizen = services.citizen_for(resident.cpr, by=trainer)
            services.enrol(
                course, citizen, source=rng.choice(["doctor", "staff", "own"]), wait_list=True, by=trainer
            )
        past = course.sessions.filter(starts_at__lt=timezone.now()).order_by("starts_at")
        for session in past:
            for enrolment in course.enrolments.filter(status="enrolled"):
                services.record_attendance(session, enrolment, present=rng.random() > 0.15, by=trainer)
        for enrolment in course.enrolments.filter(status="enrolled"):
            health, wellbeing = rng.randint(3, 7), rng.randint(3, 7)
            services.record_outcome(enrolment, point="start", health=health, wellbeing=wellbeing, by=trainer)
            if n == 0:  # the first course has ended for some: their answers at the end
                services.record_outcome(
                    enrolment,
                    point="end",
                    health=min(10, health + 2),
                    wellbeing=min(10, wellbeing + 1),
                    by=trainer,
                )
    if out:
        out.write(f"SFT: {Offer.objects.count()} offers, {Course.objects.count()} courses\n")


def _seed_plans(trainer, today, rng):
    """A handful of open §140 plans (one overdue, some started) and a child's plan (§140a)."""
    from .models import Specialty, TrainingPlan

    if TrainingPlan.objects.exists():
        return
    residents = adapter().residents()[60:66]
    for n, resident in enumerate(residents):
        plan = services.register_plan(
            cpr=resident.cpr,
            specialty=rng.choice(Specialty.values),
            hospital="Regionshospitalet",
            discharged_on=today - timedelta(days=2 + 3 * n),
            therapist=trainer,
            by=trainer,
        )
        if n % 2:
            services.start_training(plan, started_on=min(today, plan.start_by - timedelta(days=2)))
    services.register_plan(
        cpr="010116-4123",
        specialty=Specialty.PAEDIATRICS,
        hospital="Regionshospitalet, børneafdelingen",
        discharged_on=today - timedelta(days=3),
        therapist=trainer,
        by=trainer,
    )
