"""The Django admin: every look at a citizen there is in the access log (a refused one too), and the
log tables are read-only for everyone, superusers included."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from carecore.models import RetentionRun
from citizens.models import AccessLog, AccessPart, Citizen

from ..factories import UserFactory
from ..hospital.factories import make_unmatched_message

pytestmark = pytest.mark.django_db

LOG_TABLES = [AccessLog, RetentionRun, AccessAttempt, LoginLog, AccessFailureLog]


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_without_citizens(db):
    user = UserFactory(username="kontor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_unit"))
    return user


def looks(citizen):
    return list(
        AccessLog.objects.filter(citizen=citizen).order_by("id").values_list("username", "part", "outcome")
    )


def test_opening_a_citizen_in_the_admin_is_logged(client, superuser, citizen_vest):
    client.force_login(superuser)
    response = client.get(reverse("admin:citizens_citizen_change", args=[citizen_vest.pk]))
    assert response.status_code == 200
    assert looks(citizen_vest) == [("root", AccessPart.ADMIN, "shown")]


def test_a_citizens_admin_history_is_logged_as_a_look_at_the_change_log(client, superuser, citizen_vest):
    client.force_login(superuser)
    response = client.get(reverse("admin:citizens_citizen_history", args=[citizen_vest.pk]))
    assert response.status_code == 200
    assert looks(citizen_vest) == [("root", AccessPart.CHANGES, "shown")]


def test_the_admin_list_of_citizens_logs_each_citizen_shown(client, superuser, citizen_vest, citizen_oest):
    client.force_login(superuser)
    assert client.get(reverse("admin:citizens_citizen_changelist")).status_code == 200
    assert looks(citizen_vest) == looks(citizen_oest) == [("root", AccessPart.ADMIN, "shown")]


def test_a_refused_look_in_the_admin_is_logged(client, staff_without_citizens, citizen_vest):
    client.force_login(staff_without_citizens)
    for name in ["admin:citizens_citizen_change", "admin:citizens_citizen_history"]:
        assert client.get(reverse(name, args=[citizen_vest.pk])).status_code == 403
    assert looks(citizen_vest) == [
        ("kontor", AccessPart.ADMIN, "refused"),
        ("kontor", AccessPart.CHANGES, "refused"),
    ]


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_logged(client, citizen_vest):
    response = client.get(reverse("admin:citizens_citizen_change", args=[citizen_vest.pk]))
    assert response.status_code == 302
    assert looks(citizen_vest) == []


def test_a_hospital_message_of_a_citizen_opened_in_the_admin_is_logged(client, superuser, citizen_vest):
    message = make_unmatched_message()
    message.citizen = citizen_vest
    message.save(update_fields=["citizen"])
    client.force_login(superuser)
    response = client.get(reverse("admin:hospital_hospitalmessage_change", args=[message.pk]))
    assert response.status_code == 200
    assert looks(citizen_vest) == [("root", AccessPart.ADMIN, "shown")]


def test_a_missing_citizen_in_the_admin_logs_nothing(client, superuser):
    client.force_login(superuser)
    client.get(reverse("admin:citizens_citizen_change", args=[999999]))
    client.get(reverse("admin:citizens_citizen_change", args=["x"]))
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("model", LOG_TABLES, ids=lambda m: m._meta.label)
def test_log_tables_are_read_only_in_the_admin_even_for_superusers(model, superuser):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.get_actions(request)


def test_the_admin_cannot_delete_an_access_log_row(client, superuser, citizen_vest):
    row = AccessLog.objects.create(citizen=citizen_vest, username="x", part=AccessPart.OVERVIEW)
    client.force_login(superuser)
    url = reverse("admin:citizens_accesslog_delete", args=[row.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:citizens_accesslog_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_the_admin_cannot_delete_a_login_record(client, superuser):
    row = LoginLog.objects.create(username="ssh.vest", ip_address="10.0.0.7", user_agent="t")
    client.force_login(superuser)
    assert (
        client.post(reverse("admin:axes_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse("admin:axes_accesslog_change", args=[row.pk])).status_code == 200
    assert LoginLog.objects.filter(pk=row.pk).exists()


def test_citizens_cannot_be_deleted_in_the_admin(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert not admin.site._registry[Citizen].has_delete_permission(request)
