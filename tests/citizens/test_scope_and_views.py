import pytest
from django.urls import reverse

from citizens.models import AccessLog, Citizen, CitizenUserObjectPermission, JournalEntry

from ..factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_home_carer_sees_only_own_team_citizens(ssh_vest, citizen_vest, citizen_oest, org):
    other_team = CitizenFactory(units=[org.vest2])
    visible = set(Citizen.objects.visible_to(ssh_vest))
    assert visible == {citizen_vest}
    assert other_team not in visible


def test_leader_sees_whole_area(leader_vest, citizen_vest, citizen_oest, org):
    other_team = CitizenFactory(units=[org.vest2])
    assert set(Citizen.objects.visible_to(leader_vest)) == {citizen_vest, other_team}


def test_nurse_sees_covered_areas(nurse, citizen_vest, citizen_oest):
    assert set(Citizen.objects.visible_to(nurse)) == {citizen_vest, citizen_oest}


def test_per_object_grant_adds_one_citizen(ssh_vest, citizen_oest):
    from guardian.shortcuts import assign_perm

    assign_perm("citizens.view_citizen", ssh_vest, citizen_oest)
    assert CitizenUserObjectPermission.objects.count() == 1
    assert citizen_oest in Citizen.objects.visible_to(ssh_vest)


