"""Requests, assessments and decisions: versions, law by age, the stored letter, the rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carecore.models import Notification
from citizens.models import CitizenUnit, JournalEntry
from visitation import services
from visitation.law import frame_for, pension_age
from visitation.models import Case, CaseStatus, Decision, GrantedService, LawFrame, Outcome, Request

from .conftest import TODAY, fsiii

pytestmark = pytest.mark.django_db


def request_help(citizen, reference="discharge:1", **kwargs):
    return services.receive_request(
        citizen=citizen,
        source=kwargs.pop("source", "discharge"),
        reference=reference,
        proposed=kwargs.pop("proposed", [{"service": "personlig pleje", "note": ""}]),
        text=kwargs.pop("text", "Hjælp til bad"),
        **kwargs,
    )


def grant(case, by, provider, catalogue, **kwargs):
    defaults = dict(
        outcome=Outcome.GRANTED,
        law_frame=LawFrame.ELDERLY_ACT,
        reasons="Borgeren kan ikke selv klare bad.",
        start_on=TODAY,
        provider=provider,
        reassess_on=TODAY + timedelta(days=90),
        lines=[
            {"service": catalogue["personlig-pleje"], "weekdays": ["0", "2", "4"], "minutes": 30, "note": ""}
        ],
    )
    return services.decide(case, by=by, **{**defaults, **kwargs})


def test_pension_age_and_law_frame_follow_the_date_of_birth(elderly, younger):
    assert pension_age(date(1940, 4, 12)) == 65
    assert pension_age(date(1960, 1, 1)) == 67
    assert pension_age(date(1980, 5, 5)) == 69
    assert frame_for(elderly, TODAY) == LawFrame.ELDERLY_ACT
    assert frame_for(younger, TODAY) == LawFrame.SOCIAL_SERVICES_ACT


def test_a_request_opens_the_case_once_and_a_repeat_changes_nothing(elderly, visitator):
    first = request_help(elderly, by=visitator)
    again = request_help(elderly, by=visitator)
    assert first.pk == again.pk
    assert Case.objects.count() == 1 and Request.objects.count() == 1
    assert Case.objects.get().status == CaseStatus.NEW
    assert JournalEntry.objects.filter(citizen=elderly).count() == 1
    updated = request_help(elderly, text="Hjælp til bad og påklædning", by=visitator)
    assert updated.pk == first.pk and Request.objects.get().text == "Hjælp til bad og påklædning"


def test_assessment_keeps_fsiii_as_it_stood_that_day(elderly, visitator, frozen):
    case = request_help(elderly).case
    fsiii(elderly, visitator, "self_care.washing", 2, timezone.now() - timedelta(days=10))
    fsiii(elderly, visitator, "self_care.washing", 3, timezone.now() - timedelta(days=1))
    fsiii(elderly, visitator, "mobility.walking", 1, timezone.now() + timedelta(days=5))
    a = services.record_assessment(
        case,
        by=visitator,
        assessed_on=TODAY - timedelta(days=3),
        rehab_potential=False,
        rehab_reason="Stabil",
    )
    assert a.function_levels == {"self_care.washing": 2}
    assert Case.objects.get().status == CaseStatus.ASSESSMENT


def test_rehabilitation_potential_routes_the_case_to_the_rehab_unit_first(
    elderly, visitator, therapist, frozen
):
    case = request_help(elderly).case
    services.record_assessment(
        case, by=visitator, assessed_on=TODAY, rehab_potential=True, rehab_reason="Kan genvinde badefunktion"
    )
    assert Case.objects.get().status == CaseStatus.REHAB_FIRST
    note = Notification.objects.get(user=therapist)
    assert "Inger Vestesen" in note.title and note.url == "/rehab/forloeb/"


def test_assessment_needs_a_reason(elderly, visitator):
    case = request_help(elderly).case
    with pytest.raises(ValidationError):
        services.record_assessment(
            case, by=visitator, assessed_on=TODAY, rehab_potential=False, rehab_reason=" "
        )
    assert not case.assessments.exists()


def test_grant_makes_version_one_with_letter_provider_and_order_notice(
    elderly, visitator, private, private_leader, catalogue, frozen
):
    case = request_help(elderly).case
    d = grant(case, visitator, private, catalogue)
    case.refresh_from_db()
    assert (d.version, case.status, case.provider, case.reassess_on) == (
        1,
        "decided",
        private,
        TODAY + timedelta(days=90),
    )
    assert bytes(d.letter).startswith(b"%PDF")
    assert d.legal_basis == "Ældreloven, helhedspleje"
    assert GrantedService.objects.get(decision=d).weekdays == "024"
    assert CitizenUnit.objects.filter(citizen=elderly, unit=private).exists()
    assert Notification.objects.filter(user=private_leader, key=f"visitation-order:{d.pk}").exists()


def test_a_change_is_a_new_version_and_the_old_one_stays(elderly, visitator, private, org, catalogue, frozen):
    case = request_help(elderly).case
    first = grant(case, visitator, private, catalogue)
    second = grant(case, visitator, org.vest1, catalogue, reasons="Borgeren har valgt kommunen.")
    assert (second.version, second.replaces_id) == (2, first.pk)
    first.refresh_from_db()
    assert first.provider == private and bytes(first.letter) != bytes(second.letter)
    with pytest.raises(PermissionError):
        first.save()
    with pytest.raises(PermissionError):
        first.delete()
    assert Case.objects.get().provider == org.vest1


def test_younger_citizen_is_granted_under_the_social_services_act(younger, visitator, org, catalogue, frozen):
    case = request_help(younger).case
    d = grant(case, visitator, org.vest1, catalogue, law_frame=frame_for(younger, TODAY))
    assert d.legal_basis == "Serviceloven § 83, stk. 1, nr. 1"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"provider": None}, "provider"),
        ({"lines": []}, "services"),
        ({"reasons": ""}, "reasons"),
        ({"reassess_on": TODAY}, "reassess_on"),
    ],
)
def test_a_grant_without_what_it_needs_is_refused_and_nothing_saved(
    elderly, visitator, org, catalogue, changes, field, frozen
):
    case = request_help(elderly).case
    with pytest.raises(ValidationError) as exc:
        changes = dict(changes)
        grant(case, visitator, changes.pop("provider", org.vest1), catalogue, **changes)
    assert field in exc.value.message_dict
    assert not Decision.objects.exists()


def test_refusal_needs_only_reasons_and_clears_the_provider(elderly, visitator, org, catalogue, frozen):
    case = request_help(elderly).case
    grant(case, visitator, org.vest1, catalogue)
    d = services.decide(
        case,
        by=visitator,
        outcome=Outcome.REFUSED,
        law_frame=LawFrame.ELDERLY_ACT,
        reasons="Borgeren klarer sig selv efter rehabilitering.",
        start_on=TODAY,
    )
    case.refresh_from_db()
    assert (d.version, case.status, case.provider) == (2, "refused", None)
    assert not d.services.exists()


def test_reassessment_due_filter(elderly, visitator, org, catalogue, frozen):
    case = request_help(elderly).case
    grant(case, visitator, org.vest1, catalogue, reassess_on=TODAY + timedelta(days=1))
    assert not Case.objects.reassessment_due(TODAY).exists()
    assert Case.objects.reassessment_due(TODAY + timedelta(days=1)).exists()
