"""carecore.access.get_visible_or_403: the one way a view fetches one object by id."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from carecore.access import citizen_path, get_visible_or_403
from carecore.models import Unit
from citizens.models import AccessLog, Citizen, JournalEntry

from ..factories import JournalEntryFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_visible_citizen_is_returned_and_its_look_logged(ssh_vest, citizen_vest):
    request = _request(ssh_vest)
    found = get_visible_or_403(
        request, Citizen.objects.visible_to(ssh_vest), citizen_vest.pk, part="overblik"
    )
    assert found == citizen_vest
    row = AccessLog.objects.get()
    assert (row.citizen_id, row.part, row.outcome) == (citizen_vest.pk, "overblik", AccessLog.Outcome.SHOWN)


def test_visible_object_without_part_logs_nothing(ssh_vest, citizen_vest):
    entry = JournalEntryFactory(citizen=citizen_vest)
    qs = JournalEntry.objects.filter(citizen__in=Citizen.objects.visible_to(ssh_vest))
    assert get_visible_or_403(_request(ssh_vest), qs, entry.pk) == entry
    assert not AccessLog.objects.exists()


def test_citizen_out_of_scope_is_refused_and_the_refusal_logged(ssh_vest, citizen_oest):
    with pytest.raises(PermissionDenied):
        get_visible_or_403(
            _request(ssh_vest), Citizen.objects.visible_to(ssh_vest), citizen_oest.pk, part="journal"
        )
    row = AccessLog.objects.get()
    assert (row.citizen_id, row.part, row.outcome) == (citizen_oest.pk, "journal", AccessLog.Outcome.REFUSED)
    assert row.user == ssh_vest


def test_object_of_a_citizen_out_of_scope_logs_the_refusal_against_that_citizen(ssh_vest, citizen_oest):
    entry = JournalEntryFactory(citizen=citizen_oest)
    qs = JournalEntry.objects.filter(citizen__in=Citizen.objects.visible_to(ssh_vest))
    with pytest.raises(PermissionDenied):
        get_visible_or_403(_request(ssh_vest), qs, entry.pk)
    row = AccessLog.objects.get()
    assert (row.citizen_id, row.outcome) == (citizen_oest.pk, AccessLog.Outcome.REFUSED)
    assert row.part == "journalentry"  # no page and no part given: the model's name


def test_missing_row_is_404_and_logs_nothing(ssh_vest, citizen_vest):
    with pytest.raises(Http404):
        get_visible_or_403(_request(ssh_vest), Citizen.objects.visible_to(ssh_vest), citizen_vest.pk + 999)
    with pytest.raises(Http404):
        get_visible_or_403(_request(ssh_vest), Citizen.objects.visible_to(ssh_vest), "abc")
    assert not AccessLog.objects.exists()


def test_object_not_of_a_citizen_is_refused_without_a_log_row(ssh_vest, org):
    with pytest.raises(PermissionDenied):
        get_visible_or_403(_request(ssh_vest), Unit.objects.filter(pk=org.vest1.pk), org.oest1.pk)
    assert get_visible_or_403(_request(ssh_vest), Unit.objects.all(), org.oest1.pk) == org.oest1
    assert not AccessLog.objects.exists()


def test_citizen_field_must_lead_to_a_citizen():
    class Wrong(models.Model):
        citizen_field = "unit"
        unit = models.ForeignKey(Unit, on_delete=models.CASCADE)

        class Meta:
            app_label = "carecore"

        def __str__(self):
            return "wrong"

    with pytest.raises(ImproperlyConfigured):
        citizen_path(Wrong)
    assert citizen_path(Unit) is None
    assert citizen_path(Citizen) == "pk"
    assert citizen_path(JournalEntry) == "citizen"


def test_role_refused_before_the_lookup_is_logged_as_a_refused_look(client, risk_manager, citizen_vest):
    """A risk manager has no access to the record at all: opening one is still a refused look."""
    client.force_login(risk_manager)
    assert client.get(reverse("citizens:detail", args=[citizen_vest.pk])).status_code == 403
    row = AccessLog.objects.get()
    assert (row.citizen_id, row.part, row.outcome) == (citizen_vest.pk, "overblik", AccessLog.Outcome.REFUSED)
    assert client.get(reverse("citizens:detail", args=[citizen_vest.pk + 999])).status_code == 403
    assert AccessLog.objects.count() == 1


def test_refusal_of_an_object_takes_the_part_of_its_page(client, ssh_vest, citizen_oest):
    from ..homecare.factories import make_visit

    visit = make_visit(citizen_oest)
    client.force_login(ssh_vest)
    assert client.post(reverse("homecare:visit_start", args=[visit.pk])).status_code == 403
    row = AccessLog.objects.get()
    assert (row.citizen_id, row.part, row.outcome) == (citizen_oest.pk, "min dag", AccessLog.Outcome.REFUSED)
