# ruff: noqa: F811 - the visitation fixtures are imported by name
"""A citizen opens their own decision letters from Min side (visitation:citizen_letter, through
citizens.portal): their own and a granted citizen's only, every look and refusal in the access log."""

import pytest
from django.urls import reverse

from carecore.roles import Role
from citizens.models import AccessLog, AccessPart
from minside.models import Scope
from visitation.models import Case, Decision

from ..factories import CitizenFactory, make_staff
from ..visitation.conftest import catalogue, kgh, visitator  # noqa: F401 - fixtures
from ..visitation.test_services import grant, request_help
from .conftest import make_account
from .test_decision import vfrozen  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(vfrozen, org, visitator, catalogue):
    """A granted decision for Inger (Vest) and one for Ole (Øst); the url of each letter."""
    found = {}
    for key, cpr, unit in (("own", "120440-1234", org.vest1), ("other", "130541-2345", org.oest1)):
        citizen = CitizenFactory(units=[unit], cpr=cpr)
        request_help(citizen, reference=f"discharge:{key}")
        grant(Case.objects.get(citizen=citizen), visitator, unit, catalogue)
        decision = Decision.objects.get(case__citizen=citizen)
        found[key] = (citizen, reverse("visitation:citizen_letter", args=[decision.pk]))
    return found


def _looks(citizen, outcome):
    return AccessLog.objects.filter(citizen=citizen, part=AccessPart.VISITATION_LETTER, outcome=outcome)


