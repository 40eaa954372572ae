"""Every login, successful or failed, is kept with who, when and from where (django-axes), for the
retention in OMSORG_RETENTION."""

import pytest
from axes.models import AccessFailureLog
from axes.models import AccessLog as LoginLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(ssh_vest):
    ssh_vest.set_password("rigtigt-kodeord-1")
    ssh_vest.save()
    return ssh_vest


def login(username, password, ip):
    return Client(REMOTE_ADDR=ip).post(reverse("login"), {"username": username, "password": password})


def test_a_successful_login_is_kept_with_who_when_and_where(user):
    before = timezone.now()
    assert login("ssh.vest", "rigtigt-kodeord-1", "10.1.2.3").status_code == 302
    row = LoginLog.objects.get()
    assert (row.username, row.ip_address) == ("ssh.vest", "10.1.2.3")
    assert before <= row.attempt_time <= timezone.now()


def test_a_failed_login_is_kept_with_who_when_and_where(user):
    before = timezone.now()
    assert login("ssh.vest", "forkert", "10.9.8.7").status_code == 200
    row = AccessFailureLog.objects.get()
    assert (row.username, row.ip_address, row.locked_out) == ("ssh.vest", "10.9.8.7", False)
    assert before <= row.attempt_time <= timezone.now()
    assert not LoginLog.objects.exists()


def test_failures_stay_recorded_after_the_next_successful_login(user):
    """The lockout counter is reset on success; the record of the failures is not."""
    login("ssh.vest", "forkert", "10.9.8.7")
    login("ssh.vest", "forkert", "10.9.8.7")
    login("ssh.vest", "rigtigt-kodeord-1", "10.9.8.7")
    assert AccessFailureLog.objects.count() == 2
    assert LoginLog.objects.count() == 1


def test_failures_for_an_unknown_username_are_kept_too(db):
    login("findes.ikke", "x", "10.0.0.1")
    assert AccessFailureLog.objects.get().username == "findes.ikke"


def test_logging_out_stamps_the_login_record(user):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": "ssh.vest", "password": "rigtigt-kodeord-1"})
    client.post(reverse("logout"))
    assert LoginLog.objects.get().logout_time is not None
