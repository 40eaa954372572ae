"""What each role sees first after login: a heading and the tiles of its daily work."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role

START_PAGES = {
    Role.SSH: (
        _("Home care"),
        [
            (_("My day"), "homecare:my_day", _("Today's visits in order, with tasks and notes.")),
            (_("Our citizens"), "citizens:list", _("The citizens your team serves.")),
            (_("Report an incident"), "incidents:report", _("A patient-safety incident in under a minute.")),
        ],
    ),
    Role.SSA: (
        _("Home care"),
        [
            (_("My day"), "homecare:my_day", _("Today's visits in order, with tasks and notes.")),
            (_("Triage"), "homecare:triage", _("Citizens by triage colour.")),
            (_("Our citizens"), "citizens:list", _("The citizens your team serves.")),
            (_("Report an incident"), "incidents:report", _("A patient-safety incident in under a minute.")),
        ],
    ),
    Role.NURSE: (
        _("Nursing"),
        [
            (_("Triage"), "homecare:triage", _("Red and yellow citizens for today's triage meeting.")),
            (_("Citizens"), "citizens:list", _("Citizens of the areas you serve.")),
            (_("Bed board"), "rehab:beds", _("Acute beds of the rehab and acute centre.")),
            (_("Report an incident"), "incidents:report", _("A patient-safety incident in under a minute.")),
        ],
    ),
    Role.THERAPIST: (
        _("Rehabilitation"),
        [
            (_("Pathways"), "rehab:pathways", _("§83a pathways, evaluations and follow-ups.")),
            (_("Citizens"), "citizens:list", _("Citizens in your pathways.")),
            (_("Report an incident"), "incidents:report", _("A patient-safety incident in under a minute.")),
        ],
    ),
    Role.VISITATOR: (
        _("Kom Godt Hjem"),
        [
            (_("Visitation"), "visitation:list", _("Requests for help, assessments and decisions.")),
            (_("Discharges"), "rehab:discharges", _("Discharge notices from the hospital.")),
            (_("Bed board"), "rehab:beds", _("The 17 temporary and 2 acute beds.")),
            (_("Citizens"), "citizens:list", _("Find or register a citizen.")),
        ],
    ),
    Role.LEADER: (
        _("Leadership"),
        [
            (_("Home care overview"), "homecare:overview", _("Visits delivered, continuity, triage.")),
            (_("Orders"), "visitation:list", _("Services the visitation has ordered from your units.")),
            (_("Rehab key figures"), "rehab:overview", _("Bed occupancy, waiting list, pathways.")),
            (_("Incidents overview"), "incidents:overview", _("Incidents of your area.")),
            (_("Trainees overview"), "students:overview", _("SOSU trainees and placements.")),
            (_("Citizens"), "citizens:list", _("Citizens of your units.")),
            (_("Access log"), "access_log", _("Who looked at which record, and when.")),
        ],
    ),
    Role.RISK_MANAGER: (
        _("Patient safety"),
        [
            (_("Incidents"), "incidents:list", _("All reported incidents.")),
            (_("Incidents overview"), "incidents:overview", _("Trends, open cases, overdue actions.")),
            (_("DPSD reports"), "incidents:dpsd", _("Monthly reports to the national database.")),
        ],
    ),
    Role.UTH_HANDLER: (
        _("Incident handling"),
        [
            (_("Incidents"), "incidents:list", _("Your group's cases.")),
            (_("Report an incident"), "incidents:report", _("A patient-safety incident in under a minute.")),
        ],
    ),
    Role.TRAINEE_COORDINATOR: (
        _("SOSU trainees"),
        [
            (_("Trainees"), "students:list", _("All trainees and their placements.")),
            (_("Placements"), "students:placements", _("Placement calendar for the coming year.")),
            (_("Recruitment"), "students:recruitment", _("Information meetings and applicants.")),
            (_("Trainees overview"), "students:overview", _("Key figures.")),
        ],
    ),
    Role.TRAINEE_SUPERVISOR: (
        _("My trainees"),
        [
            (_("Trainees"), "students:list", _("Your trainees, meetings and evaluations.")),
            (_("My supervision"), "students:supervisor", _("Meetings due and overdue for your trainees.")),
        ],
    ),
    Role.SYSADMIN: (
        _("Administration"),
        [
            (_("Access log"), "access_log", _("Who looked at which record, and when.")),
            (_("Administration"), "admin:index", _("Users, units and standards.")),
        ],
    ),
}


def start_page_for(user):
    staff = getattr(user, "staff", None)
    role = staff.job_title if staff else None
    heading, tiles = START_PAGES.get(role, (_("Omsorg"), []))
    resolved = []
    for label, url_name, description in tiles:
        try:
            resolved.append({"label": label, "url": reverse(url_name), "description": description})
        except NoReverseMatch:
            continue
    return role, heading, resolved
