"""No silent overwrites of a case's classification, severity or analysis; every analysis text is kept
(issue 11, part 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from incidents import services
from incidents.models import Analysis, AnalysisRevision, Incident, SeverityChange

from .factories import IncidentFactory, incident_type

pytestmark = pytest.mark.django_db

CASE_CONFLICT = "Sagen er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."
ANALYSIS_CONFLICT = "Analysen er ændret af en anden, mens du redigerede. Din ændring er ikke gemt."


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(groups, org, srp_handler):
    incident = IncidentFactory(unit=org.vest1, handler_group=groups[0])
    services.take_case(incident, srp_handler)
    return Incident.objects.get(pk=incident.pk)


def analysis_data(version, **texts):
    data = {
        "timeline": "t",
        "causes": "c",
        "contributing_factors": "",
        "actions": "a",
        "learning_points": "l",
    }
    return {**data, **texts, "version": version}


def test_second_classification_is_refused_with_both_versions(case, srp_handler, risk_manager):
    url = reverse("incidents:case_action", args=[case.pk, "classify"])
    page = as_user(srp_handler).get(reverse("incidents:detail", args=[case.pk])).content.decode()
    assert f'name="classify-version" value="{case.version}"' in page
    fall, other = incident_type("fald"), incident_type("medicin")

    first = as_user(risk_manager).post(
        url, {"classify-type": fall.pk, "classify-causes": "Glat gulv", "classify-version": case.version}
    )
    assert first.status_code == 302
    refused = as_user(srp_handler).post(
        url, {"classify-type": other.pk, "classify-causes": "Forkert dosis", "classify-version": case.version}
    )

    assert refused.status_code == 409
    body = refused.content.decode()
    assert CASE_CONFLICT in body and "Glat gulv" in body and "Forkert dosis" in body
    assert f'name="classify-version" value="{case.version + 1}"' in body
    saved = Incident.objects.get(pk=case.pk)
    assert (saved.type, saved.causes) == (fall, "Glat gulv")

    again = as_user(srp_handler).post(
        url,
        {"classify-type": other.pk, "classify-causes": "Forkert dosis", "classify-version": saved.version},
    )
    assert again.status_code == 302 and Incident.objects.get(pk=case.pk).causes == "Forkert dosis"


def test_second_severity_verification_is_refused_and_writes_no_history(case, srp_handler, risk_manager):
    url = reverse("incidents:case_action", args=[case.pk, "severity"])
    data = {"severity-actual": "moderate", "severity-possible": "severe", "severity-reason": "Set efter"}
    assert as_user(risk_manager).post(url, {**data, "severity-version": case.version}).status_code == 302
    refused = as_user(srp_handler).post(
        url,
        {
            **data,
            "severity-actual": "none",
            "severity-reason": "Ingen skade",
            "severity-version": case.version,
        },
    )
    assert refused.status_code == 409 and CASE_CONFLICT in refused.content.decode()
    assert Incident.objects.get(pk=case.pk).actual_severity == "moderate"
    assert SeverityChange.objects.filter(reason="Ingen skade").count() == 0


def test_second_analysis_save_is_refused_and_every_saved_text_is_kept(case, srp_handler, risk_manager):
    url = reverse("incidents:analysis", args=[case.pk])
    assert 'name="version" value="0"' in as_user(srp_handler).get(url).content.decode()
    assert (
        as_user(srp_handler).post(url, analysis_data(0, timeline="Kl. 8 faldt borgeren")).status_code == 302
    )

    # both load version 1; the risk manager saves first
    assert (
        as_user(risk_manager).post(url, analysis_data(1, timeline="Kl. 8.15 faldt borgeren")).status_code
        == 302
    )
    refused = as_user(srp_handler).post(url, analysis_data(1, timeline="Borgeren faldt om natten"))

    assert refused.status_code == 409
    body = refused.content.decode()
    assert (
        ANALYSIS_CONFLICT in body and "Kl. 8.15 faldt borgeren" in body and "Borgeren faldt om natten" in body
    )
    analysis = Analysis.objects.get(incident=case)
    assert (analysis.timeline, analysis.version) == ("Kl. 8.15 faldt borgeren", 2)
    assert list(AnalysisRevision.objects.values_list("version", "timeline")) == [
        (2, "Kl. 8.15 faldt borgeren"),
        (1, "Kl. 8 faldt borgeren"),
    ]

    assert (
        as_user(srp_handler).post(url, analysis_data(2, timeline="Borgeren faldt om natten")).status_code
        == 302
    )
    assert AnalysisRevision.objects.count() == 3
    case_page = as_user(srp_handler).get(reverse("incidents:detail", args=[case.pk])).content.decode()
    assert "Gemte versioner" in case_page
    assert all(
        t in case_page
        for t in ("Kl. 8 faldt borgeren", "Kl. 8.15 faldt borgeren", "Borgeren faldt om natten")
    )


def test_two_first_analyses_do_not_overwrite_each_other(case, srp_handler, risk_manager):
    url = reverse("incidents:analysis", args=[case.pk])
    assert as_user(risk_manager).post(url, analysis_data(0, timeline="Først")).status_code == 302
    refused = as_user(srp_handler).post(url, analysis_data(0, timeline="Også først"))
    assert refused.status_code == 409 and ANALYSIS_CONFLICT in refused.content.decode()
    assert Analysis.objects.get().timeline == "Først" and AnalysisRevision.objects.count() == 1


def test_analysis_revisions_are_append_only(case, srp_handler):
    texts = {k: v for k, v in analysis_data(None).items() if k != "version"}
    services.save_analysis(case, srp_handler, data=texts, completed=False)
    revision = AnalysisRevision.objects.get()
    with pytest.raises(PermissionError):
        revision.save()
    with pytest.raises(PermissionError):
        AnalysisRevision.objects.all().delete()
