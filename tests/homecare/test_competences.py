import pytest
from django.urls import reverse

from carecore.roles import Role
from homecare.models import StaffCompetence

from ..factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def carers(org):
    return [make_staff(f"vest1.{n}", role=Role.SSA, units=[org.vest1]) for n in range(2)]


def test_leader_grants_and_revokes_competences(login, leader_vest, carers, org):
    client = login(leader_vest)
    url = reverse("homecare:competences")
    body = client.get(url, {"team": org.vest1.pk}).content.decode()
    assert "Kompetencer til delegerede opgaver" in body and carers[0].get_full_name() in body
    response = client.post(
        url, {"team": org.vest1.pk, "competence": [f"{carers[0].pk}:medicine", f"{carers[1].pk}:insulin"]}
    )
    assert response.status_code == 302
    assert set(StaffCompetence.objects.values_list("user_id", "task")) == {
        (carers[0].pk, "medicine"),
        (carers[1].pk, "insulin"),
    }
    client.post(url, {"team": org.vest1.pk, "competence": [f"{carers[1].pk}:insulin"]})
    assert set(StaffCompetence.objects.values_list("user_id", "task")) == {(carers[1].pk, "insulin")}


def test_bad_input_changes_nothing(login, leader_vest, carers, ssh_oest, org):
    client = login(leader_vest)
    url = reverse("homecare:competences")
    StaffCompetence.objects.create(user=carers[0], task="medicine")
    response = client.post(url, {"team": org.vest1.pk, "competence": [f"{ssh_oest.pk}:medicine"]})
    assert "Kompetencer kan kun sættes for teamets egne medarbejdere." in response.content.decode()
    response = client.post(url, {"team": org.vest1.pk, "competence": [f"{carers[0].pk}:surgery"]})
    assert "Ukendt delegeret opgave." in response.content.decode()
    assert list(StaffCompetence.objects.values_list("user_id", "task")) == [(carers[0].pk, "medicine")]


def test_competences_refused_outside_area_role_and_anonymous(login, leader_vest, ssh_vest, org, client):
    url = reverse("homecare:competences")
    assert login(leader_vest).get(url, {"team": org.oest1.pk}).status_code == 403
    assert login(leader_vest).post(url, {"team": org.oest1.pk, "competence": []}).status_code == 403
    assert login(ssh_vest).get(url).status_code == 403
    client.logout()
    assert client.get(url)["Location"].startswith("/login/")
