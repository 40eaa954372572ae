import pytest
from django.urls import reverse

from carecore.models import Notification
from carecore.roles import Role

from ..factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_leader(org):
    return make_staff("teamleder.vest1", role=Role.LEADER, leader_of=[org.vest1])


def test_inbox_shows_and_marks_read(login, team_leader):
    Notification.objects.create(user=team_leader, key="k", title="Hej", url="/borgere/")
    client = login(team_leader)
    body = client.get(reverse("home")).content.decode()
    assert 'class="badge">1<' in body
    assert "Hej" in client.get(reverse("inbox")).content.decode()
    note = Notification.objects.get()
    response = client.post(reverse("notification_read", args=[note.pk]), {"follow": "1"})
    assert response["Location"] == "/borgere/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_cannot_mark_another_users_notification(login, team_leader, ssh_vest):
    note = Notification.objects.create(user=team_leader, key="k", title="Hej")
    assert login(ssh_vest).post(reverse("notification_read", args=[note.pk])).status_code == 403
    note.refresh_from_db()
    assert note.read_at is None