def test_the_citizen_opens_their_own_letter_from_min_side(client, citizen_login, letters):
    citizen, url = letters["own"]
    citizen_login(make_account("inger", citizen.cpr))
    assert url in client.get("/min-side/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    look = _looks(citizen, AccessLog.Outcome.SHOWN).get()
    assert look.purpose == "egen adgang"
    assert look.username == "inger"


def test_another_citizens_letter_is_refused_and_the_refusal_logged(client, citizen_login, letters):
    citizen, _url = letters["own"]
    other, other_url = letters["other"]
    citizen_login(make_account("inger", citizen.cpr))
    response = client.get(other_url)
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    assert other.last_name not in response.content.decode()
    assert _looks(other, AccessLog.Outcome.REFUSED).filter(username="inger").exists()
    assert not _looks(other, AccessLog.Outcome.SHOWN).exists()


def test_a_relative_whose_power_of_attorney_covers_care_opens_it(client, citizen_login, relative_of, letters):
    citizen, url = letters["own"]
    citizen_login(relative_of(citizen, scope=Scope.CARE))
    assert url in client.get(f"/min-side/fuldmagt/{citizen.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _looks(citizen, AccessLog.Outcome.SHOWN).get().purpose == "fuldmagt"


def test_a_relative_who_may_only_see_the_looks_is_refused(client, citizen_login, relative_of, letters):
    citizen, url = letters["own"]
    citizen_login(relative_of(citizen, scope=Scope.LOOKS))
    assert client.get(url).status_code == 403
    refused = _looks(citizen, AccessLog.Outcome.REFUSED).get()
    assert refused.purpose == "fuldmagt"


def test_anonymous_visitors_are_sent_to_the_citizens_login(client, letters):
    _citizen, url = letters["own"]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("minside:login"))


def test_a_staff_session_is_refused_here(client, org, letters, visitator):
    citizen, url = letters["own"]
    client.force_login(visitator)  # the visitator has their own letter URLs on the case
    assert client.get(url).status_code == 403
    leader = make_staff("leder.vest.brev", role=Role.LEADER, leader_of=[org.vest])
    client.force_login(leader)
    assert client.get(url).status_code == 403
    assert not _looks(citizen, AccessLog.Outcome.SHOWN).exists()


def test_a_letter_that_does_not_exist_is_not_found(client, citizen_login, letters):
    citizen, _url = letters["own"]
    citizen_login(make_account("inger", citizen.cpr))
    assert client.get(reverse("visitation:citizen_letter", args=[999999])).status_code == 404


# Rehab keeps each stay's decision letter (rehab.models.DecisionLetter): the same rules.


@pytest.fixture
def stay_letters(org, visitator):
    from rehab.models import Bed, DecisionLetter

    from ..rehab.factories import StayFactory

    found = {}
    # Two beds: PostgreSQL refuses two stays at once in one bed (rehab_stay_bed_no_overlap).
    for (key, cpr), bed in zip(
        (("own", "120440-1234"), ("other", "130541-2345")), Bed.objects.order_by("label"), strict=False
    ):
        citizen = CitizenFactory(units=[org.vest1], cpr=cpr)
        stay = StayFactory(citizen=citizen, bed=bed)
        letter = DecisionLetter.objects.create(
            citizen=citizen, stay=stay, pdf=b"%PDF-1.4 ophold", created_by=visitator
        )
        found[key] = (citizen, reverse("rehab:citizen_letter", args=[letter.pk]))
    return found


def _stay_looks(citizen, outcome):
    return AccessLog.objects.filter(citizen=citizen, part=AccessPart.DECISION, outcome=outcome)


def test_the_citizen_opens_their_own_stay_letter_and_no_one_elses(client, citizen_login, stay_letters):
    citizen, url = stay_letters["own"]
    other, other_url = stay_letters["other"]
    citizen_login(make_account("inger", citizen.cpr))
    assert url in client.get("/min-side/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert _stay_looks(citizen, AccessLog.Outcome.SHOWN).get().purpose == "egen adgang"
    assert client.get(other_url).status_code == 403
    assert _stay_looks(other, AccessLog.Outcome.REFUSED).filter(username="inger").exists()


def test_stay_letters_follow_the_power_of_attorney(client, citizen_login, relative_of, stay_letters):
    citizen, url = stay_letters["own"]
    citizen_login(relative_of(citizen, scope=Scope.ALL))
    assert client.get(url).status_code == 200
    client.logout()
    citizen_login(relative_of(citizen, scope=Scope.LOOKS, username="kun.adgange"))
    assert client.get(url).status_code == 403


def test_stay_letters_refuse_staff_and_send_anonymous_visitors_to_login(client, stay_letters, visitator):
    _citizen, url = stay_letters["own"]
    assert client.get(url)["Location"].startswith(reverse("minside:login"))
    client.force_login(visitator)
    assert client.get(url).status_code == 403


# Rehabilitation pathways (§83a, §140) and their stored decision letters: the same rules.


@pytest.fixture
def pathway_letters(org, visitator):
    from rehab.models import DecisionLetter

    from ..rehab.factories import PathwayFactory

    found = {}
    for key, cpr in (("own", "120440-1234"), ("other", "130541-2345")):
        citizen = CitizenFactory(units=[org.vest1], cpr=cpr)
        pathway = PathwayFactory(citizen=citizen, therapist=visitator)
        letter = DecisionLetter.objects.create(
            citizen=citizen, pathway=pathway, pdf=b"%PDF-1.4 forloeb", created_by=visitator
        )
        found[key] = (citizen, reverse("rehab:citizen_letter", args=[letter.pk]))
    return found


def test_the_citizen_sees_their_pathway_and_opens_its_letter_but_no_one_elses(
    client, citizen_login, pathway_letters
):
    citizen, url = pathway_letters["own"]
    other, other_url = pathway_letters["other"]
    citizen_login(make_account("inger", citizen.cpr))
    body = client.get("/min-side/").content.decode()
    assert "Dine genoptræningsforløb" in body
    assert url in body and other_url not in body
    response = client.get(url)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 forloeb"
    assert response["Content-Type"] == "application/pdf"
    assert _stay_looks(citizen, AccessLog.Outcome.SHOWN).get().purpose == "egen adgang"
    refused = client.get(other_url)
    assert refused.status_code == 403 and not refused.content.startswith(b"%PDF")
    assert _stay_looks(other, AccessLog.Outcome.REFUSED).filter(username="inger").exists()
    assert not _stay_looks(other, AccessLog.Outcome.SHOWN).exists()


def test_pathway_letters_follow_the_power_of_attorney(client, citizen_login, relative_of, pathway_letters):
    citizen, url = pathway_letters["own"]
    citizen_login(relative_of(citizen, scope=Scope.CARE))
    assert url in client.get(f"/min-side/fuldmagt/{citizen.pk}/").content.decode()
    assert client.get(url).status_code == 200
    assert _stay_looks(citizen, AccessLog.Outcome.SHOWN).get().purpose == "fuldmagt"
    client.logout()
    citizen_login(relative_of(citizen, scope=Scope.LOOKS, username="kun.adgange"))
    assert client.get(url).status_code == 403


def test_a_pathway_without_a_stored_letter_shows_no_letter_link(client, citizen_login, org, visitator):
    from ..rehab.factories import PathwayFactory

    citizen = CitizenFactory(units=[org.vest1])
    PathwayFactory(citizen=citizen, therapist=visitator)
    citizen_login(make_account("inger", citizen.cpr))
    body = client.get("/min-side/").content.decode()
    assert "Dine genoptræningsforløb" in body
    assert "/rehab/min-afgoerelse/" not in body