def test_citizen_list_shows_masked_cpr(login, ssh_vest, citizen_vest, citizen_oest):
    response = login(ssh_vest).get(reverse("citizens:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert citizen_vest.last_name in body
    assert citizen_oest.last_name not in body
    assert citizen_vest.cpr not in body
    assert citizen_vest.cpr[:6] + "-xxxx" in body


def test_citizen_search_by_name_and_cpr(login, ssh_vest, citizen_vest, org):
    CitizenFactory(units=[org.vest1], first_name="Aase", last_name="Andersen")
    client = login(ssh_vest)
    body = client.get(reverse("citizens:list"), {"q": "Vestesen"}).content.decode()
    assert "Vestesen" in body and "Andersen" not in body
    body = client.get(reverse("citizens:list"), {"q": citizen_vest.cpr[:6]}).content.decode()
    assert "Vestesen" in body and "Andersen" not in body


def test_citizen_search_htmx_returns_fragment(login, ssh_vest, citizen_vest):
    response = login(ssh_vest).get(reverse("citizens:list"), {"q": "Vest"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body


def test_record_shows_full_cpr_and_logs_access(login, ssh_vest, citizen_vest):
    response = login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk]))
    assert response.status_code == 200
    assert citizen_vest.cpr in response.content.decode()
    row = AccessLog.objects.get()
    assert (row.username, row.citizen, row.part, row.outcome) == (
        "ssh.vest",
        citizen_vest,
        "overblik",
        "shown",
    )


def test_home_carer_cannot_open_citizen_of_other_area(login, ssh_vest, citizen_oest):
    response = login(ssh_vest).get(reverse("citizens:detail", args=[citizen_oest.pk]))
    assert response.status_code == 403
    assert "Adgang nægtet" in response.content.decode()
    row = AccessLog.objects.get()
    assert (row.citizen, row.outcome) == (citizen_oest, "refused")


@pytest.mark.parametrize("name", ["journal", "assessments", "changes"])
def test_record_sections_refused_outside_scope(login, ssh_vest, citizen_oest, name):
    response = login(ssh_vest).get(reverse(f"citizens:{name}", args=[citizen_oest.pk]))
    assert response.status_code == 403


def test_missing_citizen_is_404(login, ssh_vest):
    assert login(ssh_vest).get(reverse("citizens:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["citizens:list", "citizens:create"])
def test_anonymous_goes_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_anonymous_cannot_open_record(client, citizen_vest):
    response = client.get(reverse("citizens:detail", args=[citizen_vest.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_roles_without_citizen_access_are_refused(login, risk_manager, citizen_vest):
    client = login(risk_manager)
    assert client.get(reverse("citizens:list")).status_code == 403
    assert client.get(reverse("citizens:detail", args=[citizen_vest.pk])).status_code == 403


def test_journal_entry_written_and_shown(login, ssh_vest, citizen_vest):
    client = login(ssh_vest)
    response = client.post(
        reverse("citizens:journal", args=[citizen_vest.pk]), {"kind": "care", "text": "Bad givet."}
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.author, entry.text, entry.author_title) == (
        ssh_vest,
        "Bad givet.",
        "Social- og sundhedshjælper (SSH)",
    )
    assert "Bad givet." in client.get(reverse("citizens:journal", args=[citizen_vest.pk])).content.decode()


def test_journal_entry_without_text_is_refused_in_danish(login, ssh_vest, citizen_vest):
    response = login(ssh_vest).post(
        reverse("citizens:journal", args=[citizen_vest.pk]), {"kind": "care", "text": ""}
    )
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_journal_entry_to_citizen_outside_scope_is_refused(login, ssh_vest, citizen_oest):
    response = login(ssh_vest).post(
        reverse("citizens:journal", args=[citizen_oest.pk]), {"kind": "care", "text": "x"}
    )
    assert response.status_code == 403
    assert not JournalEntry.objects.exists()


def test_correction_is_a_new_entry_and_original_stays(login, ssh_vest, citizen_vest):
    client = login(ssh_vest)
    client.post(
        reverse("citizens:journal", args=[citizen_vest.pk]), {"kind": "care", "text": "Forkert tekst"}
    )
    original = JournalEntry.objects.get()
    client.post(
        reverse("citizens:journal_correct", args=[citizen_vest.pk, original.pk]), {"text": "Rettet tekst"}
    )
    assert JournalEntry.objects.count() == 2
    original.refresh_from_db()
    assert original.text == "Forkert tekst"
    correction = JournalEntry.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original and correction.kind == "correction"
    body = client.get(reverse("citizens:journal", args=[citizen_vest.pk])).content.decode()
    assert "Rettet tekst" in body and "Forkert tekst" in body


def test_journal_entries_cannot_be_changed_or_deleted(ssh_vest, citizen_vest):
    entry = JournalEntry.objects.create(citizen=citizen_vest, author=ssh_vest, text="x")
    entry.text = "y"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        JournalEntry.objects.filter(pk=entry.pk).update(text="z")
    with pytest.raises(PermissionError):
        JournalEntry.objects.filter(pk=entry.pk).delete()


def test_nurse_records_fsiii_level(login, nurse, citizen_vest):
    client = login(nurse)
    url = reverse("citizens:assessments", args=[citizen_vest.pk])
    response = client.post(
        url, {"kind": "function", "fn-code": "mobility.walking", "fn-level": "3", "fn-note": ""}
    )
    assert response.status_code == 302
    client.post(url, {"kind": "function", "fn-code": "mobility.walking", "fn-level": "2", "fn-note": "bedre"})
    assert citizen_vest.assessments.count() == 2
    current = citizen_vest.assessments.current().get(code="mobility.walking")
    assert current.level == 2


def test_fsiii_level_out_of_range_is_refused(login, nurse, citizen_vest):
    response = login(nurse).post(
        reverse("citizens:assessments", args=[citizen_vest.pk]),
        {"kind": "function", "fn-code": "mobility.walking", "fn-level": "7"},
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not citizen_vest.assessments.exists()


def test_home_carer_cannot_record_assessment(login, ssh_vest, citizen_vest):
    response = login(ssh_vest).post(
        reverse("citizens:assessments", args=[citizen_vest.pk]),
        {"kind": "nursing", "sp-code": "pain", "sp-status": "current"},
    )
    assert response.status_code == 403
    assert not citizen_vest.assessments.exists()


def test_empty_correction_is_refused_and_saves_nothing(login, ssh_vest, citizen_vest):
    client = login(ssh_vest)
    client.post(reverse("citizens:journal", args=[citizen_vest.pk]), {"kind": "care", "text": "Tekst"})
    entry = JournalEntry.objects.get()
    response = client.post(
        reverse("citizens:journal_correct", args=[citizen_vest.pk, entry.pk]), {"text": ""}
    )
    assert response.status_code == 200
    assert "Skriv rettelsen, før du gemmer." in response.content.decode()
    assert JournalEntry.objects.count() == 1


def test_correction_outside_scope_is_refused(login, ssh_vest, ssh_oest, citizen_oest):
    entry = JournalEntry.objects.create(citizen=citizen_oest, author=ssh_oest, text="x")
    response = login(ssh_vest).post(
        reverse("citizens:journal_correct", args=[citizen_oest.pk, entry.pk]), {"text": "y"}
    )
    assert response.status_code == 403
    assert JournalEntry.objects.count() == 1


def test_home_carer_cannot_add_relative_or_edit(login, ssh_vest, citizen_vest):
    client = login(ssh_vest)
    assert (
        client.post(
            reverse("citizens:relative_add", args=[citizen_vest.pk]), {"name": "Ole", "relation": "Søn"}
        ).status_code
        == 403
    )
    assert client.get(reverse("citizens:edit", args=[citizen_vest.pk])).status_code == 403
    assert not citizen_vest.relatives.exists()


def test_journal_htmx_post_returns_fragment_with_new_entry(login, ssh_vest, citizen_vest):
    response = login(ssh_vest).post(
        reverse("citizens:journal", args=[citizen_vest.pk]),
        {"kind": "care", "text": "Via htmx"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert (
        response.status_code == 200 and 'id="journal"' in body and "<html" not in body and "Via htmx" in body
    )


def test_record_links_to_module_pages_by_role(login, ssh_vest, leader_vest, citizen_vest):
    body = login(ssh_vest).get(reverse("citizens:detail", args=[citizen_vest.pk])).content.decode()
    assert reverse("rehab:citizen_stay", args=[citizen_vest.pk]) in body
    assert reverse("homecare:citizen_plans", args=[citizen_vest.pk]) not in body
    body = login(leader_vest).get(reverse("citizens:detail", args=[citizen_vest.pk])).content.decode()
    assert reverse("homecare:citizen_plans", args=[citizen_vest.pk]) in body


def test_correction_page_shows_the_entry_and_is_refused_outside_scope(
    login, ssh_vest, ssh_oest, citizen_vest, citizen_oest
):
    entry = JournalEntry.objects.create(citizen=citizen_vest, author=ssh_vest, text="Oprindelig tekst")
    client = login(ssh_vest)
    body = client.get(reverse("citizens:journal", args=[citizen_vest.pk])).content.decode()
    url = reverse("citizens:journal_correct", args=[citizen_vest.pk, entry.pk])
    assert f'href="{url}"' in body
    body = client.get(url).content.decode()
    assert "Oprindelig tekst" in body and "Gem rettelse" in body
    other = JournalEntry.objects.create(citizen=citizen_oest, author=ssh_oest, text="x")
    assert (
        client.get(reverse("citizens:journal_correct", args=[citizen_oest.pk, other.pk])).status_code == 403
    )
